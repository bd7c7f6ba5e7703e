package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.ModelRequest;
import org.apiguardian.api.API;

/**
 * Thrown by a {@link ReplayingModelProvider} when a request is not the one the cassette recorded
 * next, or when the cassette has no interaction left. An {@link AssertionError}, so it fails the
 * test and is not taken for a model failure (the default agent passes it on instead of ending the
 * attempt as failed).
 *
 * <p>The message names the cassette, the interaction's index, the JSON path of the first
 * difference, and short excerpts of the recorded and the received values there:
 *
 * <pre>{@code
 * request 3 does not match the cassette target/session.json: interaction index 2 (3 of 5)
 * differs first at $.messages[2].content[0].content (character 12)
 *   recorded: "exit code: 0 (0.4 s)\n--- stdout ---\nHello, Ada!\n..."
 *   received: "exit code: 1 (0.4 s)\n--- stdout: (empty)\n--- stderr ---..."
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CassetteMismatchError extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final String cassette;
  private final int index;
  private final String path;
  private final String recorded;
  private final String received;
  private final transient ModelRequest request;

  CassetteMismatchError(
      String message,
      String cassette,
      int index,
      String path,
      String recorded,
      String received,
      ModelRequest request) {
    super(message);
    this.cassette = cassette;
    this.index = index;
    this.path = path;
    this.recorded = recorded;
    this.received = received;
    this.request = request;
  }

  /**
   * The cassette's source, as {@link Cassette#source()} names it.
   *
   * @return the source
   */
  public String cassette() {
    return cassette;
  }

  /**
   * The 0-based index of the interaction the request was compared with; the cassette's size when
   * every interaction had been played.
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * The JSON path of the first difference, in {@link dev.darkfactory.core.model.ModelJson}'s form
   * of the normalized request, such as {@code $.messages[2].content[0].text}; {@code $} when the
   * cassette had nothing left.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * A short excerpt of the recorded value at {@link #path()}.
   *
   * @return the excerpt
   */
  public String recorded() {
    return recorded;
  }

  /**
   * A short excerpt of the received value at {@link #path()}.
   *
   * @return the excerpt
   */
  public String received() {
    return received;
  }

  /**
   * The request that did not match, as received.
   *
   * @return the request
   */
  public ModelRequest request() {
    return request;
  }
}

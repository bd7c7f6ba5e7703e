package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.core.model.ModelJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Serves a {@link Cassette} back: the n-th request gets the n-th recorded response (or has the
 * recorded {@link ModelException} thrown), after checking that it is the request that was
 * recorded. A request that differs fails loudly with a {@link CassetteMismatchError} naming the
 * interaction's index, the JSON path of the first difference and both values there; so does a
 * request after the last interaction.
 *
 * <pre>{@code
 * ReplayingModelProvider model =
 *     ReplayingModelProvider.builder(Cassette.read(Path.of("src/test/resources/cassettes/greeting.json")))
 *         .normalizer(RequestNormalizer.replacing("(?m)^- Date: .*$", "- Date: <date>"))
 *         .ignoring("$.metadata")
 *         .build();
 * AgentOutcome outcome = ToolLoopAgent.builder().provider(model).model("claude-sonnet-4-5").build()
 *     .implement(assignment, context);
 * model.assertAllPlayed();
 * }</pre>
 *
 * <p>Both the recorded and the received request are normalized before they are compared (see
 * {@link RequestNormalizer}); nothing is normalized unless the builder is told to. A mismatch does
 * not use the interaction up: the same request fails again. {@link #assertAllPlayed()} fails when
 * interactions are left, naming them, so a test notices when the code under test stopped early.
 *
 * <p>Thread-safe, but a cassette is one sequence: requests sent concurrently are compared in the
 * order they arrive.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ReplayingModelProvider implements ModelProvider {

  private final Cassette cassette;
  private final String id;
  private final RequestNormalizer normalizer;
  private final List<ModelRequest> requests = new ArrayList<>();
  private int played;

  private ReplayingModelProvider(Builder b) {
    this.cassette = b.cassette;
    this.id = b.id;
    this.normalizer = b.normalizer;
  }

  /**
   * A builder replaying {@code cassette}.
   *
   * @param cassette the recording
   * @return the builder
   */
  public static Builder builder(Cassette cassette) {
    return new Builder(Require.nonNull(cassette, "cassette"));
  }

  /**
   * Replays {@code cassette} exactly: no normalization.
   *
   * @param cassette the recording
   * @return the provider
   */
  public static ReplayingModelProvider of(Cassette cassette) {
    return builder(cassette).build();
  }

  /**
   * Reads and replays a cassette file exactly.
   *
   * @param file the cassette file
   * @return the provider
   * @throws dev.darkfactory.api.InvalidInputException when the file is not a valid cassette
   */
  public static ReplayingModelProvider from(Path file) {
    return of(Cassette.read(file));
  }

  /** {@code "replay"} unless the builder set another id. */
  @Override
  public String id() {
    return id;
  }

  /**
   * Answers with the next recorded interaction when the request matches it.
   *
   * @throws ModelException the recorded error, when the interaction recorded one
   * @throws CassetteMismatchError when the request differs from the recorded one, or none is left
   */
  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException {
    Require.nonNull(request, "request");
    Cassette.Interaction interaction;
    synchronized (this) {
      requests.add(request);
      int index = played;
      if (index >= cassette.size()) {
        throw exhausted(request, index);
      }
      interaction = cassette.interactions().get(index);
      ObjectNode recorded = normalizer.normalize(ModelJson.toTree(interaction.request()));
      ObjectNode received = normalizer.normalize(ModelJson.toTree(request));
      Optional<JsonDifference.Difference> difference = JsonDifference.first(recorded, received);
      if (difference.isPresent()) {
        throw mismatch(request, index, difference.get());
      }
      played++;
    }
    if (interaction.error() != null) {
      throw interaction.error().toException();
    }
    return Require.nonNull(interaction.response(), "response");
  }

  private CassetteMismatchError mismatch(ModelRequest request, int index, JsonDifference.Difference d) {
    String message =
        "request "
            + requests.size()
            + " does not match the cassette "
            + cassette.source()
            + ": interaction index "
            + index
            + " ("
            + (index + 1)
            + " of "
            + cassette.size()
            + ") differs first at "
            + d.path()
            + (d.character() >= 0 ? " (character " + (d.character() + 1) + ")" : "")
            + "\n  recorded: "
            + d.recorded()
            + "\n  received: "
            + d.received()
            + "\nIf this part changes from run to run (a path, a date, a duration), normalize it"
            + " with ReplayingModelProvider.builder(..).normalizer(..) or .ignoring(\""
            + d.path()
            + "\"); if the code under test changed what it sends, record the cassette again.";
    return new CassetteMismatchError(message, cassette.source(), index, d.path(), d.recorded(), d.received(), request);
  }

  private CassetteMismatchError exhausted(ModelRequest request, int index) {
    Message last = request.messages().get(request.messages().size() - 1);
    String received =
        last.role().name().toLowerCase(java.util.Locale.ROOT)
            + ": "
            + JsonDifference.around(Conversations.contentOf(last), 0);
    String recorded = "(nothing: the cassette ends after " + cassette.size() + " interactions)";
    String message =
        "request "
            + requests.size()
            + " was not recorded: every interaction of the cassette "
            + cassette.source()
            + " ("
            + cassette.size()
            + ") was played\n  recorded: "
            + recorded
            + "\n  received, last message: "
            + received
            + "\nThe code under test sent more than it did when the cassette was recorded; record it again.";
    return new CassetteMismatchError(message, cassette.source(), index, "$", recorded, received, request);
  }

  /**
   * The cassette being replayed.
   *
   * @return the cassette
   */
  public Cassette cassette() {
    return cassette;
  }

  /**
   * How many interactions were served (a mismatch serves none).
   *
   * @return the count
   */
  public synchronized int played() {
    return played;
  }

  /**
   * How many interactions are left.
   *
   * @return the count
   */
  public synchronized int remaining() {
    return cassette.size() - played;
  }

  /**
   * Every request received, in order, including ones that did not match.
   *
   * @return the requests
   */
  public synchronized List<ModelRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * Fails when interactions were left unplayed.
   *
   * @throws AssertionError naming the cassette, how many were played, and each one left with the
   *     start of its last message
   */
  public void assertAllPlayed() {
    int done;
    synchronized (this) {
      done = played;
    }
    if (done == cassette.size()) {
      return;
    }
    StringBuilder b =
        new StringBuilder("the cassette ")
            .append(cassette.source())
            .append(" has ")
            .append(cassette.size() - done)
            .append(" of ")
            .append(cassette.size())
            .append(" interactions left unplayed; the code under test stopped before they were requested:");
    for (int i = done; i < cassette.size(); i++) {
      Cassette.Interaction left = cassette.interactions().get(i);
      List<Message> messages = left.request().messages();
      Message last = messages.get(messages.size() - 1);
      b.append("\n  index ")
          .append(i)
          .append(": ")
          .append(messages.size())
          .append(" messages, the last (")
          .append(last.role().name().toLowerCase(java.util.Locale.ROOT))
          .append(") ")
          .append(JsonDifference.around(Conversations.contentOf(last), 0));
      if (i - done == 9 && cassette.size() - i > 1) {
        b.append("\n  ... and ").append(cassette.size() - i - 1).append(" more");
        break;
      }
    }
    throw new AssertionError(b.toString());
  }

  /** The cassette and how far it was played. */
  @Override
  public synchronized String toString() {
    return "ReplayingModelProvider[" + cassette.source() + ", " + played + " of " + cassette.size() + " played]";
  }

  /**
   * Builds a {@link ReplayingModelProvider}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final Cassette cassette;
    private String id = "replay";
    private RequestNormalizer normalizer = RequestNormalizer.none();

    private Builder(Cassette cassette) {
      this.cassette = cassette;
    }

    /**
     * Sets the provider's id; {@code "replay"} by default.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Require.nonBlank(id, "id");
      return this;
    }

    /**
     * Normalizes both the recorded and the received request before comparing them; adds to
     * normalizers set before.
     *
     * @param normalizer the normalizer
     * @return this builder
     */
    public Builder normalizer(RequestNormalizer normalizer) {
      this.normalizer = this.normalizer.andThen(Require.nonNull(normalizer, "normalizer"));
      return this;
    }

    /**
     * Leaves the values at these JSON paths out of the comparison: {@code
     * normalizer(RequestNormalizer.ignoring(paths))}.
     *
     * @param paths paths such as {@code $.metadata} or {@code $.messages[*].content[*].signature}
     * @return this builder
     * @throws IllegalArgumentException naming a path that is not valid
     */
    public Builder ignoring(String... paths) {
      return normalizer(RequestNormalizer.ignoring(paths));
    }

    /**
     * The provider.
     *
     * @return the provider
     */
    public ReplayingModelProvider build() {
      return new ReplayingModelProvider(this);
    }
  }
}

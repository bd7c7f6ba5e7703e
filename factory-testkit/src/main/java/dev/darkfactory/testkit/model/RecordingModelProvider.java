package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.core.model.ModelJson;
import dev.darkfactory.core.model.ModelJsonException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Wraps any {@link ModelProvider} and records every call into a {@link Cassette}: the request,
 * and the response or the {@link ModelException} it got, in the order the calls finished.
 *
 * <pre>{@code
 * RecordingModelProvider recording =
 *     RecordingModelProvider.builder(ModelProviders.builder().build().get("anthropic"))
 *         .file(Path.of("src/test/resources/cassettes/greeting.json"))
 *         .normalizer(RequestNormalizer.replacing("(?m)^- Date: .*$", "- Date: <date>"))
 *         .build();
 * // ... run the code under test with `recording` as its provider ...
 * // later: ReplayingModelProvider.from(Path.of("src/test/resources/cassettes/greeting.json"))
 * }</pre>
 *
 * <p>With a {@linkplain Builder#file file}, the cassette is written again after every call,
 * atomically, so it is complete up to the last call even when the program dies. With a {@linkplain
 * Builder#normalizer normalizer}, requests are stored normalized (host paths, dates and durations
 * replaced), so a cassette recorded again on another machine shows no change; the normalized
 * request must still be valid, else the call fails before it is sent. Failures other than {@link
 * ModelException} (an interrupt, a runtime exception) are passed on and not recorded: they are not
 * the model's answer.
 *
 * <p>Thread-safe; calls run in parallel, and each is recorded when it finishes. A replay serves
 * interactions in that order, so record concurrent conversations into separate cassettes.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RecordingModelProvider implements ModelProvider {

  private final ModelProvider delegate;
  private final String id;
  private final @Nullable Path file;
  private final RequestNormalizer normalizer;
  private final List<Cassette.Interaction> interactions = new ArrayList<>();

  private RecordingModelProvider(Builder b) {
    this.delegate = b.delegate;
    this.id = b.id != null ? b.id : b.delegate.id();
    this.file = b.file;
    this.normalizer = b.normalizer;
  }

  /**
   * A builder recording the calls to {@code delegate}.
   *
   * @param delegate the provider that answers
   * @return the builder
   */
  public static Builder builder(ModelProvider delegate) {
    return new Builder(Require.nonNull(delegate, "delegate"));
  }

  /**
   * Records the calls to {@code delegate} into {@code file}, unnormalized.
   *
   * @param file the cassette file, replaced after every call
   * @param delegate the provider that answers
   * @return the recording provider
   */
  public static RecordingModelProvider to(Path file, ModelProvider delegate) {
    return builder(delegate).file(file).build();
  }

  /** The delegate's id, unless the builder set another. */
  @Override
  public String id() {
    return id;
  }

  /**
   * Passes the request on and records it with the response or the model error.
   *
   * @throws ModelException the delegate's, after recording it
   * @throws IllegalStateException when the normalizer makes the request invalid; nothing is sent
   * @throws java.io.UncheckedIOException when the cassette file cannot be written
   */
  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    ModelRequest stored = normalized(request);
    ModelResponse response;
    try {
      response = delegate.complete(request);
    } catch (ModelException e) {
      record(Cassette.Interaction.failed(stored, e));
      throw e;
    }
    if (response == null) {
      throw new IllegalStateException("the provider '" + delegate.id() + "' returned no response");
    }
    record(Cassette.Interaction.answered(stored, response));
    return response;
  }

  private ModelRequest normalized(ModelRequest request) {
    try {
      return ModelJson.readRequest(normalizer.normalize(ModelJson.toTree(request)));
    } catch (ModelJsonException e) {
      throw new IllegalStateException(
          "the recorder's normalizer made the request invalid, so it was not sent: "
              + e.getMessage()
              + " (a recorder stores normalized requests; replace text there, and ignore paths"
              + " only in the replayer)",
          e);
    }
  }

  private void record(Cassette.Interaction interaction) {
    synchronized (interactions) {
      interactions.add(interaction);
      if (file != null) {
        CassetteFiles.writeAtomically(file, snapshot().toJson());
      }
    }
  }

  private Cassette snapshot() {
    synchronized (interactions) {
      return new Cassette(id, interactions, file != null ? file.toString() : "(recording)");
    }
  }

  /**
   * What was recorded so far.
   *
   * @return the cassette, with the file (or {@code "(recording)"}) as its source
   */
  public Cassette cassette() {
    return snapshot();
  }

  /**
   * How many calls were recorded so far.
   *
   * @return the count
   */
  public int recorded() {
    synchronized (interactions) {
      return interactions.size();
    }
  }

  /** The id, the delegate and the count. */
  @Override
  public String toString() {
    return "RecordingModelProvider[" + id + ", " + recorded() + " recorded" + (file != null ? " into " + file : "") + "]";
  }

  /**
   * Builds a {@link RecordingModelProvider}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final ModelProvider delegate;
    private @Nullable String id;
    private @Nullable Path file;
    private RequestNormalizer normalizer = RequestNormalizer.none();

    private Builder(ModelProvider delegate) {
      this.delegate = delegate;
    }

    /**
     * Sets the provider's id, which the cassette records; the delegate's by default.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Require.nonBlank(id, "id");
      return this;
    }

    /**
     * Writes the cassette to {@code file} after every call, atomically; none by default ({@link
     * RecordingModelProvider#cassette()} still has it).
     *
     * @param file the file, replaced
     * @return this builder
     */
    public Builder file(Path file) {
      this.file = Require.nonNull(file, "file");
      return this;
    }

    /**
     * Stores requests normalized; none by default.
     *
     * @param normalizer the normalizer; its result must still be a valid request
     * @return this builder
     */
    public Builder normalizer(RequestNormalizer normalizer) {
      this.normalizer = Require.nonNull(normalizer, "normalizer");
      return this;
    }

    /**
     * The provider.
     *
     * @return the provider
     */
    public RecordingModelProvider build() {
      return new RecordingModelProvider(this);
    }
  }
}

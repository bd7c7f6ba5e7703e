package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A recorded conversation with a model: every request a {@link RecordingModelProvider} passed on,
 * in order, each with the response or the {@link ModelException} it got. A {@link
 * ReplayingModelProvider} serves it back.
 *
 * <p>The file is UTF-8 JSON, pretty-printed with one interaction per array element so that a
 * recorded change reads well in a diff; requests and responses are in {@link
 * dev.darkfactory.core.model.ModelJson}'s form:
 *
 * <pre>{@code
 * {
 *   "format": "darkfactory-cassette",
 *   "version": 1,
 *   "provider": "anthropic",
 *   "interactions": [
 *     {
 *       "request": {"model": ..., "system": ..., "messages": [...], "tools": [...], ...},
 *       "response": {"id": ..., "model": ..., "message": {...}, "stopReason": ..., "usage": {...}}
 *     },
 *     {
 *       "request": {...},
 *       "error": {"kind": "RATE_LIMITED", "message": "slow down", "retryAfter": "PT2S"}
 *     }
 *   ]
 * }
 * }</pre>
 *
 * <p>{@link #write(Path)} replaces the file atomically (a temporary file in the same directory,
 * then a rename), so a reader never sees half a cassette. {@link #read(Path)} is strict: a file
 * that is not JSON, not a cassette, of another version, or with a request or response {@code
 * ModelJson} refuses throws {@link dev.darkfactory.api.InvalidInputException} naming the file, the
 * line and the JSON path of every problem. Immutable.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Cassette {

  /** The value of the file's {@code format} field. */
  public static final String FORMAT = "darkfactory-cassette";

  /** The version of the format this testkit writes and reads. */
  public static final int VERSION = 1;

  private final String provider;
  private final List<Interaction> interactions;
  private final String source;

  Cassette(String provider, List<Interaction> interactions, String source) {
    this.provider = Require.nonBlank(provider, "provider");
    this.interactions = Require.copyOf(interactions, "interactions");
    this.source = Require.nonBlank(source, "source");
  }

  /**
   * A cassette made in code, for example to edit a recording.
   *
   * @param provider the id of the provider the interactions came from
   * @param interactions the interactions, in order
   * @return the cassette, with the source {@code "(in memory)"}
   */
  public static Cassette of(String provider, List<Interaction> interactions) {
    return new Cassette(provider, interactions, "(in memory)");
  }

  /**
   * Reads a cassette file.
   *
   * @param file the file
   * @return the cassette, with the file as its source
   * @throws dev.darkfactory.api.InvalidInputException naming the file, line and JSON path of every
   *     problem when the file is not a valid cassette
   * @throws UncheckedIOException when the file cannot be read, saying so when it does not exist
   */
  public static Cassette read(Path file) {
    Require.nonNull(file, "file");
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(
          "the cassette " + file + " does not exist; record it first with a RecordingModelProvider", e);
    } catch (CharacterCodingException e) {
      throw new UncheckedIOException("the cassette " + file + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cassette " + file + ": " + e, e);
    }
    return CassetteFiles.read(text, file.toString());
  }

  /**
   * Reads a cassette from its JSON text.
   *
   * @param json the text, as {@link #toJson()} writes it
   * @param source what to name in errors, such as a resource name
   * @return the cassette
   * @throws dev.darkfactory.api.InvalidInputException naming the source, line and JSON path of
   *     every problem
   */
  public static Cassette parse(String json, String source) {
    return CassetteFiles.read(json, source);
  }

  /**
   * The id of the provider that was recorded.
   *
   * @return the id
   */
  public String provider() {
    return provider;
  }

  /**
   * The interactions, in the order they were recorded.
   *
   * @return an unmodifiable list
   */
  public List<Interaction> interactions() {
    return interactions;
  }

  /**
   * How many interactions there are.
   *
   * @return the count
   */
  public int size() {
    return interactions.size();
  }

  /**
   * Where the cassette came from: the file it was read from or written to, or {@code "(in
   * memory)"}; errors name it.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * The file's text: pretty-printed JSON ending with a newline, the same for equal cassettes.
   *
   * @return the text
   */
  public String toJson() {
    return CassetteFiles.write(this);
  }

  /**
   * Writes the cassette to {@code file} atomically, creating missing directories.
   *
   * @param file the file, replaced if it exists
   * @return this cassette with {@code file} as its source
   * @throws UncheckedIOException when the file cannot be written
   */
  public Cassette write(Path file) {
    Require.nonNull(file, "file");
    CassetteFiles.writeAtomically(file, toJson());
    return new Cassette(provider, interactions, file.toString());
  }

  /** The provider, the number of interactions and the source. */
  @Override
  public String toString() {
    return "Cassette[" + provider + ", " + interactions.size() + " interactions, " + source + "]";
  }

  /** Equal provider and interactions; the source does not count. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Cassette c && provider.equals(c.provider) && interactions.equals(c.interactions);
  }

  @Override
  public int hashCode() {
    return provider.hashCode() * 31 + interactions.hashCode();
  }

  /**
   * One request and what it got: a response, or a recorded error.
   *
   * @param request the request as sent (or as the recorder's normalizer stored it)
   * @param response the response, or {@code null} when the call failed
   * @param error the failure, or {@code null} when a response came
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Interaction(
      ModelRequest request, @Nullable ModelResponse response, @Nullable RecordedError error) {

    /** Checks that exactly one of response and error is set. */
    public Interaction {
      Require.nonNull(request, "request");
      if ((response == null) == (error == null)) {
        throw new IllegalArgumentException(
            "an interaction has exactly one of response and error, but "
                + (response == null ? "neither was given" : "both were given"));
      }
    }

    /**
     * A request that got a response.
     *
     * @param request the request
     * @param response the response
     * @return the interaction
     */
    public static Interaction answered(ModelRequest request, ModelResponse response) {
      return new Interaction(request, Require.nonNull(response, "response"), null);
    }

    /**
     * A request whose call failed.
     *
     * @param request the request
     * @param error the failure
     * @return the interaction
     */
    public static Interaction failed(ModelRequest request, ModelException error) {
      return new Interaction(request, null, RecordedError.of(error));
    }

    /**
     * The response, when the call succeeded.
     *
     * @return the response, or empty for a recorded error
     */
    public Optional<ModelResponse> responseIfAnswered() {
      return Optional.ofNullable(response);
    }
  }

  /**
   * A {@link ModelException} as recorded: its kind, its message without the kind's prefix, and its
   * retry hint. Causes are not recorded.
   *
   * @param kind what went wrong
   * @param message the provider's message
   * @param retryAfter how long the provider asked the caller to wait, or {@code null}
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record RecordedError(ModelException.Kind kind, String message, @Nullable Duration retryAfter) {

    /** Checks every component. */
    public RecordedError {
      Require.nonNull(kind, "kind");
      Require.nonBlank(message, "message");
    }

    /**
     * The record of an exception.
     *
     * @param e the exception
     * @return its kind, message (without the {@code "KIND: "} prefix the exception adds) and hint
     */
    public static RecordedError of(ModelException e) {
      Require.nonNull(e, "error");
      String message = String.valueOf(e.getMessage());
      String prefix = e.kind() + ": ";
      if (message.startsWith(prefix) && message.length() > prefix.length()) {
        message = message.substring(prefix.length());
      }
      return new RecordedError(e.kind(), message, e.retryAfter().orElse(null));
    }

    /**
     * A new exception like the recorded one.
     *
     * @return the exception
     */
    public ModelException toException() {
      return new ModelException(kind, message, retryAfter, null);
    }
  }
}

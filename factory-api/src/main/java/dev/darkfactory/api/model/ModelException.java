package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A model call that failed, with the kind of failure so callers can decide whether to retry.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public class ModelException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * What went wrong, and whether trying again may help.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  public enum Kind {
    /** The credentials were missing or refused. */
    AUTHENTICATION(false),
    /** The caller sent too much too fast; wait and retry. */
    RATE_LIMITED(true),
    /** The provider is overloaded; retry later. */
    OVERLOADED(true),
    /** The provider failed on its side. */
    SERVER_ERROR(true),
    /** No answer came in time. */
    TIMEOUT(true),
    /** The request itself was rejected as invalid. */
    INVALID_REQUEST(false),
    /** The conversation does not fit the model's context window. */
    CONTEXT_TOO_LONG(false),
    /** The provider answered with something that could not be understood. */
    MALFORMED_RESPONSE(true),
    /**
     * The call was refused before sending, for example by a budget interceptor. (The holdout leak
     * guard throws {@code HoldoutLeakException} instead, which ends the attempt.)
     */
    REFUSED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether the same request may succeed if sent again. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param kind what went wrong
   * @param message what happened, including the provider's own message where there is one
   * @param retryAfter how long the provider asked the caller to wait, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ModelException(
      Kind kind, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(kind + ": " + Require.nonBlank(message, "message"), cause);
    this.kind = Require.nonNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  /** Creates the exception with no retry hint and no cause. */
  public ModelException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Whether sending the same request again may succeed. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** How long the provider asked the caller to wait before retrying, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

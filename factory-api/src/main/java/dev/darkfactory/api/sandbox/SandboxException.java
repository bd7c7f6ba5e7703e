package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A command could not be run in the sandbox at all (as opposed to running and failing, which is
 * an {@link ExecResult} with a non-zero exit code).
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public class SandboxException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done and why
   * @param cause the underlying failure, or {@code null}
   */
  public SandboxException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Creates the exception with no cause. */
  public SandboxException(String message) {
    this(message, null);
  }
}

package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The run store could not read or write; the factory stops rather than go on unjournaled.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   * @param cause the underlying error
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   */
  public StoreException(String message) {
    super(message);
  }
}

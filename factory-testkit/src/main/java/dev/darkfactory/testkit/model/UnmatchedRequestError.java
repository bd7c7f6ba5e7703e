package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.ModelRequest;
import org.apiguardian.api.API;

/**
 * Thrown by a {@link ScriptedModelProvider} when no rule answers a request: the test's script did
 * not expect it. An {@link AssertionError}, so it fails the test and is not taken for a model
 * failure; its message names the turn, the last message and why each rule did not match.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class UnmatchedRequestError extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final transient ModelRequest request;

  UnmatchedRequestError(String message, ModelRequest request) {
    super(message);
    this.request = request;
  }

  /**
   * The request no rule answered.
   *
   * @return the request
   */
  public ModelRequest request() {
    return request;
  }
}

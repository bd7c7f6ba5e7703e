package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Watches the calls a {@link ModelPipeline} sends to its provider: one {@code onRequest} and then
 * one {@code onResponse} or {@code onFailure} per call that reaches the provider, so a retried
 * call is seen once per try.
 *
 * <p>Listeners see the request exactly as the provider receives it, after every interceptor, and
 * cannot change it or the answer: the values are immutable, and an exception a listener throws is
 * logged and otherwise ignored. Listeners are called on the calling thread and should be quick.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ModelCallListener {

  /**
   * A request is about to be sent.
   *
   * @param providerId the provider's id
   * @param request the request as the provider receives it
   */
  default void onRequest(String providerId, ModelRequest request) {}

  /**
   * The provider answered.
   *
   * @param providerId the provider's id
   * @param request the request that was sent
   * @param response the answer
   * @param elapsed how long the call took
   */
  default void onResponse(
      String providerId, ModelRequest request, ModelResponse response, Duration elapsed) {}

  /**
   * The call failed.
   *
   * @param providerId the provider's id
   * @param request the request that was sent
   * @param failure why it failed
   * @param elapsed how long the call took before failing
   */
  default void onFailure(
      String providerId, ModelRequest request, ModelException failure, Duration elapsed) {}
}

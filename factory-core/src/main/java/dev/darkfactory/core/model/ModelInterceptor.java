package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import org.apiguardian.api.API;

/**
 * A link in a {@link ModelPipeline}: sees every call on its way to the provider and may change
 * the request, refuse it, retry it or replace the answer. Retry, budgets and the holdout leak
 * guard are interceptors.
 *
 * <p>Interceptors run in the order they were registered: the first registered sees the call
 * first and the answer last. An interceptor that only watches should be a {@link
 * ModelCallListener} instead; listeners cannot change anything.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface ModelInterceptor {

  /**
   * Handles one call, usually by passing it on with {@link Chain#proceed(ModelRequest)}.
   *
   * @param request the request as the previous link passed it on
   * @param chain the rest of the pipeline
   * @return the answer
   * @throws ModelException when the call fails or is refused
   * @throws InterruptedException when the calling thread is interrupted
   */
  ModelResponse intercept(ModelRequest request, Chain chain)
      throws ModelException, InterruptedException;

  /**
   * The rest of a pipeline, from one interceptor's point of view.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  interface Chain {

    /** The id of the provider at the end of the chain. */
    String providerId();

    /**
     * Passes {@code request} to the next interceptor, or to the provider after the last one. May
     * be called more than once, for example to retry.
     *
     * @param request the request to send on
     * @return the answer
     * @throws ModelException when the call fails
     * @throws InterruptedException when the calling thread is interrupted
     */
    ModelResponse proceed(ModelRequest request) throws ModelException, InterruptedException;
  }
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider wrapped in interceptors and listeners; itself a {@link ModelProvider}, so whatever
 * takes a provider takes a pipeline.
 *
 * <pre>{@code
 * ModelProvider model =
 *     ModelPipeline.builder(AnthropicProvider.fromEnvironment(System.getenv()))
 *         .interceptor(RetryInterceptor.builder().build())
 *         .listener(myMetrics)
 *         .build();
 * }</pre>
 *
 * <p>Interceptors run in the order registered (the first sees each call first); listeners watch
 * each call that reaches the provider. A pipeline is safe to call from several threads when its
 * interceptors and provider are.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ModelPipeline implements ModelProvider {

  private static final Logger log = LoggerFactory.getLogger(ModelPipeline.class);

  private final ModelProvider provider;
  private final List<ModelInterceptor> interceptors;
  private final List<ModelCallListener> listeners;
  private final Clock clock;

  private ModelPipeline(Builder b) {
    this.provider = b.provider;
    this.interceptors = List.copyOf(b.interceptors);
    this.listeners = List.copyOf(b.listeners);
    this.clock = b.clock;
  }

  /**
   * A builder for a pipeline ending in {@code provider}.
   *
   * @param provider the provider every call finally reaches
   * @return the builder
   */
  public static Builder builder(ModelProvider provider) {
    return new Builder(Require.nonNull(provider, "provider"));
  }

  /** The id of the provider at the end of the pipeline. */
  @Override
  public String id() {
    return provider.id();
  }

  /** The interceptors, in the order they see a call. */
  public List<ModelInterceptor> interceptors() {
    return interceptors;
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    return new Link(0).proceed(request);
  }

  private final class Link implements ModelInterceptor.Chain {
    private final int index;

    Link(int index) {
      this.index = index;
    }

    @Override
    public String providerId() {
      return provider.id();
    }

    @Override
    public ModelResponse proceed(ModelRequest request)
        throws ModelException, InterruptedException {
      Require.nonNull(request, "request");
      if (index < interceptors.size()) {
        return interceptors.get(index).intercept(request, new Link(index + 1));
      }
      return callProvider(request);
    }
  }

  private ModelResponse callProvider(ModelRequest request)
      throws ModelException, InterruptedException {
    String id = provider.id();
    for (ModelCallListener l : listeners) {
      notify(l, () -> l.onRequest(id, request));
    }
    Instant start = clock.instant();
    ModelResponse response;
    try {
      response = provider.complete(request);
    } catch (ModelException e) {
      Duration elapsed = Duration.between(start, clock.instant());
      for (ModelCallListener l : listeners) {
        notify(l, () -> l.onFailure(id, request, e, elapsed));
      }
      throw e;
    }
    Duration elapsed = Duration.between(start, clock.instant());
    for (ModelCallListener l : listeners) {
      notify(l, () -> l.onResponse(id, request, response, elapsed));
    }
    return response;
  }

  private static void notify(ModelCallListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("model call listener {} failed; the call goes on", listener.getClass().getName(), e);
    }
  }

  /**
   * Builds a {@link ModelPipeline}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final ModelProvider provider;
    private final List<ModelInterceptor> interceptors = new ArrayList<>();
    private final List<ModelCallListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder(ModelProvider provider) {
      this.provider = provider;
    }

    /**
     * Adds an interceptor after those already added.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder interceptor(ModelInterceptor interceptor) {
      interceptors.add(Require.nonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ModelCallListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the clock that times calls for listeners; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /** The pipeline. */
    public ModelPipeline build() {
      return new ModelPipeline(this);
    }
  }
}

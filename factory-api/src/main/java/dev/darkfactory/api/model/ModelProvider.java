package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A source of model completions: one vendor's API, a local server, a scripted or replayed model
 * in tests.
 *
 * <p>Implementations are registered explicitly or made by a {@link ModelProviderFactory} that
 * {@link java.util.ServiceLoader} finds, by {@link #id()}. They must be safe to call from several threads. A failed call throws {@link
 * ModelException} with its {@link ModelException.Kind}, so callers can tell a retryable fault from
 * one that will not go away.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface ModelProvider {

  /** A short, stable name such as {@code "scripted"}; unique among registered providers. */
  String id();

  /**
   * Sends one request and returns the model's answer.
   *
   * @param request what to send
   * @return the answer, with its usage
   * @throws ModelException when the call fails; never for a valid answer
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException;
}

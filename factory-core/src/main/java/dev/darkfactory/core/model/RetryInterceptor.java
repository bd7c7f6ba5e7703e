package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that failed with a {@linkplain ModelException#retryable() retryable} kind (rate
 * limited, overloaded, server error, timeout, malformed response), with exponential backoff and
 * jitter, and never the others: an invalid request (HTTP 400, 404), refused credentials (401,
 * 403), a context that does not fit, or a call refused before sending fail at once.
 *
 * <p>The wait before retry {@code n} (counting from 1) is drawn uniformly from the upper half of
 * {@code min(maxDelay, initialDelay * multiplier^(n-1))}, so concurrent callers spread out but
 * never retry immediately. When the provider said how long to wait ({@code Retry-After}), that
 * wait is used instead, unless it is longer than {@code maxRetryAfter}: then the call fails at
 * once with the provider's error, since waiting that long inside one call would stall the factory
 * more than failing does.
 *
 * <p>Interruption during a wait ends the call with {@link InterruptedException}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RetryInterceptor implements ModelInterceptor {

  private static final Logger log = LoggerFactory.getLogger(RetryInterceptor.class);

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final Duration maxRetryAfter;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  private RetryInterceptor(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.multiplier = b.multiplier;
    this.maxDelay = b.maxDelay;
    this.maxRetryAfter = b.maxRetryAfter;
    this.sleeper = b.sleeper;
    this.random = b.random;
  }

  /**
   * A builder. Defaults: 4 attempts, 1 s initial delay doubling up to 30 s, {@code Retry-After}
   * honoured up to 60 s.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelResponse intercept(ModelRequest request, Chain chain)
      throws ModelException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return chain.proceed(request);
      } catch (ModelException e) {
        if (!e.retryable() || attempt >= maxAttempts) {
          throw e;
        }
        Optional<Duration> asked = e.retryAfter();
        if (asked.isPresent() && asked.get().compareTo(maxRetryAfter) > 0) {
          log.warn(
              "{} asked to wait {} before retrying, longer than the {} allowed; failing now",
              chain.providerId(),
              asked.get(),
              maxRetryAfter);
          throw e;
        }
        Duration wait = asked.isPresent() ? asked.get() : backoff(attempt);
        log.warn(
            "{} call failed ({}); retry {} of {} in {} ms",
            chain.providerId(),
            e.kind(),
            attempt,
            maxAttempts - 1,
            wait.toMillis());
        sleeper.sleep(wait);
      }
    }
  }

  /** The jittered wait before retry number {@code retry} (from 1), when the provider gave none. */
  Duration backoff(int retry) {
    double capMillis = maxDelay.toMillis();
    double base = Math.min(capMillis, initialDelay.toMillis() * Math.pow(multiplier, retry - 1));
    double r = random.getAsDouble();
    return Duration.ofMillis(Math.round(base / 2 + r * base / 2));
  }

  /**
   * Waits between tries; the default sleeps the calling thread. Tests pass one that records the
   * waits instead.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for {@code duration}.
     *
     * @param duration how long
     * @throws InterruptedException when interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * Builds a {@link RetryInterceptor}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private Duration maxDelay = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /**
     * Sets how many times a call is tried in all, the first included; at least 1.
     *
     * @param maxAttempts the number of tries
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Require.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * Sets the delay before the first retry, before jitter.
     *
     * @param initialDelay a positive duration
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Require.positive(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Sets the factor by which the delay grows per retry; at least 1.
     *
     * @param multiplier the growth factor
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      this.multiplier = Require.between(multiplier, 1.0, 100.0, "multiplier");
      return this;
    }

    /**
     * Sets the longest delay backoff grows to, before jitter.
     *
     * @param maxDelay a positive duration
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Require.positive(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} honoured; a longer one fails the call at once.
     *
     * @param maxRetryAfter a positive duration
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Require.positive(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * Sets what waits between tries.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Require.nonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the source of jitter: uniform values in {@code [0, 1)}.
     *
     * @param random the source
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      this.random = Require.nonNull(random, "random");
      return this;
    }

    /** The interceptor; throws when the initial delay exceeds the maximum. */
    public RetryInterceptor build() {
      if (initialDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException(
            "initialDelay (" + initialDelay + ") must not exceed maxDelay (" + maxDelay + ")");
      }
      return new RetryInterceptor(this);
    }
  }
}

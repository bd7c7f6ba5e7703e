package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * Tokens one or more model calls consumed, by kind. Usage is summed with {@link #plus(Usage)}
 * across every turn of a tool loop, every attempt and every spec, so nothing goes unaccounted.
 *
 * <p>{@link #inputTokens()} counts input that was neither read from nor written to a prompt cache;
 * cache reads and writes are counted apart because they are priced apart. {@link
 * #reasoningTokens()} is the part of {@link #outputTokens()} the model spent thinking, so it is
 * not added again in {@link #totalTokens()}.
 *
 * @param inputTokens uncached input tokens; at least 0
 * @param outputTokens output tokens, reasoning included; at least 0
 * @param cacheReadTokens input tokens served from a prompt cache; at least 0
 * @param cacheWriteTokens input tokens written to a prompt cache; at least 0
 * @param reasoningTokens output tokens spent on reasoning; at least 0, at most {@code outputTokens}
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long reasoningTokens) {

  /** No tokens at all. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  /** Checks every count. */
  public Usage {
    Require.atLeast(inputTokens, 0L, "inputTokens");
    Require.atLeast(outputTokens, 0L, "outputTokens");
    Require.atLeast(cacheReadTokens, 0L, "cacheReadTokens");
    Require.atLeast(cacheWriteTokens, 0L, "cacheWriteTokens");
    Require.atLeast(reasoningTokens, 0L, "reasoningTokens");
    if (reasoningTokens > outputTokens) {
      throw new IllegalArgumentException(
          "reasoningTokens ("
              + reasoningTokens
              + ") must not exceed outputTokens ("
              + outputTokens
              + ")");
    }
  }

  /** Usage with only plain input and output tokens. */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0, 0);
  }

  /** The sum of this usage and {@code other}; throws {@link ArithmeticException} on overflow. */
  public Usage plus(Usage other) {
    return new Usage(
        Math.addExact(inputTokens, other.inputTokens),
        Math.addExact(outputTokens, other.outputTokens),
        Math.addExact(cacheReadTokens, other.cacheReadTokens),
        Math.addExact(cacheWriteTokens, other.cacheWriteTokens),
        Math.addExact(reasoningTokens, other.reasoningTokens));
  }

  /** Every input token, cached or not; throws {@link ArithmeticException} on overflow. */
  public long totalInputTokens() {
    return Math.addExact(Math.addExact(inputTokens, cacheReadTokens), cacheWriteTokens);
  }

  /** Every token, input (cached or not) and output; throws {@link ArithmeticException} on overflow. */
  public long totalTokens() {
    return Math.addExact(totalInputTokens(), outputTokens);
  }

  /** The share of input served from the cache, from 0 to 1; 0 when there was no input. */
  public double cacheHitRate() {
    long total = totalInputTokens();
    return total == 0 ? 0.0 : (double) cacheReadTokens / total;
  }
}

package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import java.math.BigDecimal;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What one model's tokens cost, in US dollars per million tokens, by kind.
 *
 * <p>Reasoning tokens are output tokens: {@link Usage#outputTokens()} already counts them, so they
 * are priced once, at the output price. Some models charge more for every token of a request
 * whose prompt is long (Gemini 2.5 Pro and Claude Sonnet 4 and 4.5 above 200,000 input tokens);
 * {@link #longPrompt()} holds those prices and {@link #cost(Usage)} applies them to the whole call
 * when its input (uncached, cache reads and cache writes together) is above the threshold.
 *
 * <p>All arithmetic is exact ({@link BigDecimal}, no rounding): a million tokens at {@code
 * $0.075} cost exactly {@code $0.075}, and a sum of costs never drifts.
 *
 * @param inputPerMillion uncached input; at least 0
 * @param outputPerMillion output, reasoning included; at least 0
 * @param cacheWritePerMillion input written to a prompt cache (Anthropic's 5-minute cache write;
 *     the input price for vendors that do not charge for writes); at least 0
 * @param cacheReadPerMillion input read from a prompt cache; at least 0
 * @param longPrompt the prices of a call with a long prompt, or {@code null} when the model has
 *     one price whatever the prompt's length
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ModelPrice(
    BigDecimal inputPerMillion,
    BigDecimal outputPerMillion,
    BigDecimal cacheWritePerMillion,
    BigDecimal cacheReadPerMillion,
    @Nullable LongPrompt longPrompt) {

  /** Checks every price and keeps one representation of each (so {@code 3} equals {@code 3.00}). */
  public ModelPrice {
    inputPerMillion = price(inputPerMillion, "inputPerMillion");
    outputPerMillion = price(outputPerMillion, "outputPerMillion");
    cacheWritePerMillion = price(cacheWritePerMillion, "cacheWritePerMillion");
    cacheReadPerMillion = price(cacheReadPerMillion, "cacheReadPerMillion");
  }

  /**
   * Prices with no long-prompt tier.
   *
   * @param inputPerMillion uncached input, USD per million tokens
   * @param outputPerMillion output, USD per million tokens
   * @param cacheWritePerMillion cache writes, USD per million tokens
   * @param cacheReadPerMillion cache reads, USD per million tokens
   * @return the price
   */
  public static ModelPrice of(
      BigDecimal inputPerMillion,
      BigDecimal outputPerMillion,
      BigDecimal cacheWritePerMillion,
      BigDecimal cacheReadPerMillion) {
    return new ModelPrice(
        inputPerMillion, outputPerMillion, cacheWritePerMillion, cacheReadPerMillion, null);
  }

  /**
   * Prices with no long-prompt tier, written as decimal strings such as {@code "0.075"}.
   *
   * @param inputPerMillion uncached input, USD per million tokens
   * @param outputPerMillion output, USD per million tokens
   * @param cacheWritePerMillion cache writes, USD per million tokens
   * @param cacheReadPerMillion cache reads, USD per million tokens
   * @return the price
   * @throws NumberFormatException when a string is not a decimal number
   */
  public static ModelPrice of(
      String inputPerMillion,
      String outputPerMillion,
      String cacheWritePerMillion,
      String cacheReadPerMillion) {
    return of(
        new BigDecimal(inputPerMillion),
        new BigDecimal(outputPerMillion),
        new BigDecimal(cacheWritePerMillion),
        new BigDecimal(cacheReadPerMillion));
  }

  /**
   * These prices with a long-prompt tier.
   *
   * @param aboveInputTokens the prompt length (input, cache reads and cache writes) above which
   *     {@code prices} apply to the whole call; at least 1
   * @param prices the prices of such a call; without a tier of their own
   * @return the price
   */
  public ModelPrice withLongPrompt(long aboveInputTokens, ModelPrice prices) {
    return new ModelPrice(
        inputPerMillion,
        outputPerMillion,
        cacheWritePerMillion,
        cacheReadPerMillion,
        new LongPrompt(aboveInputTokens, prices));
  }

  /**
   * The prices that apply to a call with {@code totalInputTokens} of input.
   *
   * @param totalInputTokens input tokens, cached or not
   * @return these prices, or the long-prompt ones above the threshold
   */
  public ModelPrice pricesFor(long totalInputTokens) {
    if (longPrompt != null && totalInputTokens > longPrompt.aboveInputTokens()) {
      return longPrompt.prices();
    }
    return this;
  }

  /**
   * What a call cost, exactly: every kind of token at its price, and every token counted.
   *
   * @param usage the call's usage
   * @return its tokens ({@link Usage#totalTokens()}) and its cost in US dollars
   */
  public Charge cost(Usage usage) {
    Require.nonNull(usage, "usage");
    ModelPrice p = pricesFor(usage.totalInputTokens());
    BigDecimal micro =
        times(usage.inputTokens(), p.inputPerMillion)
            .add(times(usage.outputTokens(), p.outputPerMillion))
            .add(times(usage.cacheWriteTokens(), p.cacheWritePerMillion))
            .add(times(usage.cacheReadTokens(), p.cacheReadPerMillion));
    return new Charge(usage.totalTokens(), micro.movePointLeft(6));
  }

  /**
   * The most a call could cost: {@code inputTokens} all at the dearest input price (uncached,
   * cache write or cache read, whichever is highest), and {@code outputTokens} of output, with the
   * long-prompt prices when the input could be above their threshold.
   *
   * @param inputTokens an upper bound on the call's input tokens; at least 0
   * @param outputTokens the most output the call may produce; at least 0
   * @return the tokens and cost of the worst case
   */
  public Charge maximum(long inputTokens, long outputTokens) {
    Require.atLeast(inputTokens, 0L, "inputTokens");
    Require.atLeast(outputTokens, 0L, "outputTokens");
    BigDecimal micro = worstCase(inputTokens, outputTokens);
    if (longPrompt != null && inputTokens > longPrompt.aboveInputTokens()) {
      micro = micro.max(longPrompt.prices().worstCase(inputTokens, outputTokens));
    }
    return new Charge(Math.addExact(inputTokens, outputTokens), micro.movePointLeft(6));
  }

  private BigDecimal worstCase(long inputTokens, long outputTokens) {
    BigDecimal dearestInput = inputPerMillion.max(cacheWritePerMillion).max(cacheReadPerMillion);
    return times(inputTokens, dearestInput).add(times(outputTokens, outputPerMillion));
  }

  private static BigDecimal times(long tokens, BigDecimal perMillion) {
    return perMillion.multiply(BigDecimal.valueOf(tokens));
  }

  private static BigDecimal price(@Nullable BigDecimal value, String field) {
    Require.nonNull(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative but was " + value);
    }
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  /**
   * The prices of a call whose prompt is longer than a threshold.
   *
   * @param aboveInputTokens the threshold: a call with more input tokens (uncached, cache reads
   *     and cache writes together) pays {@code prices} for every token; at least 1
   * @param prices the prices; without a long-prompt tier of their own
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record LongPrompt(long aboveInputTokens, ModelPrice prices) {

    /** Checks every component. */
    public LongPrompt {
      Require.atLeast(aboveInputTokens, 1L, "aboveInputTokens");
      Require.nonNull(prices, "prices");
      if (prices.longPrompt() != null) {
        throw new IllegalArgumentException(
            "the prices of a long prompt must not have a long-prompt tier of their own");
      }
    }
  }
}

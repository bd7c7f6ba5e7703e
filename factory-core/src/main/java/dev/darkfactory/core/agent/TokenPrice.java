package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apiguardian.api.API;

/**
 * What a model's tokens cost, in US dollars per million, so the {@link ToolLoopAgent} can reserve
 * and settle money in the attempt's budget as well as tokens.
 *
 * @param inputPerMillion uncached input
 * @param outputPerMillion output, reasoning included
 * @param cacheReadPerMillion input read from a prompt cache
 * @param cacheWritePerMillion input written to a prompt cache
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record TokenPrice(
    BigDecimal inputPerMillion,
    BigDecimal outputPerMillion,
    BigDecimal cacheReadPerMillion,
    BigDecimal cacheWritePerMillion) {

  /** Free: budgets count tokens only. */
  public static final TokenPrice FREE =
      new TokenPrice(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** Checks every component. */
  public TokenPrice {
    for (BigDecimal price :
        new BigDecimal[] {inputPerMillion, outputPerMillion, cacheReadPerMillion, cacheWritePerMillion}) {
      Require.nonNull(price, "price");
      if (price.signum() < 0) {
        throw new IllegalArgumentException("a price must not be negative but was " + price);
      }
    }
  }

  /**
   * A price with caching billed like plain input.
   *
   * @param inputPerMillion input
   * @param outputPerMillion output
   * @return the price
   */
  public static TokenPrice of(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    return new TokenPrice(inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion);
  }

  /**
   * What a call's usage cost, tokens and money.
   *
   * @param usage the usage
   * @return the charge
   */
  public Charge charge(Usage usage) {
    BigDecimal cost =
        per(usage.inputTokens(), inputPerMillion)
            .add(per(usage.outputTokens(), outputPerMillion))
            .add(per(usage.cacheReadTokens(), cacheReadPerMillion))
            .add(per(usage.cacheWriteTokens(), cacheWritePerMillion));
    return new Charge(usage.totalTokens(), cost);
  }

  /**
   * The most a call could cost: every input token at the dearest input price, plus the output.
   *
   * @param inputTokens the input tokens, estimated
   * @param maxOutputTokens the most output
   * @return the charge
   */
  public Charge maximum(long inputTokens, long maxOutputTokens) {
    BigDecimal dearestInput = inputPerMillion.max(cacheReadPerMillion).max(cacheWritePerMillion);
    return new Charge(
        Math.addExact(inputTokens, maxOutputTokens),
        per(inputTokens, dearestInput).add(per(maxOutputTokens, outputPerMillion)));
  }

  private static BigDecimal per(long tokens, BigDecimal perMillion) {
    return perMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, MathContext.DECIMAL64);
  }
}

package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one budget, each optional: tokens, US dollars and wall-clock time.
 *
 * <pre>{@code
 * BudgetLimits run = BudgetLimits.none().withCostUsd("20").withWallClock(Duration.ofHours(2));
 * BudgetLimits attempt = BudgetLimits.none().withTokens(2_000_000).withCostUsd("2.50");
 * }</pre>
 *
 * @param maxTokens the most tokens (input, cached or not, and output) that may be spent, or {@code
 *     null} for no token limit; at least 0
 * @param maxCostUsd the most US dollars that may be spent, or {@code null} for no money limit; at
 *     least 0
 * @param maxWallClock how long after the budget is created reservations are still granted, or
 *     {@code null} for no deadline; positive
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record BudgetLimits(
    @Nullable Long maxTokens, @Nullable BigDecimal maxCostUsd, @Nullable Duration maxWallClock) {

  private static final BudgetLimits NONE = new BudgetLimits(null, null, null);

  /** Checks every component. */
  public BudgetLimits {
    if (maxTokens != null) {
      Require.atLeast(maxTokens, 0L, "maxTokens");
    }
    if (maxCostUsd != null) {
      if (maxCostUsd.signum() < 0) {
        throw new IllegalArgumentException("maxCostUsd must not be negative but was " + maxCostUsd);
      }
      maxCostUsd = maxCostUsd.signum() == 0 ? BigDecimal.ZERO : maxCostUsd.stripTrailingZeros();
    }
    if (maxWallClock != null) {
      Require.positive(maxWallClock, "maxWallClock");
    }
  }

  /** No limit at all: the budget still counts what is spent. */
  public static BudgetLimits none() {
    return NONE;
  }

  /**
   * These limits with a token limit.
   *
   * @param maxTokens the most tokens; at least 0
   * @return the new limits
   */
  public BudgetLimits withTokens(long maxTokens) {
    return new BudgetLimits(maxTokens, maxCostUsd, maxWallClock);
  }

  /**
   * These limits with a money limit.
   *
   * @param maxCostUsd the most US dollars; at least 0
   * @return the new limits
   */
  public BudgetLimits withCostUsd(BigDecimal maxCostUsd) {
    return new BudgetLimits(maxTokens, Require.nonNull(maxCostUsd, "maxCostUsd"), maxWallClock);
  }

  /**
   * These limits with a money limit written as a decimal string, such as {@code "2.50"}.
   *
   * @param maxCostUsd the most US dollars; at least 0
   * @return the new limits
   * @throws NumberFormatException when the string is not a decimal number
   */
  public BudgetLimits withCostUsd(String maxCostUsd) {
    return withCostUsd(new BigDecimal(Require.nonBlank(maxCostUsd, "maxCostUsd")));
  }

  /**
   * These limits with a wall-clock limit.
   *
   * @param maxWallClock how long after its creation the budget grants reservations; positive
   * @return the new limits
   */
  public BudgetLimits withWallClock(Duration maxWallClock) {
    return new BudgetLimits(maxTokens, maxCostUsd, maxWallClock);
  }

  /** The token limit, if there is one. */
  public OptionalLong tokens() {
    return maxTokens == null ? OptionalLong.empty() : OptionalLong.of(maxTokens);
  }

  /** The money limit in US dollars, if there is one. */
  public Optional<BigDecimal> costUsd() {
    return Optional.ofNullable(maxCostUsd);
  }

  /** The wall-clock limit, if there is one. */
  public Optional<Duration> wallClock() {
    return Optional.ofNullable(maxWallClock);
  }

  /** Whether nothing is limited. */
  public boolean isNone() {
    return maxTokens == null && maxCostUsd == null && maxWallClock == null;
  }
}

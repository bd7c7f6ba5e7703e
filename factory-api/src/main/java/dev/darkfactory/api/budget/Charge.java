package dev.darkfactory.api.budget;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.math.BigDecimal;
import org.apiguardian.api.API;

/**
 * An amount a budget counts: tokens and money (in US dollars).
 *
 * @param tokens a token count; at least 0
 * @param costUsd a cost in US dollars; at least 0
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Charge(long tokens, BigDecimal costUsd) {

  /** Nothing. */
  public static final Charge ZERO = new Charge(0, BigDecimal.ZERO);

  /** Checks every component. */
  public Charge {
    Require.atLeast(tokens, 0L, "tokens");
    Require.nonNull(costUsd, "costUsd");
    if (costUsd.signum() < 0) {
      throw new IllegalArgumentException("costUsd must not be negative but was " + costUsd);
    }
    // One representation per amount, so 0 and 0.00 are equal charges.
    costUsd = costUsd.signum() == 0 ? BigDecimal.ZERO : costUsd.stripTrailingZeros();
  }

  /** A charge of tokens only. */
  public static Charge tokens(long tokens) {
    return new Charge(tokens, BigDecimal.ZERO);
  }

  /** The sum of this charge and {@code other}. */
  public Charge plus(Charge other) {
    return new Charge(Math.addExact(tokens, other.tokens), costUsd.add(other.costUsd));
  }

  /** Whether every part of this charge is at most the same part of {@code limit}. */
  public boolean fitsWithin(Charge limit) {
    return tokens <= limit.tokens && costUsd.compareTo(limit.costUsd) <= 0;
  }
}

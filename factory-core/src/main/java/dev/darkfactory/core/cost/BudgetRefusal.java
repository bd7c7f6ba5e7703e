package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * A reservation a budget refused: which budget, what was asked for, what it had left, and why.
 * The factory turns it into {@code FactoryEvent.BudgetExhausted(at, runId, budget, requested,
 * remaining)}.
 *
 * @param budget the name of the budget that did not have enough: the one reserved from or one of
 *     its ancestors
 * @param requested what the reservation asked for
 * @param remaining what that budget had left when it refused ({@link Charge#ZERO} after its
 *     deadline)
 * @param reason which limit was in the way
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record BudgetRefusal(String budget, Charge requested, Charge remaining, Reason reason) {

  /** Checks every component. */
  public BudgetRefusal {
    Require.nonBlank(budget, "budget");
    Require.nonNull(requested, "requested");
    Require.nonNull(remaining, "remaining");
    Require.nonNull(reason, "reason");
  }

  /**
   * The limit that refused a reservation.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum Reason {
    /** Not enough tokens left. */
    TOKENS,
    /** Not enough money left. */
    COST,
    /** The budget's wall-clock deadline has passed. */
    DEADLINE
  }

  /**
   * The refusal in words, such as {@code the budget 'run' has 1200 tokens and $0.05 left but the
   * call may need 4096 tokens and $0.06}.
   */
  public String describe() {
    if (reason == Reason.DEADLINE) {
      return "the budget " + Require.quote(budget) + " is past its wall-clock deadline";
    }
    return "the budget "
        + Require.quote(budget)
        + " has "
        + amount(remaining)
        + " left but the call may need "
        + amount(requested);
  }

  static String amount(Charge charge) {
    String tokens =
        charge.tokens() == Long.MAX_VALUE ? "unlimited tokens" : charge.tokens() + " tokens";
    String usd =
        charge.costUsd().compareTo(HardBudget.NO_LIMIT_USD) >= 0
            ? "unlimited dollars"
            : "$" + charge.costUsd().toPlainString();
    return tokens + " and " + usd;
  }
}

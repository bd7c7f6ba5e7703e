package dev.darkfactory.core.cost;

import dev.darkfactory.api.budget.Charge;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Where one budget level keeps its numbers: in memory, or in a database shared by processes.
 * {@link HardBudget} calls every method under its tree's lock.
 */
interface Account {

  /**
   * Holds {@code amount} when what is spent, what is held and {@code amount} together fit in
   * {@code limits}; atomically, also against other processes sharing the account.
   *
   * @return a token naming the hold, or {@code null} when it does not fit
   */
  @Nullable Object hold(Charge amount, BudgetLimits limits);

  /** Replaces a hold with what the call really cost. */
  void settle(Object hold, Charge actual);

  /** Gives a hold back. */
  void release(Object hold);

  /** What is settled. */
  Charge spent();

  /** What is held by open reservations. */
  Charge held();

  /** Whether {@code used + amount} fits in {@code limits}. */
  static boolean fits(Charge used, Charge amount, BudgetLimits limits) {
    Long maxTokens = limits.maxTokens();
    if (maxTokens != null
        && (used.tokens() > maxTokens || amount.tokens() > maxTokens - used.tokens())) {
      return false;
    }
    BigDecimal maxCost = limits.maxCostUsd();
    return maxCost == null || used.costUsd().add(amount.costUsd()).compareTo(maxCost) <= 0;
  }

  /** {@code a - b}, which must not be negative. */
  static Charge minus(Charge a, Charge b) {
    return new Charge(a.tokens() - b.tokens(), a.costUsd().subtract(b.costUsd()));
  }

  /** An account in this process's memory. */
  final class InMemory implements Account {
    private Charge spent = Charge.ZERO;
    private Charge held = Charge.ZERO;

    @Override
    public @Nullable Object hold(Charge amount, BudgetLimits limits) {
      if (!fits(spent.plus(held), amount, limits)) {
        return null;
      }
      held = held.plus(amount);
      return amount;
    }

    @Override
    public void settle(Object hold, Charge actual) {
      held = minus(held, (Charge) hold);
      spent = spent.plus(actual);
    }

    @Override
    public void release(Object hold) {
      held = minus(held, (Charge) hold);
    }

    @Override
    public Charge spent() {
      return spent;
    }

    @Override
    public Charge held() {
      return held;
    }
  }
}

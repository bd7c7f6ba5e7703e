package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Charge;
import org.apiguardian.api.API;

/**
 * Hears what {@link HardBudget}s refuse, so the factory can emit {@code
 * FactoryEvent.BudgetExhausted} and route the attempt. Called after the budget's lock is
 * released, on the thread that asked; an exception a listener throws is logged and ignored.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface BudgetListener {

  /**
   * A reservation was refused; the call it was for must not be sent.
   *
   * @param refusal which budget refused, what was asked for and what it had left
   */
  void refused(BudgetRefusal refusal);

  /**
   * A call cost more than was reserved for it; the whole cost was counted as spent (and logged as
   * a warning). Does nothing unless overridden.
   *
   * @param budget the budget the reservation was made in
   * @param reserved what was reserved
   * @param actual what the call cost
   */
  default void overran(String budget, Charge reserved, Charge actual) {}
}

package dev.darkfactory.api.budget;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * Thrown instead of sending a model call whose reservation did not fit in a budget: the call was
 * not sent. The default agent ends the attempt with {@code LimitReached} ({@code TOKENS} or
 * {@code COST}, whichever part did not fit); the factory routes on that like on any limit.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class BudgetExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String budget;
  private final transient Charge requested;
  private final transient Charge remaining;

  /**
   * A refused reservation.
   *
   * @param budget the name of the budget that refused it
   * @param requested what the call would have reserved
   * @param remaining what the budget had left
   */
  public BudgetExceededException(String budget, Charge requested, Charge remaining) {
    super(
        "budget '"
            + Require.nonBlank(budget, "budget")
            + "' cannot hold the call: it needs "
            + describe(Require.nonNull(requested, "requested"))
            + " but "
            + describe(Require.nonNull(remaining, "remaining"))
            + " remain; the call was not sent");
    this.budget = budget;
    this.requested = requested;
    this.remaining = remaining;
  }

  private static String describe(Charge c) {
    return c.tokens() + " tokens and $" + c.costUsd().toPlainString();
  }

  /**
   * The budget that refused the call.
   *
   * @return its name
   */
  public String budget() {
    return budget;
  }

  /**
   * What the call would have reserved.
   *
   * @return the charge
   */
  public Charge requested() {
    return requested;
  }

  /**
   * What the budget had left.
   *
   * @return the charge
   */
  public Charge remaining() {
    return remaining;
  }

  /**
   * Whether money, not tokens, ran out: the requested cost did not fit while the tokens did.
   *
   * @return whether it was the money
   */
  public boolean moneyRanOut() {
    return requested.tokens() <= remaining.tokens()
        && requested.costUsd().compareTo(remaining.costUsd()) > 0;
  }
}

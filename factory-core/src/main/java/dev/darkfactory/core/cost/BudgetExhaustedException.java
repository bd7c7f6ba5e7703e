package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import org.apiguardian.api.API;

/**
 * A model call a budget refused: the request was never sent. Its {@link #kind()} is {@link
 * ModelException.Kind#REFUSED} (not retryable: the same call will not fit later in the same
 * budget), and {@link #refusal()} says which budget refused, what the call needed and what was
 * left, so the agent loop can end the attempt with a budget outcome and the factory can emit
 * {@code FactoryEvent.BudgetExhausted}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class BudgetExhaustedException extends ModelException {

  private static final long serialVersionUID = 1L;

  private final transient BudgetRefusal refusal;
  private final String model;

  /**
   * Creates the exception.
   *
   * @param refusal the budget's refusal
   * @param model the model the call was for
   */
  public BudgetExhaustedException(BudgetRefusal refusal, String model) {
    super(
        Kind.REFUSED,
        Require.nonNull(refusal, "refusal").describe()
            + "; the call to "
            + Require.quote(model)
            + " was not sent");
    this.refusal = refusal;
    this.model = model;
  }

  /** Which budget refused, what the call needed and what was left. */
  public BudgetRefusal refusal() {
    return refusal;
  }

  /** The model the refused call was for. */
  public String model() {
    return model;
  }
}

package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What the factory does with a spec whose spec, run or day budget refused a call of its agent
 * (see {@link Factory.Builder#onBudgetExhausted}).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum BudgetAction {
  /** Finish the spec as held for a human; nothing of the attempt is committed or evaluated. */
  HOLD,
  /** Finish the spec as rejected; nothing of the attempt is committed or evaluated. */
  REJECT,
  /**
   * Stop the factory and leave the spec unfinished: a later run (the next day, or with a larger
   * budget) runs the attempt again.
   */
  STOP,
  /** Go on as after any limit: commit what the attempt left and evaluate it. */
  CONTINUE
}

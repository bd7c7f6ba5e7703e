package dev.darkfactory.testkit.evaluation;

import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.evaluator.CommandEvaluator;

/**
 * The simple command evaluator keeps the evaluator contract, except the promise it documents it
 * does not keep: it does not restore protected paths (so the protected-path test is skipped).
 */
class CommandEvaluatorContractTest extends EvaluatorContract {

  @Override
  protected Evaluator evaluator() {
    return new CommandEvaluator();
  }

  @Override
  protected boolean restoresProtectedPaths() {
    return false;
  }
}

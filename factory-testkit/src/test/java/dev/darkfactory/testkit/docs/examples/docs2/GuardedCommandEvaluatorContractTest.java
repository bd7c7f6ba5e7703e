package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.testkit.evaluation.EvaluatorContract;

/** The example evaluator of {@code docs/writing-an-evaluator.md} keeps the evaluator contract. */
class GuardedCommandEvaluatorContractTest extends EvaluatorContract {
  @Override
  protected Evaluator evaluator() {
    return new GuardedCommandEvaluator();
  }
}

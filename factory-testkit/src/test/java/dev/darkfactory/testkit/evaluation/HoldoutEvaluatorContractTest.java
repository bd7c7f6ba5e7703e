package dev.darkfactory.testkit.evaluation;

import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.evaluator.HoldoutEvaluator;

/** The library's default evaluator keeps the evaluator contract (scripts in the unisolated sandbox). */
class HoldoutEvaluatorContractTest extends EvaluatorContract {

  @Override
  protected Evaluator evaluator() {
    return HoldoutEvaluator.builder().concurrency(2).build();
  }
}

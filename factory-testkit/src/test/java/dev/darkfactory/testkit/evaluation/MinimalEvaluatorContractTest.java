package dev.darkfactory.testkit.evaluation;

import dev.darkfactory.api.evaluation.Evaluator;

/** An evaluator written from the API's Javadoc alone keeps the whole contract. */
class MinimalEvaluatorContractTest extends EvaluatorContract {

  @Override
  protected Evaluator evaluator() {
    return new MinimalEvaluator(this::workingCopy, () -> repository().bare());
  }
}

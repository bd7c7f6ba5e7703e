package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.policy.BudgetPolicy;

/**
 * The budget policy keeps the merge policy contract as a part of a composition: it judges the
 * tokens spent, not the evaluation, and agrees to a merge of anything under its limit.
 */
class BudgetPolicyContractTest extends MergePolicyContract {

  @Override
  protected MergePolicy policy() {
    return BudgetPolicy.maxTokens(1_000_000, BudgetPolicy.OverLimit.HOLD);
  }

  @Override
  protected boolean judgesTheEvaluation() {
    return false;
  }
}

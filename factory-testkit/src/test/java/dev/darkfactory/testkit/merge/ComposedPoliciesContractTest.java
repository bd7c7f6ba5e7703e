package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.policy.BudgetPolicy;
import dev.darkfactory.evaluator.policy.MergePolicies;
import dev.darkfactory.evaluator.policy.RiskPolicy;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;

/**
 * The composition the docs recommend keeps the whole contract, judging the evaluation included,
 * although two of its parts alone do not judge it.
 */
class ComposedPoliciesContractTest extends MergePolicyContract {

  @Override
  protected MergePolicy policy() {
    return MergePolicies.allOf(
        ThresholdPolicy.lowerBoundAtLeast(0.5),
        RiskPolicy.builder().sensitivePaths(".github/**").maxLines(400).build(),
        BudgetPolicy.maxTokens(2_000_000, BudgetPolicy.OverLimit.HOLD));
  }
}

package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;

/** The satisfaction-threshold policy keeps the merge policy contract. */
class ThresholdPolicyContractTest extends MergePolicyContract {

  @Override
  protected MergePolicy policy() {
    return ThresholdPolicy.lowerBoundAtLeast(0.5);
  }
}

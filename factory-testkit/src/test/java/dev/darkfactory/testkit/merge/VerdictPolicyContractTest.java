package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.policy.VerdictPolicy;

/** The verdict-following default policy keeps the merge policy contract. */
class VerdictPolicyContractTest extends MergePolicyContract {

  @Override
  protected MergePolicy policy() {
    return VerdictPolicy.builder().minimumSatisfaction(0.5).build();
  }
}

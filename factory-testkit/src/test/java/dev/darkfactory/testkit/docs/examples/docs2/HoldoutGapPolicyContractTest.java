package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.testkit.merge.MergePolicyContract;

/** The example policy of {@code docs/writing-a-policy.md} keeps the merge policy contract. */
class HoldoutGapPolicyContractTest extends MergePolicyContract {
  @Override
  protected MergePolicy policy() {
    return new HoldoutGapPolicy();
  }
}

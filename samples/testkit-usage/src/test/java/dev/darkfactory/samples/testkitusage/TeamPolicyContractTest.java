package dev.darkfactory.samples.testkitusage;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.testkit.merge.MergePolicyContract;

/**
 * Step 1: the policy keeps every promise a merge policy makes (decides every context, the same way
 * each time, never throws, never merges FAIL, INVALID or SUSPECT). One class, no test code.
 */
class TeamPolicyContractTest extends MergePolicyContract {
  @Override
  protected MergePolicy policy() {
    return new TeamPolicy();
  }
}

package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.policy.RiskPolicy;

/**
 * The risk policy keeps the merge policy contract as a part of a composition: it judges the
 * change's paths, size and labels, not the evaluation, and agrees to a merge of anything not risky.
 */
class RiskPolicyContractTest extends MergePolicyContract {

  @Override
  protected MergePolicy policy() {
    return RiskPolicy.builder().sensitivePaths(".github/**").maxFiles(3).maxLines(500).holdLabels("security").build();
  }

  @Override
  protected boolean judgesTheEvaluation() {
    return false;
  }
}

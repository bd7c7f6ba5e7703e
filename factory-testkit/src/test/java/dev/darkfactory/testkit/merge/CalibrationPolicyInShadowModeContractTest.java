package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;
import dev.darkfactory.testkit.arbitraries.LedgerArbitraries;

/** The calibration policy in shadow mode (an empty ledger, so the gate is closed) keeps the contract. */
class CalibrationPolicyInShadowModeContractTest extends MergePolicyContract {

  @Override
  protected MergePolicy policy() {
    return CalibrationPolicy.builder(
            ThresholdPolicy.lowerBoundAtLeast(0.5), new InMemoryAlignmentLedger(), LedgerArbitraries.CONFIGURATION)
        .build();
  }
}

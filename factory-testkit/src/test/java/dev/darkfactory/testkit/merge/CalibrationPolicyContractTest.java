package dev.darkfactory.testkit.merge;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.calibration.AlignmentLedger;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;
import dev.darkfactory.testkit.arbitraries.LedgerArbitraries;
import java.util.List;

/**
 * The calibration policy keeps the merge policy contract with its gate open: a ledger filled with a
 * generated track record of 300 reviewed PASS decisions that humans all approved, so it really
 * merges; every decision it makes is recorded in that ledger as it goes.
 */
class CalibrationPolicyContractTest extends MergePolicyContract {

  private static final List<LedgerRecord> TRACK_RECORD =
      LedgerArbitraries.ledgers()
          .ofSize(300, 300)
          .reviewedShare(1)
          .agreementRate(1)
          .verdicts(Verdict.PASS)
          .sample();

  @Override
  protected MergePolicy policy() {
    AlignmentLedger ledger = new InMemoryAlignmentLedger();
    LedgerArbitraries.fill(ledger, TRACK_RECORD);
    CalibrationPolicy policy =
        CalibrationPolicy.builder(ThresholdPolicy.lowerBoundAtLeast(0.5), ledger, LedgerArbitraries.CONFIGURATION)
            .build();
    if (!policy.gateDecision().open()) {
      throw new IllegalStateException("the generated track record should open the gate: " + policy.gateDecision());
    }
    return policy;
  }
}

package dev.darkfactory.evaluator.policy;

import static dev.darkfactory.evaluator.policy.Contexts.HIGH;
import static dev.darkfactory.evaluator.policy.Contexts.context;
import static dev.darkfactory.evaluator.policy.Contexts.pass;
import static dev.darkfactory.evaluator.policy.Contexts.report;
import static dev.darkfactory.evaluator.policy.Contexts.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.evaluator.calibration.AlignmentLedger;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shadow mode until the gate opens, per configuration, with every decision in the ledger. */
class CalibrationPolicyTest {

  static final CalibrationConfiguration CONFIG =
      new CalibrationConfiguration("coder-1", "2026-10", "holdout/1", "threshold/1");
  static final CalibrationConfiguration UPGRADED =
      new CalibrationConfiguration("coder-2", "2026-11", "holdout/1", "threshold/1");
  static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

  final AlignmentLedger ledger = new InMemoryAlignmentLedger();

  CalibrationPolicy policy(CalibrationConfiguration configuration) {
    return CalibrationPolicy.builder(ThresholdPolicy.lowerBoundAtLeast(0.5), ledger, configuration).build();
  }

  /** {@code n} reviewed decisions of {@code configuration}: evaluator PASS, human APPROVE. */
  void trackRecord(CalibrationConfiguration configuration, int n) {
    for (int i = 0; i < n; i++) {
      Candidate c =
          new Candidate(SpecId.of("s" + i), 1, "factory/s" + i + "/attempt-1", CommitId.of(String.format("%040x", i + 1)), CommitId.of("b".repeat(40)));
      ledger.recordDecision(
          new LedgerRecord(c, "default", Set.of(), configuration, Verdict.PASS, 1.0, Action.HOLD, AT, List.of()));
      ledger.recordReview(c, new Review(HumanVerdict.APPROVE, "ada", "good", AT));
    }
  }

  @Test
  void withNoTrackRecordAPassIsHeldAndRecorded() {
    MergeDecision d = policy(CONFIG).decide(context(1, 3, pass(HIGH)));

    assertThat(d.action()).isEqualTo(Action.HOLD);
    assertThat(d.reasons().get(0)).startsWith("shadow mode: the calibration gate").contains("is closed");
    assertThat(d.reasons()).anyMatch(r -> r.startsWith("(the policy alone would MERGE) verdict PASS"));
    assertThat(ledger.records(LedgerFilter.ALL)).singleElement().satisfies(r -> {
      assertThat(r.policyAction()).isEqualTo(Action.HOLD);
      assertThat(r.evaluatorVerdict()).isEqualTo(Verdict.PASS);
      assertThat(r.configuration()).isEqualTo(CONFIG);
      assertThat(r.review()).isEmpty();
    });
  }

  @Test
  void anEarnedTrackRecordOpensTheGateAndAnUpgradeClosesItAgain() {
    trackRecord(CONFIG, 80);

    MergeDecision earned = policy(CONFIG).decide(context(1, 3, pass(HIGH)));
    MergeDecision upgraded = policy(UPGRADED).decide(context(2, 3, report(2, Verdict.PASS, HIGH, List.of(), scenario("a", true, Verdict.PASS))));

    assertThat(earned.action()).isEqualTo(Action.MERGE);
    assertThat(earned.reasons()).anyMatch(r -> r.contains("is open"));
    assertThat(upgraded.action()).isEqualTo(Action.HOLD);
    assertThat(upgraded.reasons().get(0)).contains(UPGRADED.id());
  }

  @Test
  void notEnoughReviewsKeepTheGateClosed() {
    trackRecord(CONFIG, 25);

    assertThat(policy(CONFIG).decide(context(1, 3, pass(HIGH))).action()).isEqualTo(Action.HOLD);
  }

  @Test
  void onlyMergesAreChangedAndADecisionIsRecordedOnce() {
    CalibrationPolicy p = policy(CONFIG);
    var failing = report(1, Verdict.FAIL, HIGH, List.of(), scenario("a", true, Verdict.FAIL));

    MergeDecision first = p.decide(context(1, 3, failing));
    MergeDecision again = p.decide(context(1, 3, failing));

    assertThat(first.action()).isEqualTo(Action.RETRY);
    assertThat(again.action()).isEqualTo(Action.RETRY);
    assertThat(ledger.records(LedgerFilter.ALL)).hasSize(1);
  }
}

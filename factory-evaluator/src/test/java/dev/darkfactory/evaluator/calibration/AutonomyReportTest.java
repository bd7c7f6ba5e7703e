package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.evaluator.CommandEvaluator;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which level a configured factory works at, and what the next level needs. */
class AutonomyReportTest {

  static final CalibrationConfiguration CONFIG =
      new CalibrationConfiguration("coder", "1", "holdout/1", "threshold/1");

  static Sandbox sandbox(boolean isolates) {
    return new Sandbox() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public SandboxHealth doctor() {
        return isolates
            ? new SandboxHealth(true, List.of("isolates"))
            : new SandboxHealth(false, List.of("no namespaces here"));
      }

      @Override
      public ExecResult exec(ExecRequest request) {
        throw new UnsupportedOperationException("not run in this test");
      }
    };
  }

  static List<WorkItem> items(boolean holdouts) {
    Scenario visible = Scenario.builder("v").title("v").check(CommandCheck.exitsZero("true")).build();
    Scenario hidden =
        Scenario.builder("h").title("h").visibility(Visibility.HOLDOUT).check(CommandCheck.exitsZero("true")).build();
    Spec spec = Spec.builder("s").title("s").goal("g").build();
    return List.of(new WorkItem(spec, holdouts ? ScenarioSet.of(visible, hidden) : ScenarioSet.of(visible)));
  }

  static AlignmentLedger ledgerWithTrackRecord(int reviewedPasses) {
    AlignmentLedger ledger = new InMemoryAlignmentLedger();
    Instant at = Instant.parse("2026-11-24T10:00:00Z");
    for (int i = 0; i < reviewedPasses; i++) {
      Candidate c =
          new Candidate(SpecId.of("s" + i), 1, "factory/s" + i + "/attempt-1", CommitId.of(String.format("%040x", i + 1)), CommitId.of("b".repeat(40)));
      ledger.recordDecision(new LedgerRecord(c, "default", Set.of(), CONFIG, Verdict.PASS, 1, Action.HOLD, at, List.of()));
      ledger.recordReview(c, new Review(HumanVerdict.APPROVE, "ada", "", at));
    }
    return ledger;
  }

  @Test
  void withoutSpecsItIsNotAFactory() {
    AutonomyReport r = AutonomyReport.assess(new AutonomyReport.Criteria(false, false, false, false, null, false));

    assertThat(r.level()).isEqualTo(AutonomyLevel.JUNIOR_DEVELOPER);
    assertThat(r.missing()).containsExactly("specs in: give the factory written specs");
  }

  @Test
  void specsGradedWithoutIsolatedHoldoutsMakeADeveloperWhoReviewsEveryLine() {
    AutonomyReport r =
        AutonomyReport.assess(items(true), new CommandEvaluator(), sandbox(true), ThresholdPolicy.lowerBoundAtLeast(0.5));

    assertThat(r.level()).isEqualTo(AutonomyLevel.DEVELOPER);
    assertThat(r.level().number()).isEqualTo(3);
    assertThat(r.missing())
        .containsExactly(
            "isolated holdout evaluation: grade with the HoldoutEvaluator in a sandbox that isolates",
            "tamper checks: keep the evaluator's tamper checks on");
  }

  @Test
  void isolatedHoldoutEvaluationWithoutACalibratedGateIsAnEngineeringTeam() {
    AutonomyReport noGate =
        AutonomyReport.assess(items(true), HoldoutEvaluator.builder().build(), sandbox(true), ThresholdPolicy.lowerBoundAtLeast(0.5));
    AutonomyReport closedGate =
        AutonomyReport.assess(
            items(true),
            HoldoutEvaluator.builder().build(),
            sandbox(true),
            CalibrationPolicy.builder(ThresholdPolicy.lowerBoundAtLeast(0.5), ledgerWithTrackRecord(30), CONFIG).build());

    assertThat(noGate.level()).isEqualTo(AutonomyLevel.ENGINEERING_TEAM);
    assertThat(noGate.missing()).anyMatch(m -> m.startsWith("a calibrated gate"));
    assertThat(closedGate.level()).isEqualTo(AutonomyLevel.ENGINEERING_TEAM);
    assertThat(closedGate.missing()).anyMatch(m -> m.startsWith("the calibration gate (") && m.contains("5%"));
  }

  @Test
  void anOpenCalibratedGateOverIsolatedHoldoutsIsADarkFactory() {
    AutonomyReport r =
        AutonomyReport.assess(
            items(true),
            HoldoutEvaluator.builder().build(),
            sandbox(true),
            CalibrationPolicy.builder(ThresholdPolicy.lowerBoundAtLeast(0.5), ledgerWithTrackRecord(80), CONFIG).build());

    assertThat(r.level()).isEqualTo(AutonomyLevel.DARK_FACTORY);
    assertThat(r.missing()).isEmpty();
    assertThat(r.describe()).startsWith("level 5, dark factory").contains("has: auto-merge on");
  }

  @Test
  void aSandboxThatCannotIsolateOrMissingHoldoutsOrTamperChecksDropTheLevel() {
    var gated = CalibrationPolicy.builder(ThresholdPolicy.lowerBoundAtLeast(0.5), ledgerWithTrackRecord(80), CONFIG).build();

    assertThat(AutonomyReport.assess(items(true), HoldoutEvaluator.builder().build(), sandbox(false), gated).level())
        .isEqualTo(AutonomyLevel.DEVELOPER);
    assertThat(AutonomyReport.assess(items(false), HoldoutEvaluator.builder().build(), sandbox(true), gated).missing())
        .containsExactly("holdout scenarios: write scenarios the coding agent never sees");
    assertThat(
            AutonomyReport.assess(items(true), HoldoutEvaluator.builder().tamperChecks(List.of()).build(), sandbox(true), gated)
                .level())
        .isEqualTo(AutonomyLevel.DEVELOPER);
  }
}

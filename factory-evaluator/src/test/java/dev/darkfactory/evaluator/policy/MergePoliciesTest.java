package dev.darkfactory.evaluator.policy;

import static dev.darkfactory.evaluator.policy.Contexts.HIGH;
import static dev.darkfactory.evaluator.policy.Contexts.WIDE;
import static dev.darkfactory.evaluator.policy.Contexts.context;
import static dev.darkfactory.evaluator.policy.Contexts.pass;
import static dev.darkfactory.evaluator.policy.Contexts.report;
import static dev.darkfactory.evaluator.policy.Contexts.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.workspace.FileChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default merge policies and their composition. */
class MergePoliciesTest {

  final ThresholdPolicy threshold = ThresholdPolicy.lowerBoundAtLeast(0.6);

  @Test
  void thresholdMergesAPassWhoseLowerBoundClearsIt() {
    MergeDecision d = threshold.decide(context(1, 3, pass(HIGH)));

    assertThat(d.action()).isEqualTo(Action.MERGE);
    assertThat(d.reasons().get(0)).contains("0.95 [0.80, 1.00]").contains("at or above 0.60");
  }

  @Test
  void thresholdRetriesAPassWithTooWideAnIntervalThenHoldsIt() {
    assertThat(threshold.decide(context(1, 3, pass(WIDE))).action()).isEqualTo(Action.RETRY);
    MergeDecision last = threshold.decide(context(3, 3, Contexts.report(3, Verdict.PASS, WIDE, List.of(), scenario("a", true, Verdict.PASS))));
    assertThat(last.action()).isEqualTo(Action.HOLD);
    assertThat(last.reasons().get(0)).contains("lower bound 0.40 (satisfaction 0.90 [0.40, 1.00]) is below the threshold 0.60");
  }

  @Test
  void thresholdRetriesAFailThenRejectsIt() {
    assertThat(threshold.decide(context(1, 2, report(1, Verdict.FAIL, WIDE, List.of(), scenario("a", true, Verdict.FAIL)))).action())
        .isEqualTo(Action.RETRY);
    MergeDecision last = threshold.decide(context(2, 2, report(2, Verdict.FAIL, WIDE, List.of(), scenario("a", true, Verdict.FAIL))));
    assertThat(last.action()).isEqualTo(Action.REJECT);
    assertThat(last.reasons()).anyMatch(r -> r.equals("scenario 'a' was FAIL (0 of 1 trials passed)"));
  }

  @Test
  void suspectIsHeldWithEverySignalAndNeverMerges() {
    MergeDecision d =
        threshold.decide(
            context(1, 3, report(1, Verdict.SUSPECT, HIGH, List.of("test-deleted: src/test/T.java: deleted"), scenario("a", true, Verdict.PASS))));

    assertThat(d.action()).isEqualTo(Action.HOLD);
    assertThat(d.reasons()).contains("tamper signal: test-deleted: src/test/T.java: deleted");
  }

  @Test
  void invalidIsRetriedThenHeldNeverMergedOrRejected() {
    var invalid = report(1, Verdict.INVALID, new dev.darkfactory.api.evaluation.Satisfaction(0, 0, 1, 0.95), List.of(), scenario("a", true, Verdict.INVALID));
    assertThat(threshold.decide(context(1, 3, invalid)).action()).isEqualTo(Action.RETRY);
    var lastInvalid = report(3, Verdict.INVALID, new dev.darkfactory.api.evaluation.Satisfaction(0, 0, 1, 0.95), List.of(), scenario("a", true, Verdict.INVALID));
    MergeDecision d = threshold.decide(context(3, 3, lastInvalid));
    assertThat(d.action()).isEqualTo(Action.HOLD);
    assertThat(d.reasons().get(0)).contains("not a verdict on the code").contains("the build tool is missing");
  }

  @Test
  void riskHoldsSensitivePathsProtectedPathsLargeChangesAndLabels() {
    RiskPolicy risk =
        RiskPolicy.builder().sensitivePaths(".github/**").maxFiles(2).maxLines(100).holdLabels("security").build();
    List<FileChange> workflow = List.of(new FileChange(".github/workflows/ci.yml", FileChange.Status.MODIFIED));
    List<FileChange> protectedOne = List.of(new FileChange("build.sh", FileChange.Status.MODIFIED));
    List<FileChange> three =
        List.of(
            new FileChange("a.java", FileChange.Status.ADDED),
            new FileChange("b.java", FileChange.Status.ADDED),
            new FileChange("c.java", FileChange.Status.ADDED));

    assertThat(risk.decide(context(1, 3, pass(HIGH), workflow, 3, Usage.ZERO)).reasons())
        .containsExactly("changes sensitive paths: [.github/workflows/ci.yml]");
    assertThat(risk.decide(context(1, 3, pass(HIGH), protectedOne, 3, Usage.ZERO)).action()).isEqualTo(Action.HOLD);
    assertThat(risk.decide(context(1, 3, pass(HIGH), three, 500, Usage.ZERO)).reasons())
        .containsExactly(
            "changes 3 files, more than the 2 allowed without review",
            "changes 500 lines, more than the 100 allowed without review");
    assertThat(RiskPolicy.builder().holdLabels("cli").build().decide(context(1, 3, pass(HIGH))).reasons())
        .containsExactly("the spec is labelled [cli], which always needs review");
    assertThat(risk.decide(context(1, 3, pass(HIGH))).action()).isEqualTo(Action.MERGE);
  }

  @Test
  void budgetHoldsOrRejectsASpecOverItsLimit() {
    var spentMuch = context(1, 3, pass(HIGH), List.of(), 1, Usage.of(900_000, 200_000));

    assertThat(BudgetPolicy.maxTokens(1_000_000, BudgetPolicy.OverLimit.HOLD).decide(spentMuch).action()).isEqualTo(Action.HOLD);
    assertThat(BudgetPolicy.maxTokens(1_000_000, BudgetPolicy.OverLimit.REJECT).decide(spentMuch).reasons())
        .containsExactly("spent 1100000 tokens, more than the 1000000 allowed");
    assertThat(BudgetPolicy.maxTokens(2_000_000, BudgetPolicy.OverLimit.REJECT).decide(spentMuch).action()).isEqualTo(Action.MERGE);
  }

  @Test
  void allOfTakesTheMostCautiousAnswerAndKeepsEveryReason() {
    MergePolicy all =
        MergePolicies.allOf(
            threshold,
            RiskPolicy.builder().maxLines(10).build(),
            BudgetPolicy.maxTokens(10, BudgetPolicy.OverLimit.REJECT));

    MergeDecision d = all.decide(context(1, 3, pass(HIGH), List.of(), 50, Usage.of(5, 1)));

    assertThat(d.action()).isEqualTo(Action.HOLD);
    assertThat(d.reasons().get(0)).isEqualTo("changes 50 lines, more than the 10 allowed without review");
    assertThat(d.reasons()).anyMatch(r -> r.startsWith("(MERGE) verdict PASS"));
    assertThat(d.reasons()).anyMatch(r -> r.startsWith("(MERGE) spent 6 of the 10 tokens"));
    assertThat(all.decide(context(1, 3, pass(HIGH), List.of(), 5, Usage.of(50, 1))).action()).isEqualTo(Action.REJECT);
    assertThat(all.decide(context(1, 3, pass(HIGH), List.of(), 5, Usage.of(5, 1))).action()).isEqualTo(Action.MERGE);
    assertThatThrownBy(MergePolicies::allOf).hasMessageContaining("at least one policy");
  }

  @Test
  void firstMatchLetsTheFirstApplicableRuleDecide() {
    MergePolicy policy =
        MergePolicies.when(c -> c.spec().labels().contains("docs"), ThresholdPolicy.lowerBoundAtLeast(0.1))
            .when(c -> c.spec().labels().contains("cli"), c -> MergeDecision.hold("cli changes need a look"))
            .otherwise(threshold);

    MergeDecision d = policy.decide(context(1, 3, pass(HIGH)));

    assertThat(d.action()).isEqualTo(Action.HOLD);
    assertThat(d.reasons()).containsExactly("rule 2 applies", "cli changes need a look");
    MergeDecision fallback =
        MergePolicies.when(c -> false, c -> MergeDecision.reject("never")).otherwise(threshold).decide(context(1, 3, pass(HIGH)));
    assertThat(fallback.action()).isEqualTo(Action.MERGE);
    assertThat(fallback.reasons().get(0)).isEqualTo("no rule applies; the fallback decides");
  }

  @Test
  void noCompositionOfTheDefaultsMergesASuspectOrInvalidCandidate() {
    List<MergePolicy> policies =
        List.of(
            threshold,
            MergePolicies.allOf(threshold, RiskPolicy.builder().build()),
            MergePolicies.allOf(RiskPolicy.builder().build(), BudgetPolicy.maxTokens(1_000, BudgetPolicy.OverLimit.HOLD), threshold),
            MergePolicies.when(c -> true, threshold).otherwise(threshold));
    for (Verdict v : List.of(Verdict.SUSPECT, Verdict.INVALID)) {
      for (int attempt = 1; attempt <= 3; attempt++) {
        var r = report(attempt, v, HIGH, v == Verdict.SUSPECT ? List.of("jvm-exit: Main.java: System.exit(0)") : List.of(), scenario("a", true, v == Verdict.SUSPECT ? Verdict.PASS : Verdict.INVALID));
        for (MergePolicy p : policies) {
          Action a = p.decide(context(attempt, 3, r)).action();
          assertThat(a).as("%s at attempt %d", v, attempt).isNotEqualTo(Action.MERGE);
          if (v == Verdict.INVALID) {
            assertThat(a).isNotEqualTo(Action.REJECT);
          }
        }
      }
    }
  }
}

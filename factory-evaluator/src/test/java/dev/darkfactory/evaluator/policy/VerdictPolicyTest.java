package dev.darkfactory.evaluator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictPolicyTest {

  private static final Spec SPEC =
      Spec.builder("greeting").title("Greet the user").goal("Print a greeting.").build();
  private static final Satisfaction HIGH = new Satisfaction(0.93, 0.8, 0.98, 0.95);
  private static final Satisfaction MIDDLE = new Satisfaction(0.5, 0.2, 0.8, 0.95);

  private final VerdictPolicy policy = VerdictPolicy.defaults();

  @Test
  void passMergesNamingTheSatisfaction() {
    MergeDecision decision =
        policy.decide(context(1, 3, report(1, Verdict.PASS, HIGH, pass("says-hello"))));

    assertThat(decision).isInstanceOf(MergeDecision.Merge.class);
    assertThat(decision.reasons())
        .containsExactly("evaluator verdict PASS with satisfaction 0.93 [0.80, 0.98]");
  }

  @Test
  void passWithAnOptionalFailureStillMergesAndSaysWhatFailed() {
    MergeDecision decision =
        policy.decide(
            context(
                1,
                3,
                report(
                    1,
                    Verdict.PASS,
                    MIDDLE,
                    pass("says-hello"),
                    fail(
                        "handles-unicode",
                        Visibility.HOLDOUT,
                        false,
                        "exit code was 1, expected 0"))));

    assertThat(decision.action()).isEqualTo(MergeDecision.Action.MERGE);
    assertThat(decision.reasons())
        .containsExactly(
            "evaluator verdict PASS with satisfaction 0.50 [0.20, 0.80]",
            "scenario 'handles-unicode' (holdout, optional) failed 1 of 1 trials: exit code was 1,"
                + " expected 0, which lowered satisfaction but does not block a merge");
  }

  @Test
  void failIsRetriedWhileAttemptsRemainNamingHoldoutsToo() {
    MergeDecision decision =
        policy.decide(
            context(
                1,
                3,
                report(
                    1,
                    Verdict.FAIL,
                    MIDDLE,
                    fail(
                        "says-hello",
                        Visibility.VISIBLE,
                        true,
                        "stdout was 'Hi', expected 'Hello'"),
                    fail("greets-by-name", Visibility.HOLDOUT, true, "timed out after 5s"),
                    pass("exits-cleanly"))));

    assertThat(decision).isInstanceOf(MergeDecision.Retry.class);
    assertThat(decision.reasons())
        .containsExactly(
            "evaluator verdict FAIL with satisfaction 0.50 [0.20, 0.80]; attempt 1 of 3, so"
                + " another attempt follows",
            "scenario 'says-hello' (visible, required) failed 1 of 1 trials: stdout was 'Hi',"
                + " expected 'Hello'",
            "scenario 'greets-by-name' (holdout, required) failed 1 of 1 trials: timed out after"
                + " 5s");
  }

  @Test
  void failOnTheLastAttemptIsRejected() {
    MergeDecision decision =
        policy.decide(
            context(
                3,
                3,
                report(
                    3,
                    Verdict.FAIL,
                    MIDDLE,
                    fail("greets-by-name", Visibility.HOLDOUT, true, ""))));

    assertThat(decision).isInstanceOf(MergeDecision.Reject.class);
    assertThat(decision.reasons())
        .containsExactly(
            "evaluator verdict FAIL with satisfaction 0.50 [0.20, 0.80]; attempt 3 of 3 was the"
                + " last",
            "scenario 'greets-by-name' (holdout, required) failed 1 of 1 trials");
  }

  @Test
  void failNamesAnInvalidScenarioAndFlakyTrialCounts() {
    ScenarioResult flaky =
        new ScenarioResult(
            ScenarioId.of("says-hello"),
            Visibility.VISIBLE,
            true,
            1,
            List.of(
                trial(1, Verdict.PASS, ""),
                trial(2, Verdict.FAIL, "race"),
                trial(3, Verdict.PASS, "")),
            Verdict.FAIL);
    ScenarioResult invalid =
        new ScenarioResult(
            ScenarioId.of("probes"),
            Visibility.HOLDOUT,
            false,
            1,
            List.of(trial(1, Verdict.INVALID, "network is off")),
            Verdict.INVALID);

    MergeDecision decision =
        policy.decide(context(1, 2, report(1, Verdict.FAIL, MIDDLE, flaky, invalid)));

    assertThat(decision.reasons())
        .containsExactly(
            "evaluator verdict FAIL with satisfaction 0.50 [0.20, 0.80]; attempt 1 of 2, so"
                + " another attempt follows",
            "scenario 'says-hello' (visible, required) failed 1 of 3 trials: race",
            "scenario 'probes' (holdout, optional) was INVALID: network is off");
  }

  @Test
  void suspectIsRejectedNamingEveryTamperSignalEvenWithAttemptsLeft() {
    EvaluationReport suspect =
        new EvaluationReport(
            candidate(1),
            Verdict.SUSPECT,
            HIGH,
            List.of(pass("says-hello")),
            List.of("test file GreetingTest.java was edited", "report written before the run"),
            List.of(),
            Usage.ZERO,
            Duration.ofSeconds(1));

    MergeDecision decision = policy.decide(context(1, 3, suspect));

    assertThat(decision).isInstanceOf(MergeDecision.Reject.class);
    assertThat(decision.reasons())
        .containsExactly(
            "evaluator verdict SUSPECT: the candidate shows signs of tampering, so it is rejected"
                + " whatever attempts remain",
            "tamper signal: test file GreetingTest.java was edited",
            "tamper signal: report written before the run");
  }

  @Test
  void invalidHoldsForAHumanNamingTheNotes() {
    EvaluationReport invalid =
        new EvaluationReport(
            candidate(2),
            Verdict.INVALID,
            new Satisfaction(0, 0, 1, 0.95),
            List.of(),
            List.of(),
            List.of("could not check out candidate", "sandbox unavailable"),
            Usage.ZERO,
            Duration.ofSeconds(1));

    MergeDecision decision = policy.decide(context(2, 3, invalid));

    assertThat(decision).isInstanceOf(MergeDecision.Hold.class);
    assertThat(decision.reasons())
        .containsExactly(
            "needs a human: evaluation was INVALID: could not check out candidate; sandbox"
                + " unavailable");
  }

  @Test
  void passBelowTheMinimumSatisfactionIsRetriedThenRejected() {
    VerdictPolicy strict = VerdictPolicy.builder().minimumSatisfaction(0.8).build();
    ScenarioResult optionalFailure =
        fail("handles-unicode", Visibility.HOLDOUT, false, "bad encoding");

    MergeDecision early =
        strict.decide(
            context(1, 2, report(1, Verdict.PASS, MIDDLE, pass("says-hello"), optionalFailure)));
    MergeDecision last =
        strict.decide(
            context(2, 2, report(2, Verdict.PASS, MIDDLE, pass("says-hello"), optionalFailure)));

    assertThat(early).isInstanceOf(MergeDecision.Retry.class);
    assertThat(early.reasons())
        .containsExactly(
            "evaluator verdict PASS but satisfaction 0.50 [0.20, 0.80] is below the minimum 0.80"
                + " for a merge; attempt 1 of 2, so another attempt follows",
            "scenario 'handles-unicode' (holdout, optional) failed 1 of 1 trials: bad encoding");
    assertThat(last).isInstanceOf(MergeDecision.Reject.class);
    assertThat(last.reasons().get(0))
        .isEqualTo(
            "evaluator verdict PASS but satisfaction 0.50 [0.20, 0.80] is below the minimum 0.80"
                + " for a merge; attempt 2 of 2 was the last");
  }

  @Test
  void passAtExactlyTheMinimumMerges() {
    VerdictPolicy strict = VerdictPolicy.builder().minimumSatisfaction(0.93).build();

    MergeDecision decision =
        strict.decide(context(1, 3, report(1, Verdict.PASS, HIGH, pass("says-hello"))));

    assertThat(decision.action()).isEqualTo(MergeDecision.Action.MERGE);
  }

  @Test
  void minimumSatisfactionMustBeAShare() {
    assertThat(VerdictPolicy.defaults().minimumSatisfaction()).isZero();
    assertThat(VerdictPolicy.builder().minimumSatisfaction(1).build().minimumSatisfaction())
        .isEqualTo(1);
    assertThatThrownBy(() -> VerdictPolicy.builder().minimumSatisfaction(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumSatisfaction must be between 0.0 and 1.0 but was 1.5");
    assertThatThrownBy(() -> VerdictPolicy.builder().minimumSatisfaction(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("minimumSatisfaction must be between");
    assertThat(VerdictPolicy.defaults()).hasToString("VerdictPolicy[minimumSatisfaction=0.0]");
  }

  // ---------------------------------------------------------------------------------------------

  private static Candidate candidate(int attempt) {
    SpecId id = SPEC.id();
    return new Candidate(
        id,
        attempt,
        Candidate.branchFor(id, attempt),
        CommitId.of(String.format("%040x", 100 + attempt)),
        CommitId.of("b".repeat(40)));
  }

  private static MergeContext context(int attempt, int maxAttempts, EvaluationReport report) {
    return new MergeContext(SPEC, candidate(attempt), report, maxAttempts, List.of());
  }

  private static EvaluationReport report(
      int attempt, Verdict verdict, Satisfaction satisfaction, ScenarioResult... results) {
    return new EvaluationReport(
        candidate(attempt),
        verdict,
        satisfaction,
        new ArrayList<>(List.of(results)),
        List.of(),
        List.of(),
        Usage.ZERO,
        Duration.ofSeconds(1));
  }

  private static TrialResult trial(int n, Verdict verdict, String detail) {
    return new TrialResult(n, verdict, detail, Duration.ofMillis(10));
  }

  private static ScenarioResult pass(String id) {
    return new ScenarioResult(
        ScenarioId.of(id),
        Visibility.VISIBLE,
        true,
        1,
        List.of(trial(1, Verdict.PASS, "exit code 0 and output as expected")),
        Verdict.PASS);
  }

  private static ScenarioResult fail(
      String id, Visibility visibility, boolean required, String detail) {
    return new ScenarioResult(
        ScenarioId.of(id),
        visibility,
        required,
        1,
        List.of(trial(1, Verdict.FAIL, detail)),
        Verdict.FAIL);
  }
}

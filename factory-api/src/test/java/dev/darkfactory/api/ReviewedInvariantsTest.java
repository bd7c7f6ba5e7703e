package dev.darkfactory.api;

import static dev.darkfactory.api.Fixtures.candidate;
import static dev.darkfactory.api.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The invariants a review of the API found unguarded, each tried against the value that broke it. */
class ReviewedInvariantsTest {

  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void aPassOverNoScenariosIsNotAReport() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new EvaluationReport(
                    candidate("greeting", 1), Verdict.PASS, Satisfaction.exact(1), List.of(),
                    List.of(), List.of(), Usage.ZERO, MS))
        .withMessage("verdict PASS needs at least one scenario; with none, the verdict is INVALID");
  }

  @Test
  void blankNotesAndTamperSignalsDoNotCount() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new EvaluationReport(
                    candidate("greeting", 1), Verdict.INVALID, Satisfaction.exact(0), List.of(),
                    List.of(), List.of(" "), Usage.ZERO, MS))
        .withMessageContaining("notes[0] must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new EvaluationReport(
                    candidate("greeting", 1), Verdict.SUSPECT, Satisfaction.exact(0), List.of(),
                    List.of(""), List.of(), Usage.ZERO, MS))
        .withMessageContaining("tamperSignals[0] must not be blank");
  }

  @Test
  void aScenarioCannotPassWhenNoneOfItsTrialsPassed() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ScenarioResult(
                    ScenarioId.of("s"), Visibility.HOLDOUT, true, 1.0,
                    List.of(new TrialResult(1, Verdict.FAIL, "", MS)), Verdict.PASS))
        .withMessage("verdict PASS for scenario s contradicts its trials, none of which passed");
  }

  @Test
  void feedbackIsOldestFirstWithOneEntryPerAttempt() {
    Spec spec = Spec.builder("greeting").title("Greet").goal("Greet.").build();
    RepositoryContext repo =
        new RepositoryContext("main", CommitId.of("a".repeat(40)), "factory/greeting/attempt-3");
    Feedback one = new Feedback(1, "", List.of(), 0, 1);
    Feedback two = new Feedback(2, "", List.of(), 1, 1);

    assertThat(new Assignment(spec, List.of(), repo, 3, List.of(one, two)).feedback())
        .containsExactly(one, two);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Assignment(spec, List.of(), repo, 3, List.of(two, one)))
        .withMessage("feedback must be oldest first, one entry per attempt, but attempt 1 follows attempt 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Assignment(spec, List.of(), repo, 3, List.of(one, one)))
        .withMessageContaining("attempt 1 follows attempt 1");
  }

  @Test
  void earlierReportsAreOfThisSpecsEarlierAttemptsInOrder() {
    Spec spec = Spec.builder("greeting").title("Greet").goal("Greet.").build();
    Candidate third = candidate("greeting", 3);
    EvaluationReport now = report(third, Verdict.FAIL, 0);
    EvaluationReport first = report(candidate("greeting", 1), Verdict.FAIL, 0);
    EvaluationReport second = report(candidate("greeting", 2), Verdict.FAIL, 0);

    assertThat(new MergeContext(spec, third, now, 3, List.of(first, second)).earlierReports())
        .hasSize(2);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MergeContext(spec, third, now, 3, List.of(second, first)))
        .withMessageContaining("attempt 1 follows attempt 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MergeContext(spec, third, now, 3, List.of(now)))
        .withMessageContaining("attempt 3 follows attempt 0 for attempt 3");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new MergeContext(
                    spec, third, now, 3, List.of(report(candidate("other", 1), Verdict.FAIL, 0))))
        .withMessageContaining("earlier report spec id must be 'greeting' but was 'other'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"API_KEY", "OPENAI_APIKEY", "TOKEN", "SECRET_KEY", "GH_PRIVATE_KEY", "DB_PASSWD", "CLOUDSDK_CONFIG"})
  void secretsWithoutTheUsualPrefixAreStillSecrets(String name) {
    assertThat(SandboxPolicy.isSecretName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES"})
  void dynamicLoaderVariablesNeverEnterASandbox(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SandboxPolicy.checkEnvironmentName(name))
        .withMessage("environment variable '" + name + "' changes how programs load and may not enter a sandbox");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A=B", "1ABC", "A B"})
  void environmentNamesMustBeShellNames(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SandboxPolicy.checkEnvironmentName(name))
        .withMessageContaining("environment variable name must be a shell variable name");
  }

  @Test
  void aNullInAVarargsFactoryIsNamed() {
    assertThatNullPointerException()
        .isThrownBy(() -> MergeDecision.merge("ok", null))
        .withMessage("reasons[1] must not be null");
  }

  @Test
  void chargesOfEqualAmountsAreEqualWhateverTheScale() {
    assertThat(new Charge(0, new BigDecimal("0.00"))).isEqualTo(Charge.ZERO);
    assertThat(new Charge(1, new BigDecimal("1.50"))).isEqualTo(new Charge(1, new BigDecimal("1.5")));
  }

  @Test
  void settlingWithNullDoesNotSpendTheReservation() {
    var budget = dev.darkfactory.api.budget.Budget.unlimited();
    var reservation = budget.tryReserve(Charge.tokens(10)).orElseThrow();

    assertThatNullPointerException().isThrownBy(() -> reservation.settle(null));
    reservation.settle(Charge.tokens(7));

    assertThat(budget.spent()).isEqualTo(Charge.tokens(7));
  }

  @Test
  void aDanglingSymbolicLinkCannotCarryAWriteOutOfTheWorkspace(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Files.createSymbolicLink(root.resolve("report.xml"), dir.resolve("outside/new.txt"));
    dev.darkfactory.api.workspace.Workspace ws = Fixtures.workspace(root);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ws.resolve("report.xml"))
        .withMessage("path 'report.xml' goes through a symbolic link whose target does not exist");
  }
}

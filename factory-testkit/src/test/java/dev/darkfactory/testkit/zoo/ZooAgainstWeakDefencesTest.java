package dev.darkfactory.testkit.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo against defences that do not hold: it must say so. A rubber-stamp evaluator lets the
 * cheaters merge; a sandbox that does not isolate lets the host attacks through. Both make the
 * zoo's assertions fail with messages naming the members and what they got.
 */
class ZooAgainstWeakDefencesTest {

  @TempDir Path dir;

  /** Passes every scenario without running anything. */
  private static final Evaluator RUBBER_STAMP =
      new Evaluator() {
        @Override
        public String name() {
          return "rubber-stamp";
        }

        @Override
        public EvaluationReport evaluate(
            Candidate candidate, WorkItem item, EvaluationContext context) {
          List<ScenarioResult> results =
              item.scenarios().scenarios().stream()
                  .map(
                      s ->
                          new ScenarioResult(
                              s.id(),
                              s.visibility(),
                              s.required(),
                              s.weight(),
                              List.of(new TrialResult(1, Verdict.PASS, "looks fine", Duration.ZERO)),
                              Verdict.PASS))
                  .toList();
          return new EvaluationReport(
              candidate,
              Verdict.PASS,
              new Satisfaction(1, 1, 1, 0.95),
              results,
              List.of(),
              List.of(),
              Usage.ZERO,
              Duration.ZERO);
        }
      };

  @Test
  void aRubberStampEvaluatorLetsCheatersMergeAndTheZooSaysWhich() throws Exception {
    ZooReport report =
        Zoo.builder()
            .members("honest", "edits-a-test", "pre-fills-reports")
            .evaluator(RUBBER_STAMP)
            .mergePolicy(VerdictPolicy.defaults())
            .sandbox(UnisolatedProcessSandbox.optIn("the evaluator, not the sandbox, is under test"))
            .run();

    assertThat(report.result("edits-a-test").actual()).isEqualTo(ZooOutcome.MERGED);
    assertThat(report.result("pre-fills-reports").actual()).isEqualTo(ZooOutcome.MERGED);
    // Each member started from the fixture's base: the zoo moved the target back after each merge.
    assertThat(report.result("honest").actual()).isEqualTo(ZooOutcome.MERGED);
    assertThat(report.cheatersThatGotThrough())
        .extracting(r -> r.member().name())
        .containsExactlyInAnyOrder("edits-a-test", "pre-fills-reports");
    ZooAssert.assertThat(report).honestMembersMerged().nothingEscaped();
    assertThatThrownBy(() -> ZooAssert.assertThat(report).noCheaterGotThrough())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected no cheater to be merged or to reach the host")
        .hasMessageContaining("but these got through:")
        .hasMessageContaining("edits-a-test: expected SUSPECT, was MERGED (NOT AS DOCUMENTED)")
        .hasMessageContaining("pre-fills-reports: expected SUSPECT, was MERGED")
        .hasMessageContaining("| member | expected | actual |");
    assertThatThrownBy(() -> ZooAssert.assertThat(report).everyMemberAsDocumented())
        .hasMessageContaining("Expected every member to end as documented")
        .hasMessageNotContaining("honest: expected");
    assertThatThrownBy(
            () -> ZooAssert.assertThat(report).memberEndedAs("edits-a-test", ZooOutcome.SUSPECT))
        .hasMessageContaining("Expected zoo member 'edits-a-test' to end SUSPECT")
        .hasMessageContaining("but it ended MERGED");
  }

  @Test
  void aSandboxThatDoesNotIsolateLetsTheHostAttacksThroughAndTheZooSeesIt() throws Exception {
    Path zoo = dir.resolve("zoo");

    ZooReport report =
        Zoo.builder()
            .members("reads-holdouts-from-host", "network", "rm-rf")
            .evaluator(HoldoutEvaluator.builder().build())
            .sandbox(UnisolatedProcessSandbox.optIn("to show the zoo notices a sandbox that does not isolate"))
            .directory(zoo)
            .run();

    assertThat(report.result("reads-holdouts-from-host").actual()).isEqualTo(ZooOutcome.ESCAPED);
    assertThat(report.result("reads-holdouts-from-host").hostEvidence())
        .anySatisfy(e -> assertThat(e).contains("by absolute path in the sandbox"));
    assertThat(report.result("network").actual()).isEqualTo(ZooOutcome.ESCAPED);
    assertThat(report.result("network").hostEvidence())
        .anySatisfy(e -> assertThat(e).contains("1 connection(s) reached the zoo's server"))
        .anySatisfy(e -> assertThat(e).contains("fetched the hidden tests"));
    assertThat(report.result("rm-rf").actual()).isEqualTo(ZooOutcome.ESCAPED);
    assertThat(report.result("rm-rf").hostEvidence())
        .anySatisfy(e -> assertThat(e).contains("rm-rf.sentinel was deleted"))
        .anySatisfy(e -> assertThat(e).contains("holdouts directory").contains("was deleted"));
    assertThat(zoo.resolve("host/rm-rf.sentinel")).doesNotExist();
    assertThat(report.result("rm-rf").resolution()).isEqualTo(Resolution.REJECTED);
    assertThatThrownBy(() -> ZooAssert.assertThat(report).nothingEscaped())
        .hasMessageContaining("Expected no member to reach the host")
        .hasMessageContaining("REACHED THE HOST")
        .hasMessageContaining("rm-rf: expected CONTAINED, was ESCAPED");
    assertThatThrownBy(() -> ZooAssert.assertThat(report).noCheaterGotThrough())
        .hasMessageContaining("network: expected CONTAINED, was ESCAPED");
    assertThat(Files.exists(zoo.resolve("run/git/repo.git"))).isTrue();
  }

  @Test
  void theOutcomeFollowsTheDocumentedPrecedence() {
    assertThat(ZooResult.classify(Resolution.MERGED, List.of(Verdict.PASS), List.of("read it")))
        .isEqualTo(ZooOutcome.ESCAPED);
    assertThat(ZooResult.classify(Resolution.MERGED, List.of(Verdict.SUSPECT), List.of()))
        .isEqualTo(ZooOutcome.MERGED);
    assertThat(ZooResult.classify(Resolution.HELD, List.of(), List.of()))
        .isEqualTo(ZooOutcome.CONTAINED);
    assertThat(ZooResult.classify(null, List.of(), List.of())).isEqualTo(ZooOutcome.CONTAINED);
    assertThat(ZooResult.classify(Resolution.REJECTED, List.of(Verdict.FAIL, Verdict.SUSPECT), List.of()))
        .isEqualTo(ZooOutcome.SUSPECT);
    assertThat(ZooResult.classify(Resolution.REJECTED, List.of(Verdict.INVALID, Verdict.FAIL), List.of()))
        .isEqualTo(ZooOutcome.FAIL);
    assertThat(ZooResult.classify(Resolution.HELD, List.of(Verdict.PASS), List.of()))
        .isEqualTo(ZooOutcome.PASSED_NOT_MERGED);
    assertThat(ZooResult.classify(Resolution.HELD, List.of(Verdict.INVALID), List.of()))
        .isEqualTo(ZooOutcome.INVALID);
  }

  @Test
  void anUnknownMemberOrATwiceAddedOneIsAClearError() {
    assertThatThrownBy(() -> Zoo.member("bribes-the-judge"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no zoo member 'bribes-the-judge'")
        .hasMessageContaining("honest");
    assertThatThrownBy(() -> Zoo.builder().members("honest", "honest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zoo member 'honest' was added twice");
    assertThatThrownBy(
            () -> new ZooMember("Bad Name", "d", ZooOutcome.FAIL, "x", host -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zoo-Bad Name");
  }
}

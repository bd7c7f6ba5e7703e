package dev.darkfactory.testkit.docs.examples.docs2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.calibration.AlignmentLedger;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.CalibrationGates;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import dev.darkfactory.evaluator.policy.MergePolicies;
import dev.darkfactory.evaluator.policy.RiskPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of {@code docs/writing-a-policy.md}: {@link HoldoutGapPolicy} deciding on
 * candidates the holdout evaluator graded in a real factory, and as a pure function of hand-built
 * contexts.
 */
class WritingAPolicyExampleTest {

  private static final SpecId HELLO = SpecId.of("hello");

  @TempDir Path dir;

  @Test
  void aPassThatMissedAnOptionalHoldoutIsHeldForAHuman() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, Map.of("README.md", "a target\n"))) {
      f.spec("hello", "hello.txt", "hello world", false);
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().write("hello.txt", "hullo\n").finish("wrote it"))
              .build();
      DirectoryWorkSource work = f.workSource();
      SqliteRunStore store = f.store();
      GitRepository repository = f.repository();
      Path state = f.state;
      Sandbox sandbox = ExampleFactory.sandbox();

      Factory factory =
          Factory.builder()
              .mergePolicy(
                  MergePolicies.allOf(
                      new HoldoutGapPolicy(), RiskPolicy.builder().maxLines(400).build()))
              .evaluator(HoldoutEvaluator.builder().build())
              .agent(agent)
              .workSource(work)
              .sandbox(sandbox)
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
              .store(store)
              .stateDirectory(state)
              .listener(f.events::add)
              .build();
      RunResult result = factory.runUntilIdle();

      assertThat(f.events(FactoryEvent.EvaluationFinished.class))
          .singleElement()
          .satisfies(e -> assertThat(e.report().verdict()).isEqualTo(Verdict.PASS));
      assertThat(f.events(FactoryEvent.DecisionMade.class))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.decision().action()).isEqualTo(MergeDecision.Action.HOLD);
                assertThat(e.decision().reasons().get(0))
                    .isEqualTo(
                        "the required scenarios passed but holdouts [hello-content] did not:"
                            + " the change may fit only the visible examples");
              });
      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.HELD));
      assertThat(f.repo.show("main", "hello.txt")).isEmpty();
    }
  }

  @Test
  void aPassWithEveryHoldoutPassedMerges() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, Map.of("README.md", "a target\n"))) {
      f.spec("hello", "hello.txt", "hello world", false);
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().write("hello.txt", "hello world\n").finish("wrote it"))
              .build();

      RunResult result =
          f.builder(
                  agent,
                  HoldoutEvaluator.builder().build(),
                  MergePolicies.allOf(new HoldoutGapPolicy(), RiskPolicy.builder().maxLines(400).build()),
                  ExampleFactory.sandbox())
              .build()
              .runUntilIdle();

      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
    }
  }

  @Test
  void theDecisionIsAPureFunctionOfTheContextAndNeverMergesSuspectOrInvalid() {
    HoldoutGapPolicy policy = new HoldoutGapPolicy();
    Spec spec = Spec.builder(HELLO).title("Write hello.txt").goal("Create hello.txt.").build();
    Candidate first = candidate(1);

    MergeContext missedHoldout =
        new MergeContext(spec, first, report(first, Verdict.PASS, Verdict.FAIL, List.of()), 3, List.of());
    assertThat(policy.decide(missedHoldout)).isEqualTo(policy.decide(missedHoldout));
    assertThat(policy.decide(missedHoldout).action()).isEqualTo(MergeDecision.Action.HOLD);

    MergeContext suspect =
        new MergeContext(
            spec, first, report(first, Verdict.SUSPECT, Verdict.PASS, List.of("test-modified: a.txt")), 3, List.of());
    assertThat(policy.decide(suspect))
        .isEqualTo(MergeDecision.reject("signs of tampering: test-modified: a.txt"));

    Candidate last = candidate(3);
    MergeContext failedLast =
        new MergeContext(spec, last, report(last, Verdict.FAIL, Verdict.FAIL, List.of()), 3, List.of());
    assertThat(policy.decide(failedLast).action()).isEqualTo(MergeDecision.Action.REJECT);
    MergeContext failedFirst =
        new MergeContext(spec, first, report(first, Verdict.FAIL, Verdict.FAIL, List.of()), 3, List.of());
    assertThat(policy.decide(failedFirst).action()).isEqualTo(MergeDecision.Action.RETRY);

    MergeContext invalid =
        new MergeContext(spec, first, report(first, Verdict.INVALID, Verdict.INVALID, List.of()), 3, List.of());
    assertThat(policy.decide(invalid))
        .isEqualTo(MergeDecision.hold("the evaluation could not decide: the sandbox could not start"));
  }

  @Test
  void inShadowModeAMergeTheRulesWouldMakeIsHeldAndEveryDecisionIsRecorded() {
    Spec spec = Spec.builder(HELLO).title("Write hello.txt").goal("Create hello.txt.").build();
    Candidate first = candidate(1);
    MergeContext allPassed =
        new MergeContext(spec, first, report(first, Verdict.PASS, Verdict.PASS, List.of()), 3, List.of());
    AlignmentLedger ledger = new InMemoryAlignmentLedger();

    MergePolicy policy =
        CalibrationPolicy.builder(
                MergePolicies.allOf(new HoldoutGapPolicy(), RiskPolicy.builder().maxLines(400).build()),
                ledger,
                new CalibrationConfiguration("coding-model", "2026-10", "holdout/1", "holdout-gap/1"))
            .gate(CalibrationGates.standard())
            .build();
    MergeDecision decision = policy.decide(allPassed);

    assertThat(decision.action()).isEqualTo(MergeDecision.Action.HOLD);
    assertThat(decision.reasons().get(0)).startsWith("shadow mode: the calibration gate");
    assertThat(decision.reasons())
        .contains("(the policy alone would MERGE) every required scenario and every holdout passed");
    assertThat(ledger.records(LedgerFilter.ALL))
        .singleElement()
        .satisfies(r -> assertThat(r.policyAction()).isEqualTo(MergeDecision.Action.HOLD));
  }

  private static Candidate candidate(int attempt) {
    return new Candidate(
        HELLO,
        attempt,
        Candidate.branchFor(HELLO, attempt),
        CommitId.of("a".repeat(39) + attempt),
        CommitId.of("b".repeat(40)));
  }

  /** A report with one required visible scenario that passed and one optional holdout. */
  private static EvaluationReport report(
      Candidate candidate, Verdict verdict, Verdict holdout, List<String> signals) {
    Verdict visible = verdict == Verdict.FAIL ? Verdict.FAIL : Verdict.PASS;
    List<ScenarioResult> scenarios =
        List.of(
            scenario("hello-exists", Visibility.VISIBLE, true, visible),
            scenario("hello-content", Visibility.HOLDOUT, false, holdout));
    List<String> notes =
        verdict == Verdict.INVALID ? List.of("the sandbox could not start") : List.of();
    return new EvaluationReport(
        candidate, verdict, Satisfaction.exact(0.5), scenarios, signals, notes, Usage.ZERO, Duration.ZERO);
  }

  private static ScenarioResult scenario(
      String id, Visibility visibility, boolean required, Verdict verdict) {
    return new ScenarioResult(
        ScenarioId.of(id),
        visibility,
        required,
        1.0,
        List.of(new TrialResult(1, verdict, "", Duration.ZERO)),
        verdict);
  }
}

package dev.darkfactory.evaluator;

import static dev.darkfactory.evaluator.EvaluatorFixture.DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.evaluator.runner.ScenarioRunner;
import dev.darkfactory.evaluator.runner.TrialContext;
import dev.darkfactory.evaluator.runner.TrialOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holdout evaluator on a real repository, with real checkouts and the real sandbox. */
class HoldoutEvaluatorTest {

  /** A check kind for runners written in the test. */
  record Probe(String name) implements Check {
    @Override
    public String kind() {
      return "probe";
    }
  }

  /** A runner whose behaviour each test sets; records what it saw. */
  static final class ProbeRunner implements ScenarioRunner {
    final Set<String> holdoutPaths;
    final boolean needsEvidence;
    final Function<TrialContext, TrialOutcome> behaviour;
    final List<TrialContext> seen = new CopyOnWriteArrayList<>();

    ProbeRunner(Set<String> holdoutPaths, boolean needsEvidence, Function<TrialContext, TrialOutcome> behaviour) {
      this.holdoutPaths = holdoutPaths;
      this.needsEvidence = needsEvidence;
      this.behaviour = behaviour;
    }

    @Override
    public String kind() {
      return "probe";
    }

    @Override
    public Set<String> holdoutPaths(Scenario scenario) {
      return holdoutPaths;
    }

    @Override
    public boolean needsEvidence(Scenario scenario) {
      return needsEvidence;
    }

    @Override
    public TrialOutcome run(TrialContext trial) {
      seen.add(trial);
      return behaviour.apply(trial);
    }
  }

  @TempDir Path dir;
  EvaluatorFixture repo;
  Sandbox sandbox;

  static final Spec SPEC =
      Spec.builder("greeting")
          .title("Greeting")
          .goal("Print a greeting.")
          .protectedPaths("tests/**")
          .build();

  @BeforeEach
  void createRepository() throws Exception {
    sandbox = EvaluatorFixture.bubblewrap(dir.resolve("sandbox-output"));
    repo =
        new EvaluatorFixture(
            dir,
            Map.of(
                "greet.sh", "#!/bin/sh\necho 'Hello'\n",
                "tests/check.sh", "#!/bin/sh\n[ \"$(sh greet.sh)\" = 'Hello, world!' ]\n"));
  }

  static Scenario command(String id, Visibility visibility, String... command) {
    return Scenario.builder(id)
        .title(id)
        .visibility(visibility)
        .timeout(Duration.ofSeconds(30))
        .check(new CommandCheck(List.of(command), 0, List.of(), List.of()))
        .build();
  }

  static Scenario probe(String id, int trials) {
    return Scenario.builder(id)
        .title(id)
        .visibility(Visibility.HOLDOUT)
        .trials(trials)
        .timeout(Duration.ofSeconds(30))
        .check(new Probe(id))
        .build();
  }

  EvaluationReport evaluate(HoldoutEvaluator evaluator, Candidate candidate, Scenario... scenarios)
      throws Exception {
    try (GitEvaluationContext context = repo.context(sandbox)) {
      EvaluationReport report = evaluator.evaluate(candidate, new WorkItem(SPEC, ScenarioSet.of(scenarios)), context);
      lastResults = context.resultsDirectory();
      return report;
    }
  }

  Path lastResults;

  @Test
  void aCorrectChangePassesAndTheReportFilesAreWritten() throws Exception {
    Candidate fixed = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    Scenario visible =
        Scenario.builder("prints")
            .title("prints")
            .timeout(Duration.ofSeconds(30))
            .check(
                new CommandCheck(
                    List.of("sh", "greet.sh"), 0, List.of(new OutputMatcher.Contains("Hello")), List.of()))
            .build();

    EvaluationReport report =
        evaluate(
            HoldoutEvaluator.builder().build(),
            fixed,
            visible,
            command("holdout-check", Visibility.HOLDOUT, "sh", "tests/check.sh"));

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.scenarios()).extracting(ScenarioResult::verdict).containsOnly(Verdict.PASS);
    assertThat(report.satisfaction().score()).isEqualTo(1.0);
    JsonNode json = EvaluationReports.read(lastResults.resolve("evaluation.json"));
    assertThat(json.get("schema").asText()).isEqualTo("dark-factory/evaluation/1");
    assertThat(json.get("report").get("verdict").asText()).isEqualTo("PASS");
    assertThat(json.get("scenarioStatistics").get(1).get("passAtK").get("1").asDouble()).isEqualTo(1.0);
    assertThat(lastResults.resolve("evaluation.md")).content().contains("verdict: **PASS**");
    assertThat(lastResults.resolve("scenarios/prints/trial-1/stdout.txt")).content().contains("Hello, world!");
  }

  @Test
  void noChangeFails() throws Exception {
    Candidate unchanged = repo.candidate(1, Map.of("notes.txt", "nothing useful\n"));

    EvaluationReport report =
        evaluate(
            HoldoutEvaluator.builder().build(),
            unchanged,
            command("holdout-check", Visibility.HOLDOUT, "sh", "tests/check.sh"));

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.scenarios().get(0).trials().get(0).detail()).contains("exit code was 1, expected 0");
  }

  @Test
  void aProtectedTestTheCandidateRewroteIsRestoredFromTheBaseBeforeItRuns() throws Exception {
    Candidate cheat =
        repo.candidate(1, Map.of("tests/check.sh", "#!/bin/sh\nexit 0\n", "tests/extra.sh", "exit 0\n"));
    ProbeRunner probe =
        new ProbeRunner(
            Set.of(),
            false,
            t -> {
              try {
                String check = Files.readString(t.workspace().resolve("tests/check.sh"));
                boolean extra = Files.exists(t.workspace().resolve("tests/extra.sh"));
                return check.contains("Hello, world!") && !extra
                    ? TrialOutcome.pass("restored")
                    : TrialOutcome.fail("not restored: " + check + " extra=" + extra);
              } catch (java.io.IOException e) {
                return TrialOutcome.invalid(e.toString());
              }
            });

    EvaluationReport report =
        evaluate(
            HoldoutEvaluator.builder().runner(probe).build(),
            cheat,
            probe("sees-the-base-test", 1),
            command("holdout-check", Visibility.HOLDOUT, "sh", "tests/check.sh"));

    assertThat(report.scenarios().get(0).verdict()).as(report.scenarios().get(0).toString()).isEqualTo(Verdict.PASS);
    assertThat(report.scenarios().get(1).verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.verdict()).isIn(Verdict.FAIL, Verdict.SUSPECT);
  }

  @Test
  void filesThecandidatePlantedAtHoldoutPathsAreGoneAndThosePathsAreReadOnly() throws Exception {
    Candidate planted =
        repo.candidate(1, Map.of("hidden/expected.txt", "forged\n", "greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    ProbeRunner probe =
        new ProbeRunner(
            Set.of("hidden/expected.txt"),
            false,
            t ->
                !Files.exists(t.workspace().resolve("hidden/expected.txt"))
                        && t.policy().readOnlyPaths().contains("hidden/expected.txt")
                        && t.policy().readOnlyPaths().contains("tests/**")
                    ? TrialOutcome.pass("clean")
                    : TrialOutcome.fail("planted file still there or path writable"));

    EvaluationReport report =
        evaluate(HoldoutEvaluator.builder().runner(probe).build(), planted, probe("hidden", 1));

    assertThat(report.scenarios().get(0).verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void trialsRunInTheirOwnCheckoutsAndMixedResultsMakeAFlakyFailure() throws Exception {
    Candidate c = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    ProbeRunner probe =
        new ProbeRunner(
            Set.of(),
            false,
            t -> {
              try {
                Files.writeString(t.workspace().resolve("scratch.txt"), "trial " + t.trial());
              } catch (java.io.IOException e) {
                return TrialOutcome.invalid(e.toString());
              }
              return t.trial() == 2 ? TrialOutcome.fail("unlucky") : TrialOutcome.pass("fine");
            });

    EvaluationReport report =
        evaluate(HoldoutEvaluator.builder().runner(probe).concurrency(3).build(), c, probe("flaky", 3));

    ScenarioResult r = report.scenarios().get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.flaky()).isTrue();
    assertThat(r.passed()).isEqualTo(2);
    assertThat(report.notes()).anyMatch(n -> n.contains("'flaky' is flaky: 2 of 3 trials passed"));
    assertThat(probe.seen).extracting(TrialContext::workspace).doesNotHaveDuplicates();
    assertThat(probe.seen).extracting(TrialContext::evidenceDirectory).doesNotHaveDuplicates();
  }

  @Test
  void aRequiredScenarioWithNoRunnerIsInvalidWithANote() throws Exception {
    Candidate c = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    Scenario judged =
        Scenario.builder("judged")
            .title("judged")
            .visibility(Visibility.HOLDOUT)
            .check(new ModelJudgeCheck("Is it polite?", 1, null))
            .build();

    EvaluationReport report = evaluate(HoldoutEvaluator.builder().build(), c, judged);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes())
        .anyMatch(n -> n.contains("required scenario 'judged' was INVALID: no runner for scenario kind 'model-judge'"));
  }

  @Test
  void scenariosThatNeedEvidenceRunLastAndSeeTheOthersResults() throws Exception {
    Candidate c = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    ProbeRunner judge =
        new ProbeRunner(
            Set.of(),
            true,
            t ->
                t.evidence().size() == 1 && t.evidence().get(0).verdict() == Verdict.PASS
                    ? new TrialOutcome(Verdict.PASS, "saw the evidence", List.of(), Usage.of(100, 20))
                    : TrialOutcome.fail("no evidence: " + t.evidence()));

    EvaluationReport report =
        evaluate(
            HoldoutEvaluator.builder().runner(judge).build(),
            c,
            probe("judge", 1),
            command("holdout-check", Visibility.HOLDOUT, "sh", "tests/check.sh"));

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.usage()).isEqualTo(Usage.of(100, 20));
    assertThat(report.scenarios()).extracting(r -> r.id().value()).containsExactly("judge", "holdout-check");
    assertThat(judge.seen.get(0).diff()).contains("+echo 'Hello, world!'");
  }

  @Test
  void tamperSignalsFromARunnerMakeTheVerdictSuspectEvenWhenEverythingPasses() throws Exception {
    Candidate c = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    ProbeRunner forged =
        new ProbeRunner(
            Set.of(), false, t -> TrialOutcome.pass("green").withTamperSignal("forged-report: reports/TEST-x.xml predates the run"));

    EvaluationReport report = evaluate(HoldoutEvaluator.builder().runner(forged).build(), c, probe("p", 1));

    assertThat(report.verdict()).isEqualTo(Verdict.SUSPECT);
    assertThat(report.tamperSignals())
        .containsExactly("scenario p trial 1: forged-report: reports/TEST-x.xml predates the run");
  }

  @Test
  void aTrialThatNeverEndsIsStoppedAndInvalid() throws Exception {
    Candidate c = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    ProbeRunner stuck =
        new ProbeRunner(
            Set.of(),
            false,
            t -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                interrupted.incrementAndGet();
              }
              return TrialOutcome.pass("woke");
            });
    Scenario quick =
        Scenario.builder("stuck").title("stuck").visibility(Visibility.HOLDOUT)
            .timeout(Duration.ofMillis(200)).check(new Probe("stuck")).build();

    EvaluationReport report =
        evaluate(HoldoutEvaluator.builder().runner(stuck).trialGrace(Duration.ofMillis(200)).build(), c, quick);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.scenarios().get(0).trials().get(0).detail()).startsWith("did not finish within");
  }

  @Test
  void aCachedVerdictIsReusedOnlyForTheSameTreeBaseAndHoldouts() throws Exception {
    Candidate first = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    Candidate sameTree = repo.candidate(2, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    Candidate changed = repo.candidate(3, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!' \n"));
    AtomicInteger runs = new AtomicInteger();
    ProbeRunner counting = new ProbeRunner(Set.of(), false, t -> { runs.incrementAndGet(); return TrialOutcome.pass("ran"); });
    HoldoutEvaluator evaluator =
        HoldoutEvaluator.builder().runner(counting).cache(EvaluationCache.inDirectory(dir.resolve("cache"))).build();

    EvaluationReport a = evaluate(evaluator, first, probe("p", 1));
    EvaluationReport b = evaluate(evaluator, sameTree, probe("p", 1));
    EvaluationReport c = evaluate(evaluator, changed, probe("p", 1));
    EvaluationReport d = evaluate(evaluator, sameTree, probe("p", 2));

    assertThat(runs.get()).isEqualTo(1 + 1 + 2);
    assertThat(b.candidate()).isEqualTo(sameTree);
    assertThat(b.verdict()).isEqualTo(a.verdict());
    assertThat(b.notes()).anyMatch(n -> n.startsWith("reused the result of an identical evaluation"));
    assertThat(c.notes()).noneMatch(n -> n.startsWith("reused"));
    assertThat(d.notes()).noneMatch(n -> n.startsWith("reused"));
  }

  @Test
  void validationFindsHoldoutsThatTestNothingAndQuarantinesFlakyOnes() throws Exception {
    ProbeRunner onBase =
        new ProbeRunner(
            Set.of(),
            false,
            t -> switch (((Probe) t.scenario().check()).name()) {
              case "already-passes" -> TrialOutcome.pass("passes on base");
              case "flaky" -> t.trial() % 2 == 0 ? TrialOutcome.pass("ok") : TrialOutcome.fail("no");
              default -> TrialOutcome.fail("fails on base, as new behaviour should");
            });
    HoldoutEvaluator evaluator = HoldoutEvaluator.builder().runner(onBase).build();
    WorkItem item =
        new WorkItem(
            SPEC,
            ScenarioSet.of(probe("already-passes", 1), probe("flaky", 1), probe("good", 1),
                command("visible", Visibility.VISIBLE, "true")));

    HoldoutValidation validation;
    try (GitEvaluationContext context = repo.context(sandbox)) {
      validation = evaluator.validate(item, repo.base, context, 4);
    }

    assertThat(validation.findings())
        .extracting(f -> f.id().value() + "=" + f.status())
        .containsExactly("already-passes=PASSES_ON_BASE", "flaky=FLAKY", "good=OK");
    assertThat(validation.quarantined()).extracting(id -> id.value()).containsExactly("flaky");
    assertThat(onBase.seen).hasSize(12);

    Candidate c = repo.candidate(1, Map.of("greet.sh", "#!/bin/sh\necho 'Hello, world!'\n"));
    ProbeRunner counting = new ProbeRunner(Set.of(), false, t -> TrialOutcome.pass("fine"));
    EvaluationReport report =
        evaluate(
            HoldoutEvaluator.builder().runner(counting).quarantine(validation.quarantined()).build(),
            c,
            probe("flaky", 1),
            probe("good", 1));
    assertThat(report.scenarios()).extracting(r -> r.id().value()).containsExactly("good");
    assertThat(report.notes()).anyMatch(n -> n.contains("'flaky' is quarantined"));
  }

  @Test
  void deletingTheTestsTheHoldoutNeedsDoesNotHelp() throws Exception {
    Candidate deleted = repo.candidate(1, Map.of("tests/check.sh", DELETE, "greet.sh", "#!/bin/sh\necho hi\n"));

    EvaluationReport report =
        evaluate(
            HoldoutEvaluator.builder().build(),
            deleted,
            command("holdout-check", Visibility.HOLDOUT, "sh", "tests/check.sh"));

    assertThat(report.scenarios().get(0).verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.verdict()).isIn(Verdict.FAIL, Verdict.SUSPECT);
  }
}

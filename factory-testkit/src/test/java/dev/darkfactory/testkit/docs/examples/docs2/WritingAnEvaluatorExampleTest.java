package dev.darkfactory.testkit.docs.examples.docs2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of {@code docs/writing-an-evaluator.md}: {@link GuardedCommandEvaluator} grading
 * scripted agents' candidates in a real factory, on real git, with the real sandbox.
 */
class WritingAnEvaluatorExampleTest {

  private static final SpecId HELLO = SpecId.of("hello");
  private static final Map<String, String> BASE =
      Map.of("README.md", "a target\n", "check.sh", "#!/bin/sh\ntest \"$(cat hello.txt)\" = 'hello world'\n");

  @TempDir Path dir;

  @Test
  void anHonestCandidatePassesEveryScenarioAndMerges() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, BASE)) {
      f.spec("hello", "hello.txt", "hello world", true, "check.sh");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().write("hello.txt", "hello world\n").finish("wrote it"))
              .build();
      DirectoryWorkSource work = f.workSource();
      SqliteRunStore store = f.store();
      GitRepository repository = f.repository();
      Path state = f.state;
      Sandbox sandbox = ExampleFactory.sandbox();

      Factory factory =
          Factory.builder()
              .evaluator(new GuardedCommandEvaluator())
              .agent(agent)
              .workSource(work)
              .sandbox(sandbox)
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
              .store(store)
              .stateDirectory(state)
              .listener(f.events::add)
              .build();
      RunResult result = factory.runUntilIdle();

      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      EvaluationReport report = onlyReport(f);
      assertThat(report.verdict()).isEqualTo(Verdict.PASS);
      assertThat(report.scenarios())
          .extracting(ScenarioResult::id)
          .extracting(id -> id.value())
          .containsExactly("hello-exists", "hello-content");
      assertThat(report.satisfaction().score()).isEqualTo(1.0);
      assertThat(report.satisfaction().lower()).isLessThan(1.0);
      assertThat(f.events(FactoryEvent.EvaluationStarted.class))
          .singleElement()
          .satisfies(e -> assertThat(e.evaluator()).isEqualTo("guarded-command"));
    }
  }

  @Test
  void aCandidateThatChangesAProtectedPathIsSuspectAndNoScenarioRuns() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, BASE)) {
      f.spec("hello", "hello.txt", "hello world", true, "check.sh");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(
                  HELLO,
                  1,
                  Script.steps()
                      .write("hello.txt", "hullo\n")
                      .write("check.sh", "#!/bin/sh\nexit 0\n")
                      .finish("made the check pass"))
              .build();

      RunResult result =
          f.builder(agent, new GuardedCommandEvaluator(), VerdictPolicy.defaults(), ExampleFactory.sandbox())
              .build()
              .runUntilIdle();

      EvaluationReport report = onlyReport(f);
      assertThat(report.verdict()).isEqualTo(Verdict.SUSPECT);
      assertThat(report.tamperSignals()).containsExactly("protected-path: the candidate modified check.sh");
      assertThat(report.scenarios())
          .extracting(r -> r.verdict() + " " + r.trials().get(0).detail())
          .containsOnly("INVALID not run: the candidate changed protected paths")
          .hasSize(2);
      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.REJECTED));
      assertThat(f.repo.show("main", "hello.txt")).isEmpty();
    }
  }

  @Test
  void aWrongAnswerFailsTheHoldoutWithWhatDifferedInTheTrialDetail() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, BASE)) {
      f.spec("hello", "hello.txt", "hello world", true, "check.sh");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().write("hello.txt", "hullo\n").finish("wrote it"))
              .build();

      RunResult result =
          f.builder(agent, new GuardedCommandEvaluator(), VerdictPolicy.defaults(), ExampleFactory.sandbox())
              .maxAttempts(1)
              .build()
              .runUntilIdle();

      EvaluationReport report = onlyReport(f);
      assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(report.scenarios())
          .filteredOn(r -> r.id().value().equals("hello-content"))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
                assertThat(r.trials().get(0).detail()).contains("stdout").contains("hullo");
              });
      assertThat(report.satisfaction().score()).isEqualTo(0.5);
      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.REJECTED));
    }
  }

  private static EvaluationReport onlyReport(ExampleFactory f) {
    assertThat(f.events(FactoryEvent.EvaluationFinished.class)).hasSize(1);
    return f.events(FactoryEvent.EvaluationFinished.class).get(0).report();
  }
}

package dev.darkfactory.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same agent, evaluator and merge policy objects, configured the same way, run a queue on the
 * embedded loop and on Temporal: only the engine changes, and so nothing else does. Both journals
 * hold the same steps in the same order, and both target branches end with the same files.
 */
class SameFactoryBothEnginesTest {

  private static final SpecId HELLO = SpecId.of("hello");
  private static final SpecId BYE = SpecId.of("bye");

  @TempDir Path dir;

  @Test
  void theEmbeddedLoopAndTemporalDoTheSameStepsWithTheSameObjects() throws Exception {
    // Attempt 1 of hello fails its holdout and is retried with feedback; bye merges at once.
    Agent agent =
        ScriptedAgent.builder()
            .on(HELLO, 1, TemporalFixture.writes("hello", "hello wrld"))
            .on(HELLO, 2, TemporalFixture.writes("hello", "hello world"))
            .on(BYE, 1, TemporalFixture.writes("bye", "goodbye"))
            .build();
    Evaluator evaluator = HoldoutEvaluator.builder().build();
    MergePolicy policy = VerdictPolicy.defaults();

    List<List<Step.Kind>> embedded;
    String embeddedTree;
    try (TemporalFixture f = world(dir.resolve("embedded"))) {
      Factory factory = f.factory(agent, "embedded", b -> b.evaluator(evaluator).mergePolicy(policy), i -> i);
      RunResult result = factory.runUntilIdle();
      assertThat(result.count(Resolution.MERGED)).isEqualTo(2);
      embedded = journals(f.store(), factory);
      embeddedTree = f.git("ls-tree", "-r", "--format=%(objectname) %(path)", TemporalFixture.TARGET);
    }

    try (TemporalFixture f = world(dir.resolve("temporal"));
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Factory factory = f.factory(agent, "temporal", b -> b.evaluator(evaluator).mergePolicy(policy), i -> i);
      Worker worker = env.newWorker("q", WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1).build());
      try (Factory.Steps steps = factory.steps()) {
        FactoryWorker.register(worker, steps);
        env.start();
        TemporalRun run =
            TemporalFactory.builder()
                .client(env.getWorkflowClient())
                .factory(factory)
                .taskQueue("q")
                // One spec at a time, as one embedded factory works; with more in flight their
                // merges could race and the journals differ by a rebase.
                .maxInFlight(1)
                .settings(SpecTask.Settings.defaults().withRetryInterval(Duration.ofMillis(100)))
                .build()
                .runUntilIdle();
        assertThat(run.count(Resolution.MERGED)).isEqualTo(2);
        assertThat(journals(f.store(), factory)).isEqualTo(embedded);
        assertThat(f.git("ls-tree", "-r", "--format=%(objectname) %(path)", TemporalFixture.TARGET)).isEqualTo(embeddedTree);
      }
    }
    assertThat(embedded.get(0)).contains(Step.Kind.EVALUATED, Step.Kind.DECIDED, Step.Kind.ATTEMPT_STARTED).filteredOn(k -> k == Step.Kind.ATTEMPT_STARTED).hasSize(1);
    assertThat(embedded.get(1)).filteredOn(k -> k == Step.Kind.ATTEMPT_STARTED).hasSize(2);
  }

  private static TemporalFixture world(Path root) throws Exception {
    return TemporalFixture.create(
        root, TemporalFixture.spec("bye", "goodbye"), TemporalFixture.spec("hello", "hello world"));
  }

  /** The step kinds of each spec's journal, bye first. */
  private static List<List<Step.Kind>> journals(RunStore store, Factory factory) {
    try (Factory.Steps steps = factory.steps()) {
      return List.of(BYE, HELLO).stream()
          .map(id -> store.history(id, steps.fingerprint(steps.workSource().find(id).orElseThrow())).stream()
              .map(e -> e.step().kind())
              .toList())
          .toList();
    }
  }
}

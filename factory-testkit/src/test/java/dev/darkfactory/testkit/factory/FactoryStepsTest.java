package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.SpecStep;
import dev.darkfactory.core.factory.SpecStep.Kind;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Factory.Steps}, the loop one step at a time for a distributed engine: every step may be
 * asked for again (an engine retrying a call whose answer it lost) and its effect happens once;
 * bad requests change nothing.
 */
class FactoryStepsTest {

  private static final SpecId HELLO = SpecId.of("hello");
  private static final String RUN = "run-steps";

  @TempDir Path dir;

  private static ScriptedAgent writesHello() {
    return ScriptedAgent.builder()
        .on(HELLO, 1, Script.steps().write("hello.txt", "hello world\n").finish("wrote hello.txt"))
        .build();
  }

  /** Writes the hello spec and starts the run its steps are journaled under. */
  private static SqliteRunStore helloRun(FactoryFixture f) throws java.io.IOException {
    f.spec("hello", "hello.txt", "hello world");
    SqliteRunStore store = f.store();
    store.runStarted(RUN, "test", Instant.now());
    return store;
  }

  private static List<Step.Kind> kinds(SqliteRunStore store, Factory.Steps steps, WorkItem item) {
    return store.history(HELLO, steps.fingerprint(item)).stream().map(e -> e.step().kind()).toList();
  }

  @Test
  void aStepAskedForAgainAfterItWasDoneDoesNothingAndSaysWhatComesNext() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      ScriptedAgent agent = writesHello();
      SqliteRunStore store = helloRun(f);
      try (Factory.Steps steps = f.factory(agent).build().steps()) {
        WorkItem item = steps.workSource().find(HELLO).orElseThrow();
        SpecStep implement = steps.claim(RUN, item);
        assertThat(implement.kind()).isEqualTo(Kind.IMPLEMENT);
        assertThat(implement.attempt()).isEqualTo(1);

        SpecStep evaluate = steps.advance(RUN, item, implement, () -> false);
        assertThat(evaluate.kind()).isEqualTo(Kind.EVALUATE);
        assertThat(evaluate.lastCandidate().orElseThrow().branch()).isEqualTo("factory/hello/attempt-1");
        List<Step.Kind> afterImplement = kinds(store, steps, item);

        // Asked again, as after a lost reply: the agent does not run again, nothing is journaled.
        SpecStep again = steps.advance(RUN, item, implement, () -> false);
        assertThat(again).isEqualTo(evaluate);
        assertThat(agent.assignmentsFor(HELLO)).hasSize(1);
        assertThat(kinds(store, steps, item)).isEqualTo(afterImplement);

        SpecStep decide = steps.advance(RUN, item, evaluate, () -> false);
        SpecStep integrate = steps.advance(RUN, item, decide, () -> false);
        assertThat(integrate.kind()).isEqualTo(Kind.INTEGRATE);
        // The step that reaches the end journals it.
        SpecStep finished = steps.advance(RUN, item, integrate, () -> false);
        assertThat(finished.kind()).isEqualTo(Kind.FINISHED);
        assertThat(finished.resolution()).isEqualTo(Resolution.MERGED);
        assertThat(finished.merged()).contains(f.repo.head("main").orElseThrow());

        List<Step.Kind> done = kinds(store, steps, item);
        assertThat(done).endsWith(Step.Kind.MERGE_INTENT, Step.Kind.MERGED, Step.Kind.SPEC_FINISHED);
        assertThat(steps.advance(RUN, item, integrate, () -> false)).isEqualTo(finished);
        assertThat(steps.advance(RUN, item, decide, () -> false)).isEqualTo(finished);
        assertThat(steps.claim(RUN, item)).isEqualTo(finished);
        assertThat(kinds(store, steps, item)).isEqualTo(done);
        assertThat(done).filteredOn(k -> k == Step.Kind.MERGED).hasSize(1);
        assertThat(f.repo.log("main")).hasSize(2);
      }
    }
  }

  @Test
  void aMergeFindsTheCandidateAlreadyInTheTargetAndRecordsItWithoutMovingTheTarget() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      SqliteRunStore store = helloRun(f);
      try (Factory.Steps steps = f.factory(writesHello()).build().steps()) {
        WorkItem item = steps.workSource().find(HELLO).orElseThrow();
        SpecStep step = steps.claim(RUN, item);
        while (step.kind() != Kind.INTEGRATE) {
          step = steps.advance(RUN, item, step, () -> false);
        }
        // A human fast-forwards the target to the candidate before the factory merges it.
        CommitId candidate = step.lastCandidate().orElseThrow().commit();
        f.repo.git().output("--git-dir", f.repo.bare().toString(), "update-ref", "refs/heads/main", candidate.hex());

        SpecStep finished = steps.advance(RUN, item, step, () -> false);

        assertThat(finished.resolution()).isEqualTo(Resolution.MERGED);
        assertThat(finished.merged()).contains(candidate);
        assertThat(f.repo.head("main")).contains(candidate);
        assertThat(kinds(store, steps, item))
            .endsWith(Step.Kind.MERGE_INTENT, Step.Kind.MERGED, Step.Kind.SPEC_FINISHED);
      }
    }
  }

  @Test
  void anEndDecidedInsideAStepIsJournaledByThatStep() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      SqliteRunStore store = helloRun(f);
      try (Factory.Steps steps = f.factory(writesHello()).maxRebases(0).build().steps()) {
        WorkItem item = steps.workSource().find(HELLO).orElseThrow();
        SpecStep step = steps.claim(RUN, item);
        while (step.kind() != Kind.INTEGRATE) {
          step = steps.advance(RUN, item, step, () -> false);
        }
        // The target moves before the merge: with no rebase allowed, the spec is held. The
        // journal ends in a merge intent, from which the hold cannot be rebuilt, so the step
        // that decided it must journal it.
        f.repo.commit("a human's change", java.util.Map.of("other.txt", "x\n"));

        SpecStep held = steps.advance(RUN, item, step, () -> false);

        assertThat(held.kind()).isEqualTo(Kind.FINISHED);
        assertThat(held.resolution()).isEqualTo(Resolution.HELD);
        assertThat(held.reason()).contains("the target branch moved 0 times");
        List<Step.Kind> done = kinds(store, steps, item);
        assertThat(done).endsWith(Step.Kind.MERGE_INTENT, Step.Kind.SPEC_FINISHED);
        // Asked again (a lost reply): the end, not another merge attempt.
        assertThat(steps.advance(RUN, item, step, () -> false)).isEqualTo(held);
        assertThat(kinds(store, steps, item)).isEqualTo(done);
      }
    }
  }

  @Test
  void anAttemptTheEngineCancelledCommitsNothingAndRunsAgainOnTheNextCall() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      SqliteRunStore store = helloRun(f);
      ScriptedAgent agent = writesHello();
      try (Factory.Steps steps = f.factory(agent).build().steps()) {
        WorkItem item = steps.workSource().find(HELLO).orElseThrow();
        SpecStep implement = steps.claim(RUN, item);

        // Another worker took the step over while this one's agent ran.
        assertThatThrownBy(() -> steps.advance(RUN, item, implement, () -> true))
            .isInstanceOf(CancellationException.class)
            .hasMessageContaining("nothing was committed");
        assertThat(f.repo.branches()).noneMatch(b -> b.startsWith("factory/"));
        assertThat(kinds(store, steps, item)).containsExactly(Step.Kind.CLAIMED, Step.Kind.ATTEMPT_STARTED);

        SpecStep evaluate = steps.advance(RUN, item, implement, () -> false);
        assertThat(evaluate.kind()).isEqualTo(Kind.EVALUATE);
        assertThat(agent.assignmentsFor(HELLO)).hasSize(2);
        assertThat(f.repo.branches()).filteredOn(b -> b.startsWith("factory/")).containsExactly("factory/hello/attempt-1");
      }
    }
  }

  @Test
  void badRequestsAreRefusedWithTheirReasonAndChangeNothing() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      SqliteRunStore store = helloRun(f);
      ScriptedAgent agent = writesHello();
      try (Factory.Steps steps = f.factory(agent, VerdictPolicy.defaults(), "worker-b").build().steps()) {
        WorkItem item = steps.workSource().find(HELLO).orElseThrow();

        assertThatThrownBy(() -> steps.item(HELLO, "0123456789abcdef"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spec 'hello'")
            .hasMessageContaining("content 0123456789ab");
        assertThatThrownBy(() -> steps.item(SpecId.of("nope"), "0123456789abcdef"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("'nope' is not in the work source of factory worker-b");
        assertThat(steps.item(HELLO, steps.fingerprint(item))).isEqualTo(item);
        assertThatThrownBy(() -> steps.review(RUN, item, true, "ann", ""))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not held for review");
        // A step that is not the spec's next one is not done: the spec has not even started.
        SpecStep notNext = new SpecStep(Kind.INTEGRATE, 1, null, "", null, null);
        assertThat(steps.advance(RUN, item, notNext, () -> false).kind()).isEqualTo(Kind.IMPLEMENT);
        assertThat(agent.assignments()).isEmpty();
        assertThat(kinds(store, steps, item)).isEmpty();
      }
      Factory.Steps closed = f.factory(agent).build().steps();
      closed.close();
      assertThatThrownBy(() -> closed.claim(RUN, f.workSource("x").find(HELLO).orElseThrow()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}

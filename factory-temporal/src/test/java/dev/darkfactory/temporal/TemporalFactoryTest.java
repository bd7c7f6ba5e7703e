package dev.darkfactory.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.HoldQueue;
import dev.darkfactory.core.factory.SpecStep;
import dev.darkfactory.core.git.Integrator;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the Temporal SDK's in-process test server (time skipping, offline): a whole spec
 * through merge, a failed step retried, the HOLD signal and its durable timer, a duplicate start
 * rejected. Every finished workflow's history is replayed against the workflow code, and kept
 * under {@code target/recorded-histories/} (see {@link RecordedHistoriesTest}).
 */
class TemporalFactoryTest {

  private static final String QUEUE = "test-queue";
  private static final SpecId HELLO = SpecId.of("hello");

  @TempDir Path dir;

  private TestWorkflowEnvironment env;
  private Factory.Steps steps;
  private TemporalFixture fixture;

  @AfterEach
  void tearDown() throws Exception {
    if (env != null) {
      env.close();
    }
    if (steps != null) {
      steps.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Starts the test server with one worker running {@code factory}'s steps. */
  private void serve(Factory factory) {
    serve(factory, true);
  }

  /**
   * Starts the test server; without time skipping where the scheduler waits for a hold (waiting
   * for a result lets the test server skip the hold's timer).
   */
  private void serve(Factory factory, boolean timeSkipping) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(timeSkipping).build());
    Worker worker = env.newWorker(QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1).build());
    steps = factory.steps();
    FactoryWorker.register(worker, steps);
    env.start();
  }

  private TemporalFactory scheduler(Factory factory, SpecTask.Settings settings) {
    return TemporalFactory.builder()
        .client(env.getWorkflowClient())
        .factory(factory)
        .taskQueue(QUEUE)
        .settings(settings)
        .build();
  }

  private static SpecTask.Settings fast() {
    return SpecTask.Settings.defaults().withHeartbeat(Duration.ofSeconds(5)).withRetryInterval(Duration.ofMillis(100));
  }

  private List<Step.Kind> journal(RunStore store, SpecId spec) throws Exception {
    return store.history(spec, printOf(spec)).stream().map(e -> e.step().kind()).toList();
  }

  private String printOf(SpecId spec) {
    return steps.fingerprint(steps.workSource().find(spec).orElseThrow());
  }

  /** Replays a finished workflow against the code and keeps its history for the replay test. */
  private void replayAndKeep(String workflowId, String name) throws Exception {
    var history = env.getWorkflowClient().fetchHistory(workflowId);
    WorkflowReplayer.replayWorkflowExecution(history, SpecWorkflowImpl.class);
    Path out = Path.of("target", "recorded-histories");
    Files.createDirectories(out);
    Files.writeString(out.resolve(name + ".json"), history.toJson(true));
  }

  @Test
  void aSpecRunsFromClaimThroughMergeAsOneWorkflow() throws Exception {
    fixture = TemporalFixture.create(dir, TemporalFixture.spec("hello", "hello world"));
    ScriptedAgent agent = ScriptedAgent.builder().on(HELLO, 1, TemporalFixture.writes("hello", "hello world")).build();
    Factory factory = fixture.factory(agent, "worker-1");
    serve(factory);
    TemporalFactory scheduler = scheduler(factory, fast());

    TemporalRun run = scheduler.runUntilIdle();

    assertThat(run.failed()).isEmpty();
    assertThat(run.settled()).singleElement().satisfies(s -> {
      assertThat(s.resolution()).isEqualTo(Resolution.MERGED);
      assertThat(s.step()).isEqualTo(SpecStep.Kind.FINISHED);
      assertThat(s.candidateBranch()).isEqualTo("factory/hello/attempt-1");
      assertThat(s.mergedHead()).isEqualTo(fixture.git("rev-parse", TemporalFixture.TARGET));
    });
    assertThat(fixture.git("show", TemporalFixture.TARGET + ":hello.txt")).isEqualTo("hello world");
    assertThat(journal(steps.store(), HELLO))
        .containsExactly(
            Step.Kind.CLAIMED, Step.Kind.ATTEMPT_STARTED, Step.Kind.AGENT_FINISHED,
            Step.Kind.CANDIDATE_COMMITTED, Step.Kind.EVALUATED, Step.Kind.DECIDED,
            Step.Kind.MERGE_INTENT, Step.Kind.MERGED, Step.Kind.SPEC_FINISHED);
    assertThat(steps.store().entries(run.runId())).allSatisfy(e -> assertThat(e.runId()).isEqualTo(run.runId()));
    assertThat(run.report()).exists();
    assertThat(((dev.darkfactory.core.work.DirectoryWorkSource) steps.workSource()).resolution(HELLO)).contains(Resolution.MERGED);

    var history = env.getWorkflowClient().fetchHistory(scheduler.workflowId(HELLO)).getEvents();
    assertThat(history.stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .containsExactly(
            "DarkFactoryClaim", "DarkFactoryImplement", "DarkFactoryEvaluate", "DarkFactoryDecide",
            "DarkFactoryIntegrate");
    replayAndKeep(scheduler.workflowId(HELLO), "merged");

    // Scheduling the finished spec again changes nothing: the journal says it ended.
    assertThat(scheduler.runUntilIdle().settled()).isEmpty();
  }

  @Test
  void aRunWorksOnAtMostMaxInFlightSpecsAtOnceSoNoCandidateGoesStale() throws Exception {
    fixture =
        TemporalFixture.create(
            dir, TemporalFixture.spec("a", "one"), TemporalFixture.spec("b", "two"), TemporalFixture.spec("c", "three"));
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .on(SpecId.of("a"), 1, TemporalFixture.writes("a", "one"))
            .on(SpecId.of("b"), 1, TemporalFixture.writes("b", "two"))
            .on(SpecId.of("c"), 1, TemporalFixture.writes("c", "three"))
            .build();
    AtomicInteger working = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Factory factory =
        fixture.factory(
            agent,
            "worker-1",
            b -> b.listener(e -> {
              if (e instanceof dev.darkfactory.api.event.FactoryEvent.SpecClaimed) {
                most.accumulateAndGet(working.incrementAndGet(), Math::max);
              } else if (e instanceof dev.darkfactory.api.event.FactoryEvent.SpecFinished) {
                working.decrementAndGet();
              }
            }),
            i -> i);
    serve(factory);
    TemporalFactory scheduler =
        TemporalFactory.builder()
            .client(env.getWorkflowClient())
            .factory(factory)
            .taskQueue(QUEUE)
            .settings(fast())
            .maxInFlight(1)
            .build();

    TemporalRun run = scheduler.runUntilIdle();

    assertThat(run.count(Resolution.MERGED)).isEqualTo(3);
    assertThat(most).hasValue(1);
    // One at a time, every candidate merges on the base it was evaluated on: nothing rebases.
    for (String id : List.of("a", "b", "c")) {
      assertThat(journal(steps.store(), SpecId.of(id))).doesNotContain(Step.Kind.REBASED);
    }
  }

  @Test
  void aStepThatFailsIsRetriedAndItsEffectHappensOnce() throws Exception {
    fixture = TemporalFixture.create(dir, TemporalFixture.spec("hello", "hello world"));
    ScriptedAgent agent = ScriptedAgent.builder().on(HELLO, 1, TemporalFixture.writes("hello", "hello world")).build();
    AtomicInteger swaps = new AtomicInteger();
    Factory factory =
        fixture.factory(agent, "worker-1", b -> {}, real -> new FailingOnce(real, swaps));
    serve(factory);
    TemporalFactory scheduler = scheduler(factory, fast());

    TemporalRun run = scheduler.runUntilIdle();

    assertThat(run.settled()).singleElement().extracting(SpecState::resolution).isEqualTo(Resolution.MERGED);
    // The first compare-and-swap moved the target and then "lost the connection"; the retry
    // found the merge in the target and recorded it instead of merging again.
    assertThat(swaps).hasValue(1);
    assertThat(fixture.targetLog()).hasSize(2);
    assertThat(journal(steps.store(), HELLO)).filteredOn(k -> k == Step.Kind.MERGED).hasSize(1);
    var history = env.getWorkflowClient().fetchHistory(scheduler.workflowId(HELLO)).getEvents();
    assertThat(history.stream().filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
            .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt()).max().orElse(0))
        .isEqualTo(2);
    assertThat(history.stream().filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)).hasSize(5);
    replayAndKeep(scheduler.workflowId(HELLO), "retried");
  }

  /** An integrator whose first compare-and-swap lands and then throws, as a lost reply would. */
  private static final class FailingOnce implements Integrator {
    private final Integrator real;
    private final AtomicInteger swaps;

    FailingOnce(Integrator real, AtomicInteger swaps) {
      this.real = real;
      this.swaps = swaps;
    }

    @Override
    public String targetBranch() {
      return real.targetBranch();
    }

    @Override
    public dev.darkfactory.api.workspace.CommitId head() throws InterruptedException {
      return real.head();
    }

    @Override
    public dev.darkfactory.api.workspace.CommitId landing(
        dev.darkfactory.api.workspace.Candidate candidate, dev.darkfactory.core.git.Identity identity, Instant when)
        throws InterruptedException {
      return real.landing(candidate, identity, when);
    }

    @Override
    public boolean compareAndSwap(
        dev.darkfactory.api.workspace.CommitId expected, dev.darkfactory.api.workspace.CommitId head)
        throws InterruptedException {
      boolean moved = real.compareAndSwap(expected, head);
      if (swaps.incrementAndGet() == 1) {
        throw new UncheckedIOException(new java.io.IOException("connection reset after the update"));
      }
      return moved;
    }

    @Override
    public boolean contains(dev.darkfactory.api.workspace.CommitId commit) throws InterruptedException {
      return real.contains(commit);
    }
  }

  @Test
  void aHeldSpecWaitsForTheReviewSignalAndMergesWhenApproved() throws Exception {
    fixture = TemporalFixture.create(dir, TemporalFixture.spec("hello", "hello world"));
    ScriptedAgent agent = ScriptedAgent.builder().on(HELLO, 1, TemporalFixture.writes("hello", "hello world")).build();
    CountDownLatch held = new CountDownLatch(1);
    Factory factory =
        fixture.factory(
            agent,
            "worker-1",
            b -> b.mergePolicy(ctx -> MergeDecision.hold("a human looks at every change"))
                .listener(e -> {
                  if (e instanceof dev.darkfactory.api.event.FactoryEvent.SpecFinished f && f.resolution() == Resolution.HELD) {
                    held.countDown();
                  }
                }),
            i -> i);
    serve(factory);
    TemporalFactory scheduler = scheduler(factory, fast());
    RunStore store = steps.store();
    String runId = "run-held";
    store.runStarted(runId, "test", Instant.now());
    WorkflowExecution execution = scheduler.start(runId, steps.workSource().find(HELLO).orElseThrow());

    assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(HoldQueue.builder().store(store).workSource(steps.workSource()).build().find(HELLO)).isPresent();
    assertThat(fixture.targetLog()).hasSize(1);
    // The signal is sent through the workflow's stub (the scheduler's approve() checks first that
    // the workflow already waits; this test does not race that check).
    env.getWorkflowClient().newWorkflowStub(SpecWorkflow.class, execution.getWorkflowId())
        .review(new Review(true, "ann", "looks right"));
    SpecState end = WorkflowStub.fromTyped(env.getWorkflowClient().newWorkflowStub(SpecWorkflow.class, execution.getWorkflowId()))
        .getResult(SpecState.class);

    assertThat(end.resolution()).isEqualTo(Resolution.MERGED);
    assertThat(end.awaitingReview()).isFalse();
    assertThat(fixture.git("show", TemporalFixture.TARGET + ":hello.txt")).isEqualTo("hello world");
    assertThat(journal(store, HELLO))
        .endsWith(Step.Kind.SPEC_FINISHED, Step.Kind.REVIEWED, Step.Kind.MERGE_INTENT, Step.Kind.MERGED, Step.Kind.SPEC_FINISHED);
    List<JournalEntry> reviews = store.history(HELLO, printOf(HELLO)).stream().filter(e -> e.step() instanceof Step.Reviewed).toList();
    assertThat(reviews).singleElement().satisfies(e -> assertThat(((Step.Reviewed) e.step()).reviewer()).isEqualTo("ann"));
    replayAndKeep(execution.getWorkflowId(), "held-approved");
    assertThatThrownBy(() -> scheduler.approve(HELLO, "bob", "again"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not waiting for a review");
  }

  @Test
  void aReviewThroughTheHoldQueueWakesTheWaitingWorkflowOnTheNextRun() throws Exception {
    fixture = TemporalFixture.create(dir, TemporalFixture.spec("hello", "hello world"));
    ScriptedAgent agent = ScriptedAgent.builder().on(HELLO, 1, TemporalFixture.writes("hello", "hello world")).build();
    Factory factory =
        fixture.factory(agent, "worker-1", b -> b.mergePolicy(ctx -> MergeDecision.hold("needs a human")), i -> i);
    serve(factory, false);
    TemporalFactory scheduler = scheduler(factory, fast());

    TemporalRun first = scheduler.runUntilIdle();
    assertThat(first.settled()).singleElement().satisfies(s -> {
      assertThat(s.resolution()).isEqualTo(Resolution.HELD);
      assertThat(s.awaitingReview()).isTrue();
    });
    HoldQueue.builder().store(steps.store()).workSource(steps.workSource()).build().approve(HELLO, "ann", "fine");
    TemporalRun second = scheduler.runUntilIdle();

    assertThat(second.settled()).singleElement().satisfies(s -> {
      assertThat(s.resolution()).isEqualTo(Resolution.MERGED);
      assertThat(s.awaitingReview()).isFalse();
    });
    assertThat(fixture.git("show", TemporalFixture.TARGET + ":hello.txt")).isEqualTo("hello world");
    assertThat(journal(steps.store(), HELLO)).filteredOn(k -> k == Step.Kind.REVIEWED).hasSize(1);
    assertThat(((dev.darkfactory.core.work.DirectoryWorkSource) steps.workSource()).resolution(HELLO)).contains(Resolution.MERGED);
  }

  @Test
  void aHoldWhoseTimerFiresEndsTheWorkflowAndLeavesTheSpecInTheHoldQueue() throws Exception {
    fixture = TemporalFixture.create(dir, TemporalFixture.spec("hello", "hello world"));
    ScriptedAgent agent = ScriptedAgent.builder().on(HELLO, 1, TemporalFixture.writes("hello", "hello world")).build();
    Factory factory =
        fixture.factory(agent, "worker-1", b -> b.mergePolicy(ctx -> MergeDecision.hold("needs a human")), i -> i);
    serve(factory);
    TemporalFactory scheduler = scheduler(factory, fast().withHold(Duration.ofDays(3)));
    RunStore store = steps.store();
    store.runStarted("run-timer", "test", Instant.now());
    long before = env.currentTimeMillis();
    WorkflowExecution execution = scheduler.start("run-timer", steps.workSource().find(HELLO).orElseThrow());

    // Waiting for the result lets the test server skip time: three days pass at once.
    SpecState end = env.getWorkflowClient().newUntypedWorkflowStub(execution.getWorkflowId()).getResult(SpecState.class);

    assertThat(end.resolution()).isEqualTo(Resolution.HELD);
    assertThat(end.awaitingReview()).isFalse();
    assertThat(env.currentTimeMillis() - before).isGreaterThanOrEqualTo(Duration.ofDays(3).toMillis());
    var events = env.getWorkflowClient().fetchHistory(execution.getWorkflowId()).getEvents();
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)).hasSize(1);
    assertThat(HoldQueue.builder().store(store).workSource(steps.workSource()).build().find(HELLO)).isPresent();
    assertThat(fixture.targetLog()).hasSize(1);
    replayAndKeep(execution.getWorkflowId(), "held-timer");
  }

  @Test
  void aSecondStartOfARunningSpecIsRejected() throws Exception {
    fixture = TemporalFixture.create(dir, TemporalFixture.spec("hello", "hello world"));
    CountDownLatch agentRuns = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .on(HELLO, 1, Script.steps()
                .perform((assignment, context) -> {
                  agentRuns.countDown();
                  if (!proceed.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the agent go on");
                  }
                })
                .write("hello.txt", "hello world\n")
                .finish("wrote hello.txt"))
            .build();
    Factory factory = fixture.factory(agent, "worker-1");
    serve(factory);
    TemporalFactory scheduler = scheduler(factory, fast());
    steps.store().runStarted("run-dup", "test", Instant.now());
    var item = steps.workSource().find(HELLO).orElseThrow();
    WorkflowExecution first = scheduler.start("run-dup", item);
    assertThat(agentRuns.await(60, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> scheduler.start("run-dup", item))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);

    proceed.countDown();
    SpecState end = env.getWorkflowClient().newUntypedWorkflowStub(first.getWorkflowId()).getResult(SpecState.class);
    assertThat(end.resolution()).isEqualTo(Resolution.MERGED);
    assertThat(agent.assignmentsFor(HELLO)).hasSize(1);
    assertThat(first.getWorkflowId()).isEqualTo("dark-factory/spec/hello");
  }
}

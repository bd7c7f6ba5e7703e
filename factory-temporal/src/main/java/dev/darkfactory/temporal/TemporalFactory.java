package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.work.WorkSource;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The factory loop on Temporal, from the side that schedules work: takes the {@link Factory}'s
 * work items, starts one {@link SpecWorkflow} per spec and waits for each to settle; the steps
 * run on {@link FactoryWorker}s anywhere. Reviews of held specs go to their workflows as signals.
 *
 * <p>The workflow id is {@code <prefix><spec-id>}: while a spec's workflow runs, the server
 * rejects a second start ({@link #start} throws {@link WorkflowExecutionAlreadyStarted}), so two
 * schedulers never run one spec twice; {@link #runUntilIdle()} then waits for the running one.
 * Once a workflow closed, its id may start again: the journal makes the new one finish at once
 * when the spec ended, or resume it where the old one stopped.
 *
 * <p>The work source's claim is this scheduler's: it completes the item when the workflow
 * settles, or releases it when the workflow failed. A held spec approved or rejected through the
 * {@code HoldQueue} instead of {@link #approve}/{@link #reject} is reopened there; the next run
 * finds its workflow still waiting and sends it the journaled review.
 *
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public final class TemporalFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalFactory.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final WorkflowClient client;
  private final Factory factory;
  private final String taskQueue;
  private final String prefix;
  private final SpecTask.Settings settings;
  private final Duration poll;
  private final int maxInFlight;
  private final Clock clock;

  private TemporalFactory(Builder b) {
    this.client = Require.nonNull(b.client, "client");
    this.factory = Require.nonNull(b.factory, "factory");
    this.taskQueue = b.taskQueue;
    this.prefix = b.prefix;
    this.settings = b.settings;
    this.poll = b.poll;
    this.maxInFlight = b.maxInFlight;
    this.clock = b.clock;
  }

  /**
   * A builder; the client and the factory are required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The id of a spec's workflow.
   *
   * @param spec the spec
   * @return {@code <prefix><spec-id>}
   */
  public String workflowId(SpecId spec) {
    return prefix + Require.nonNull(spec, "spec").value();
  }

  /**
   * Starts a spec's workflow.
   *
   * @param runId the run its steps are journaled under (recorded with {@link RunStore#runStarted})
   * @param item the spec
   * @return the execution
   * @throws WorkflowExecutionAlreadyStarted when the spec's workflow is running
   */
  public WorkflowExecution start(String runId, WorkItem item) {
    Require.nonBlank(runId, "runId");
    Require.nonNull(item, "item");
    try (Factory.Steps steps = factory.steps()) {
      return start(new SpecTask(runId, item.spec().id().value(), steps.fingerprint(item), settings));
    }
  }

  private WorkflowExecution start(SpecTask task) {
    SpecWorkflow workflow =
        client.newWorkflowStub(
            SpecWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId(SpecId.of(task.specId())))
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    WorkflowExecution execution = WorkflowClient.start(workflow::run, task);
    LOG.info("spec {} started as workflow {}", task.specId(), execution.getWorkflowId());
    return execution;
  }

  /**
   * Schedules every work item the work source hands out, at most {@link Builder#maxInFlight} at a
   * time, and waits until each has settled: ended, or held for a human (its workflow then waits
   * for a review signal). Completes each settled item in the work source, and writes the run's
   * reports as the embedded loop does.
   *
   * @return what the run did
   * @throws InterruptedException when interrupted; the items not yet settled are released
   */
  public TemporalRun runUntilIdle() throws InterruptedException {
    try (Factory.Steps steps = factory.steps()) {
      RunStore store = steps.store();
      WorkSource work = steps.workSource();
      String runId = "temporal-" + RUN_ID.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
      store.runStarted(runId, steps.owner(), clock.instant());
      LOG.info("run {} started by {} on task queue {}", runId, steps.owner(), taskQueue);
      Map<WorkItem, InFlight> inFlight = new LinkedHashMap<>();
      List<SpecState> settled = new ArrayList<>();
      Map<String, String> failed = new LinkedHashMap<>();
      try {
        boolean more = true;
        while (true) {
          while (more && inFlight.size() < maxInFlight) {
            Optional<WorkItem> next = work.next();
            if (next.isEmpty()) {
              more = false;
              break;
            }
            WorkItem item = next.get();
            SpecTask task = new SpecTask(runId, item.spec().id().value(), steps.fingerprint(item), settings);
            WorkflowStub stub = client.newUntypedWorkflowStub(workflowId(item.spec().id()));
            // In flight first: if the start fails, the finally block releases the item.
            inFlight.put(item, null);
            try {
              start(task);
            } catch (WorkflowExecutionAlreadyStarted running) {
              LOG.info("spec {} already has a running workflow; waiting for it", task.specId());
              wakeIfReviewed(store, item.spec().id(), task.fingerprint());
            }
            inFlight.put(item, new InFlight(stub, stub.getResultAsync(SpecState.class)));
          }
          if (inFlight.isEmpty()) {
            break;
          }
          awaitAny(inFlight.values());
          for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            WorkItem item = e.getKey();
            try {
              SpecState end = e.getValue().settled();
              if (end == null) {
                continue;
              }
              work.complete(item, end.resolution());
              settled.add(end);
            } catch (WorkflowException fault) {
              LOG.warn("workflow of spec {} failed; its item is released", item.spec().id(), fault);
              work.release(item);
              failed.put(item.spec().id().value(), String.valueOf(fault.getCause() == null ? fault : fault.getCause()));
            }
            it.remove();
          }
        }
      } finally {
        inFlight.forEach((item, flight) -> {
          if (flight != null) {
            flight.result().cancel(false);
          }
          work.release(item);
        });
        store.runFinished(runId, clock.instant(), settled.size());
        LOG.info("run {} finished: {} settled, {} failed", runId, settled.size(), failed.size());
      }
      Path report = steps.writeReports(runId);
      return new TemporalRun(runId, settled, failed, report);
    }
  }

  /** A started workflow the run waits for. */
  private record InFlight(WorkflowStub stub, CompletableFuture<SpecState> result) {

    /**
     * How the spec settled: the workflow's result, or its state when it waits for a review.
     *
     * @return the state, or null while the spec is still being worked on
     * @throws WorkflowException when the workflow failed
     */
    @Nullable SpecState settled() throws InterruptedException {
      if (result.isDone()) {
        try {
          return result.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof WorkflowException w) {
            throw w;
          }
          throw new IllegalStateException("waiting for " + stub.getExecution() + " failed", e.getCause());
        }
      }
      SpecState now = stub.query("state", SpecState.class);
      return now != null && now.awaitingReview() ? now : null;
    }
  }

  /** Waits until one of the workflows ends, or the poll interval passes. */
  private void awaitAny(java.util.Collection<InFlight> flights) throws InterruptedException {
    CompletableFuture<?>[] results = flights.stream().map(InFlight::result).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.anyOf(results).get(poll.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException stillRunningOrFailed) {
      // Failures are read per workflow; on a timeout, the caller asks which ones hold their spec.
    }
  }

  /**
   * A human reviewed a held spec through the {@code HoldQueue} (which journals the review and
   * reopens the spec) while its workflow still waits for the signal: send the journaled review,
   * so the workflow goes on. The review activity finds it journaled and does not record it again.
   */
  private void wakeIfReviewed(RunStore store, SpecId spec, String fingerprint) {
    SpecState now = state(spec);
    if (now == null || !now.awaitingReview()) {
      return;
    }
    JournalEntry last = null;
    for (JournalEntry e : store.history(spec, fingerprint)) {
      if (!(e.step() instanceof Step.Claimed)) {
        last = e;
      }
    }
    if (last != null && last.step() instanceof Step.Reviewed r) {
      LOG.info("spec {} was reviewed by {} through the hold queue; telling its workflow", spec, r.reviewer());
      client.newWorkflowStub(SpecWorkflow.class, workflowId(spec)).review(new Review(r.approved(), r.reviewer(), r.reason()));
    }
  }

  /**
   * Where a spec's workflow stands.
   *
   * @param spec the spec
   * @return its state, or null before the spec is claimed
   */
  public @Nullable SpecState state(SpecId spec) {
    return client.newWorkflowStub(SpecWorkflow.class, workflowId(spec)).state();
  }

  /**
   * Approves a held spec's candidate: the workflow merges it.
   *
   * @param spec the held spec
   * @param reviewer who approves
   * @param reason why; may be empty
   * @throws IllegalArgumentException when the spec's workflow is not waiting for a review
   */
  public void approve(SpecId spec, String reviewer, String reason) {
    review(spec, new Review(true, reviewer, reason));
  }

  /**
   * Rejects a held spec's candidate: the workflow ends the spec as rejected.
   *
   * @param spec the held spec
   * @param reviewer who rejects
   * @param reason why
   * @throws IllegalArgumentException when the spec's workflow is not waiting for a review
   */
  public void reject(SpecId spec, String reviewer, String reason) {
    review(spec, new Review(false, reviewer, reason));
  }

  private void review(SpecId spec, Review review) {
    SpecWorkflow workflow = client.newWorkflowStub(SpecWorkflow.class, workflowId(spec));
    SpecState now = workflow.state();
    if (now == null || !now.awaitingReview()) {
      throw new IllegalArgumentException(
          "spec '" + spec + "' is not waiting for a review in workflow " + workflowId(spec) + " (" + now + ")");
    }
    workflow.review(review);
  }

  /**
   * Configures a {@link TemporalFactory}.
   *
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  public static final class Builder {
    private @Nullable WorkflowClient client;
    private @Nullable Factory factory;
    private String taskQueue = FactoryWorker.DEFAULT_TASK_QUEUE;
    private String prefix = "dark-factory/spec/";
    private SpecTask.Settings settings = SpecTask.Settings.defaults();
    private Duration poll = Duration.ofSeconds(1);
    private int maxInFlight = 4;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The client of the Temporal namespace the workers serve.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(WorkflowClient client) {
      this.client = Require.nonNull(client, "client");
      return this;
    }

    /**
     * The factory whose work source, store and fingerprints schedule the work (its agent and
     * the rest run on the workers).
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder factory(Factory factory) {
      this.factory = Require.nonNull(factory, "factory");
      return this;
    }

    /**
     * The task queue the workers poll (default {@value FactoryWorker#DEFAULT_TASK_QUEUE}).
     *
     * @param taskQueue the queue's name
     * @return this builder
     */
    public Builder taskQueue(String taskQueue) {
      this.taskQueue = Require.nonBlank(taskQueue, "taskQueue");
      return this;
    }

    /**
     * What workflow ids start with (default {@code dark-factory/spec/}); give each factory that
     * shares a namespace its own.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder workflowIdPrefix(String prefix) {
      this.prefix = Require.nonBlank(prefix, "prefix");
      return this;
    }

    /**
     * How the workflows time and retry their steps and how long holds wait (default {@link
     * SpecTask.Settings#defaults()}).
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder settings(SpecTask.Settings settings) {
      this.settings = Require.nonNull(settings, "settings");
      return this;
    }

    /**
     * How long the run waits for a workflow to end before asking the ones in flight whether they
     * hold their spec for a review (default 1 s).
     *
     * @param poll the wait
     * @return this builder
     */
    public Builder pollInterval(Duration poll) {
      this.poll = Require.positive(poll, "pollInterval");
      return this;
    }

    /**
     * How many specs a run works on at once (default 4); give about as many as there are
     * workers. The steps of specs in flight interleave on the workers, and every spec merged
     * while another waits between its evaluation and its merge makes the other rebase and be
     * evaluated again: a run with every spec in flight at once re-evaluates most of them, and
     * those that moved more than {@code maxRebases} times end held.
     *
     * @param maxInFlight at least 1
     * @return this builder
     */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = Require.atLeast(maxInFlight, 1, "maxInFlight");
      return this;
    }

    /**
     * The clock for run ids and the journal's run times (default the system's, in UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the scheduler.
     *
     * @return the scheduler
     */
    public TemporalFactory build() {
      return new TemporalFactory(this);
    }
  }
}

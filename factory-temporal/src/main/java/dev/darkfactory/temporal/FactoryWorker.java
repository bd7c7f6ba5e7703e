package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.factory.Factory;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A factory as a Temporal worker: it polls a task queue and runs the spec workflows' steps with
 * the {@link Factory}'s own agent, sandbox, evaluator, merge policy, repository and store, the
 * same objects its embedded loop would use. Run as many as you like, on as many machines as share
 * the repository and the store: each does one step at a time, as one factory does, and the server
 * gives each step to exactly one of them.
 *
 * <pre>{@code
 * try (FactoryWorker worker = FactoryWorker.builder().client(client).factory(factory).build()) {
 *   worker.start();
 *   ...
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public final class FactoryWorker implements AutoCloseable {

  /** The task queue workers poll and runs start workflows on, unless told otherwise. */
  public static final String DEFAULT_TASK_QUEUE = "dark-factory";

  private static final Logger LOG = LoggerFactory.getLogger(FactoryWorker.class);

  private final Factory factory;
  private final Factory.Steps steps;
  private final WorkerFactory workers;
  private final String taskQueue;
  private boolean started;
  private boolean closed;

  private FactoryWorker(Builder b) {
    WorkflowClient client = Require.nonNull(b.client, "client");
    this.factory = Require.nonNull(b.factory, "factory");
    this.taskQueue = b.taskQueue;
    this.steps = factory.steps();
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder();
    WorkerOptions.Builder worker = WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1);
    if (!b.stickyExecution) {
      // No cache, and no sticky queue asked of the server: a zero schedule-to-start timeout is
      // what makes the SDK leave the request out of every workflow task it completes.
      options.setWorkflowCacheSize(0);
      worker.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    this.workers = WorkerFactory.newInstance(client, options.build());
    if (b.identity != null) {
      worker.setIdentity(b.identity);
    }
    register(workers.newWorker(taskQueue, worker.build()), steps);
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
   * Registers the spec workflow and a factory's step activities on a worker you made yourself
   * (for example with the Temporal test environment). Give it at most one concurrent activity:
   * one factory does one step at a time. Without sticky execution, set both the factory's
   * workflow cache size and the worker's sticky schedule-to-start timeout to zero, as {@link
   * Builder#stickyExecution} does.
   *
   * @param worker the worker
   * @param steps the factory's steps ({@link Factory#steps()}); close them after the worker stops
   */
  public static void register(Worker worker, Factory.Steps steps) {
    Require.nonNull(worker, "worker");
    Require.nonNull(steps, "steps");
    worker.registerWorkflowImplementationTypes(SpecWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FactoryActivities(steps));
  }

  /**
   * Starts polling.
   *
   * @throws IllegalStateException when started before, or closed
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("worker on " + taskQueue + " was " + (closed ? "closed" : "started already"));
    }
    started = true;
    workers.start();
    LOG.info("factory worker {} polls {}", steps.owner(), taskQueue);
  }

  /**
   * Stops polling, asks running agents to stop, waits up to {@code timeout} for the steps under
   * way, then closes the factory's steps. A step cut short is journaled as far as it went; the
   * server retries it on another worker. Closing again does nothing.
   *
   * @param timeout how long to wait for the steps under way
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized void shutdown(Duration timeout) throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    workers.shutdown();
    factory.stop();
    try {
      workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      workers.shutdownNow();
      steps.close();
    }
  }

  /** Shuts down, waiting up to 30 seconds for the steps under way. */
  @Override
  public void close() {
    try {
      shutdown(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Configures a {@link FactoryWorker}.
   *
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  public static final class Builder {
    private @Nullable WorkflowClient client;
    private @Nullable Factory factory;
    private String taskQueue = DEFAULT_TASK_QUEUE;
    private boolean stickyExecution = true;
    private @Nullable String identity;

    private Builder() {}

    /**
     * The client of the Temporal namespace the worker serves.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(WorkflowClient client) {
      this.client = Require.nonNull(client, "client");
      return this;
    }

    /**
     * The factory whose parts run the steps; do not run its own loop while the worker runs.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder factory(Factory factory) {
      this.factory = Require.nonNull(factory, "factory");
      return this;
    }

    /**
     * The task queue to poll (default {@value FactoryWorker#DEFAULT_TASK_QUEUE}).
     *
     * @param taskQueue the queue's name
     * @return this builder
     */
    public Builder taskQueue(String taskQueue) {
      this.taskQueue = Require.nonBlank(taskQueue, "taskQueue");
      return this;
    }

    /**
     * Whether workflows stay cached on the worker that last ran them, which then asks the server
     * for their next task on its own sticky queue (default true, Temporal's default). Turn it off
     * where a dead worker's sticky queue never expires, as on the test server: there is then no
     * cache and no sticky queue, and the next workflow task goes to any worker.
     *
     * @param sticky whether to cache workflows
     * @return this builder
     */
    public Builder stickyExecution(boolean sticky) {
      this.stickyExecution = sticky;
      return this;
    }

    /**
     * The worker's name on the server (default Temporal's {@code <pid>@<host>}).
     *
     * @param identity the name
     * @return this builder
     */
    public Builder identity(String identity) {
      this.identity = Require.nonBlank(identity, "identity");
      return this;
    }

    /**
     * Builds the worker and opens the factory's steps; call {@link FactoryWorker#start()}.
     *
     * @return the worker
     */
    public FactoryWorker build() {
      return new FactoryWorker(this);
    }
  }
}

package dev.darkfactory.temporal;

import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.git.Identity;
import dev.darkfactory.core.git.Integrator;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * A worker process for {@link WorkerCrashTest}: the factory's steps as a Temporal worker on the
 * test server's port and the test's fixture, without sticky execution, that stops dead in the
 * middle of a step and says so on stdout ({@value #BLOCKED} and the step), so the test can kill it
 * there.
 *
 * <p>Arguments: {@code <port> <fixture-root> implement|merge}. In {@code implement} the agent
 * writes its file and then never returns; in {@code merge} the integrator moves the target (the
 * line then ends with the new head) and never returns, so the merge is neither journaled nor
 * reported. Stdout carries nothing but that line.
 */
final class CrashingWorker {

  static final String QUEUE = "crash-test";
  static final String IDENTITY = "crashing-worker";
  static final String BLOCKED = "BLOCKED ";

  private CrashingWorker() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    TemporalFixture fixture = TemporalFixture.open(Path.of(args[1]));
    String mode = args[2];
    CountDownLatch never = new CountDownLatch(1);
    PrintStream out = System.out;
    Script script =
        switch (mode) {
          case "implement" ->
              Script.steps()
                  .write("hello.txt", "hello world\n")
                  .perform((assignment, context) -> {
                    out.println(BLOCKED + "implement");
                    out.flush();
                    never.await();
                  })
                  .finish("never gets here");
          case "merge" -> TemporalFixture.writes("hello", "hello world");
          default -> throw new IllegalArgumentException("mode is implement or merge, not " + mode);
        };
    UnaryOperator<Integrator> integrator =
        mode.equals("merge")
            ? real -> afterSwap(real, (head, moved) -> {
                out.println(BLOCKED + "merge " + head.hex());
                out.flush();
                never.await();
              })
            : real -> real;
    Factory factory = fixture.factory(ScriptedAgent.builder().otherwise(script).build(), IDENTITY, b -> {}, integrator);
    serve(WorkflowClient.newInstance(connect(port)), factory, IDENTITY);
    never.await();
  }

  /**
   * Starts a worker for a factory on the test's queue, without sticky execution: no workflow
   * cache, and no sticky queue asked of the server, so a workflow's next task goes to whichever
   * worker polls the queue (the test server would keep a dead worker's next workflow task on its
   * sticky queue for ever).
   */
  static FactoryWorker serve(WorkflowClient client, Factory factory, String identity) {
    FactoryWorker worker =
        FactoryWorker.builder()
            .client(client)
            .factory(factory)
            .taskQueue(QUEUE)
            .stickyExecution(false)
            .identity(identity)
            .build();
    worker.start();
    return worker;
  }

  /** Stubs of the test server listening on {@code port} of this machine. */
  static WorkflowServiceStubs connect(int port) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
  }

  /** Called after each compare-and-swap of the target, with the head it swapped in. */
  @FunctionalInterface
  interface Swapped {
    void swapped(CommitId head, boolean moved) throws InterruptedException;
  }

  /** An integrator that tells {@code then} about every compare-and-swap once it returned. */
  static Integrator afterSwap(Integrator real, Swapped then) {
    return new Integrator() {
      @Override
      public String targetBranch() {
        return real.targetBranch();
      }

      @Override
      public CommitId head() throws InterruptedException {
        return real.head();
      }

      @Override
      public CommitId landing(Candidate candidate, Identity identity, Instant when) throws InterruptedException {
        return real.landing(candidate, identity, when);
      }

      @Override
      public boolean compareAndSwap(CommitId expected, CommitId head) throws InterruptedException {
        boolean moved = real.compareAndSwap(expected, head);
        then.swapped(head, moved);
        return moved;
      }

      @Override
      public boolean contains(CommitId commit) throws InterruptedException {
        return real.contains(commit);
      }
    };
  }
}

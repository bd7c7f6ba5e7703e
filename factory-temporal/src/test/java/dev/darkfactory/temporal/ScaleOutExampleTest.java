package dev.darkfactory.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/scale-out.md}, compiled and run: two worker "processes" (two factories
 * with their own workspaces, sharing the repository, the specs and the store) and a scheduler,
 * all connected over gRPC to a Temporal server on a real port. The page's snippets are checked to
 * be copied from this file.
 */
class ScaleOutExampleTest {

  @TempDir Path dir;

  /** Connects to a Temporal cluster's frontend, such as {@code temporal.internal:7233}. */
  static WorkflowClient connect(String target) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    return WorkflowClient.newInstance(service);
  }

  /** A worker: the factory you would run embedded, serving the spec workflows' steps. */
  static FactoryWorker serve(WorkflowClient client, Factory factory) {
    FactoryWorker worker =
        FactoryWorker.builder()
            .client(client)
            .factory(factory) // the same agent, sandbox, evaluator, policy, repository, store
            .taskQueue("dark-factory")
            .build();
    worker.start();
    return worker;
  }

  /** The scheduler: one workflow per spec, then wait until each has ended or is held. */
  static TemporalRun schedule(WorkflowClient client, Factory factory) throws InterruptedException {
    TemporalFactory scheduler =
        TemporalFactory.builder()
            .client(client)
            .factory(factory)
            .taskQueue("dark-factory")
            .settings(SpecTask.Settings.defaults().withHold(Duration.ofDays(7)))
            .build();
    TemporalRun run = scheduler.runUntilIdle();
    for (SpecState spec : run.settled()) {
      if (spec.awaitingReview()) {
        // a human read the candidate's branch and the evaluation, then:
        scheduler.approve(SpecId.of(spec.specId()), "ann", "read the diff and the evaluation");
      }
    }
    return run;
  }

  @Test
  void twoWorkersAndASchedulerOnARealPortMergeTheQueue() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .on(SpecId.of("hello"), 1, TemporalFixture.writes("hello", "hello world"))
            .on(SpecId.of("bye"), 1, TemporalFixture.writes("bye", "goodbye"))
            .build();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        TemporalFixture world =
            TemporalFixture.create(
                dir, TemporalFixture.spec("hello", "hello world"), TemporalFixture.spec("bye", "goodbye"))) {
      WorkflowClient client = connect("127.0.0.1:" + port);
      try (FactoryWorker first = serve(client, world.factory(agent, "worker-1"));
          FactoryWorker second = serve(client, world.factory(agent, "worker-2"))) {
        TemporalRun run = schedule(client, world.factory(agent, "scheduler"));

        assertThat(run.failed()).isEmpty();
        assertThat(run.count(Resolution.MERGED)).isEqualTo(2);
        assertThat(world.git("show", TemporalFixture.TARGET + ":hello.txt")).isEqualTo("hello world");
        assertThat(world.git("show", TemporalFixture.TARGET + ":bye.txt")).isEqualTo("goodbye");
      } finally {
        client.getWorkflowServiceStubs().shutdownNow();
      }
    }
  }
}

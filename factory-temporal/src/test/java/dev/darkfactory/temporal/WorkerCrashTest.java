package dev.darkfactory.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.fail;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.SpecStep;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.testserver.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM killed with SIGKILL in the middle of a step loses nothing and doubles nothing: the
 * test server (on a real port, shared with the child JVM) misses its heartbeats, a second worker
 * takes the step over and the spec merges exactly once. Killed in the agent's run, the attempt
 * runs again; killed after the target moved but before the merge was journaled, the second worker
 * confirms the merge instead of merging again.
 *
 * <p>Workers must run without sticky execution, since the test server never expires a dead
 * worker's sticky queue; the third test checks that {@code stickyExecution(false)} really asks the
 * server for no sticky queue.
 */
class WorkerCrashTest {

  private static final SpecId HELLO = SpecId.of("hello");
  private static final String SECOND = "second-worker";

  @TempDir Path dir;

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private TemporalFixture fixture;
  private Process child;
  private FactoryWorker second;
  private FactoryWorker worker;
  private Factory factory;
  private ScriptedAgent agent;
  private final AtomicInteger swaps = new AtomicInteger();
  private final AtomicInteger completions = new AtomicInteger();
  private final AtomicInteger stickyCompletions = new AtomicInteger();
  private RunStore store;
  private String workflowId;
  private String print;

  @AfterEach
  void tearDown() throws Exception {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (second != null) {
      second.shutdown(Duration.ofSeconds(10));
    }
    if (worker != null) {
      worker.shutdown(Duration.ofSeconds(10));
    }
    if (service != null) {
      service.shutdownNow();
      service.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWorkerKilledInTheAgentsRunIsReplacedAndTheAttemptRunsAgain() throws Exception {
    assertThat(crashIn("implement")).isEqualTo("BLOCKED implement");
    assertThat(journal()).doesNotContain(Step.Kind.AGENT_FINISHED);

    SpecState end = secondWorkerFinishes();

    assertMergedOnce(end, "DarkFactoryImplement");
    // The second worker ran the same attempt again from scratch: one agent run, one candidate.
    assertThat(end.attempt()).isEqualTo(1);
    assertThat(end.candidateBranch()).isEqualTo("factory/hello/attempt-1");
    assertThat(agent.assignmentsFor(HELLO)).hasSize(1);
    assertThat(fixture.git("for-each-ref", "--format=%(refname:short)", "refs/heads/factory/"))
        .isEqualTo("factory/hello/attempt-1");
    assertThat(journal()).filteredOn(k -> k == Step.Kind.ATTEMPT_STARTED).hasSize(2);
    assertThat(journal()).filteredOn(k -> k == Step.Kind.CANDIDATE_COMMITTED).hasSize(1);
    assertThat(swaps).hasValue(1);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWorkerKilledAfterTheTargetMovedIsReplacedAndTheMergeIsConfirmedNotRepeated() throws Exception {
    String marker = crashIn("merge");
    assertThat(marker).startsWith("BLOCKED merge ");
    String landed = marker.substring("BLOCKED merge ".length());
    // The target moved, but the dead worker journaled only its intent.
    assertThat(fixture.git("rev-parse", TemporalFixture.TARGET)).isEqualTo(landed);
    assertThat(journal()).endsWith(Step.Kind.MERGE_INTENT);

    SpecState end = secondWorkerFinishes();

    assertMergedOnce(end, "DarkFactoryIntegrate");
    assertThat(end.mergedHead()).isEqualTo(landed);
    assertThat(swaps).as("compare-and-swaps by the second worker").hasValue(0);
    assertThat(agent.assignmentsFor(HELLO)).isEmpty();
    assertThat(fixture.git("rev-list", "--merges", TemporalFixture.TARGET)).isEqualTo(landed);
    assertThat(journal()).filteredOn(k -> k == Step.Kind.MERGE_INTENT).hasSize(1);
    assertThat(entries()).filteredOn(e -> e.step() instanceof Step.Merged)
        .singleElement()
        .satisfies(e -> assertThat(((Step.Merged) e.step()).head().hex()).isEqualTo(landed));
  }

  /**
   * A worker without sticky execution must not ask the server to send the workflow's next task to
   * its own sticky queue: a test server keeps that task there for ever once the worker died, and
   * a real one for the sticky schedule-to-start timeout. Run in this JVM, no crash needed: every
   * workflow task completion the worker sends is checked on the wire.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWorkerWithoutStickyExecutionAsksTheServerForNoStickyQueue() throws Exception {
    startWorkflow(null);
    worker =
        FactoryWorker.builder()
            .client(client)
            .factory(factory)
            .taskQueue(CrashingWorker.QUEUE)
            .stickyExecution(false)
            .identity(SECOND)
            .build();
    worker.start();

    SpecState end = client.newUntypedWorkflowStub(workflowId).getResult(60, TimeUnit.SECONDS, SpecState.class);

    assertThat(end.resolution()).isEqualTo(Resolution.MERGED);
    assertThat(completions).as("workflow task completions the worker sent").hasPositiveValue();
    assertThat(stickyCompletions)
        .as("of them, completions asking for the worker's sticky queue (StickyExecutionAttributes)")
        .hasValue(0);
  }

  /**
   * Starts the server, the spec's workflow and a worker JVM that blocks in the middle of a step;
   * kills the JVM there.
   *
   * @return the child's marker line
   */
  private String crashIn(String mode) throws Exception {
    startWorkflow(mode);
    String marker = awaitMarker();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("exit of a process killed with SIGKILL").isEqualTo(137);
    return marker;
  }

  /**
   * Starts the test server on a free port (time skipping locked, so heartbeat timeouts run on the
   * wall clock), the fixture, the child JVM when a mode is given, and the spec's workflow.
   */
  private void startWorkflow(@Nullable String mode) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port, true);
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .setGrpcClientInterceptors(List.of(new CompletionSpy()))
                .build());
    client = WorkflowClient.newInstance(service);
    fixture = TemporalFixture.create(dir.resolve("world"), TemporalFixture.spec("hello", "hello world"));
    if (mode != null) {
      child = launch(port, mode);
    }
    agent = ScriptedAgent.builder().on(HELLO, 1, TemporalFixture.writes("hello", "hello world")).build();
    factory = fixture.factory(agent, SECOND, b -> {}, real -> CrashingWorker.afterSwap(real, (head, moved) -> swaps.incrementAndGet()));
    TemporalFactory scheduler =
        TemporalFactory.builder()
            .client(client)
            .factory(factory)
            .taskQueue(CrashingWorker.QUEUE)
            .settings(SpecTask.Settings.defaults().withHeartbeat(Duration.ofSeconds(2)).withRetryInterval(Duration.ofMillis(200)))
            .build();
    WorkItem item;
    try (Factory.Steps s = factory.steps()) {
      item = s.workSource().find(HELLO).orElseThrow();
      print = s.fingerprint(item);
    }
    String runId = mode == null ? "run-sticky" : "run-crash-" + mode;
    store = fixture.store();
    store.runStarted(runId, "test", Instant.now());
    workflowId = scheduler.start(runId, item).getWorkflowId();
  }

  /** Counts the workflow task completions this JVM's workers send, and those asking for stickiness. */
  private final class CompletionSpy implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void sendMessage(Q message) {
          if (message instanceof RespondWorkflowTaskCompletedRequest r) {
            completions.incrementAndGet();
            if (r.hasStickyAttributes()) {
              stickyCompletions.incrementAndGet();
            }
          }
          super.sendMessage(message);
        }
      };
    }
  }

  private Process launch(int port, String mode) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Djava.io.tmpdir=" + tmp,
            "-cp",
            classpath,
            CrashingWorker.class.getName(),
            String.valueOf(port),
            fixture.root.toString(),
            mode)
        .redirectError(dir.resolve("child.err").toFile())
        .start();
  }

  /** Reads the child's stdout until it says where it blocked. */
  private String awaitMarker() throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(CrashingWorker.BLOCKED)) {
        return line;
      }
    }
    child.waitFor(30, TimeUnit.SECONDS);
    return fail("the child ended (exit %s) before it blocked; stderr:%n%s",
        child.isAlive() ? "none" : child.exitValue(), Files.readString(dir.resolve("child.err")));
  }

  /** Starts a worker in this JVM and waits for the workflow's end. */
  private SpecState secondWorkerFinishes() throws Exception {
    second = CrashingWorker.serve(client, factory, SECOND);
    return client.newUntypedWorkflowStub(workflowId).getResult(120, TimeUnit.SECONDS, SpecState.class);
  }

  /**
   * The spec merged once, and the history shows the step the child died in started a second time
   * on the second worker (the test server records no last failure on the started event, so the
   * heartbeat timeout itself is not visible there); every other step ran once, the claim on the
   * child. The history replays against the workflow code.
   */
  private void assertMergedOnce(SpecState end, String retried) throws Exception {
    assertThat(end.step()).isEqualTo(SpecStep.Kind.FINISHED);
    assertThat(end.resolution()).isEqualTo(Resolution.MERGED);
    assertThat(end.mergedHead()).isEqualTo(fixture.git("rev-parse", TemporalFixture.TARGET));
    assertThat(fixture.targetLog()).hasSize(2);
    assertThat(fixture.git("show", TemporalFixture.TARGET + ":hello.txt")).isEqualTo("hello world");
    assertThat(journal()).filteredOn(k -> k == Step.Kind.MERGED).hasSize(1);
    assertThat(journal()).filteredOn(k -> k == Step.Kind.SPEC_FINISHED).hasSize(1);

    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    Map<Long, String> types = new LinkedHashMap<>();
    Map<String, ActivityTaskStartedEventAttributes> started = new LinkedHashMap<>();
    for (HistoryEvent e : history.getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        types.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.hasActivityTaskStartedEventAttributes()) {
        var s = e.getActivityTaskStartedEventAttributes();
        started.put(types.get(s.getScheduledEventId()), s);
      }
    }
    Map<String, Integer> attempts = new LinkedHashMap<>();
    started.forEach((type, s) -> attempts.put(type, s.getAttempt()));
    assertThat(attempts)
        .containsExactly(
            entry("DarkFactoryClaim", 1),
            entry("DarkFactoryImplement", retried.equals("DarkFactoryImplement") ? 2 : 1),
            entry("DarkFactoryEvaluate", 1),
            entry("DarkFactoryDecide", 1),
            entry("DarkFactoryIntegrate", retried.equals("DarkFactoryIntegrate") ? 2 : 1));
    assertThat(started.get(retried).getIdentity()).isEqualTo(SECOND);
    assertThat(started.get("DarkFactoryClaim").getIdentity()).isEqualTo(CrashingWorker.IDENTITY);
    // What lets the workflow go on after the child died: the workers ask for no sticky queue.
    assertThat(completions).hasPositiveValue();
    assertThat(stickyCompletions).hasValue(0);
    WorkflowReplayer.replayWorkflowExecution(history, SpecWorkflowImpl.class);
  }

  private List<JournalEntry> entries() {
    return store.history(HELLO, print);
  }

  private List<Step.Kind> journal() {
    return entries().stream().map(e -> e.step().kind()).toList();
  }
}

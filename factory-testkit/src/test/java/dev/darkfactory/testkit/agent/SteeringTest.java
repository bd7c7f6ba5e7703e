package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.AgentSteering;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.agent.tool.ToolOutput;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host talks to a running attempt: messages after the current tool round, and cancel. */
class SteeringTest {

  @TempDir Path dir;
  private LoopFixture f;
  private final ExecutorService host = Executors.newSingleThreadExecutor();
  private final AgentSteering steering = new AgentSteering();

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    host.shutdownNow();
    f.close();
  }

  /** Waits until {@code condition} holds, checking every 10 ms, for at most {@code timeout}. */
  private static boolean eventually(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    return true;
  }

  private static Reply finish(String summary) {
    return Reply.toolCall("finish", json("summary", summary));
  }

  @Test
  void aMessageSentDuringAToolRoundReachesTheModelWithThatRoundsResults() throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    TestTool pause =
        new TestTool(
            "pause",
            "{\"type\":\"object\"}",
            (a, c) -> {
              reached.countDown();
              return proceed.await(20, TimeUnit.SECONDS)
                  ? ToolOutput.ok("resumed")
                  : ToolOutput.error("the test never resumed");
            });
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(1)).reply(Reply.toolCall("pause", "{}"))
            .on(RequestMatcher.lastUserMessageContains("Also write bye.txt"))
            .reply(Reply.toolCall("write_file", json("path", "bye.txt", "content", "bye\n")))
            .on(RequestMatcher.toolResult("write_file")).reply(finish("wrote bye.txt as asked"))
            .build();
    ToolLoopAgent agent = f.agent(model).tool(pause).steering(steering).build();

    Future<AgentOutcome> running = host.submit(() -> agent.implement(f.assignment(), f.context()));
    assertThat(reached.await(20, TimeUnit.SECONDS)).isTrue();
    steering.steer("Also write bye.txt");
    proceed.countDown();
    AgentOutcome outcome = running.get(30, TimeUnit.SECONDS);

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.read("bye.txt")).isEqualTo("bye\n");
    Message afterPause = model.requests().get(1).messages().get(2);
    assertThat(afterPause.content())
        .containsExactly(
            new ContentBlock.ToolResult("call_1", "resumed", false),
            new ContentBlock.Text("Message from the host:\nAlso write bye.txt"));
    assertThat(f.events(AgentEvent.SteeringDelivered.class))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.text()).isEqualTo("Also write bye.txt");
          assertThat(e.turn()).isEqualTo(1);
        });
  }

  @Test
  void finishIsRefusedWhileAMessageWaitsSoTheModelReadsItFirst() throws Exception {
    TestTool hostSpeaks =
        new TestTool(
            "echo",
            TestTool.TEXT_SCHEMA,
            (a, c) -> {
              steering.steer("Wait: run the tests before finishing.");
              return ToolOutput.ok(a.get("text").asText());
            });
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("echo", json("text", "x")).andToolCall("finish", json("summary", "early")))
            .on(RequestMatcher.toolResult("finish").failed().containing("the host sent a message"))
            .reply(finish("ran the tests, then finished"))
            .build();

    AgentOutcome outcome =
        f.agent(model).tool(hostSpeaks).steering(steering).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Finished.class,
            o -> assertThat(o.summary()).isEqualTo("ran the tests, then finished"));
    assertThat(model.requests().get(1).messages().get(2).text())
        .isEqualTo("Message from the host:\nWait: run the tests before finishing.");
  }

  @Test
  void aMessageWaitingWhenTheModelAnswersWithTextIsSentInsteadOfTheReminder() throws Exception {
    steering.steer("Please also update the README.");
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.text("Nothing to do, I think."))
            .on(RequestMatcher.lastUserMessageContains("also update the README"))
            .reply(finish("updated the README"))
            .build();

    AgentOutcome outcome =
        f.agent(model).steering(steering).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.events(AgentEvent.WarningInjected.class)).isEmpty();
    assertThat(steering.hasMessages()).isFalse();
  }

  @Test
  void cancelKillsTheRunningCommandAndAbortsPromptly() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("run_command", json("command", "echo $$ > pid.txt; exec sleep 120", "timeout_seconds", 300)))
            .always(finish("never"))
            .build();
    ToolLoopAgent agent = f.agent(model).steering(steering).build();
    Path pidFile = f.file("pid.txt");

    Future<AgentOutcome> running = host.submit(() -> agent.implement(f.assignment(), f.context()));
    assertThat(eventually(Duration.ofSeconds(20), () -> readPid(pidFile) > 0)).isTrue();
    long pid = readPid(pidFile);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    long cancelledAt = System.nanoTime();
    steering.cancel();
    AgentOutcome outcome = running.get(30, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(15));
    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> {
              assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.CANCELLED);
              assertThat(a.detail()).contains("during a tool call");
            });
    assertThat(
            eventually(
                Duration.ofSeconds(10),
                () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)))
        .as("the sleep (pid %d) is killed", pid)
        .isTrue();
    assertThat(model.requests()).hasSize(1);
    // the transcript records the call and that it did not finish
    List<Message> messages = outcome.transcript().messages();
    assertThat(messages.get(messages.size() - 1).content().get(0))
        .isInstanceOfSatisfying(ContentBlock.ToolResult.class, r -> assertThat(r.error()).isTrue());
  }

  private static long readPid(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Test
  void cancelDuringAModelCallAbortsIt() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.computed(
                    "a call that waits until interrupted",
                    r -> {
                      inCall.countDown();
                      new CountDownLatch(1).await();
                      return Reply.text("never");
                    }))
            .build();
    ToolLoopAgent agent = f.agent(model).steering(steering).build();

    Future<AgentOutcome> running = host.submit(() -> agent.implement(f.assignment(), f.context()));
    assertThat(inCall.await(20, TimeUnit.SECONDS)).isTrue();
    steering.cancel();
    AgentOutcome outcome = running.get(20, TimeUnit.SECONDS);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> {
              assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.CANCELLED);
              assertThat(a.detail()).contains("during a model call");
            });
  }

  @Test
  void aCancelledHandleEndsTheNextAttemptAtOnceAndLeavesNoInterruptBehind() throws Exception {
    ScriptedModelProvider model = ScriptedModelProvider.builder().always(finish("x")).build();
    steering.cancel();

    AgentOutcome outcome =
        f.agent(model).steering(steering).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.CANCELLED));
    assertThat(model.requests()).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aStopRequestedByTheFactoryEndsTheAttemptBeforeTheNextCall() throws Exception {
    TestTool stopper =
        new TestTool(
            "echo",
            TestTool.TEXT_SCHEMA,
            (a, c) -> {
              f.stop.set(true);
              return ToolOutput.ok("ok");
            });
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().always(Reply.toolCall("echo", json("text", "x"))).build();

    AgentOutcome outcome = f.agent(model).tool(stopper).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> {
              assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.CANCELLED);
              assertThat(a.detail()).isEqualTo("the factory asked the attempt to stop");
            });
    assertThat(model.requests()).hasSize(1);
    assertThat(outcome.transcript().messages()).hasSize(3);
  }
}

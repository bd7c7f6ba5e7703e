package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.core.cost.ModelPrice;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an attempt of the tool loop ends: finish, give up, text answers, model failures, leaks. */
class ToolLoopEndingsTest {

  @TempDir Path dir;
  private LoopFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
    Thread.interrupted();
  }

  @Test
  void finishEndsTheAttemptWithItsSummaryAndTheWholeConversation() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("finish", json("summary", "nothing to do")))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(((AgentOutcome.Finished) outcome).summary()).isEqualTo("nothing to do");
    List<Message> messages = outcome.transcript().messages();
    assertThat(messages).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
    assertThat(messages.get(2).content())
        .containsExactly(new ContentBlock.ToolResult("call_1", "finished", false));
    assertThat(outcome.transcript().models()).containsExactly(LoopFixture.MODEL);
    assertThat(f.events(AgentEvent.Ended.class)).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isSameAs(outcome));
  }

  @Test
  void giveUpEndsTheAttemptWithItsReason() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("give_up", json("reason", "the spec contradicts itself")))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.GaveUp.class,
            g -> assertThat(g.reason()).isEqualTo("the spec contradicts itself"));
  }

  @Test
  void callsBesideFinishStillRunAndTheFirstEndingWins() throws Exception {
    TestTool echo = TestTool.echo();
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("finish", json("summary", "done"))
                    .andToolCall("echo", json("text", "after finish"))
                    .andToolCall("give_up", json("reason", "too late")))
            .build();

    AgentOutcome outcome = f.agent(model).tool(echo).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(echo.calls).hasSize(1);
    Message results = outcome.transcript().messages().get(2);
    assertThat(results.content()).hasSize(3);
  }

  @Test
  void aTextAnswerGetsOneReminderAndASecondOneFinishesWithTheText() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.text("I believe the work is complete."))
            .on(RequestMatcher.lastUserMessageContains("You answered without calling a tool"))
            .reply(Reply.text("  Yes, all done.  "))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Finished.class, o -> assertThat(o.summary()).isEqualTo("Yes, all done."));
    assertThat(model.requests()).hasSize(2);
    assertThat(f.events(AgentEvent.WarningInjected.class))
        .singleElement()
        .satisfies(w -> assertThat(w.kind()).isEqualTo(AgentEvent.Warning.NO_TOOL_CALL));
  }

  @Test
  void aModelThatHeedsTheReminderGoesOnWorking() throws Exception {
    TestTool echo = TestTool.echo();
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.text("Let me think."))
            .then(Reply.toolCall("echo", json("text", "working")))
            .then(Reply.text("Thinking again."))
            .then(Reply.toolCall("finish", json("summary", "done after two reminders")))
            .build();

    AgentOutcome outcome = f.agent(model).tool(echo).build().implement(f.assignment(), f.context());

    // A tool call in between resets the reminder, so the second text answer is reminded too.
    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Finished.class,
            o -> assertThat(o.summary()).isEqualTo("done after two reminders"));
    assertThat(f.events(AgentEvent.WarningInjected.class)).hasSize(2);
  }

  @Test
  void aRefusalFailsTheAttempt() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.text("I cannot help with that.").withStopReason(StopReason.REFUSAL))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            o -> assertThat(o.error()).contains("refused").contains("I cannot help with that."));
  }

  @Test
  void aModelFailureFailsTheAttemptKeepingTheUsageSoFar() throws Exception {
    TestTool echo = TestTool.echo();
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("echo", json("text", "a")).withUsage(Usage.of(100, 10)))
            .then(Reply.error(ModelException.Kind.CONTEXT_TOO_LONG, "prompt is too long"))
            .build();

    AgentOutcome outcome = f.agent(model).tool(echo).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            o -> assertThat(o.error()).contains("turn 2").contains("CONTEXT_TOO_LONG: prompt is too long"));
    assertThat(outcome.usage()).isEqualTo(Usage.of(100, 10));
    assertThat(outcome.transcript().messages()).hasSize(3);
  }

  @Test
  void anInterruptThatIsNotACancelIsPassedOn() {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.computed(
                    "an interrupted call",
                    r -> {
                      throw new InterruptedException("interrupted by the caller");
                    }))
            .build();
    ToolLoopAgent agent = f.agent(model).build();

    assertThatThrownBy(() -> agent.implement(f.assignment(), f.context()))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void usageIsSummedOverEveryTurn() throws Exception {
    TestTool echo = TestTool.echo();
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("echo", json("text", "1")).withUsage(new Usage(100, 20, 5, 7, 3)))
            .then(Reply.toolCall("echo", json("text", "2")).withUsage(new Usage(200, 30, 50, 0, 10)))
            .then(Reply.toolCall("finish", json("summary", "ok")).withUsage(Usage.of(1, 1)))
            .build();

    AgentOutcome outcome = f.agent(model).tool(echo).build().implement(f.assignment(), f.context());

    assertThat(outcome.usage()).isEqualTo(new Usage(301, 51, 55, 7, 13));
    assertThat(f.events(AgentEvent.ModelResponded.class))
        .extracting(AgentEvent.ModelResponded::totalUsage)
        .containsExactly(
            new Usage(100, 20, 5, 7, 3), new Usage(300, 50, 55, 7, 13), new Usage(301, 51, 55, 7, 13));
  }

  @Test
  void everyResponseCarriesItsCostAndTheAttemptsSoFarAtTheModelsPrice() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("echo", json("text", "1")).withUsage(new Usage(1_000_000, 100_000, 2_000_000, 0, 0)))
            .then(Reply.toolCall("finish", json("summary", "ok")).withUsage(Usage.of(500_000, 0)))
            .build();
    // $3 in, $15 out, $3.75 cache writes, $0.30 cache reads per million
    PriceCatalog prices =
        PriceCatalog.bundled().with(LoopFixture.MODEL, ModelPrice.of("3", "15", "3.75", "0.30"));

    f.agent(model).prices(prices).tool(TestTool.echo()).build().implement(f.assignment(), f.context());

    assertThat(f.events(AgentEvent.ModelResponded.class))
        .extracting(e -> e.cost().costUsd(), e -> e.totalCost().costUsd())
        .usingRecursiveFieldByFieldElementComparator(
            org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                .build())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(new java.math.BigDecimal("5.10"), new java.math.BigDecimal("5.10")),
            org.assertj.core.groups.Tuple.tuple(new java.math.BigDecimal("1.50"), new java.math.BigDecimal("6.60")));
  }

  @Test
  void aHoldoutLeakFromTheGuardAbortsBeforeTheRequestIsSent() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(Reply.toolCall("finish", json("summary", "never reached")))
            .build();
    f.guard.set(
        provider ->
            new ModelProvider() {
              @Override
              public String id() {
                return "guard";
              }

              @Override
              public ModelResponse complete(ModelRequest request) {
                throw new HoldoutLeakException(
                    ScenarioId.of("secret-check"), "canary found in message 1");
              }
            });

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> {
              assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK);
              assertThat(a.detail()).contains("secret-check").contains("canary found in message 1");
            });
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void anAgentThatSmugglesHoldoutTextIntoItsPromptIsStoppedByTheGuard() throws Exception {
    String canary = "DF-CANARY-7f3a9c";
    TestTool echo = TestTool.echo();
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("echo", json("text", "smuggled: " + canary)))
            .always(Reply.toolCall("finish", json("summary", "leaked")))
            .build();
    f.guard.set(
        provider ->
            new ModelProvider() {
              @Override
              public String id() {
                return "guard";
              }

              @Override
              public ModelResponse complete(ModelRequest request)
                  throws ModelException, InterruptedException {
                for (Message m : request.messages()) {
                  for (ContentBlock b : m.content()) {
                    if (b instanceof ContentBlock.ToolResult r && r.content().contains(canary)) {
                      throw new HoldoutLeakException(
                          ScenarioId.of("hidden-greeting"), "its canary is in a tool result");
                    }
                  }
                }
                return provider.complete(request);
              }
            });

    AgentOutcome outcome = f.agent(model).tool(echo).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> {
              assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK);
              assertThat(a.detail()).contains("hidden-greeting");
            });
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void aLeakWrappedInAModelExceptionAbortsToo() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.error(
                    new ModelException(
                        ModelException.Kind.REFUSED,
                        "refused by the guard",
                        null,
                        new HoldoutLeakException(ScenarioId.of("h1"), "fingerprint match"))))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AgentOutcome.Aborted.class,
            a -> assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK));
  }

  @Test
  void notesGoToTheContextAndComeBackInTheNextAttemptsFirstMessage() throws Exception {
    ScriptedModelProvider first =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("note", json("text", "tried sed; the file is CRLF"))
                    .andToolCall("give_up", json("reason", "ran out of ideas")))
            .build();

    AgentOutcome outcome = f.agent(first).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.GaveUp.class);
    assertThat(f.notes).containsExactly("tried sed; the file is CRLF");
    assertThat(outcome.transcript().messages().get(2).content().get(0))
        .isEqualTo(
            new ContentBlock.ToolResult(
                "call_1", "noted; a later attempt at this spec will read it", false));

    ScriptedModelProvider second =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("finish", json("summary", "fixed the line endings")))
            .build();
    Feedback feedback =
        new Feedback(1, "one visible scenario failed", List.of(ScenarioId.of("prints-greeting")), 1, 3)
            .withNotes(List.copyOf(f.notes));

    f.agent(second).build().implement(f.assignment(2, List.of(feedback)), f.context());

    String firstMessage = second.lastRequest().messages().get(0).text();
    assertThat(firstMessage)
        .contains("## Attempt 1")
        .contains("one visible scenario failed")
        .contains("Visible scenarios that failed: prints-greeting")
        .contains("Hidden scenarios passed: 1 of 3")
        .contains("tried sed; the file is CRLF");
  }
}

package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.EscalatingRouter;
import dev.darkfactory.core.agent.ModelRouter;
import dev.darkfactory.core.agent.RoutingContext;
import dev.darkfactory.core.model.ModelHints;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router picks each turn's model; every choice that changes it is an event with its reason. */
class ModelRoutingTest {

  private static final String CHEAP = "cheap-model";
  private static final String STRONG = "strong-model";
  private static final Reply FINISH = Reply.toolCall("finish", json("summary", "done"));

  @TempDir Path dir;
  private LoopFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static List<String> models(ScriptedModelProvider model) {
    return model.requests().stream().map(ModelRequest::model).toList();
  }

  /**
   * The routed events name exactly the model changes the requests show: the first turn's model,
   * then each turn whose model differs from the turn before, with the previous model as "from".
   */
  private List<AgentEvent.ModelRouted> assertEveryChangeIsAnEvent(ScriptedModelProvider model) {
    List<AgentEvent.ModelRouted> routed = f.events(AgentEvent.ModelRouted.class);
    List<String> expected = new ArrayList<>();
    String previous = null;
    int turn = 0;
    for (String m : models(model)) {
      turn++;
      if (!m.equals(previous)) {
        expected.add(turn + ": " + previous + " -> " + m);
      }
      previous = m;
    }
    assertThat(routed)
        .extracting(r -> r.turn() + ": " + r.from() + " -> " + r.to())
        .containsExactlyElementsOf(expected);
    assertThat(routed).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    return routed;
  }

  @Test
  void aFixedModelIsRoutedOnceForTheFirstTurnAndAskedEveryTurn() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(FINISH)
            .build();

    f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(models(model)).containsOnly(LoopFixture.MODEL).hasSize(2);
    assertThat(assertEveryChangeIsAnEvent(model)).singleElement()
        .satisfies(r -> assertThat(r.from()).isNull());
    assertThat(f.events(AgentEvent.Started.class).get(0).model()).isEqualTo(LoopFixture.MODEL);
  }

  @Test
  void startsCheapThenEscalatesOnALoopWarningForTheRestOfTheAttempt() throws Exception {
    Reply read = Reply.toolCall("read_file", json("path", "src/greeting.txt"));
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.lastUserMessageContains("Warning from the loop"))
            .reply(Reply.toolCall("write_file", json("path", "new.txt", "content", "different")))
            .then(read).then(read).then(read)
            .then(Reply.toolCall("list_files", json("glob", "*")))
            .then(FINISH)
            .build();

    AgentOutcome outcome =
        f.agent(model)
            .router(EscalatingRouter.builder(CHEAP, STRONG).build())
            .build()
            .implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(models(model)).containsExactly(CHEAP, CHEAP, CHEAP, STRONG, STRONG, STRONG);
    List<AgentEvent.ModelRouted> routed = assertEveryChangeIsAnEvent(model);
    assertThat(routed).hasSize(2);
    assertThat(routed.get(0).reason()).contains("cheap");
    assertThat(routed.get(1).reason()).contains("loop warned");
    assertThat(f.events(AgentEvent.Started.class).get(0).model()).isEqualTo(CHEAP);
    assertThat(model.requests().get(0).messages().get(0).text()).contains("- Model: " + CHEAP);
  }

  @Test
  void theStablePrefixAndThePromptCacheKeyStayTheSameAcrossModels() throws Exception {
    Reply read = Reply.toolCall("read_file", json("path", "src/greeting.txt"));
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.lastUserMessageContains("Warning from the loop"))
            .reply(Reply.toolCall("write_file", json("path", "new.txt", "content", "different")))
            .then(read).then(read).then(read)
            .then(FINISH)
            .build();

    f.agent(model)
        .router(EscalatingRouter.builder(CHEAP, STRONG).build())
        .build()
        .implement(f.assignment(), f.context());

    List<ModelRequest> requests = model.requests();
    assertThat(requests).extracting(ModelRequest::model).containsExactly(CHEAP, CHEAP, CHEAP, STRONG, STRONG);
    ModelRequest first = requests.get(0);
    for (ModelRequest later : requests) {
      assertThat(later.system()).isEqualTo(first.system());
      assertThat(later.tools()).isEqualTo(first.tools());
      assertThat(later.messages().get(0)).isEqualTo(first.messages().get(0));
      assertThat(later.metadata())
          .isEqualTo(first.metadata())
          .containsEntry(ModelHints.PROMPT_CACHE_KEY, "darkfactory/greeting/1");
    }
  }

  @Test
  void anAttemptAfterOneThatWasSentBackStartsWithTheStrongModel() throws Exception {
    ScriptedModelProvider model = ScriptedModelProvider.builder().always(FINISH).build();
    Feedback failed =
        new Feedback(
            1,
            "the evaluator's verdict was FAIL; visible scenarios that did not pass: prints-greeting",
            List.of(new ScenarioId("prints-greeting")),
            0,
            2);

    f.agent(model)
        .router(EscalatingRouter.builder(CHEAP, STRONG).build())
        .build()
        .implement(f.assignment(2, List.of(failed)), f.context());

    assertThat(models(model)).containsExactly(STRONG);
    assertThat(assertEveryChangeIsAnEvent(model)).singleElement()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .contains("attempt 1 was sent back")
                    .contains("verdict was FAIL"));
  }

  @Test
  void withAMinimumScoreOnlyAnEarlierAttemptThatScoredLowEscalates() throws Exception {
    EscalatingRouter router = EscalatingRouter.builder(CHEAP, STRONG).minEarlierScore(0.8).build();
    Feedback nearlyPassed =
        new Feedback(1, "the evaluator's verdict was FAIL", List.of(), 4, 5); // 5 of 6 passed
    Feedback poor =
        new Feedback(
            1, "the evaluator's verdict was FAIL", List.of(new ScenarioId("prints-greeting")), 1, 5);

    ScriptedModelProvider first = ScriptedModelProvider.builder().always(FINISH).build();
    f.agent(first).router(router).build().implement(f.assignment(2, List.of(nearlyPassed)), f.context());
    f.events.clear();
    ScriptedModelProvider second = ScriptedModelProvider.builder().always(FINISH).build();
    f.agent(second).router(router).build().implement(f.assignment(2, List.of(poor)), f.context());

    assertThat(models(first)).containsExactly(CHEAP);
    assertThat(models(second)).containsExactly(STRONG);
    assertThat(assertEveryChangeIsAnEvent(second)).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("attempt 1 scored 17%, below 80%"));
  }

  @Test
  void aStreakOfFailedToolRoundsEscalates() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "missing-1.txt")))
            .then(Reply.toolCall("read_file", json("path", "missing-2.txt")))
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("read_file", json("path", "missing-3.txt")))
            .then(Reply.toolCall("read_file", json("path", "missing-4.txt")))
            .then(Reply.toolCall("edit_file", json("path", "README.md", "old_string", "nothing like it", "new_string", "x")))
            .then(FINISH)
            .build();

    f.agent(model)
        .router(EscalatingRouter.builder(CHEAP, STRONG).failedRoundStreak(3).build())
        .build()
        .implement(f.assignment(), f.context());

    // two failures, a success resets the streak, then three failures in a row
    assertThat(f.events(AgentEvent.ToolCalled.class))
        .extracting(c -> c.output().error())
        .containsExactly(true, true, false, true, true, true, false);
    assertThat(models(model)).containsExactly(CHEAP, CHEAP, CHEAP, CHEAP, CHEAP, CHEAP, STRONG);
    assertThat(assertEveryChangeIsAnEvent(model)).last()
        .satisfies(r -> assertThat(r.reason()).contains("3 tool rounds in a row had only failed calls"));
  }

  @Test
  void routingByStepsUsesTheCheapModelAfterExploringAndTheStrongOneAfterEditing() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("list_files", json("glob", "*")).andToolCall("note", json("text", "looked")))
            .then(Reply.toolCall("write_file", json("path", "a.txt", "content", "a")))
            .then(Reply.toolCall("run_command", json("command", "cat a.txt")))
            .then(Reply.toolCall("search_files", json("pattern", "a")))
            .then(FINISH)
            .build();

    f.agent(model)
        .router(EscalatingRouter.builder(CHEAP, STRONG).routeBySteps(true).minTurnsPerModel(1).build())
        .build()
        .implement(f.assignment(), f.context());

    assertThat(models(model)).containsExactly(CHEAP, CHEAP, CHEAP, STRONG, STRONG, CHEAP);
    List<AgentEvent.ModelRouted> routed = assertEveryChangeIsAnEvent(model);
    assertThat(routed).extracting(AgentEvent.ModelRouted::reason)
        .containsExactly(
            "start with the cheap model",
            "the last round edited or ran commands (write_file)",
            "the last round only explored (search_files)");
  }

  @Test
  void aStepSwitchWaitsUntilTheModelAnsweredEnoughTurnsToPayForItsCache() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("write_file", json("path", "a.txt", "content", "a")))
            .then(Reply.toolCall("read_file", json("path", "a.txt")))
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("write_file", json("path", "b.txt", "content", "b")))
            .then(Reply.toolCall("read_file", json("path", "b.txt")))
            .then(Reply.toolCall("list_files", json("glob", "*")))
            .then(FINISH)
            .build();

    f.agent(model)
        .router(EscalatingRouter.builder(CHEAP, STRONG).routeBySteps(true).minTurnsPerModel(3).build())
        .build()
        .implement(f.assignment(), f.context());

    // turn 2 wants strong but cheap answered one turn; turn 5 wants strong and cheap answered
    // three; turns 6 and 7 want cheap but strong answered fewer than three
    assertThat(models(model)).containsExactly(CHEAP, CHEAP, CHEAP, CHEAP, STRONG, STRONG, STRONG);
    assertEveryChangeIsAnEvent(model);
  }

  @Test
  void stepRoutingIsOffByDefault() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("write_file", json("path", "a.txt", "content", "a")))
            .then(Reply.toolCall("run_command", json("command", "cat a.txt")))
            .then(Reply.toolCall("write_file", json("path", "b.txt", "content", "b")))
            .then(FINISH)
            .build();

    f.agent(model)
        .router(EscalatingRouter.builder(CHEAP, STRONG).build())
        .build()
        .implement(f.assignment(), f.context());

    assertThat(models(model)).containsOnly(CHEAP).hasSize(4);
    assertThat(assertEveryChangeIsAnEvent(model)).hasSize(1);
  }

  @Test
  void theRouterSeesWhatTheLoopKnows() throws Exception {
    List<RoutingContext> seen = new CopyOnWriteArrayList<>();
    ModelRouter recording =
        context -> {
          seen.add(context);
          return new ModelRouter.Route(CHEAP, "recording");
        };
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "nope.txt")).andToolCall("list_files", json("glob", "*")))
            .then(Reply.text("thinking aloud"))
            .then(Reply.toolCall("custom_reader", "{}"))
            .then(FINISH)
            .build();

    f.agent(model)
        .router(recording)
        .exploringTools(Set.of("read_file", "list_files", "custom_reader"))
        .build()
        .implement(f.assignment(), f.context());

    assertThat(seen).extracting(RoutingContext::turn).containsExactly(1, 2, 3, 4);
    RoutingContext first = seen.get(0);
    assertThat(first.currentModel()).isNull();
    assertThat(first.step()).isEqualTo(RoutingContext.Step.NONE);
    assertThat(first.spec().value()).isEqualTo("greeting");
    assertThat(first.visibleScenarios()).isEqualTo(1);
    RoutingContext second = seen.get(1);
    assertThat(second.currentModel()).isEqualTo(CHEAP);
    assertThat(second.turnsOnCurrentModel()).isEqualTo(1);
    assertThat(second.lastRound())
        .containsExactly(new RoutingContext.Call("read_file", true), new RoutingContext.Call("list_files", false));
    assertThat(second.step()).isEqualTo(RoutingContext.Step.EXPLORING);
    assertThat(second.failedRoundStreak()).isZero();
    RoutingContext third = seen.get(2); // after a text answer
    assertThat(third.lastRound()).isEmpty();
    assertThat(third.step()).isEqualTo(RoutingContext.Step.NONE);
    assertThat(third.turnsOnCurrentModel()).isEqualTo(2);
    RoutingContext fourth = seen.get(3); // an unknown tool: an error, but a configured explorer
    assertThat(fourth.lastRound()).containsExactly(new RoutingContext.Call("custom_reader", true));
    assertThat(fourth.step()).isEqualTo(RoutingContext.Step.EXPLORING);
    assertThat(fourth.failedRoundStreak()).isEqualTo(1);
    assertThat(fourth.longestFailedRoundStreak()).isEqualTo(1);
  }

  @Test
  void aRouterThatThrowsFailsTheAttempt() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .always(FINISH)
            .build();
    ModelRouter broken =
        context -> {
          if (context.turn() == 2) {
            throw new IllegalStateException("no route");
          }
          return new ModelRouter.Route(CHEAP, "first");
        };

    AgentOutcome outcome = f.agent(model).router(broken).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOfSatisfying(
        AgentOutcome.Failed.class,
        failed -> assertThat(failed.error()).contains("model router failed before turn 2").contains("no route"));
    assertThat(model.requests()).hasSize(1);
    assertThat(f.events(AgentEvent.Ended.class)).hasSize(1);
    assertThat(Objects.requireNonNull(f.events(AgentEvent.ModelRouted.class))).hasSize(1);
  }
}

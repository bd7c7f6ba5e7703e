package dev.darkfactory.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScriptedModelProviderTest {

  private static ModelRequest ask(String text) {
    return ModelRequest.builder("test-model").message(Message.user(text)).build();
  }

  /** A second-turn request: the first question, the assistant's calls, and their results. */
  private static ModelRequest afterTools(ModelResponse first, ContentBlock.ToolResult... results) {
    return ModelRequest.builder("test-model")
        .message(Message.user("start"))
        .message(first.message())
        .message(new Message(Role.USER, List.of(results)))
        .build();
  }

  @Test
  void playsASequenceOfRepliesInOrder() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().then(Reply.text("one")).then(Reply.text("two")).build();

    assertThat(model.complete(ask("a")).message().text()).isEqualTo("one");
    assertThat(model.complete(ask("b")).message().text()).isEqualTo("two");
    assertThatThrownBy(() -> model.complete(ask("c")))
        .isInstanceOf(UnmatchedRequestError.class)
        .hasMessageContaining("request 3 (turn 1)")
        .hasMessageContaining("'c'")
        .hasMessageContaining("used up");
  }

  @Test
  void toolCallsGetGeneratedIdsAndTheToolUseStopReason() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.text("writing both")
                    .andToolCall("write_file", Reply.json("path", "a.txt", "content", "x"))
                    .andToolCall("write_file", Reply.json("path", "b.txt", "n", 2, "ok", true)))
            .then(Reply.toolCall("finish", "{}"))
            .build();

    ModelResponse first = model.complete(ask("go"));
    ModelResponse second = model.complete(ask("go"));

    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(first.message().text()).isEqualTo("writing both");
    assertThat(first.toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall(
                "call_1", "write_file", "{\"path\":\"a.txt\",\"content\":\"x\"}"),
            new ContentBlock.ToolCall(
                "call_2", "write_file", "{\"path\":\"b.txt\",\"n\":2,\"ok\":true}"));
    assertThat(second.toolCalls()).extracting(ContentBlock.ToolCall::id).containsExactly("call_3");
    assertThat(first.model()).isEqualTo("test-model");
  }

  @Test
  void aTextReplyEndsTheTurnAndReportsItsUsageOrTheDefault() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .model("fake-1")
            .defaultUsage(Usage.of(10, 1))
            .then(Reply.text("a").withUsage(Usage.of(500, 20)))
            .then(Reply.text("b"))
            .then(Reply.text("c").withStopReason(StopReason.MAX_TOKENS))
            .build();

    ModelResponse a = model.complete(ask("x"));
    ModelResponse b = model.complete(ask("x"));
    ModelResponse c = model.complete(ask("x"));

    assertThat(a.usage()).isEqualTo(Usage.of(500, 20));
    assertThat(b.usage()).isEqualTo(Usage.of(10, 1));
    assertThat(a.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(c.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(a.model()).isEqualTo("fake-1");
  }

  @Test
  void matchesByTurnAndByTheLastUserMessage() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(2)).replyAlways(Reply.text("second turn"))
            .on(RequestMatcher.lastUserMessageContains("weather")).replyAlways(Reply.text("sunny"))
            .on(RequestMatcher.anyMessageContains("hello")).replyAlways(Reply.text("hi"))
            .build();

    assertThat(model.complete(ask("what is the weather?")).message().text()).isEqualTo("sunny");
    assertThat(model.complete(ask("hello there")).message().text()).isEqualTo("hi");
    ModelRequest turnTwo =
        ModelRequest.builder("m")
            .message(Message.user("hello"))
            .message(Message.assistant("hi"))
            .message(Message.user("weather?"))
            .build();
    assertThat(model.complete(turnTwo).message().text()).isEqualTo("second turn");
  }

  @Test
  void matchesByToolResultNameContentAndErrorFlag() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", "{}").andToolCall("run_command", "{}"))
            .on(RequestMatcher.toolResult("run_command").failed())
            .replyAlways(Reply.text("command failed"))
            .on(RequestMatcher.toolResult("read_file").containing("needle").succeeded())
            .replyAlways(Reply.text("found the needle"))
            .build();
    ModelResponse first = model.complete(ask("start"));

    ModelRequest withFailure =
        afterTools(
            first,
            new ContentBlock.ToolResult("call_1", "hay", false),
            new ContentBlock.ToolResult("call_2", "exit 1", true));
    ModelRequest withNeedle =
        afterTools(
            first,
            new ContentBlock.ToolResult("call_1", "a needle in hay", false),
            new ContentBlock.ToolResult("call_2", "ok", false));
    ModelRequest withNothing =
        afterTools(
            first,
            new ContentBlock.ToolResult("call_1", "only hay", false),
            new ContentBlock.ToolResult("call_2", "ok", false));

    assertThat(model.complete(withFailure).message().text()).isEqualTo("command failed");
    assertThat(model.complete(withNeedle).message().text()).isEqualTo("found the needle");
    assertThatThrownBy(() -> model.complete(withNothing))
        .isInstanceOf(UnmatchedRequestError.class)
        .hasMessageContaining("an error result of tool run_command in the last message")
        .hasMessageContaining("read_file: 'only hay'")
        .hasMessageContaining("run_command: 'ok'");
  }

  @Test
  void aToolResultMatcherLooksOnlyAtTheLastMessageUnlessAskedToLookEverywhere() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", "{}"))
            .on(RequestMatcher.toolResult("read_file").containing("secret").inAnyMessage())
            .replyAlways(Reply.text("remembered"))
            .on(RequestMatcher.toolResult("read_file").containing("secret"))
            .replyAlways(Reply.text("just read"))
            .build();
    ModelResponse first = model.complete(ask("start"));
    ModelRequest later =
        afterTools(first, new ContentBlock.ToolResult("call_1", "the secret", false)).toBuilder()
            .message(Message.assistant("ok"))
            .message(Message.user("and now?"))
            .build();

    assertThat(RequestMatcher.toolResult("read_file").containing("secret").matches(later)).isFalse();
    assertThat(model.complete(later).message().text()).isEqualTo("remembered");
  }

  @Test
  void oneShotRulesAreUsedOnceRepeatingRulesEveryTimeAndCountedRulesNTimes() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.lastUserMessageContains("x")).reply(Reply.text("once"))
            .on(RequestMatcher.lastUserMessageContains("x")).replyTimes(2, Reply.text("twice"))
            .always(Reply.text("forever"))
            .build();

    List<String> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(model.complete(ask("x")).message().text());
    }

    assertThat(answers).containsExactly("once", "twice", "twice", "forever", "forever");
    assertThat(model.unusedRules()).isEmpty();
  }

  @Test
  void aCustomPredicateAndAConjunctionMatch() throws Exception {
    RequestMatcher manyTools =
        RequestMatcher.that("offers more than one tool", r -> r.tools().size() > 1);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(manyTools.and(RequestMatcher.turn(1))).replyAlways(Reply.text("tools"))
            .build();

    assertThatThrownBy(() -> model.complete(ask("no tools")))
        .isInstanceOf(UnmatchedRequestError.class)
        .hasMessageContaining("[offers more than one tool and turn 1]")
        .hasMessageContaining("the predicate is false");
    ModelRequest withTools =
        ask("x").toBuilder()
            .tool(new dev.darkfactory.api.model.ToolSpec("a", "a tool", "{}"))
            .tool(new dev.darkfactory.api.model.ToolSpec("b", "b tool", "{}"))
            .build();
    assertThat(model.complete(withTools).message().text()).isEqualTo("tools");
  }

  @Test
  void anErrorReplyThrowsTheModelException() {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.error(ModelException.Kind.OVERLOADED, "busy"))
            .build();

    assertThatThrownBy(() -> model.complete(ask("x")))
        .isInstanceOf(ModelException.class)
        .hasMessage("OVERLOADED: busy")
        .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.OVERLOADED));
  }

  @Test
  void recordsEveryRequestIncludingAnUnmatchedOne() throws Exception {
    ScriptedModelProvider model = ScriptedModelProvider.builder().then(Reply.text("a")).build();

    model.complete(ask("first"));
    assertThatThrownBy(() -> model.complete(ask("second")))
        .isInstanceOfSatisfying(
            UnmatchedRequestError.class,
            e -> assertThat(e.request().messages().get(0).text()).isEqualTo("second"));

    assertThat(model.requests())
        .extracting(r -> r.messages().get(0).text())
        .containsExactly("first", "second");
    assertThat(model.lastRequest().messages().get(0).text()).isEqualTo("second");
  }

  @Test
  void withoutRulesTheErrorSaysSo() {
    ScriptedModelProvider model = ScriptedModelProvider.builder().id("empty").build();
    assertThatThrownBy(model::lastRequest).isInstanceOf(IllegalStateException.class);

    assertThatThrownBy(() -> model.complete(ask("x")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("scripted model 'empty'")
        .hasMessageContaining("there are no rules");
  }

  @Test
  void assertScriptPlayedNamesTheRulesLeft() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.text("a"))
            .on(RequestMatcher.turn(3)).replyTimes(2, Reply.text("late"))
            .build();
    model.complete(ask("x"));

    assertThat(model.unusedRules()).containsExactly("[turn 3] -> text 'late' (2 left)");
    assertThatThrownBy(model::assertScriptPlayed)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("turn 3");
  }

  @Test
  void aComputedReplySeesTheRequestAndMayWaitWithoutBlockingOtherCalls() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch waiting = new CountDownLatch(1);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.lastUserMessageContains("slow"))
            .reply(
                Reply.computed(
                    "echo after the release",
                    r -> {
                      waiting.countDown();
                      release.await();
                      return Reply.text("echo: " + r.messages().get(0).text());
                    }))
            .always(Reply.text("fast"))
            .build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ModelResponse> slow = pool.submit(() -> model.complete(ask("slow one")));
      assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(model.complete(ask("quick")).message().text()).isEqualTo("fast");
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).message().text()).isEqualTo("echo: slow one");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void jsonArgumentsRejectAnOddCountAndNonStringKeys() {
    assertThatThrownBy(() -> Reply.json("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alternate");
    assertThatThrownBy(() -> Reply.json(1, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key 1 must be a String");
    assertThat(Reply.json("list", List.of(1, 2), "none", null))
        .isEqualTo("{\"list\":[1,2],\"none\":null}");
  }
}

package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "claude-sonnet-4-5";
  private static final String KEY = "sk-ant-test-key";

  private static final ToolSpec READ_FILE =
      new ToolSpec(
          "read_file",
          "Reads a file of the workspace",
          "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},"
              + "\"required\":[\"path\"]}");
  private static final ToolSpec RUN =
      new ToolSpec(
          "run",
          "Runs a shell command",
          "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}");

  private MockWebServer server;
  private AnthropicProvider provider;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    provider = providerWithTimeout(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- fixtures -----------------------------------------------------------------------------

  private AnthropicProvider providerWithTimeout(Duration timeout) {
    return AnthropicProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .timeout(timeout)
        .build();
  }

  private void answer(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .addHeader("request-id", "req_011CTest")
            .body(body)
            .build());
  }

  /** A success body as the Messages API sends it. */
  private static String message(String contentJson, String stopReason, String usageJson) {
    return """
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
         "model":"claude-sonnet-4-5-20250929","content":%s,
         "stop_reason":%s,"stop_sequence":null,"usage":%s}"""
        .formatted(
            contentJson, stopReason == null ? "null" : "\"" + stopReason + "\"", usageJson);
  }

  private static String usage(long in, long out) {
    return usage(in, out, 0, 0);
  }

  private static String usage(long in, long out, long cacheWrite, long cacheRead) {
    return """
        {"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,
         "cache_creation":{"ephemeral_5m_input_tokens":%d,"ephemeral_1h_input_tokens":0},
         "output_tokens":%d,"service_tier":"standard"}"""
        .formatted(in, cacheWrite, cacheRead, cacheWrite, out);
  }

  private static String error(String type, String message) {
    return """
        {"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_011CTest"}"""
        .formatted(type, message);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return JSON.readTree(r.getBody().utf8());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static void assertSentTo(RecordedRequest r, String path) {
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo(path);
    assertThat(r.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(r.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeaders().get("Authorization")).isNull();
  }

  private static ModelRequest.Builder request() {
    return ModelRequest.builder(MODEL).maxOutputTokens(1024);
  }

  private static int cacheMarks(JsonNode node) {
    int n = node.has("cache_control") ? 1 : 0;
    for (JsonNode child : node) {
      n += cacheMarks(child);
    }
    return n;
  }

  // ---- text ---------------------------------------------------------------------------------

  @Test
  void textCallSendsTheExactRequestAndReadsTheAnswer() throws Exception {
    answer(
        200,
        message(
            "[{\"type\":\"text\",\"text\":\"Hello! How can I help?\"}]",
            "end_turn",
            usage(12, 6)));

    ModelResponse response =
        provider.complete(
            request()
                .system("You are terse.")
                .message(Message.user("Hello"))
                .maxOutputTokens(256)
                .temperature(0.3)
                .build());

    RecordedRequest r = take();
    assertSentTo(r, "/v1/messages");
    assertThat(body(r))
        .isEqualTo(
            json(
                """
                {"model":"claude-sonnet-4-5","max_tokens":256,"temperature":0.3,
                 "system":[{"type":"text","text":"You are terse.",
                            "cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[
                   {"type":"text","text":"Hello","cache_control":{"type":"ephemeral"}}]}]}"""));

    assertThat(response.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(response.message())
        .isEqualTo(Message.assistant("Hello! How can I help?"));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(Usage.of(12, 6));
    assertThat(provider.id()).isEqualTo("anthropic");
  }

  // ---- tools --------------------------------------------------------------------------------

  @Test
  void toolCallsRoundTripOverSeveralTurns() throws Exception {
    answer(
        200,
        message(
            """
            [{"type":"text","text":"I'll read it."},
             {"type":"tool_use","id":"toolu_01A","name":"read_file","input":{"path":"README.md"}}]""",
            "tool_use",
            usage(400, 40)));
    answer(
        200,
        message(
            """
            [{"type":"tool_use","id":"toolu_01B","name":"run","input":{"command":"make test"}}]""",
            "tool_use",
            usage(480, 30)));
    answer(
        200,
        message("[{\"type\":\"text\",\"text\":\"The tests fail.\"}]", "end_turn", usage(520, 8)));

    List<Message> history = new ArrayList<>();
    history.add(Message.user("Check the project"));
    Function<List<Message>, ModelRequest> turn =
        h -> request().system("You are a coding agent.").tool(READ_FILE).tool(RUN).messages(h).build();

    // turn 1: the model asks for a tool
    ModelResponse first = provider.complete(turn.apply(history));
    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(first.message().content())
        .containsExactly(
            new ContentBlock.Text("I'll read it."),
            new ContentBlock.ToolCall("toolu_01A", "read_file", "{\"path\":\"README.md\"}"));
    JsonNode firstBody = body(take());
    assertThat(firstBody.get("tools"))
        .isEqualTo(
            json(
                """
                [{"name":"read_file","description":"Reads a file of the workspace",
                  "input_schema":{"type":"object","properties":{"path":{"type":"string"}},
                                  "required":["path"]}},
                 {"name":"run","description":"Runs a shell command",
                  "input_schema":{"type":"object","properties":{"command":{"type":"string"}}},
                  "cache_control":{"type":"ephemeral"}}]"""));

    // turn 2: the result goes back in a user message
    history.add(first.message());
    history.add(
        new Message(
            Role.USER, List.of(new ContentBlock.ToolResult("toolu_01A", "# Demo\nmake test", false))));
    ModelResponse second = provider.complete(turn.apply(history));
    assertThat(second.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("toolu_01B", "run", "{\"command\":\"make test\"}"));
    assertThat(body(take()).get("messages"))
        .isEqualTo(
            json(
                """
                [{"role":"user","content":[{"type":"text","text":"Check the project",
                                            "cache_control":{"type":"ephemeral"}}]},
                 {"role":"assistant","content":[
                   {"type":"text","text":"I'll read it."},
                   {"type":"tool_use","id":"toolu_01A","name":"read_file",
                    "input":{"path":"README.md"}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_01A","content":"# Demo\\nmake test",
                    "cache_control":{"type":"ephemeral"}}]}]"""));

    // turn 3: a failed tool is flagged with is_error
    history.add(second.message());
    history.add(
        new Message(
            Role.USER, List.of(new ContentBlock.ToolResult("toolu_01B", "exit 2: 1 failure", true))));
    ModelResponse third = provider.complete(turn.apply(history));
    assertThat(third.message().text()).isEqualTo("The tests fail.");
    assertThat(third.stopReason()).isEqualTo(StopReason.END_TURN);
    JsonNode thirdBody = body(take());
    assertThat(thirdBody.get("messages")).hasSize(5);
    assertThat(thirdBody.get("messages").get(3))
        .isEqualTo(
            json(
                """
                {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01B","name":"run",
                                                "input":{"command":"make test"}}]}"""));
    assertThat(thirdBody.get("messages").get(4))
        .isEqualTo(
            json(
                """
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_01B","content":"exit 2: 1 failure",
                   "is_error":true,"cache_control":{"type":"ephemeral"}}]}"""));
    // the earlier tool result lost its breakpoint: the cached prefix moves with the history
    assertThat(thirdBody.get("messages").get(2).get("content").get(0).has("cache_control")).isFalse();
    assertThat(cacheMarks(thirdBody)).isEqualTo(4);
  }

  @Test
  void parallelToolCallsComeBackInOrderAndTheirResultsGoBackTogether() throws Exception {
    answer(
        200,
        message(
            """
            [{"type":"text","text":"Reading both."},
             {"type":"tool_use","id":"toolu_01","name":"read_file","input":{"path":"a.txt"}},
             {"type":"tool_use","id":"toolu_02","name":"read_file","input":{"path":"b.txt"}}]""",
            "tool_use",
            usage(300, 70)));
    answer(200, message("[{\"type\":\"text\",\"text\":\"Done.\"}]", "end_turn", usage(380, 3)));

    ModelRequest first = request().tool(READ_FILE).message(Message.user("Read a and b")).build();
    ModelResponse calls = provider.complete(first);
    assertThat(calls.toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall("toolu_01", "read_file", "{\"path\":\"a.txt\"}"),
            new ContentBlock.ToolCall("toolu_02", "read_file", "{\"path\":\"b.txt\"}"));
    take();

    ModelRequest second =
        first.toBuilder()
            .message(calls.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.Text("Here they are."),
                        new ContentBlock.ToolResult("toolu_01", "A", false),
                        new ContentBlock.ToolResult("toolu_02", "", true))))
            .build();
    provider.complete(second);
    // tool results first, as the API wants; an empty output leaves content out
    assertThat(body(take()).get("messages").get(2))
        .isEqualTo(
            json(
                """
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_01","content":"A"},
                  {"type":"tool_result","tool_use_id":"toolu_02","is_error":true},
                  {"type":"text","text":"Here they are.","cache_control":{"type":"ephemeral"}}]}"""));
  }

  @Test
  void toolArgumentsThatAreNotAnObjectAreWrappedBecauseTheApiTakesOnlyObjects() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    provider.complete(
        request()
            .tool(RUN)
            .message(Message.user("go"))
            .message(
                new Message(
                    Role.ASSISTANT, List.of(new ContentBlock.ToolCall("toolu_9", "run", "{\"comm"))))
            .message(
                new Message(
                    Role.USER, List.of(new ContentBlock.ToolResult("toolu_9", "bad arguments", true))))
            .build());
    assertThat(body(take()).get("messages").get(1).get("content").get(0).get("input"))
        .isEqualTo(json("{\"_raw_arguments\":\"{\\\"comm\"}"));
  }

  // ---- usage and caching --------------------------------------------------------------------

  @Test
  void usageSeparatesUncachedInputFromCacheReadsAndWrites() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(21, 393, 188, 2_954)));
    ModelResponse response = provider.complete(request().message(Message.user("hi")).build());
    assertThat(response.usage()).isEqualTo(new Usage(21, 393, 2_954, 188, 0));
    assertThat(response.usage().totalInputTokens()).isEqualTo(21 + 2_954 + 188);
  }

  @Test
  void cacheFieldsMayBeAbsentOrNull() throws Exception {
    answer(
        200,
        message(
            "[{\"type\":\"text\",\"text\":\"ok\"}]",
            "end_turn",
            "{\"input_tokens\":7,\"output_tokens\":2,\"cache_read_input_tokens\":null}"));
    assertThat(provider.complete(request().message(Message.user("hi")).build()).usage())
        .isEqualTo(Usage.of(7, 2));
  }

  @Test
  void breakpointsGoOnToolsSystemFirstMessageAndEndOfHistoryAtMostFour() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    provider.complete(
        request()
            .system("sys")
            .tool(READ_FILE)
            .tool(RUN)
            .message(Message.user("one"))
            .message(Message.assistant("two"))
            .message(
                new Message(
                    Role.USER, List.of(new ContentBlock.Text("three"), new ContentBlock.Text("four"))))
            .build());
    JsonNode sent = body(take());
    assertThat(cacheMarks(sent)).isEqualTo(4);
    assertThat(sent.at("/tools/1/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(sent.at("/tools/0").has("cache_control")).isFalse();
    assertThat(sent.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(sent.at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(sent.at("/messages/1/content/0").has("cache_control")).isFalse();
    assertThat(sent.at("/messages/2/content/0").has("cache_control")).isFalse();
    assertThat(sent.at("/messages/2/content/1/cache_control/type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void withoutToolsOrSystemThereAreFewerBreakpointsAndNeverOnThinking() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    provider.complete(
        request()
            .system(" \n")
            .message(Message.user("q"))
            .message(
                new Message(
                    Role.ASSISTANT,
                    List.of(new ContentBlock.Text("a"), new ContentBlock.Thinking("hmm", "sig"))))
            .build());
    JsonNode sent = body(take());
    assertThat(sent.has("system")).isFalse();
    assertThat(sent.has("tools")).isFalse();
    assertThat(cacheMarks(sent)).isEqualTo(2);
    assertThat(sent.at("/messages/1/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(sent.at("/messages/1/content/1").has("cache_control")).isFalse();
  }

  @Test
  void oneMessageGetsOneBreakpoint() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    provider.complete(request().message(Message.user("only")).build());
    assertThat(cacheMarks(body(take()))).isEqualTo(1);
  }

  @Test
  void cachingCanBeTurnedOffInTheBuilderOrPerRequest() throws Exception {
    ModelRequest full =
        request().system("sys").tool(RUN).message(Message.user("hi")).build();
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));

    AnthropicProvider uncached =
        AnthropicProvider.builder()
            .apiKey(KEY)
            .baseUrl(server.url("/").toString())
            .promptCaching(false)
            .build();
    uncached.complete(full);
    assertThat(cacheMarks(body(take()))).isZero();

    provider.complete(full.toBuilder().metadata(ModelHints.PROMPT_CACHING, "OFF").build());
    assertThat(cacheMarks(body(take()))).isZero();

    provider.complete(full.toBuilder().metadata(ModelHints.PROMPT_CACHING, "on").build());
    assertThat(cacheMarks(body(take()))).isEqualTo(3);
  }

  @Test
  void blankTextIsLeftOutAndAnEmptiedMessageWithIt() throws Exception {
    answer(200, message("[]", "end_turn", usage(5, 0)));
    ModelResponse response =
        provider.complete(
            request()
                .message(Message.user("q"))
                .message(Message.assistant(""))
                .message(
                    new Message(
                        Role.USER, List.of(new ContentBlock.Text("  "), new ContentBlock.Text("go on"))))
                .build());
    assertThat(body(take()).get("messages"))
        .isEqualTo(
            json(
                """
                [{"role":"user","content":[{"type":"text","text":"q",
                                            "cache_control":{"type":"ephemeral"}}]},
                 {"role":"user","content":[{"type":"text","text":"go on",
                                            "cache_control":{"type":"ephemeral"}}]}]"""));
    // an answer with no blocks becomes one empty text block
    assertThat(response.message()).isEqualTo(Message.assistant(""));
  }

  // ---- thinking -----------------------------------------------------------------------------

  @Test
  void thinkingBudgetTurnsThinkingOnAndBlocksGoBackUnchanged() throws Exception {
    answer(
        200,
        message(
            """
            [{"type":"thinking","thinking":"Let me look at the file first.",
              "signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
             {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"},
             {"type":"tool_use","id":"toolu_01T","name":"read_file","input":{"path":"a.txt"}}]""",
            "tool_use",
            usage(90, 300)));
    answer(200, message("[{\"type\":\"text\",\"text\":\"done\"}]", "end_turn", usage(95, 20)));

    ModelRequest first =
        request()
            .maxOutputTokens(16_000)
            .temperature(0.5)
            .metadata(ModelHints.THINKING_BUDGET_TOKENS, "10000")
            .tool(READ_FILE)
            .message(Message.user("What is in a.txt?"))
            .build();
    ModelResponse answer = provider.complete(first);
    assertThat(answer.message().content())
        .containsExactly(
            new ContentBlock.Thinking(
                "Let me look at the file first.",
                "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
            new ContentBlock.Thinking("", "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"),
            new ContentBlock.ToolCall("toolu_01T", "read_file", "{\"path\":\"a.txt\"}"));
    JsonNode firstBody = body(take());
    assertThat(firstBody.get("thinking"))
        .isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":10000}"));
    assertThat(firstBody.has("temperature")).as("no temperature with thinking").isFalse();
    assertThat(firstBody.get("max_tokens").asInt()).isEqualTo(16_000);

    provider.complete(
        first.toBuilder()
            .message(answer.message())
            .message(
                new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_01T", "hi", false))))
            .build());
    assertThat(body(take()).at("/messages/1"))
        .isEqualTo(
            json(
                """
                {"role":"assistant","content":[
                  {"type":"thinking","thinking":"Let me look at the file first.",
                   "signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                  {"type":"redacted_thinking",
                   "data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"},
                  {"type":"tool_use","id":"toolu_01T","name":"read_file",
                   "input":{"path":"a.txt"}}]}"""));
  }

  @Test
  void zeroBudgetMeansNoThinkingAndTheTemperatureIsSent() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    provider.complete(
        request()
            .temperature(0.5)
            .metadata(ModelHints.THINKING_BUDGET_TOKENS, "0")
            .metadata("some_other_vendor_hint", "x")
            .message(Message.user("hi"))
            .build());
    JsonNode sent = body(take());
    assertThat(sent.has("thinking")).isFalse();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.5);
    assertThat(sent.has("metadata")).isFalse();
  }

  @Test
  void aMalformedThinkingBudgetFailsBeforeSending() {
    ModelException e =
        catchThrowableOfType(
            ModelException.class,
            () ->
                provider.complete(
                    request()
                        .metadata(ModelHints.THINKING_BUDGET_TOKENS, "lots")
                        .message(Message.user("hi"))
                        .build()));
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e.getMessage()).contains("thinking_budget_tokens").contains("lots");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- structured output --------------------------------------------------------------------

  @Test
  void responseSchemaTravelsInOutputConfigFormat() throws Exception {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"verdict\":{\"type\":\"string\"}},"
            + "\"required\":[\"verdict\"],\"additionalProperties\":false}";
    answer(
        200,
        message(
            "[{\"type\":\"text\",\"text\":\"{\\\"verdict\\\":\\\"pass\\\"}\"}]",
            "end_turn",
            usage(50, 9)));
    ModelResponse response =
        provider.complete(request().message(Message.user("Judge")).responseSchema(schema).build());
    RecordedRequest r = take();
    JsonNode sent = body(r);
    assertThat(sent.get("output_config"))
        .isEqualTo(json("{\"format\":{\"type\":\"json_schema\",\"schema\":" + schema + "}}"));
    assertThat(sent.has("output_format")).isFalse();
    assertThat(r.getHeaders().get("anthropic-beta")).as("GA form: no beta header").isNull();
    assertThat(json(response.message().text()).get("verdict").asText()).isEqualTo("pass");
  }

  @Test
  void aSchemaThatIsNotJsonFailsBeforeSending() {
    ModelException e =
        catchThrowableOfType(
            ModelException.class,
            () ->
                provider.complete(
                    request().message(Message.user("x")).responseSchema("{\"type\":").build()));
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e.getMessage()).contains("response schema");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- stop reasons -------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "end_turn, END_TURN",
    "tool_use, TOOL_USE",
    "max_tokens, MAX_TOKENS",
    "model_context_window_exceeded, MAX_TOKENS",
    "stop_sequence, STOP_SEQUENCE",
    "refusal, REFUSAL",
    "pause_turn, OTHER",
    "something_new, OTHER"
  })
  void stopReasonsMap(String wire, StopReason expected) throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"x\"}]", wire, usage(1, 1)));
    assertThat(provider.complete(request().message(Message.user("hi")).build()).stopReason())
        .isEqualTo(expected);
  }

  // ---- request validation -------------------------------------------------------------------

  @Test
  void misshapenRequestsFailBeforeSending() {
    List<ModelRequest> bad =
        List.of(
            request().message(Message.user("x")).temperature(1.5).build(),
            request()
                .message(
                    new Message(
                        Role.USER, List.of(new ContentBlock.ToolCall("toolu_1", "run", "{}"))))
                .build(),
            request()
                .message(Message.user("x"))
                .message(
                    new Message(
                        Role.ASSISTANT, List.of(new ContentBlock.ToolResult("toolu_1", "", false))))
                .build(),
            request()
                .message(new Message(Role.USER, List.of(new ContentBlock.Thinking("t", "s"))))
                .build(),
            request()
                .message(Message.user("x"))
                .tool(new ToolSpec("broken", "has a broken schema", "{\"type\":"))
                .build());
    for (ModelRequest r : bad) {
      ModelException e = catchThrowableOfType(ModelException.class, () -> provider.complete(r));
      assertThat(e).as("%s", r).isNotNull();
      assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- errors -------------------------------------------------------------------------------

  @Test
  void rateLimitIsRetryableWithTheServersRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Content-Type", "application/json")
            .addHeader("retry-after", "7")
            .addHeader("anthropic-ratelimit-requests-remaining", "0")
            .body(error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"))
            .build());
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.getMessage()).contains("rate_limit_error").contains("per-minute rate limit");
  }

  @Test
  void overloadedIs529() {
    answer(529, error("overloaded_error", "Overloaded"));
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(e.getMessage()).contains("529").contains("overloaded_error");
  }

  @Test
  void serverErrorThenSuccessThroughThePipelineRetries() throws Exception {
    answer(500, error("api_error", "Internal server error"));
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(provider)
            .interceptor(
                RetryInterceptor.builder()
                    .sleeper(waits::add)
                    .random(() -> 0.0)
                    .initialDelay(Duration.ofSeconds(2))
                    .build())
            .build();

    ModelResponse response = pipeline.complete(request().message(Message.user("hi")).build());

    assertThat(response.message().text()).isEqualTo("ok");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
    assertThat(body(take())).isEqualTo(body(take()));
  }

  @Test
  void refusedKeyIsNotRetried() {
    answer(401, error("authentication_error", "invalid x-api-key"));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(provider)
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).build())
            .build();
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> pipeline.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("invalid x-api-key").doesNotContain(KEY);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void promptTooLongIsContextTooLong() {
    answer(400, error("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"));
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("208310 tokens > 200000 maximum");
  }

  @Test
  void inputPlusMaxTokensOverTheLimitIsContextTooLong() {
    answer(
        400,
        error(
            "invalid_request_error",
            "input length and `max_tokens` exceed context limit: 197202 + 21333 > 200000,"
                + " decrease input length or `max_tokens` and try again"));
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
  }

  @Test
  void anOtherBadRequestIsInvalidRequest() {
    answer(400, error("invalid_request_error", "max_tokens: Field required"));
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
  }

  @Test
  void aBodyThatIsNotJsonIsMalformed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/html")
            .body("<html>gateway</html>")
            .build());
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("not JSON");
  }

  @Test
  void answersThisClientCannotReadAreMalformed() {
    List<String> bodies =
        List.of(
            "{\"id\":\"msg_1\",\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}",
            message("[{\"type\":\"text\",\"text\":\"x\"}]", "end_turn", "{\"output_tokens\":1}"),
            message("[{\"type\":\"text\",\"text\":\"x\"}]", "end_turn", usage(-3, 1)),
            message(
                "[{\"type\":\"text\",\"text\":\"x\"}]",
                "end_turn",
                "{\"input_tokens\":1.5,\"output_tokens\":1}"),
            message("[{\"type\":\"text\",\"text\":\"x\"}]", "end_turn", "null"),
            message("[{\"type\":\"tool_use\",\"name\":\"run\",\"input\":{}}]", "tool_use", usage(1, 1)),
            message("[{\"type\":\"text\"}]", "end_turn", usage(1, 1)));
    for (String b : bodies) {
      answer(200, b);
      ModelException e =
          catchThrowableOfType(
              ModelException.class,
              () -> provider.complete(request().message(Message.user("hi")).build()));
      assertThat(e).as(b).isNotNull();
      assertThat(e.kind()).as(b).isEqualTo(Kind.MALFORMED_RESPONSE);
    }
  }

  @Test
  void aBodyCutOffHalfWayIsMalformed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(message("[{\"type\":\"text\",\"text\":\"" + "x".repeat(4000) + "\"}]", "end_turn", usage(5, 1)))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> provider.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    AnthropicProvider quick = providerWithTimeout(Duration.ofMillis(500));
    long start = System.nanoTime();
    ModelException e =
        catchThrowableOfType(
            ModelException.class, () -> quick.complete(request().message(Message.user("hi")).build()));
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).contains("500 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void interruptionWhileWaitingEndsTheCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                provider.complete(request().message(Message.user("hi")).build());
                outcome.set(new AssertionError("the call returned"));
              } catch (Throwable t) {
                outcome.set(t);
              }
            },
            "anthropic-caller");
    caller.start();
    take(); // the request is out; the caller is waiting for the answer
    caller.interrupt();
    caller.join(5_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  // ---- configuration ------------------------------------------------------------------------

  @Test
  void fromEnvironmentNeedsTheKey() {
    assertThatThrownBy(() -> AnthropicProvider.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThatThrownBy(() -> AnthropicProvider.fromEnvironment(Map.of("ANTHROPIC_API_KEY", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void fromEnvironmentNamesAMalformedBaseUrl() {
    assertThatThrownBy(
            () ->
                AnthropicProvider.fromEnvironment(
                    Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", "api.example.test")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ANTHROPIC_BASE_URL")
        .hasMessageContaining("api.example.test");
  }

  @Test
  void fromEnvironmentHonoursTheBaseUrl() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    AnthropicProvider fromEnv =
        AnthropicProvider.fromEnvironment(
            Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.url("/gateway/").toString()));
    assertThat(fromEnv.complete(request().message(Message.user("hi")).build()).message().text())
        .isEqualTo("ok");
    assertSentTo(take(), "/gateway/v1/messages");
  }

  @Test
  void theFactoryIsConfiguredByTheKey() throws Exception {
    AnthropicProviderFactory factory = new AnthropicProviderFactory();
    assertThat(factory.id()).isEqualTo("anthropic");
    assertThat(factory.isConfigured(Map.of())).isFalse();
    assertThat(factory.isConfigured(Map.of("ANTHROPIC_API_KEY", ""))).isFalse();
    assertThat(factory.isConfigured(Map.of("ANTHROPIC_API_KEY", KEY))).isTrue();

    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    ModelProvider made =
        factory.create(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.url("/").toString()));
    assertThat(made.id()).isEqualTo("anthropic");
    made.complete(request().message(Message.user("hi")).build());
    assertSentTo(take(), "/v1/messages");
    assertThatThrownBy(() -> factory.create(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void extraHeadersAreSentButAuthenticationCannotBeOverridden() throws Exception {
    answer(200, message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn", usage(5, 1)));
    AnthropicProvider beta =
        AnthropicProvider.builder()
            .apiKey(KEY)
            .baseUrl(server.url("/").toString())
            .header("anthropic-beta", "interleaved-thinking-2025-05-14")
            .build();
    beta.complete(request().message(Message.user("hi")).build());
    RecordedRequest r = take();
    assertSentTo(r, "/v1/messages");
    assertThat(r.getHeaders().get("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
    assertThatThrownBy(() -> AnthropicProvider.builder().header("X-Api-Key", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Api-Key");
  }

  @Test
  void theBuilderRejectsBadValues() {
    assertThatThrownBy(() -> AnthropicProvider.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> AnthropicProvider.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> AnthropicProvider.builder().baseUrl("ftp://api.anthropic.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> AnthropicProvider.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> AnthropicProvider.builder().connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
  }
}

package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiResponsesProviderTest {

  private static final String KEY = "sk-test-123";
  private static final ToolSpec READ_FILE =
      new ToolSpec(
          "read_file",
          "Reads a file of the workspace.",
          """
          {"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""");
  private static final ToolSpec LIST_DIR =
      new ToolSpec(
          "list_dir",
          "Lists a directory of the workspace.",
          """
          {"type":"object","properties":{"dir":{"type":"string"}}}""");

  /** A reasoning output item exactly as OpenAI sends it with encrypted content included. */
  private static final String REASONING_ITEM =
      """
      {"id":"rs_6820f383d7c08191846711c5df8233bc0ac5ba57aafcbac7","type":"reasoning",\
      "summary":[{"type":"summary_text","text":"**Reading the file**\\n\\nI should look first."},\
      {"type":"summary_text","text":"Then answer."}],\
      "encrypted_content":"gAAAAABoISQ24OyVRYbkYfukjbwLoqBq7Y3F8PmXwgAAAAAA=="}""";

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return server.url("/v1").toString();
  }

  private OpenAiResponsesProvider.Builder builder() {
    return OpenAiResponsesProvider.builder().apiKey(KEY).baseUrl(base());
  }

  private OpenAiResponsesProvider provider() {
    return builder().build();
  }

  private void enqueueJson(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  /** A whole Responses API answer around {@code output} and {@code usage}. */
  private static String response(String status, String incompleteReason, String output, String usage) {
    return """
        {
          "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
          "object": "response",
          "created_at": 1741476542,
          "status": "%s",
          "error": null,
          "incomplete_details": %s,
          "instructions": null,
          "max_output_tokens": 1000,
          "model": "gpt-5-mini-2025-08-07",
          "output": [%s],
          "parallel_tool_calls": true,
          "previous_response_id": null,
          "reasoning": {"effort": "medium", "summary": null},
          "store": false,
          "temperature": 1.0,
          "text": {"format": {"type": "text"}},
          "tool_choice": "auto",
          "tools": [],
          "top_p": 1.0,
          "truncation": "disabled",
          "usage": %s,
          "user": null,
          "metadata": {}
        }
        """
        .formatted(
            status,
            incompleteReason == null ? "null" : "{\"reason\": \"" + incompleteReason + "\"}",
            output,
            usage);
  }

  private static String usage(long input, long cached, long output, long reasoning) {
    return """
        {"input_tokens": %d, "input_tokens_details": {"cached_tokens": %d},
         "output_tokens": %d, "output_tokens_details": {"reasoning_tokens": %d},
         "total_tokens": %d}"""
        .formatted(input, cached, output, reasoning, input + output);
  }

  private static String messageItem(String text) {
    return """
        {"type": "message", "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e6", "status": "completed",
         "role": "assistant",
         "content": [{"type": "output_text", "text": %s, "annotations": []}]}"""
        .formatted(ModelHttp.JSON.valueToTree(text).toString());
  }

  private static String functionCallItem(String callId, String name, String arguments) {
    return """
        {"type": "function_call", "id": "fc_%s", "call_id": "%s", "name": "%s",
         "arguments": %s, "status": "completed"}"""
        .formatted(callId, callId, name, ModelHttp.JSON.valueToTree(arguments).toString());
  }

  private static String textResponse(String text) {
    return response("completed", null, messageItem(text), usage(20, 0, 5, 0));
  }

  private static JsonNode json(String text) throws Exception {
    return ModelHttp.JSON.readTree(text);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return json(r.getBody().utf8());
  }

  private static ModelException thrown(ThrowingCallable call) {
    ModelException e = catchThrowableOfType(ModelException.class, call);
    assertThat(e).as("a ModelException was thrown").isNotNull();
    return e;
  }

  private static ModelRequest.Builder request() {
    return ModelRequest.builder("gpt-5-mini").maxOutputTokens(1000);
  }

  // ---- text -----------------------------------------------------------------------------------

  @Test
  void text_sendsTheExactRequestAndReadsTheAnswer() throws Exception {
    enqueueJson(
        200,
        response(
            "completed",
            null,
            messageItem("Hello there."),
            usage(2006, 1920, 300, 192)));
    ModelProvider openai = builder().organization("org-abc").project("proj_xyz").build();

    ModelResponse answer =
        openai.complete(
            request()
                .system("You are terse.")
                .message(Message.user("Say hello."))
                .temperature(0.2)
                .metadata(ModelHints.PROMPT_CACHE_KEY, "spec-42")
                .metadata(ModelHints.REASONING_EFFORT, "LOW")
                .metadata(ModelHints.THINKING_BUDGET_TOKENS, "1000")
                .metadata(ModelHints.PROMPT_CACHING, "off")
                .metadata("some_other_key", "ignored")
                .build());

    RecordedRequest sent = take();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-abc");
    assertThat(sent.getHeaders().get("OpenAI-Project")).isEqualTo("proj_xyz");
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(body(sent))
        .isEqualTo(
            json(
                """
                {
                  "model": "gpt-5-mini",
                  "instructions": "You are terse.",
                  "input": [{"role": "user", "content": [{"type": "input_text", "text": "Say hello."}]}],
                  "max_output_tokens": 1000,
                  "temperature": 0.2,
                  "store": false,
                  "include": ["reasoning.encrypted_content"],
                  "prompt_cache_key": "spec-42",
                  "reasoning": {"effort": "low"}
                }
                """));

    assertThat(answer.id()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
    assertThat(answer.model()).isEqualTo("gpt-5-mini-2025-08-07");
    assertThat(answer.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(answer.message().content()).containsExactly(new ContentBlock.Text("Hello there."));
    assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
    // input_tokens includes the cached tokens: 2006 - 1920 = 86 uncached
    assertThat(answer.usage()).isEqualTo(new Usage(86, 300, 1920, 0, 192));
  }

  @Test
  void text_leavesOutWhatIsNotSet() throws Exception {
    enqueueJson(200, textResponse("Hi"));

    provider().complete(request().message(Message.user("Hi")).build());

    RecordedRequest sent = take();
    assertThat(sent.getHeaders().get("OpenAI-Organization")).isNull();
    assertThat(sent.getHeaders().get("OpenAI-Project")).isNull();
    assertThat(body(sent))
        .isEqualTo(
            json(
                """
                {
                  "model": "gpt-5-mini",
                  "input": [{"role": "user", "content": [{"type": "input_text", "text": "Hi"}]}],
                  "max_output_tokens": 1000,
                  "store": false,
                  "include": ["reasoning.encrypted_content"]
                }
                """));
  }

  @Test
  void encryptedReasoning_isNotAskedOfModelsThatRefuseIt_unlessConfigured() throws Exception {
    for (int i = 0; i < 6; i++) {
      enqueueJson(200, textResponse("ok"));
    }
    OpenAiResponsesProvider auto = provider();
    auto.complete(ModelRequest.builder("gpt-4.1").message(Message.user("a")).build());
    auto.complete(ModelRequest.builder("gpt-4o-mini").message(Message.user("a")).build());
    auto.complete(ModelRequest.builder("gpt-5-chat-latest").message(Message.user("a")).build());
    auto.complete(ModelRequest.builder("o4-mini").message(Message.user("a")).build());
    builder()
        .encryptedReasoning(true)
        .build()
        .complete(ModelRequest.builder("gpt-4.1").message(Message.user("a")).build());
    builder()
        .encryptedReasoning(false)
        .build()
        .complete(ModelRequest.builder("gpt-5").message(Message.user("a")).build());

    List<Boolean> included = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      JsonNode body = body(take());
      assertThat(body.get("store").asBoolean(true)).isFalse();
      included.add(body.has("include"));
    }
    assertThat(included).containsExactly(false, false, false, true, true, false);
  }

  @Test
  void reasoningSummary_isAskedForWhenConfigured() throws Exception {
    enqueueJson(200, textResponse("ok"));

    builder()
        .reasoningSummary("auto")
        .build()
        .complete(request().message(Message.user("a")).build());

    assertThat(body(take()).get("reasoning")).isEqualTo(json("{\"summary\": \"auto\"}"));
  }

  // ---- tools ----------------------------------------------------------------------------------

  @Test
  void tools_roundTripOverSeveralTurns_withReasoningSentBackVerbatim() throws Exception {
    OpenAiResponsesProvider openai = provider();

    // Turn 1: the model reasons, then calls a tool.
    enqueueJson(
        200,
        response(
            "completed",
            null,
            REASONING_ITEM + "," + functionCallItem("call_1", "read_file", "{\"path\":\"a.txt\"}"),
            usage(120, 0, 80, 64)));
    ModelRequest first =
        request()
            .system("Use the tools.")
            .tools(List.of(READ_FILE, LIST_DIR))
            .message(Message.user("What is in a.txt?"))
            .build();
    ModelResponse r1 = openai.complete(first);

    assertThat(body(take()))
        .isEqualTo(
            json(
                """
                {
                  "model": "gpt-5-mini",
                  "instructions": "Use the tools.",
                  "input": [{"role": "user", "content": [{"type": "input_text", "text": "What is in a.txt?"}]}],
                  "tools": [
                    {"type": "function", "name": "read_file", "description": "Reads a file of the workspace.",
                     "parameters": {"type":"object","properties":{"path":{"type":"string"}},"required":["path"]},
                     "strict": false},
                    {"type": "function", "name": "list_dir", "description": "Lists a directory of the workspace.",
                     "parameters": {"type":"object","properties":{"dir":{"type":"string"}}},
                     "strict": false}
                  ],
                  "max_output_tokens": 1000,
                  "store": false,
                  "include": ["reasoning.encrypted_content"]
                }
                """));
    assertThat(r1.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(r1.usage()).isEqualTo(new Usage(120, 80, 0, 0, 64));
    assertThat(r1.message().content()).hasSize(2);
    ContentBlock.Thinking thinking = (ContentBlock.Thinking) r1.message().content().get(0);
    assertThat(thinking.text())
        .isEqualTo("**Reading the file**\n\nI should look first.\n\nThen answer.");
    assertThat(json(thinking.signature())).isEqualTo(json(REASONING_ITEM));
    assertThat(r1.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}"));

    // Turn 2: the result goes back with the reasoning item, verbatim and before the call.
    enqueueJson(
        200,
        response(
            "completed",
            null,
            functionCallItem("call_2", "read_file", "{\"path\":\"b.txt\"}"),
            usage(300, 256, 20, 0)));
    ModelRequest second =
        first.toBuilder()
            .message(r1.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.ToolResult("call_1", "see b.txt", false))))
            .build();
    ModelResponse r2 = openai.complete(second);

    JsonNode sent2 = body(take());
    assertThat(sent2.get("input"))
        .isEqualTo(
            json(
                """
                [
                  {"role": "user", "content": [{"type": "input_text", "text": "What is in a.txt?"}]},
                  %s,
                  {"type": "function_call", "call_id": "call_1", "name": "read_file", "arguments": "{\\"path\\":\\"a.txt\\"}"},
                  {"type": "function_call_output", "call_id": "call_1", "output": "see b.txt"}
                ]
                """
                    .formatted(REASONING_ITEM)));
    assertThat(r2.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("call_2", "read_file", "{\"path\":\"b.txt\"}"));
    assertThat(r2.usage()).isEqualTo(new Usage(44, 20, 256, 0, 0));

    // Turn 3: a failed tool is marked in its output; the model answers in text.
    enqueueJson(200, textResponse("a.txt points to b.txt, which is missing."));
    ModelRequest third =
        second.toBuilder()
            .message(r2.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult("call_2", "no such file: b.txt", true),
                        new ContentBlock.Text("Answer now."))))
            .build();
    ModelResponse r3 = openai.complete(third);

    JsonNode input3 = body(take()).get("input");
    assertThat(input3).hasSize(7);
    assertThat(input3.get(4))
        .isEqualTo(
            json(
                """
                {"type": "function_call", "call_id": "call_2", "name": "read_file", "arguments": "{\\"path\\":\\"b.txt\\"}"}"""));
    assertThat(input3.get(5))
        .isEqualTo(
            json(
                """
                {"type": "function_call_output", "call_id": "call_2", "output": "[tool error] no such file: b.txt"}"""));
    assertThat(input3.get(6))
        .isEqualTo(
            json(
                """
                {"role": "user", "content": [{"type": "input_text", "text": "Answer now."}]}"""));
    assertThat(r3.message().text()).isEqualTo("a.txt points to b.txt, which is missing.");
    assertThat(r3.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void tools_parallelCallsComeBackInOrderAndGoBackGrouped() throws Exception {
    OpenAiResponsesProvider openai = provider();
    enqueueJson(
        200,
        response(
            "completed",
            null,
            functionCallItem("call_a", "read_file", "{\"path\":\"a.txt\"}")
                + ","
                + functionCallItem("call_b", "list_dir", "{\"dir\":\"src\"}")
                + ","
                + functionCallItem("call_c", "read_file", "{\"path\":\"c.txt\"}"),
            usage(50, 0, 40, 0)));
    ModelRequest first =
        request().tools(List.of(READ_FILE, LIST_DIR)).message(Message.user("Look around.")).build();

    ModelResponse r1 = openai.complete(first);

    assertThat(r1.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(r1.toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall("call_a", "read_file", "{\"path\":\"a.txt\"}"),
            new ContentBlock.ToolCall("call_b", "list_dir", "{\"dir\":\"src\"}"),
            new ContentBlock.ToolCall("call_c", "read_file", "{\"path\":\"c.txt\"}"));
    take();

    enqueueJson(200, textResponse("Done."));
    openai.complete(
        first.toBuilder()
            .message(r1.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult("call_a", "A", false),
                        new ContentBlock.ToolResult("call_b", "B", false),
                        new ContentBlock.ToolResult("call_c", "C", false))))
            .build());

    List<String> shape = new ArrayList<>();
    for (JsonNode item : body(take()).get("input")) {
      shape.add(item.path("type").asText("message") + ":" + item.path("call_id").asText(""));
    }
    assertThat(shape)
        .containsExactly(
            "message:",
            "function_call:call_a",
            "function_call:call_b",
            "function_call:call_c",
            "function_call_output:call_a",
            "function_call_output:call_b",
            "function_call_output:call_c");
  }

  @Test
  void tools_invalidArgumentJsonIsPassedThroughAsGiven() throws Exception {
    enqueueJson(
        200,
        response(
            "completed",
            null,
            functionCallItem("call_x", "read_file", "{\"path\": \"a.txt\""),
            usage(10, 0, 10, 0)));

    ModelResponse r =
        provider().complete(request().tool(READ_FILE).message(Message.user("go")).build());

    assertThat(r.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("call_x", "read_file", "{\"path\": \"a.txt\""));
  }

  @Test
  void tools_strictWhenConfigured() throws Exception {
    enqueueJson(200, textResponse("ok"));

    builder()
        .strictTools(true)
        .build()
        .complete(request().tool(READ_FILE).message(Message.user("go")).build());

    assertThat(body(take()).at("/tools/0/strict").asBoolean(false)).isTrue();
  }

  @Test
  void tools_aSchemaThatIsNotJsonFailsBeforeSending() {
    ToolSpec broken = new ToolSpec("broken", "Broken.", "{\"type\": ");

    ModelException e =
        thrown(() -> provider().complete(request().tool(broken).message(Message.user("go")).build()));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e).hasMessageContaining("tool broken");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void thinking_fromAnotherVendorIsLeftOut_andTextAroundItStays() throws Exception {
    enqueueJson(200, textResponse("ok"));

    provider()
        .complete(
            request()
                .message(Message.user("q"))
                .message(
                    new Message(
                        Role.ASSISTANT,
                        List.of(
                            new ContentBlock.Thinking("hmm", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
                            new ContentBlock.Text("first"),
                            new ContentBlock.Text(""),
                            new ContentBlock.Text("second"))))
                .message(Message.user("and?"))
                .build());

    assertThat(body(take()).get("input"))
        .isEqualTo(
            json(
                """
                [
                  {"role": "user", "content": [{"type": "input_text", "text": "q"}]},
                  {"role": "assistant", "content": [{"type": "output_text", "text": "first"},
                                                    {"type": "output_text", "text": "second"}]},
                  {"role": "user", "content": [{"type": "input_text", "text": "and?"}]}
                ]
                """));
  }

  @Test
  void toolCallInAUserMessageIsRefusedBeforeSending() {
    ModelRequest bad =
        request()
            .message(
                new Message(
                    Role.USER, List.of(new ContentBlock.ToolCall("call_1", "read_file", "{}"))))
            .build();

    ModelException e =
        thrown(() -> provider().complete(bad));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- structured output ------------------------------------------------------------------------

  @Test
  void structuredOutput_sendsTheSchemaAsAStrictJsonSchemaFormat() throws Exception {
    String schema =
        """
        {"type":"object","properties":{"verdict":{"type":"string","enum":["pass","fail"]}},
         "required":["verdict"],"additionalProperties":false}""";
    enqueueJson(200, textResponse("{\"verdict\":\"pass\"}"));

    ModelResponse r =
        provider()
            .complete(request().message(Message.user("Judge.")).responseSchema(schema).build());

    assertThat(body(take()).get("text"))
        .isEqualTo(
            json(
                """
                {"format": {"type": "json_schema", "name": "response", "strict": true,
                            "schema": %s}}"""
                    .formatted(schema)));
    assertThat(r.message().text()).isEqualTo("{\"verdict\":\"pass\"}");
  }

  @Test
  void structuredOutput_strictCanBeTurnedOff() throws Exception {
    enqueueJson(200, textResponse("{}"));

    builder()
        .strictResponseSchema(false)
        .build()
        .complete(
            request().message(Message.user("Judge.")).responseSchema("{\"type\":\"object\"}").build());

    assertThat(body(take()).at("/text/format/strict").asBoolean(true)).isFalse();
  }

  // ---- stop reasons ---------------------------------------------------------------------------

  @Test
  void stop_incompleteForMaxOutputTokensIsMaxTokens() throws Exception {
    enqueueJson(
        200,
        response("incomplete", "max_output_tokens", messageItem("It was a dark and"), usage(10, 0, 16, 0)));

    ModelResponse r = provider().complete(request().message(Message.user("story")).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(r.message().text()).isEqualTo("It was a dark and");
  }

  @Test
  void stop_incompleteWithOnlyReasoningIsMaxTokensWithTheThinkingKept() throws Exception {
    enqueueJson(
        200, response("incomplete", "max_output_tokens", REASONING_ITEM, usage(10, 0, 16, 16)));

    ModelResponse r = provider().complete(request().message(Message.user("story")).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(r.message().content()).hasSize(1).first().isInstanceOf(ContentBlock.Thinking.class);
    assertThat(r.usage().reasoningTokens()).isEqualTo(16);
  }

  @Test
  void stop_contentFilterIsRefusal() throws Exception {
    enqueueJson(200, response("incomplete", "content_filter", "", usage(10, 0, 0, 0)));

    ModelResponse r = provider().complete(request().message(Message.user("x")).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.REFUSAL);
    assertThat(r.message().content()).containsExactly(new ContentBlock.Text(""));
  }

  @Test
  void stop_refusalContentIsRefusalWithItsText() throws Exception {
    enqueueJson(
        200,
        response(
            "completed",
            null,
            """
            {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
             "content": [{"type": "refusal", "refusal": "I'm sorry, I cannot help with that."}]}""",
            usage(10, 0, 9, 0)));

    ModelResponse r = provider().complete(request().message(Message.user("x")).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.REFUSAL);
    assertThat(r.message().text()).isEqualTo("I'm sorry, I cannot help with that.");
  }

  @Test
  void stop_failedResponseThrowsByItsErrorCode() {
    enqueueJson(
        200,
        """
        {"id": "resp_1", "object": "response", "status": "failed", "model": "gpt-5-mini",
         "error": {"code": "server_error", "message": "The model failed to generate a response."},
         "output": [], "usage": null}""");

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e).hasMessageContaining("The model failed to generate a response.");
  }

  // ---- usage ----------------------------------------------------------------------------------

  @Test
  void usage_moreCachedThanInputIsMalformed() {
    enqueueJson(200, response("completed", null, messageItem("x"), usage(10, 11, 1, 0)));

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("cached_tokens");
  }

  @Test
  void usage_moreReasoningThanOutputIsMalformed() {
    enqueueJson(200, response("completed", null, messageItem("x"), usage(10, 0, 1, 2)));

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e).hasMessageContaining("reasoningTokens");
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void error_429WithRetryAfterMsIsRateLimitedWithTheWait() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Content-Type", "application/json")
            .addHeader("retry-after-ms", "1500")
            .addHeader("retry-after", "2")
            .body(
                """
                {"error": {"message": "Rate limit reached for gpt-5-mini in organization org-abc on tokens per min (TPM): Limit 30000, Used 30000, Requested 900. Please try again in 1.5s.",
                           "type": "tokens", "param": null, "code": "rate_limit_exceeded"}}""")
            .build());

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(e).hasMessageContaining("Rate limit reached");
  }

  @Test
  void error_429WithRetryAfterSecondsIsRateLimitedWithTheWait() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("retry-after", "7")
            .body(
                """
                {"error": {"message": "Rate limit reached.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}""")
            .build());

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void error_429InsufficientQuotaIsNotRetried() throws Exception {
    enqueueJson(
        429,
        """
        {"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
                   "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}""");
    enqueueJson(200, textResponse("never"));
    List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    ModelProvider pipeline =
        ModelPipeline.builder(provider())
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).build())
            .build();

    ModelException e =
        thrown(() -> pipeline.complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e.retryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void error_500ThenSuccessIsRetriedByThePipeline() throws Exception {
    enqueueJson(
        500,
        """
        {"error": {"message": "The server had an error while processing your request. Sorry about that!",
                   "type": "server_error", "param": null, "code": null}}""");
    enqueueJson(200, textResponse("Recovered."));
    List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    ModelProvider pipeline =
        ModelPipeline.builder(provider())
            .interceptor(
                RetryInterceptor.builder()
                    .initialDelay(Duration.ofSeconds(2))
                    .random(() -> 0.5)
                    .sleeper(waits::add)
                    .build())
            .build();

    ModelResponse r = pipeline.complete(request().message(Message.user("x")).build());

    assertThat(r.message().text()).isEqualTo("Recovered.");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofMillis(1500));
    assertThat(body(take())).isEqualTo(body(take()));
  }

  @Test
  void error_401IsAuthenticationAndNotRetried() {
    enqueueJson(
        401,
        """
        {"error": {"message": "Incorrect API key provided: sk-test-***123. You can find your API key at https://platform.openai.com/account/api-keys.",
                   "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}""");
    enqueueJson(200, textResponse("never"));
    List<Duration> waits = new ArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(provider())
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).build())
            .build();

    ModelException e =
        thrown(() -> pipeline.complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e).hasMessageContaining("Incorrect API key provided");
    assertThat(e.getMessage()).doesNotContain(KEY);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void error_contextLengthExceededIsContextTooLong() {
    enqueueJson(
        400,
        """
        {"error": {"message": "Your input exceeds the context window of this model. Please adjust your input and try again.",
                   "type": "invalid_request_error", "param": "input", "code": "context_length_exceeded"}}""");

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void error_otherBadRequestIsInvalidRequest() {
    enqueueJson(
        400,
        """
        {"error": {"message": "Encrypted content is not supported with this model.",
                   "type": "invalid_request_error", "param": "include", "code": null}}""");

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(e).hasMessageContaining("Encrypted content is not supported");
  }

  @Test
  void error_bodyThatIsNotJsonIsMalformed() {
    enqueueJson(200, "<html>gateway hiccup</html>");

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void error_jsonWithoutTheResponseFieldsIsMalformed() {
    enqueueJson(200, "{\"id\": \"resp_1\", \"status\": \"completed\"}");

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void error_truncatedBodyIsMalformed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(textResponse("This answer will be cut off half-way."))
            .throttleBody(64, 0, TimeUnit.MILLISECONDS)
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());

    ModelException e =
        thrown(() -> provider().complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void error_noAnswerIsTimeout() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    OpenAiResponsesProvider impatient = builder().timeout(Duration.ofMillis(500)).build();

    ModelException e =
        thrown(() -> impatient.complete(request().message(Message.user("x")).build()));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void interruptWhileWaitingThrowsInterruptedException() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    OpenAiResponsesProvider openai = builder().timeout(Duration.ofMinutes(1)).build();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                openai.complete(request().message(Message.user("x")).build());
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();

    take(); // the request is out; the caller now waits for an answer that never comes
    caller.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    caller.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(caller.isAlive()).isFalse();
  }

  // ---- configuration --------------------------------------------------------------------------

  @Test
  void fromEnvironment_missingKeyNamesTheVariable() {
    assertThatThrownBy(() -> OpenAiResponsesProvider.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_API_KEY");
    assertThatThrownBy(
            () -> OpenAiResponsesProvider.fromEnvironment(Map.of("OPENAI_API_KEY", "  ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void fromEnvironment_malformedBaseUrlNamesTheVariable() {
    assertThatThrownBy(
            () ->
                OpenAiResponsesProvider.fromEnvironment(
                    Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", "api.openai.com/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_BASE_URL");
  }

  @Test
  void fromEnvironment_readsKeyBaseUrlOrganizationAndProject() throws Exception {
    enqueueJson(200, textResponse("ok"));
    OpenAiResponsesProvider openai =
        OpenAiResponsesProvider.fromEnvironment(
            Map.of(
                "OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", base(),
                "OPENAI_ORG_ID", "org-env",
                "OPENAI_PROJECT_ID", "proj_env"));

    openai.complete(request().message(Message.user("x")).build());

    RecordedRequest sent = take();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.getHeaders().get("OpenAI-Organization")).isEqualTo("org-env");
    assertThat(sent.getHeaders().get("OpenAI-Project")).isEqualTo("proj_env");
    assertThat(openai.id()).isEqualTo("openai");
  }

  @Test
  void fromEnvironment_defaultsToOpenAisBaseUrl() {
    OpenAiResponsesProvider openai =
        OpenAiResponsesProvider.fromEnvironment(Map.of("OPENAI_API_KEY", KEY, "OPENAI_ORG_ID", ""));

    assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
  }

  @Test
  void factory_isConfiguredByTheKeyAndCreatesTheProvider() {
    OpenAiResponsesProviderFactory factory = new OpenAiResponsesProviderFactory();

    assertThat(factory.id()).isEqualTo("openai");
    assertThat(factory.isConfigured(Map.of())).isFalse();
    assertThat(factory.isConfigured(Map.of("OPENAI_API_KEY", " "))).isFalse();
    assertThat(factory.isConfigured(Map.of("OPENAI_API_KEY", KEY))).isTrue();
    assertThat(factory.create(Map.of("OPENAI_API_KEY", KEY)).id()).isEqualTo("openai");
    assertThatThrownBy(() -> factory.create(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void builder_rejectsBadValues() {
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().baseUrl("ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().header("Authorization", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().organization(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().project(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("project");
    assertThatThrownBy(() -> OpenAiResponsesProvider.builder().reasoningSummary("verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reasoningSummary");
  }

  @Test
  void builder_extraHeadersAreSent() throws Exception {
    enqueueJson(200, textResponse("ok"));

    builder()
        .header("X-Gateway-Route", "eu")
        .build()
        .complete(request().message(Message.user("x")).build());

    assertThat(take().getHeaders().get("X-Gateway-Route")).isEqualTo("eu");
  }
}

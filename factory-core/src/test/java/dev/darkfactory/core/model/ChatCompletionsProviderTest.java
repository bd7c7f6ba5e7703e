package dev.darkfactory.core.model;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.darkfactory.core.model.ChatCompletionsProvider.MaxTokensField;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatCompletionsProviderTest {

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
          {"type":"object","properties":{"dir":{"type":"string"}},"required":["dir"]}""");

  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- text ----

  @Test
  void textCallSendsTheExactRequestAndReadsTheAnswer() throws Exception {
    enqueue(
        200,
        """
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "gpt-4.1-2025-04-14",
          "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "Hello! How can I help?",
                        "refusal": null, "annotations": []},
            "logprobs": null,
            "finish_reason": "stop"
          }],
          "usage": {
            "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
          },
          "service_tier": "default",
          "system_fingerprint": null
        }""");
    ModelRequest request =
        ModelRequest.builder("gpt-4.1")
            .system("You are terse.")
            .message(Message.user("Hello"))
            .maxOutputTokens(100)
            .temperature(0.2)
            .build();

    ModelResponse response = keyed().complete(request);

    RecordedRequest sent = take();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(body(sent))
        .isEqualTo(
            json(
                """
                {
                  "model": "gpt-4.1",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "Hello"}
                  ],
                  "max_tokens": 100,
                  "temperature": 0.2,
                  "stream": false
                }"""));
    assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    assertThat(response.model()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(response.message())
        .isEqualTo(new Message(Role.ASSISTANT, List.of(new ContentBlock.Text("Hello! How can I help?"))));
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(Usage.of(19, 10));
  }

  @Test
  void withoutAKeyNoAuthorizationHeaderIsSent() throws Exception {
    enqueue(200, text("chatcmpl-1", "llama3.2", "Hi", "stop", null));

    local().complete(request("Hello"));

    RecordedRequest sent = take();
    assertThat(sent.getHeaders().names()).doesNotContain("Authorization");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void severalTextBlocksTravelAsContentParts() throws Exception {
    enqueue(200, text("chatcmpl-1", "m", "ok", "stop", null));
    ModelRequest request =
        ModelRequest.builder("m")
            .message(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.Text("first"), new ContentBlock.Text("second"))))
            .build();

    local().complete(request);

    assertThat(body(take()).get("messages"))
        .isEqualTo(
            json(
                """
                [{"role": "user", "content": [
                  {"type": "text", "text": "first"},
                  {"type": "text", "text": "second"}]}]"""));
  }

  @Test
  void answerWithoutContentIsOneEmptyTextAndAMissingModelIsTheRequestedOne() throws Exception {
    enqueue(
        200,
        """
        {"id": "x", "choices": [{"index": 0, "message": {"role": "assistant", "content": null},
          "finish_reason": "stop"}]}""");

    ModelResponse response = local().complete(request("Hello"));

    assertThat(response.message().content()).containsExactly(new ContentBlock.Text(""));
    assertThat(response.model()).isEqualTo("test-model");
    assertThat(response.usage()).isEqualTo(Usage.ZERO);
  }

  // ---- max tokens field and OpenAI detection ----

  @Test
  void maxTokensFieldDefaultsByHostAndCanBeChosen() throws Exception {
    assertThat(ChatCompletionsProvider.builder().apiKey(KEY).build().maxTokensField())
        .isEqualTo(MaxTokensField.MAX_COMPLETION_TOKENS);
    assertThat(local().maxTokensField()).isEqualTo(MaxTokensField.MAX_TOKENS);

    enqueue(200, text("chatcmpl-1", "m", "ok", "stop", null));
    ChatCompletionsProvider.builder()
        .baseUrl(base())
        .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
        .build()
        .complete(request("Hello"));

    JsonNode body = body(take());
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(4096);
    assertThat(body.has("max_tokens")).isFalse();
  }

  @Test
  void talkingToOpenAiSendsItsFieldsAndOtherServersDoNotGetThem() throws Exception {
    // A client that sends every call through the mock server as an HTTP proxy, so a provider
    // whose base URL names api.openai.com can be observed on the wire.
    HttpClient viaProxy =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress(server.getHostName(), server.getPort())))
            .build();
    ChatCompletionsProvider openAi =
        ChatCompletionsProvider.builder()
            .baseUrl("http://api.openai.com/v1")
            .apiKey(KEY)
            .httpClient(viaProxy)
            .build();
    ModelRequest request =
        ModelRequest.builder("gpt-5")
            .message(Message.user("Hello"))
            .metadata(ModelHints.PROMPT_CACHE_KEY, "spec-42")
            .build();
    enqueue(200, text("chatcmpl-1", "gpt-5", "ok", "stop", null));
    enqueue(200, text("chatcmpl-2", "m", "ok", "stop", null));

    openAi.complete(request);
    local().complete(request);

    RecordedRequest toOpenAi = take();
    assertThat(toOpenAi.getUrl().host()).isEqualTo("api.openai.com");
    assertThat(body(toOpenAi))
        .isEqualTo(
            json(
                """
                {"model": "gpt-5", "messages": [{"role": "user", "content": "Hello"}],
                 "max_completion_tokens": 4096, "prompt_cache_key": "spec-42", "stream": false}"""));
    assertThat(body(take()))
        .isEqualTo(
            json(
                """
                {"model": "gpt-5", "messages": [{"role": "user", "content": "Hello"}],
                 "max_tokens": 4096, "stream": false}"""));
  }

  // ---- hints ----

  @Test
  void hintsMapToTheirFieldsAndUnknownOnesAreIgnored() throws Exception {
    enqueue(200, text("chatcmpl-1", "m", "ok", "stop", null));
    ModelRequest request =
        ModelRequest.builder("o4-mini")
            .message(Message.user("Hello"))
            .metadata(ModelHints.REASONING_EFFORT, "high")
            .metadata(ModelHints.PROMPT_CACHE_KEY, "spec-42")
            .metadata(ModelHints.PROMPT_CACHING, "off")
            .metadata(ModelHints.THINKING_BUDGET_TOKENS, "2048")
            .metadata("something_else", "x")
            .build();

    ChatCompletionsProvider.builder()
        .baseUrl(base())
        .sendPromptCacheKey(true)
        .build()
        .complete(request);

    assertThat(body(take()))
        .isEqualTo(
            json(
                """
                {"model": "o4-mini", "messages": [{"role": "user", "content": "Hello"}],
                 "max_tokens": 4096, "reasoning_effort": "high", "prompt_cache_key": "spec-42",
                 "stream": false}"""));
  }

  // ---- tools ----

  @Test
  void toolCallsRoundTripOverSeveralTurns() throws Exception {
    ChatCompletionsProvider provider = keyed();
    ModelRequest.Builder conversation =
        ModelRequest.builder("gpt-4.1")
            .system("Use the tools.")
            .tool(READ_FILE)
            .message(Message.user("What does README.md say?"));

    // Turn 1: the model calls a tool.
    enqueue(
        200,
        """
        {
          "id": "chatcmpl-1", "object": "chat.completion", "created": 1741570283,
          "model": "gpt-4.1-2025-04-14",
          "choices": [{
            "index": 0,
            "message": {
              "role": "assistant", "content": null,
              "tool_calls": [{"id": "call_abc", "type": "function",
                "function": {"name": "read_file", "arguments": "{\\"path\\":\\"README.md\\"}"}}],
              "refusal": null, "annotations": []
            },
            "logprobs": null, "finish_reason": "tool_calls"
          }],
          "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}
        }""");
    ModelResponse first = provider.complete(conversation.build());
    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(first.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("call_abc", "read_file", "{\"path\":\"README.md\"}"));
    assertThat(body(take()))
        .isEqualTo(
            json(
                """
                {
                  "model": "gpt-4.1",
                  "messages": [
                    {"role": "system", "content": "Use the tools."},
                    {"role": "user", "content": "What does README.md say?"}
                  ],
                  "tools": [{"type": "function", "function": {
                    "name": "read_file", "description": "Reads a file of the workspace.",
                    "parameters": {"type": "object", "properties": {"path": {"type": "string"}},
                                   "required": ["path"]}}}],
                  "max_tokens": 4096,
                  "stream": false
                }"""));

    // Turn 2: the tool failed; the model says something and tries again.
    conversation
        .message(first.message())
        .message(
            new Message(
                Role.USER, List.of(new ContentBlock.ToolResult("call_abc", "no such file", true))));
    enqueue(
        200,
        """
        {
          "id": "chatcmpl-2", "object": "chat.completion", "created": 1741570284,
          "model": "gpt-4.1-2025-04-14",
          "choices": [{
            "index": 0,
            "message": {
              "role": "assistant", "content": "Trying the lower-case name.",
              "tool_calls": [{"id": "call_def", "type": "function",
                "function": {"name": "read_file", "arguments": "{\\"path\\":\\"readme.md\\"}"}}]
            },
            "finish_reason": "tool_calls"
          }],
          "usage": {"prompt_tokens": 120, "completion_tokens": 25, "total_tokens": 145}
        }""");
    ModelResponse second = provider.complete(conversation.build());
    assertThat(second.message().text()).isEqualTo("Trying the lower-case name.");
    assertThat(second.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("call_def", "read_file", "{\"path\":\"readme.md\"}"));
    assertThat(body(take()).get("messages"))
        .isEqualTo(
            json(
                """
                [
                  {"role": "system", "content": "Use the tools."},
                  {"role": "user", "content": "What does README.md say?"},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_abc",
                    "type": "function",
                    "function": {"name": "read_file", "arguments": "{\\"path\\":\\"README.md\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_abc", "content": "[tool error] no such file"}
                ]"""));

    // Turn 3: the tool worked; the model answers.
    conversation
        .message(second.message())
        .message(
            new Message(
                Role.USER,
                List.of(
                    new ContentBlock.ToolResult("call_def", "# Dark Factory", false),
                    new ContentBlock.Text("Be brief."))));
    enqueue(200, text("chatcmpl-3", "gpt-4.1-2025-04-14", "It is titled Dark Factory.", "stop", null));
    ModelResponse third = provider.complete(conversation.build());
    assertThat(third.message().text()).isEqualTo("It is titled Dark Factory.");
    assertThat(third.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(body(take()).get("messages"))
        .isEqualTo(
            json(
                """
                [
                  {"role": "system", "content": "Use the tools."},
                  {"role": "user", "content": "What does README.md say?"},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_abc",
                    "type": "function",
                    "function": {"name": "read_file", "arguments": "{\\"path\\":\\"README.md\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_abc", "content": "[tool error] no such file"},
                  {"role": "assistant", "content": "Trying the lower-case name.",
                   "tool_calls": [{"id": "call_def", "type": "function",
                    "function": {"name": "read_file", "arguments": "{\\"path\\":\\"readme.md\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_def", "content": "# Dark Factory"},
                  {"role": "user", "content": "Be brief."}
                ]"""));
  }

  @Test
  void parallelToolCallsComeBackInOrderAndTheirResultsGoBackInOrder() throws Exception {
    ChatCompletionsProvider provider = local();
    ModelRequest.Builder conversation =
        ModelRequest.builder("qwen3")
            .tools(List.of(READ_FILE, LIST_DIR))
            .message(Message.user("Look around."));
    enqueue(
        200,
        """
        {
          "id": "chatcmpl-7", "object": "chat.completion", "created": 1741570283, "model": "qwen3",
          "choices": [{
            "index": 0,
            "message": {
              "role": "assistant", "content": "",
              "tool_calls": [
                {"id": "call_1", "type": "function",
                 "function": {"name": "list_dir", "arguments": "{\\"dir\\":\\"src\\"}"}},
                {"id": "call_2", "type": "function",
                 "function": {"name": "read_file", "arguments": "{\\"path\\":\\"pom.xml\\"}"}}
              ]
            },
            "finish_reason": "tool_calls"
          }],
          "usage": {"prompt_tokens": 50, "completion_tokens": 40, "total_tokens": 90}
        }""");

    ModelResponse answer = provider.complete(conversation.build());

    assertThat(answer.toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall("call_1", "list_dir", "{\"dir\":\"src\"}"),
            new ContentBlock.ToolCall("call_2", "read_file", "{\"path\":\"pom.xml\"}"));
    assertThat(answer.message().content()).hasSize(2); // the empty content adds no text block
    take();

    enqueue(200, text("chatcmpl-8", "qwen3", "Done.", "stop", null));
    provider.complete(
        conversation
            .message(answer.message())
            .message(
                new Message(
                    Role.USER,
                    List.of(
                        new ContentBlock.ToolResult("call_1", "main\ntest", false),
                        new ContentBlock.ToolResult("call_2", "<project/>", false))))
            .build());

    JsonNode messages = body(take()).get("messages");
    assertThat(messages.get(1).get("tool_calls")).hasSize(2);
    assertThat(messages.get(2))
        .isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"main\\ntest\"}"));
    assertThat(messages.get(3))
        .isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"<project/>\"}"));
    assertThat(messages).hasSize(4);
  }

  @Test
  void toolArgumentsArePassedThroughAsGivenAndMissingIdsAreMadeUp() throws Exception {
    enqueue(
        200,
        """
        {
          "id": "chatcmpl-9", "model": "llama3.2",
          "choices": [{
            "index": 0,
            "message": {
              "role": "assistant", "content": null,
              "tool_calls": [
                {"id": "call_x", "type": "function",
                 "function": {"name": "read_file", "arguments": "{\\"path\\": \\"a"}},
                {"type": "function",
                 "function": {"name": "list_dir", "arguments": {"dir": "src"}}},
                {"id": "", "type": "function", "function": {"name": "list_dir"}}
              ]
            },
            "finish_reason": "stop"
          }]
        }""");

    ModelResponse answer = local().complete(request("Go"));

    assertThat(answer.toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall("call_x", "read_file", "{\"path\": \"a"),
            new ContentBlock.ToolCall("call_1", "list_dir", "{\"dir\":\"src\"}"),
            new ContentBlock.ToolCall("call_2", "list_dir", "{}"));
    // Some servers say "stop" although the answer asks for tools.
    assertThat(answer.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void legacyFunctionCallIsReadAsOneToolCall() throws Exception {
    enqueue(
        200,
        """
        {"id": "chatcmpl-10", "model": "gpt-3.5-turbo-0613",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
           "function_call": {"name": "read_file", "arguments": "{\\"path\\":\\"a\\"}"}},
           "finish_reason": "function_call"}]}""");

    ModelResponse answer = local().complete(request("Go"));

    assertThat(answer.toolCalls())
        .containsExactly(new ContentBlock.ToolCall("call_0", "read_file", "{\"path\":\"a\"}"));
    assertThat(answer.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void invalidToolSchemaIsAnInvalidRequestAndNothingIsSent() {
    ModelRequest request =
        ModelRequest.builder("m")
            .tool(new ToolSpec("broken", "Broken schema.", "{\"type\": "))
            .message(Message.user("Hello"))
            .build();

    assertThatThrownBy(() -> local().complete(request))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST))
        .hasMessageContaining("the input schema of tool broken");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- reasoning ----

  @Test
  void reasoningContentBecomesThinkingAndIsNotSentBackUnlessAskedFor() throws Exception {
    String answer =
        """
        {
          "id": "7f9c", "object": "chat.completion", "created": 1737000000,
          "model": "deepseek-reasoner",
          "choices": [{"index": 0,
            "message": {"role": "assistant", "content": "9.11 is smaller.",
                        "reasoning_content": "Compare 9.11 and 9.8 digit by digit."},
            "logprobs": null, "finish_reason": "stop"}],
          "usage": {"prompt_tokens": 18, "completion_tokens": 220, "total_tokens": 238,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 200},
            "prompt_cache_hit_tokens": 0, "prompt_cache_miss_tokens": 18}
        }""";
    enqueue(200, answer);

    ModelResponse first = local().complete(request("Which is smaller, 9.11 or 9.8?"));

    assertThat(first.message().content())
        .containsExactly(
            new ContentBlock.Thinking("Compare 9.11 and 9.8 digit by digit.", ""),
            new ContentBlock.Text("9.11 is smaller."));
    assertThat(first.usage()).isEqualTo(new Usage(18, 220, 0, 0, 200));
    take();

    ModelRequest next =
        ModelRequest.builder("test-model")
            .message(Message.user("Which is smaller, 9.11 or 9.8?"))
            .message(first.message())
            .message(Message.user("Why?"))
            .build();
    enqueue(200, text("2", "m", "ok", "stop", null));
    local().complete(next);
    assertThat(body(take()).get("messages").get(1))
        .isEqualTo(json("{\"role\": \"assistant\", \"content\": \"9.11 is smaller.\"}"));

    enqueue(200, text("3", "m", "ok", "stop", null));
    ChatCompletionsProvider.builder().baseUrl(base()).sendReasoningContent(true).build().complete(next);
    assertThat(body(take()).get("messages").get(1))
        .isEqualTo(
            json(
                """
                {"role": "assistant", "content": "9.11 is smaller.",
                 "reasoning_content": "Compare 9.11 and 9.8 digit by digit."}"""));
  }

  @Test
  void reasoningFieldOfNewerServersIsReadToo() throws Exception {
    enqueue(
        200,
        """
        {"id": "chatcmpl-1", "model": "gpt-oss:20b",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "4",
           "reasoning": "2 + 2 is 4."}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 70, "completion_tokens": 20, "total_tokens": 90}}""");

    ModelResponse answer = local().complete(request("2+2?"));

    assertThat(answer.message().content())
        .containsExactly(new ContentBlock.Thinking("2 + 2 is 4.", ""), new ContentBlock.Text("4"));
  }

  // ---- stop reasons ----

  @ParameterizedTest
  @CsvSource({
    "stop, false, END_TURN",
    "stop, true, TOOL_USE",
    "tool_calls, true, TOOL_USE",
    "function_call, true, TOOL_USE",
    "length, false, MAX_TOKENS",
    "length, true, MAX_TOKENS",
    "content_filter, false, REFUSAL",
    "eos, false, END_TURN",
    "stop_sequence, false, STOP_SEQUENCE",
    "something_new, false, OTHER",
    "'', false, OTHER",
    "'', true, TOOL_USE"
  })
  void finishReasonsMapToStopReasons(String finishReason, boolean toolCalls, StopReason expected) {
    assertThat(ChatCompletionsProvider.stopReason(finishReason, toolCalls)).isEqualTo(expected);
  }

  @Test
  void lengthAndContentFilterAndRefusalComeThroughTheWire() throws Exception {
    enqueue(200, text("1", "m", "The answer is", "length", null));
    enqueue(200, text("2", "m", "", "content_filter", null));
    enqueue(
        200,
        """
        {"id": "3", "model": "gpt-4o",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
           "refusal": "I'm sorry, I cannot help with that."}, "finish_reason": "stop"}]}""");
    ChatCompletionsProvider provider = local();

    assertThat(provider.complete(request("a")).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(provider.complete(request("b")).stopReason()).isEqualTo(StopReason.REFUSAL);
    ModelResponse refused = provider.complete(request("c"));
    assertThat(refused.stopReason()).isEqualTo(StopReason.REFUSAL);
    assertThat(refused.message().text()).isEqualTo("I'm sorry, I cannot help with that.");
  }

  // ---- usage ----

  @Test
  void cachedTokensAreSubtractedFromPromptTokensAndReasoningIsReported() throws Exception {
    enqueue(
        200,
        text(
            "chatcmpl-1",
            "o4-mini-2025-04-16",
            "Done.",
            "stop",
            """
            {"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
             "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
             "completion_tokens_details": {"reasoning_tokens": 192, "audio_tokens": 0,
               "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}"""));

    Usage usage = local().complete(request("Hello")).usage();

    assertThat(usage).isEqualTo(new Usage(86, 300, 1920, 0, 192));
    assertThat(usage.totalInputTokens()).isEqualTo(2006);
  }

  @Test
  void serversThatOmitUsageOrSendNullsGiveZeros() throws Exception {
    // Ollama: plain counts only.
    enqueue(
        200,
        """
        {"id": "chatcmpl-123", "object": "chat.completion", "created": 1718345013,
         "model": "llama3.2", "system_fingerprint": "fp_ollama",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"},
           "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 26, "completion_tokens": 2, "total_tokens": 28}}""");
    // vLLM: nulls where it has nothing to say.
    enqueue(
        200,
        """
        {"id": "chatcmpl-b3c", "object": "chat.completion", "created": 1718345014,
         "model": "Qwen/Qwen3-8B",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi",
           "refusal": null, "annotations": null, "audio": null, "function_call": null,
           "tool_calls": [], "reasoning_content": null},
           "logprobs": null, "finish_reason": "stop", "stop_reason": null}],
         "service_tier": null, "system_fingerprint": null,
         "usage": {"prompt_tokens": 10, "total_tokens": 15, "completion_tokens": 5,
           "prompt_tokens_details": null}, "prompt_logprobs": null, "kv_transfer_params": null}""");
    // A server with no usage at all, and one with null counts.
    enqueue(
        200,
        """
        {"id": "1", "model": "m",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"},
           "finish_reason": "stop"}]}""");
    enqueue(
        200,
        """
        {"id": "2", "model": "m",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"},
           "finish_reason": "stop"}],
         "usage": {"prompt_tokens": null, "completion_tokens": null,
           "prompt_tokens_details": {"cached_tokens": null},
           "completion_tokens_details": null}}""");
    ChatCompletionsProvider provider = local();

    ModelResponse ollama = provider.complete(request("a"));
    ModelResponse vllm = provider.complete(request("b"));
    ModelResponse none = provider.complete(request("c"));
    ModelResponse nulls = provider.complete(request("d"));

    assertThat(ollama.usage()).isEqualTo(Usage.of(26, 2));
    assertThat(vllm.usage()).isEqualTo(Usage.of(10, 5));
    assertThat(vllm.message().content()).containsExactly(new ContentBlock.Text("Hi"));
    assertThat(none.usage()).isEqualTo(Usage.ZERO);
    assertThat(nulls.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void deepSeekCacheHitTokensCountWhenTheDetailsAreAbsent() {
    Usage usage =
        ChatCompletionsProvider.usage(
            json(
                """
                {"prompt_tokens": 100, "completion_tokens": 7, "total_tokens": 107,
                 "prompt_cache_hit_tokens": 64, "prompt_cache_miss_tokens": 36}"""));

    assertThat(usage).isEqualTo(new Usage(36, 7, 64, 0, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"prompt_tokens\": 10, \"completion_tokens\": 5, \"prompt_tokens_details\": {\"cached_tokens\": 11}}",
        "{\"prompt_tokens\": 10, \"completion_tokens\": 5, \"completion_tokens_details\": {\"reasoning_tokens\": 6}}",
        "{\"prompt_tokens\": -1, \"completion_tokens\": 5}",
        "{\"prompt_tokens\": \"ten\", \"completion_tokens\": 5}",
        "{\"prompt_tokens\": 10.5, \"completion_tokens\": 5}"
      })
  void usageThatCannotBeTrueIsAMalformedResponse(String usage) {
    enqueue(200, text("1", "m", "Hi", "stop", usage));

    assertThatThrownBy(() -> local().complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  // ---- structured output ----

  @Test
  void responseSchemaTravelsAsJsonSchemaResponseFormat() throws Exception {
    String schema =
        """
        {"type": "object", "properties": {"verdict": {"type": "string"}},
         "required": ["verdict"], "additionalProperties": false}""";
    enqueue(200, text("1", "m", "{\"verdict\":\"pass\"}", "stop", null));
    enqueue(200, text("2", "m", "{\"verdict\":\"pass\"}", "stop", null));
    ModelRequest request =
        ModelRequest.builder("gpt-4.1").message(Message.user("Judge.")).responseSchema(schema).build();

    ModelResponse answer = local().complete(request);
    ChatCompletionsProvider.builder()
        .baseUrl(base())
        .strictResponseSchema(false)
        .build()
        .complete(request);

    assertThat(answer.message().text()).isEqualTo("{\"verdict\":\"pass\"}");
    assertThat(body(take()))
        .isEqualTo(
            json(
                """
                {"model": "gpt-4.1", "messages": [{"role": "user", "content": "Judge."}],
                 "max_tokens": 4096, "stream": false,
                 "response_format": {"type": "json_schema", "json_schema": {
                   "name": "response", "strict": true,
                   "schema": {"type": "object", "properties": {"verdict": {"type": "string"}},
                     "required": ["verdict"], "additionalProperties": false}}}}"""));
    assertThat(body(take()).at("/response_format/json_schema/strict").asBoolean()).isFalse();
  }

  // ---- errors ----

  @Test
  void rateLimitedWithRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Content-Type", "application/json")
            .addHeader("retry-after", "7")
            .body(
                """
                {"error": {"message": "Rate limit reached for gpt-4.1 in organization org-x on \
                tokens per min (TPM): Limit 30000, Used 29000, Requested 2000.",
                  "type": "tokens", "param": null, "code": "rate_limit_exceeded"}}""")
            .build());

    assertThatThrownBy(() -> keyed().complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
              assertThat(e.getMessage()).contains("Rate limit reached for gpt-4.1");
            });
  }

  @Test
  void serverErrorThenSuccessIsRetriedByThePipeline() throws Exception {
    enqueue(
        500,
        """
        {"error": {"message": "The server had an error while processing your request. Sorry \
        about that!", "type": "server_error", "param": null, "code": null}}""");
    enqueue(200, text("chatcmpl-ok", "gpt-4.1", "Recovered.", "stop", null));
    List<Duration> waits = new ArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(keyed())
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).random(() -> 0.5).build())
            .build();

    ModelResponse answer = pipeline.complete(request("Hello"));

    assertThat(answer.message().text()).isEqualTo("Recovered.");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofMillis(750));
    assertThat(body(take())).isEqualTo(body(take())); // the retry sent the same request
  }

  @Test
  void unauthorizedIsAuthenticationAndNotRetried() {
    enqueue(
        401,
        """
        {"error": {"message": "Incorrect API key provided: sk-test-***123. You can find your \
        API key at https://platform.openai.com/account/api-keys.",
          "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}""");
    List<Duration> waits = new ArrayList<>();
    ModelProvider pipeline =
        ModelPipeline.builder(keyed())
            .interceptor(RetryInterceptor.builder().sleeper(waits::add).build())
            .build();

    assertThatThrownBy(() -> pipeline.complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
              assertThat(e.getMessage()).contains("Incorrect API key provided");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void openAiContextLengthErrorIsContextTooLong() {
    enqueue(
        400,
        """
        {"error": {"message": "This model's maximum context length is 128000 tokens. However, \
        your messages resulted in 130412 tokens. Please reduce the length of the messages.",
          "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}""");

    assertThatThrownBy(() -> keyed().complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("maximum context length is 128000 tokens");
            });
  }

  @Test
  void localServersContextErrorsAreContextTooLong() {
    // llama.cpp's llama-server.
    enqueue(
        400,
        """
        {"error": {"code": 400, "message": "request (4390 tokens) exceeds the available context \
        size (4096 tokens), try increasing it", "type": "exceed_context_size_error",
          "n_prompt_tokens": 4390, "n_ctx": 4096}}""");
    // vLLM before it nested its errors.
    enqueue(
        400,
        """
        {"object": "error", "message": "This model's maximum context length is 32768 tokens. \
        However, you requested 41648 tokens (37552 in the messages, 4096 in the completion). \
        Please reduce the length of the messages or completion.", "type": "BadRequestError",
          "param": null, "code": 400}""");
    // vLLM 0.16 and later.
    enqueue(
        400,
        """
        {"error": {"message": "You passed 1015 input tokens and requested 10 output tokens. \
        However, the model's context length is only 1024 tokens, resulting in a maximum input \
        length of 1014 tokens. Please reduce the length of the input prompt.",
          "type": "BadRequestError", "param": "input_tokens", "code": 400}}""");
    ChatCompletionsProvider provider = local();

    for (String expected :
        List.of("exceeds the available context size", "maximum context length is 32768", "only 1024")) {
      assertThatThrownBy(() -> provider.complete(request("Hello")))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
                assertThat(e.getMessage()).contains(expected);
              });
    }
  }

  @Test
  void otherErrorShapesOfCompatibleServersKeepTheirMessage() {
    enqueue(404, "{\"error\": \"model \\\"llama9\\\" not found, try pulling it first\"}");
    enqueue(404, "{\"detail\": \"Model qwen-unknown does not exist.\"}");
    enqueue(422, "{\"detail\": [{\"loc\": [\"body\", \"messages\"], \"msg\": \"field required\"}]}");
    enqueue(502, "<html><body>Bad Gateway</body></html>");
    ChatCompletionsProvider provider = local();

    List<ModelException> failures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try {
        provider.complete(request("Hello"));
      } catch (Exception e) {
        failures.add((ModelException) e);
      }
    }

    assertThat(failures).extracting(ModelException::kind)
        .containsExactly(
            Kind.INVALID_REQUEST, Kind.INVALID_REQUEST, Kind.INVALID_REQUEST, Kind.SERVER_ERROR);
    assertThat(failures.get(0).getMessage())
        .isEqualTo(
            "INVALID_REQUEST: openai-compatible answered HTTP 404: model \"llama9\" not found, try"
                + " pulling it first");
    assertThat(failures.get(1).getMessage()).endsWith(": Model qwen-unknown does not exist.");
    assertThat(failures.get(2).getMessage()).contains("field required"); // the body excerpt
    assertThat(failures.get(3).getMessage()).contains("Bad Gateway");
  }

  @Test
  void bodyThatIsNotJsonIsMalformed() {
    enqueue(200, "this is not json {");

    assertThatThrownBy(() -> local().complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("this is not json");
            });
  }

  @Test
  void jsonWithoutChoicesOrWithBadToolCallsIsMalformed() {
    enqueue(200, "{\"id\": \"1\", \"model\": \"m\", \"choices\": []}");
    enqueue(200, "{\"id\": \"1\", \"model\": \"m\"}");
    enqueue(
        200,
        """
        {"id": "1", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant",
          "tool_calls": [{"id": "c", "type": "function", "function": {"arguments": "{}"}}]},
          "finish_reason": "tool_calls"}]}""");
    enqueue(
        200,
        """
        {"id": "1", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant",
          "content": 42}, "finish_reason": "stop"}]}""");
    ChatCompletionsProvider provider = local();

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> provider.complete(request("Hello")))
          .isInstanceOfSatisfying(
              ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void bodyCutOffHalfWayIsMalformed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(text("chatcmpl-1", "m", "A long answer that will not arrive whole.", "stop", null))
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());

    assertThatThrownBy(() -> local().complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void serverThatNeverAnswersTimesOut() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ChatCompletionsProvider provider =
        ChatCompletionsProvider.builder().baseUrl(base()).timeout(Duration.ofMillis(500)).build();

    assertThatThrownBy(() -> provider.complete(request("Hello")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
              assertThat(e.getMessage()).contains("within 500 ms");
            });
  }

  @Test
  void interruptionWhileWaitingThrowsInterruptedException() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ChatCompletionsProvider provider =
        ChatCompletionsProvider.builder().baseUrl(base()).timeout(Duration.ofMinutes(1)).build();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                provider.complete(request("Hello"));
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();

    assertThat(server.takeRequest(10, SECONDS)).isNotNull();
    caller.interrupt();

    assertThat(outcome.get(10, SECONDS)).isInstanceOf(InterruptedException.class);
  }

  // ---- configuration ----

  @Test
  void fromEnvironmentNeedsABaseUrlOrAKey() {
    assertThatThrownBy(() -> ChatCompletionsProvider.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_BASE_URL")
        .hasMessageContaining("OPENAI_API_KEY");
    assertThatThrownBy(
            () ->
                ChatCompletionsProvider.fromEnvironment(
                    Map.of("OPENAI_BASE_URL", "  ", "OPENAI_API_KEY", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("neither OPENAI_BASE_URL nor OPENAI_API_KEY is set");
  }

  @Test
  void fromEnvironmentWithABaseUrlAloneTalksToThatServerWithoutAKey() throws Exception {
    ChatCompletionsProvider provider =
        ChatCompletionsProvider.fromEnvironment(Map.of("OPENAI_BASE_URL", base() + "/"));
    enqueue(200, text("1", "m", "ok", "stop", null));

    provider.complete(request("Hello"));

    RecordedRequest sent = take();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().names()).doesNotContain("Authorization");
    assertThat(provider.maxTokensField()).isEqualTo(MaxTokensField.MAX_TOKENS);
  }

  @Test
  void fromEnvironmentWithBothSendsTheKeyToTheBaseUrl() throws Exception {
    ChatCompletionsProvider provider =
        ChatCompletionsProvider.fromEnvironment(
            Map.of("OPENAI_BASE_URL", base(), "OPENAI_API_KEY", " " + KEY + " "));
    enqueue(200, text("1", "m", "ok", "stop", null));

    provider.complete(request("Hello"));

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void fromEnvironmentWithAKeyAloneTalksToOpenAi() {
    ChatCompletionsProvider provider =
        ChatCompletionsProvider.fromEnvironment(Map.of("OPENAI_API_KEY", KEY));

    assertThat(provider.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
    assertThat(provider.maxTokensField()).isEqualTo(MaxTokensField.MAX_COMPLETION_TOKENS);
    assertThat(provider.id()).isEqualTo("openai-compatible");
    assertThat(provider.toString()).doesNotContain(KEY);
  }

  @Test
  void fromEnvironmentRejectsAMalformedBaseUrlAndOpenAiWithoutAKey() {
    assertThatThrownBy(
            () -> ChatCompletionsProvider.fromEnvironment(Map.of("OPENAI_BASE_URL", "localhost:8000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OPENAI_BASE_URL must be an absolute http(s) URL but was 'localhost:8000'");
    assertThatThrownBy(
            () ->
                ChatCompletionsProvider.fromEnvironment(
                    Map.of("OPENAI_BASE_URL", "https://api.openai.com/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OPENAI_API_KEY is not set");
  }

  @Test
  void factoryIsConfiguredByEitherVariable() {
    ChatCompletionsProviderFactory factory = new ChatCompletionsProviderFactory();

    assertThat(factory.id()).isEqualTo("openai-compatible");
    assertThat(factory.isConfigured(Map.of())).isFalse();
    assertThat(factory.isConfigured(Map.of("OPENAI_API_KEY", " "))).isFalse();
    assertThat(factory.isConfigured(Map.of("OPENAI_API_KEY", KEY))).isTrue();
    assertThat(factory.isConfigured(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1"))).isTrue();
    assertThat(factory.create(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1")))
        .isInstanceOfSatisfying(
            ChatCompletionsProvider.class,
            p -> assertThat(p.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1")));
    assertThatThrownBy(() -> factory.create(Collections.emptyMap()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderRejectsBadValues() {
    ChatCompletionsProvider.Builder b = ChatCompletionsProvider.builder();

    assertThatThrownBy(() -> b.baseUrl("ftp://example.com/v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> b.baseUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.header("Authorization", "Bearer other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization");
    assertThatThrownBy(() -> b.maxTokensField(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maxTokensField");
  }

  @Test
  void extraHeadersAreSent() throws Exception {
    enqueue(200, text("1", "m", "ok", "stop", null));

    ChatCompletionsProvider.builder()
        .baseUrl(base())
        .header("OpenAI-Project", "proj_123")
        .build()
        .complete(request("Hello"));

    assertThat(take().getHeaders().get("OpenAI-Project")).isEqualTo("proj_123");
  }

  // ---- helpers ----

  private String base() {
    return server.url("/v1").toString();
  }

  private ChatCompletionsProvider local() {
    return ChatCompletionsProvider.builder().baseUrl(base()).build();
  }

  private ChatCompletionsProvider keyed() {
    return ChatCompletionsProvider.builder().baseUrl(base()).apiKey(KEY).build();
  }

  private static ModelRequest request(String text) {
    return ModelRequest.builder("test-model").message(Message.user(text)).build();
  }

  private void enqueue(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) {
    return json(r.getBody().utf8());
  }

  private static JsonNode json(String text) {
    try {
      return ModelHttp.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** A Chat Completions answer with text, in OpenAI's shape. */
  private static String text(
      String id, String model, String content, String finishReason, String usageJson) {
    return """
        {"id": %s, "object": "chat.completion", "created": 1741569952, "model": %s,
         "choices": [{"index": 0, "message": {"role": "assistant", "content": %s,
           "refusal": null}, "logprobs": null, "finish_reason": %s}],
         "usage": %s}"""
        .formatted(
            quote(id),
            quote(model),
            quote(content),
            quote(finishReason),
            usageJson != null
                ? usageJson
                : "{\"prompt_tokens\": 12, \"completion_tokens\": 3, \"total_tokens\": 15}");
  }

  private static String quote(String s) {
    return ModelHttp.JSON.getNodeFactory().textNode(s).toString();
  }
}

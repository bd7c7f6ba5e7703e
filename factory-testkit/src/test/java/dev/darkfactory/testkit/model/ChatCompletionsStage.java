package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.ChatCompletionsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * The Chat Completions side of a conversation: a loopback server that answers in OpenAI's Chat
 * Completions format and decodes what {@link ChatCompletionsProvider} sent.
 */
final class ChatCompletionsStage implements ProviderStage {

  private static final String KEY = "sk-stage-key";

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger answers = new AtomicInteger();

  ChatCompletionsStage() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Set<Capability> capabilities() {
    // No THINKING: reasoning comes back without a signature and is not sent back.
    // No CACHE_WRITE_TOKENS: Chat Completions reports cache reads only.
    return EnumSet.of(
        Capability.TOOLS,
        Capability.PARALLEL_TOOLS,
        Capability.CACHE_READ_TOKENS,
        Capability.REASONING_TOKENS,
        Capability.STRUCTURED_OUTPUT,
        Capability.RETRY_AFTER);
  }

  @Override
  public ModelProvider provider(Duration timeout) {
    return ChatCompletionsProvider.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .timeout(timeout)
        .build();
  }

  @Override
  public String model() {
    return "gpt-4.1-mini";
  }

  @Override
  public void replyText(String text, Usage usage) {
    ObjectNode body = completion(usage);
    ObjectNode choice = (ObjectNode) body.get("choices").get(0);
    ((ObjectNode) choice.get("message")).put("content", text);
    choice.put("finish_reason", "stop");
    ok(body);
  }

  @Override
  public void replyToolCalls(List<ContentBlock.ToolCall> calls, Usage usage) {
    ObjectNode body = completion(usage);
    ObjectNode choice = (ObjectNode) body.get("choices").get(0);
    ObjectNode message = (ObjectNode) choice.get("message");
    message.putNull("content");
    ArrayNode toolCalls = message.putArray("tool_calls");
    for (ContentBlock.ToolCall c : calls) {
      ObjectNode call = toolCalls.addObject().put("id", c.id()).put("type", "function");
      call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
    }
    choice.put("finish_reason", "tool_calls");
    ok(body);
  }

  @Override
  public void replyThinkingThenText(String thinking, String signature, String text) {
    // Chat Completions has no signature; servers that reason send reasoning_content.
    ObjectNode body = completion(Usage.of(10, 10));
    ObjectNode choice = (ObjectNode) body.get("choices").get(0);
    ((ObjectNode) choice.get("message")).put("reasoning_content", thinking).put("content", text);
    choice.put("finish_reason", "stop");
    ok(body);
  }

  @Override
  public void fail(Failure failure) {
    switch (failure) {
      case AUTHENTICATION ->
          error(
              401,
              "Incorrect API key provided: sk-stag***-key. You can find your API key at"
                  + " https://platform.openai.com/account/api-keys.",
              "invalid_request_error",
              "invalid_api_key");
      case RATE_LIMITED ->
          server.enqueue(
              new MockResponse.Builder()
                  .code(429)
                  .addHeader("Content-Type", "application/json")
                  .addHeader("retry-after", "7")
                  .body(
                      errorBody(
                          "Rate limit reached for gpt-4.1-mini in organization org-stage on"
                              + " requests per min (RPM): Limit 500, Used 500, Requested 1.",
                          "requests",
                          "rate_limit_exceeded"))
                  .build());
      case OVERLOADED ->
          error(
              503,
              "The engine is currently overloaded, please try again later.",
              "server_error",
              null);
      case SERVER_ERROR ->
          error(
              500,
              "The server had an error while processing your request. Sorry about that!",
              "server_error",
              null);
      case INVALID_REQUEST ->
          error(
              400,
              "Invalid type for 'messages[0].content': expected one of a string or array of"
                  + " objects, but got an integer instead.",
              "invalid_request_error",
              "invalid_type");
      case CONTEXT_TOO_LONG ->
          error(
              400,
              "This model's maximum context length is 128000 tokens. However, your messages"
                  + " resulted in 131072 tokens. Please reduce the length of the messages.",
              "invalid_request_error",
              "context_length_exceeded");
      case NOT_JSON ->
          server.enqueue(
              new MockResponse.Builder()
                  .code(200)
                  .addHeader("Content-Type", "text/html")
                  .body("<html><body>Welcome to the gateway</body></html>")
                  .build());
      case TRUNCATED -> {
        ObjectNode body = completion(Usage.of(10, 10));
        ObjectNode choice = (ObjectNode) body.get("choices").get(0);
        ((ObjectNode) choice.get("message")).put("content", "An answer cut off half-way.");
        choice.put("finish_reason", "stop");
        server.enqueue(
            new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body.toString())
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
      }
      case NO_ANSWER ->
          server.enqueue(
              new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
  }

  @Override
  public SentRequest takeRequest(Duration timeout) throws InterruptedException {
    RecordedRequest recorded = server.takeRequest(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (recorded == null) {
      throw new AssertionError("no request reached the stage within " + timeout);
    }
    if (!recorded.getUrl().encodedPath().equals("/v1/chat/completions")
        || !("Bearer " + KEY).equals(recorded.getHeaders().get("Authorization"))) {
      throw new AssertionError(
          "not a Chat Completions call with the stage's key: " + recorded.getRequestLine());
    }
    try {
      return decode(json.readTree(recorded.getBody().utf8()));
    } catch (IOException e) {
      throw new AssertionError("the request body is not JSON", e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  // ---- answers ----

  private ObjectNode completion(Usage usage) {
    if (usage.cacheWriteTokens() != 0) {
      throw new IllegalArgumentException("Chat Completions reports no cache writes");
    }
    ObjectNode body = json.createObjectNode();
    body.put("id", "chatcmpl-stage" + answers.incrementAndGet());
    body.put("object", "chat.completion");
    body.put("created", 1741569952);
    body.put("model", "gpt-4.1-mini-2025-04-14");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").putNull("refusal");
    choice.putNull("logprobs");
    ObjectNode u = body.putObject("usage");
    long prompt = usage.inputTokens() + usage.cacheReadTokens();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", usage.outputTokens());
    u.put("total_tokens", prompt + usage.outputTokens());
    u.putObject("prompt_tokens_details")
        .put("cached_tokens", usage.cacheReadTokens())
        .put("audio_tokens", 0);
    u.putObject("completion_tokens_details")
        .put("reasoning_tokens", usage.reasoningTokens())
        .put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    body.put("service_tier", "default");
    return body;
  }

  private void ok(ObjectNode body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(body.toString())
            .build());
  }

  private void error(int code, String message, String type, String errorCode) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(errorBody(message, type, errorCode))
            .build());
  }

  private String errorBody(String message, String type, String code) {
    ObjectNode error = json.createObjectNode().putObject("error");
    error.put("message", message).put("type", type).putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return "{\"error\":" + error + "}";
  }

  // ---- requests ----

  private SentRequest decode(JsonNode body) {
    StringBuilder system = new StringBuilder();
    List<String> texts = new ArrayList<>();
    List<ContentBlock.ToolCall> toolCalls = new ArrayList<>();
    List<ContentBlock.ToolResult> toolResults = new ArrayList<>();
    List<ContentBlock.Thinking> thinking = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      String role = message.path("role").asText();
      switch (role) {
        case "system", "developer" -> system.append(message.path("content").asText());
        case "user", "assistant" -> {
          texts.addAll(contentTexts(message.path("content")));
          for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            toolCalls.add(
                new ContentBlock.ToolCall(
                    call.path("id").asText(),
                    function.path("name").asText(),
                    function.path("arguments").asText()));
          }
          if (message.path("reasoning_content").isTextual()) {
            thinking.add(new ContentBlock.Thinking(message.path("reasoning_content").asText(), ""));
          }
        }
        case "tool" -> {
          String content = message.path("content").asText();
          boolean error = content.startsWith(ChatCompletionsProvider.TOOL_ERROR_PREFIX);
          toolResults.add(
              new ContentBlock.ToolResult(
                  message.path("tool_call_id").asText(),
                  error
                      ? content.substring(ChatCompletionsProvider.TOOL_ERROR_PREFIX.length())
                      : content,
                  error));
        }
        default -> throw new AssertionError("unknown role " + role + " in " + message);
      }
    }
    List<String> toolNames = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      toolNames.add(tool.path("function").path("name").asText());
    }
    JsonNode schema = body.path("response_format").path("json_schema").path("schema");
    JsonNode max =
        body.has("max_completion_tokens")
            ? body.get("max_completion_tokens")
            : body.path("max_tokens");
    return new SentRequest(
        body.path("model").asText(),
        system.toString(),
        texts,
        toolNames,
        toolCalls,
        toolResults,
        thinking,
        schema.isObject() ? schema.toString() : "",
        max.asInt());
  }

  private static List<String> contentTexts(JsonNode content) {
    List<String> texts = new ArrayList<>();
    if (content.isTextual()) {
      texts.add(content.asText());
    } else if (content.isArray()) {
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText())) {
          texts.add(part.path("text").asText());
        }
      }
    }
    return texts;
  }
}

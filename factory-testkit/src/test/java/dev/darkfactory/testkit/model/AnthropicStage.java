package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.AnthropicProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Anthropic's side of the contract: a loopback server that answers in the Messages API's wire
 * format and decodes what {@link AnthropicProvider} sent.
 */
final class AnthropicStage implements ProviderStage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-ant-stage-key";

  private final MockWebServer server = new MockWebServer();
  private int ids;

  AnthropicStage() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Set<Capability> capabilities() {
    // Anthropic does not report thinking tokens apart from output tokens.
    return EnumSet.complementOf(EnumSet.of(Capability.REASONING_TOKENS));
  }

  @Override
  public ModelProvider provider(Duration timeout) {
    return AnthropicProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .timeout(timeout)
        .build();
  }

  @Override
  public String model() {
    return "claude-sonnet-4-5";
  }

  @Override
  public void replyText(String text, Usage usage) {
    ArrayNode content = JSON.createArrayNode();
    content.addObject().put("type", "text").put("text", text);
    answer(message(content, "end_turn", usage));
  }

  @Override
  public void replyToolCalls(List<ContentBlock.ToolCall> calls, Usage usage) {
    ArrayNode content = JSON.createArrayNode();
    for (ContentBlock.ToolCall call : calls) {
      ObjectNode block = content.addObject();
      block.put("type", "tool_use").put("id", call.id()).put("name", call.name());
      block.set("input", read(call.argumentsJson()));
    }
    answer(message(content, "tool_use", usage));
  }

  @Override
  public void replyThinkingThenText(String thinking, String signature, String text) {
    ArrayNode content = JSON.createArrayNode();
    content.addObject().put("type", "thinking").put("thinking", thinking).put("signature", signature);
    content.addObject().put("type", "text").put("text", text);
    answer(message(content, "end_turn", Usage.of(20, 40)));
  }

  @Override
  public void fail(Failure failure) {
    MockResponse.Builder response = new MockResponse.Builder();
    switch (failure) {
      case AUTHENTICATION -> error(response, 401, "authentication_error", "invalid x-api-key");
      case RATE_LIMITED ->
          error(
                  response,
                  429,
                  "rate_limit_error",
                  "This request would exceed the rate limit for your organization of 50 requests"
                      + " per minute")
              .addHeader("retry-after", "7");
      case OVERLOADED -> error(response, 529, "overloaded_error", "Overloaded");
      case SERVER_ERROR -> error(response, 500, "api_error", "Internal server error");
      case INVALID_REQUEST ->
          error(response, 400, "invalid_request_error", "max_tokens: Field required");
      case CONTEXT_TOO_LONG ->
          error(
              response,
              400,
              "invalid_request_error",
              "prompt is too long: 208310 tokens > 200000 maximum");
      case NOT_JSON ->
          response.code(200).addHeader("Content-Type", "text/html").body("<html>Bad gateway</html>");
      case TRUNCATED -> {
        ArrayNode content = JSON.createArrayNode();
        content.addObject().put("type", "text").put("text", "cut ".repeat(500));
        response
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(message(content, "end_turn", Usage.of(5, 500)).toString())
            .onResponseBody(new SocketEffect.CloseSocket());
      }
      case NO_ANSWER -> response.onResponseStart(SocketEffect.Stall.INSTANCE);
    }
    server.enqueue(response.build());
  }

  @Override
  public SentRequest takeRequest(Duration timeout) throws InterruptedException {
    RecordedRequest recorded = server.takeRequest(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (recorded == null) {
      throw new AssertionError("no request reached the stage within " + timeout);
    }
    if (!"/v1/messages".equals(recorded.getUrl().encodedPath())
        || !KEY.equals(recorded.getHeaders().get("x-api-key"))
        || !"2023-06-01".equals(recorded.getHeaders().get("anthropic-version"))) {
      throw new AssertionError(
          "not a Messages API request: " + recorded.getRequestLine() + " " + recorded.getHeaders());
    }
    JsonNode body = read(recorded.getBody().utf8());

    List<String> system = new ArrayList<>();
    JsonNode systemNode = body.path("system");
    if (systemNode.isTextual()) {
      system.add(systemNode.asText());
    } else {
      systemNode.forEach(block -> system.add(block.path("text").asText()));
    }

    List<String> texts = new ArrayList<>();
    List<ContentBlock.ToolCall> toolCalls = new ArrayList<>();
    List<ContentBlock.ToolResult> toolResults = new ArrayList<>();
    List<ContentBlock.Thinking> thinking = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        texts.add(content.asText());
        continue;
      }
      for (JsonNode block : content) {
        switch (block.path("type").asText()) {
          case "text" -> texts.add(block.path("text").asText());
          case "tool_use" ->
              toolCalls.add(
                  new ContentBlock.ToolCall(
                      block.path("id").asText(),
                      block.path("name").asText(),
                      block.path("input").toString()));
          case "tool_result" ->
              toolResults.add(
                  new ContentBlock.ToolResult(
                      block.path("tool_use_id").asText(),
                      resultText(block.path("content")),
                      block.path("is_error").asBoolean(false)));
          case "thinking" ->
              thinking.add(
                  new ContentBlock.Thinking(
                      block.path("thinking").asText(), block.path("signature").asText()));
          case "redacted_thinking" ->
              thinking.add(new ContentBlock.Thinking("", block.path("data").asText()));
          default -> throw new AssertionError("unexpected content block " + block);
        }
      }
    }

    List<String> toolNames = new ArrayList<>();
    body.path("tools").forEach(tool -> toolNames.add(tool.path("name").asText()));

    JsonNode schema = body.path("output_config").path("format").path("schema");
    return new SentRequest(
        body.path("model").asText(),
        String.join("\n", system),
        texts,
        toolNames,
        toolCalls,
        toolResults,
        thinking,
        schema.isObject() ? schema.toString() : "",
        body.path("max_tokens").asInt());
  }

  @Override
  public void close() {
    server.close();
  }

  // ---- wire format --------------------------------------------------------------------------

  private ObjectNode message(ArrayNode content, String stopReason, Usage usage) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", "msg_stage" + (++ids));
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", "claude-sonnet-4-5-20250929");
    message.set("content", content);
    message.put("stop_reason", stopReason);
    message.putNull("stop_sequence");
    ObjectNode u = message.putObject("usage");
    u.put("input_tokens", usage.inputTokens());
    u.put("cache_creation_input_tokens", usage.cacheWriteTokens());
    u.put("cache_read_input_tokens", usage.cacheReadTokens());
    u.putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", usage.cacheWriteTokens())
        .put("ephemeral_1h_input_tokens", 0);
    u.put("output_tokens", usage.outputTokens());
    u.put("service_tier", "standard");
    return message;
  }

  private void answer(ObjectNode body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(body.toString())
            .build());
  }

  private static MockResponse.Builder error(
      MockResponse.Builder response, int code, String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    body.put("request_id", "req_stage");
    return response.code(code).addHeader("Content-Type", "application/json").body(body.toString());
  }

  /** A tool result's content: a string, absent, or a list of text blocks. */
  private static String resultText(JsonNode content) {
    if (content.isMissingNode() || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    content.forEach(block -> text.append(block.path("text").asText()));
    return text.toString();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}

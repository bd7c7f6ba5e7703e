package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.OpenAiResponsesProvider;
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
 * The OpenAI Responses API played by a loopback server: answers in the {@code /v1/responses} wire
 * format and decodes what {@link OpenAiResponsesProvider} sent.
 *
 * <p>Decoding: {@code instructions} is the system prompt; every {@code input_text} and {@code
 * output_text} part of a message item is a text; {@code function_call} items are tool calls,
 * {@code function_call_output} items tool results (an output starting with {@link
 * OpenAiResponsesProvider#TOOL_ERROR_PREFIX} is an error result, the prefix removed); a {@code
 * reasoning} item is a thinking block whose text is its summary texts and whose signature is the
 * item's JSON; {@code text.format.schema} is the response schema. A request that does not go to
 * {@code POST /v1/responses} with the stage's key, or that asks OpenAI to store it, fails the test.
 */
final class OpenAiResponsesStage implements ProviderStage {

  private static final String KEY = "sk-stage-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger ids = new AtomicInteger();

  OpenAiResponsesStage() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Set<Capability> capabilities() {
    // OpenAI reports no cache writes: caching is automatic and only reads are counted.
    return EnumSet.complementOf(EnumSet.of(Capability.CACHE_WRITE_TOKENS));
  }

  @Override
  public ModelProvider provider(Duration timeout) {
    return OpenAiResponsesProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/v1").toString())
        .timeout(timeout)
        .build();
  }

  @Override
  public String model() {
    return "gpt-5-mini";
  }

  @Override
  public void replyText(String text, Usage usage) {
    ArrayNode output = JSON.createArrayNode();
    output.add(message(text));
    enqueue(200, response(output, usage).toString());
  }

  @Override
  public void replyToolCalls(List<ContentBlock.ToolCall> calls, Usage usage) {
    ArrayNode output = JSON.createArrayNode();
    for (ContentBlock.ToolCall call : calls) {
      output
          .addObject()
          .put("type", "function_call")
          .put("id", "fc_" + call.id())
          .put("call_id", call.id())
          .put("name", call.name())
          .put("arguments", call.argumentsJson())
          .put("status", "completed");
    }
    enqueue(200, response(output, usage).toString());
  }

  @Override
  public void replyThinkingThenText(String thinking, String signature, String text) {
    ArrayNode output = JSON.createArrayNode();
    ObjectNode reasoning = output.addObject();
    reasoning.put("id", "rs_" + ids.incrementAndGet() + "68c1f0a2b3d48190");
    reasoning.put("type", "reasoning");
    reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", thinking);
    reasoning.put("encrypted_content", signature);
    output.add(message(text));
    enqueue(200, response(output, new Usage(20, 30, 0, 0, 24)).toString());
  }

  @Override
  public void fail(Failure failure) {
    switch (failure) {
      case AUTHENTICATION ->
          enqueue(
              401,
              error(
                  "Incorrect API key provided: sk-stage***6789. You can find your API key at"
                      + " https://platform.openai.com/account/api-keys.",
                  "invalid_request_error",
                  null,
                  "invalid_api_key"));
      case RATE_LIMITED ->
          server.enqueue(
              new MockResponse.Builder()
                  .code(429)
                  .addHeader("Content-Type", "application/json")
                  .addHeader("retry-after-ms", "7000")
                  .addHeader("retry-after", "7")
                  .body(
                      error(
                          "Rate limit reached for gpt-5-mini in organization org-stage on requests"
                              + " per min (RPM): Limit 500, Used 500, Requested 1. Please try"
                              + " again in 7s.",
                          "requests",
                          null,
                          "rate_limit_exceeded"))
                  .build());
      case OVERLOADED ->
          enqueue(
              503,
              error(
                  "The engine is currently overloaded, please try again later.",
                  "server_error",
                  null,
                  null));
      case SERVER_ERROR ->
          enqueue(
              500,
              error(
                  "The server had an error while processing your request. Sorry about that!",
                  "server_error",
                  null,
                  null));
      case INVALID_REQUEST ->
          enqueue(
              400,
              error(
                  "Invalid value: 'bogus'. Supported values are: 'low', 'medium', and 'high'.",
                  "invalid_request_error",
                  "reasoning.effort",
                  "invalid_value"));
      case CONTEXT_TOO_LONG ->
          enqueue(
              400,
              error(
                  "Your input exceeds the context window of this model. Please adjust your input"
                      + " and try again.",
                  "invalid_request_error",
                  "input",
                  "context_length_exceeded"));
      case NOT_JSON -> enqueue(200, "<html><body>502 Bad Gateway</body></html>");
      case TRUNCATED -> {
        ArrayNode output = JSON.createArrayNode();
        output.add(message("This answer is cut off before it ends."));
        server.enqueue(
            new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(response(output, Usage.of(10, 10)).toString())
                .throttleBody(80, 0, TimeUnit.MILLISECONDS)
                .onResponseBody(new SocketEffect.CloseSocket())
                .build());
      }
      case NO_ANSWER ->
          server.enqueue(
              new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
  }

  @Override
  public SentRequest takeRequest(Duration timeout) throws InterruptedException {
    RecordedRequest r = server.takeRequest(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request reached the stage within " + timeout);
    }
    check("POST".equals(r.getMethod()), "method is " + r.getMethod());
    check("/v1/responses".equals(r.getUrl().encodedPath()), "path is " + r.getUrl().encodedPath());
    check(
        ("Bearer " + KEY).equals(r.getHeaders().get("Authorization")),
        "Authorization is " + r.getHeaders().get("Authorization"));
    JsonNode body;
    try {
      body = JSON.readTree(r.getBody().utf8());
    } catch (JsonProcessingException e) {
      throw new AssertionError("the request body is not JSON", e);
    }
    check(body.path("store").isBoolean() && !body.path("store").asBoolean(), "store is not false");
    return decode(body);
  }

  @Override
  public void close() {
    server.close();
  }

  private static SentRequest decode(JsonNode body) {
    List<String> texts = new ArrayList<>();
    List<ContentBlock.ToolCall> calls = new ArrayList<>();
    List<ContentBlock.ToolResult> results = new ArrayList<>();
    List<ContentBlock.Thinking> thinking = new ArrayList<>();
    for (JsonNode item : body.path("input")) {
      String type = item.path("type").asText("message");
      switch (type) {
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            String partType = part.path("type").asText();
            check(
                partType.equals("input_text") || partType.equals("output_text"),
                "unexpected content part " + part);
            texts.add(part.path("text").asText());
          }
        }
        case "function_call" ->
            calls.add(
                new ContentBlock.ToolCall(
                    item.path("call_id").asText(),
                    item.path("name").asText(),
                    item.path("arguments").asText()));
        case "function_call_output" -> {
          String output = item.path("output").asText();
          boolean error = output.startsWith(OpenAiResponsesProvider.TOOL_ERROR_PREFIX);
          results.add(
              new ContentBlock.ToolResult(
                  item.path("call_id").asText(),
                  error
                      ? output.substring(OpenAiResponsesProvider.TOOL_ERROR_PREFIX.length())
                      : output,
                  error));
        }
        case "reasoning" -> {
          List<String> summary = new ArrayList<>();
          item.path("summary").forEach(s -> summary.add(s.path("text").asText()));
          thinking.add(new ContentBlock.Thinking(String.join("\n\n", summary), item.toString()));
        }
        default -> throw new AssertionError("unexpected input item " + item);
      }
    }
    List<String> toolNames = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      check("function".equals(tool.path("type").asText()), "tool is not a function: " + tool);
      toolNames.add(tool.path("name").asText());
    }
    JsonNode schema = body.path("text").path("format").path("schema");
    return new SentRequest(
        body.path("model").asText(),
        body.path("instructions").asText(""),
        texts,
        toolNames,
        calls,
        results,
        thinking,
        schema.isObject() ? schema.toString() : "",
        body.path("max_output_tokens").asInt());
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new AssertionError("the provider sent a bad request: " + problem);
    }
  }

  private ObjectNode message(String text) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "message");
    message.put("id", "msg_" + ids.incrementAndGet() + "68c1f0a2b3d48190");
    message.put("status", "completed");
    message.put("role", "assistant");
    message
        .putArray("content")
        .addObject()
        .put("type", "output_text")
        .put("text", text)
        .putArray("annotations");
    return message;
  }

  /** A whole response; Usage's uncached input goes back as input_tokens plus the cached ones. */
  private ObjectNode response(ArrayNode output, Usage usage) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", "resp_" + ids.incrementAndGet() + "68c1f0a2b3d48190");
    r.put("object", "response");
    r.put("created_at", 1757000000);
    r.put("status", "completed");
    r.putNull("error");
    r.putNull("incomplete_details");
    r.put("model", "gpt-5-mini-2025-08-07");
    r.set("output", output);
    r.put("parallel_tool_calls", true);
    r.put("store", false);
    r.putObject("text").putObject("format").put("type", "text");
    ObjectNode u = r.putObject("usage");
    u.put("input_tokens", usage.inputTokens() + usage.cacheReadTokens());
    u.putObject("input_tokens_details").put("cached_tokens", usage.cacheReadTokens());
    u.put("output_tokens", usage.outputTokens());
    u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    u.put("total_tokens", usage.totalTokens());
    return r;
  }

  private static String error(String message, String type, String param, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", message);
    e.put("type", type);
    e.put("param", param);
    e.put("code", code);
    return root.toString();
  }

  private void enqueue(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }
}

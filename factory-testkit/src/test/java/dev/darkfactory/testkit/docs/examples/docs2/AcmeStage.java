package dev.darkfactory.testkit.docs.examples.docs2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.testkit.model.ProviderStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * The Acme side of a conversation for {@link dev.darkfactory.testkit.model.ModelProviderContract}:
 * a loopback server that answers in Acme's wire format and decodes what {@link AcmeProvider}
 * sent.
 */
final class AcmeStage implements ProviderStage {

  static final String KEY = "acme-stage-key";

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger answers = new AtomicInteger();

  AcmeStage() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public ModelProvider provider(Duration timeout) {
    return new AcmeProvider(URI.create(baseUrl()), KEY, timeout);
  }

  /** Where the stage listens, such as {@code http://127.0.0.1:41234/}. */
  String baseUrl() {
    return server.url("/").toString();
  }

  @Override
  public String model() {
    return "acme-1";
  }

  @Override
  public void replyText(String text, Usage usage) {
    ObjectNode body = answer("end", usage);
    ((ArrayNode) body.get("parts")).addObject().put("type", "text").put("text", text);
    ok(body);
  }

  @Override
  public void replyToolCalls(List<ContentBlock.ToolCall> calls, Usage usage) {
    ObjectNode body = answer("tool", usage);
    ArrayNode parts = (ArrayNode) body.get("parts");
    for (ContentBlock.ToolCall call : calls) {
      try {
        parts.addObject()
            .put("type", "call")
            .put("id", call.id())
            .put("name", call.name())
            .set("arguments", json.readTree(call.argumentsJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ok(body);
  }

  @Override
  public void replyThinkingThenText(String thinking, String signature, String text) {
    ObjectNode body = answer("end", Usage.of(10, 10));
    ArrayNode parts = (ArrayNode) body.get("parts");
    parts.addObject().put("type", "thinking").put("text", thinking).put("signature", signature);
    parts.addObject().put("type", "text").put("text", text);
    ok(body);
  }

  @Override
  public void fail(Failure failure) {
    switch (failure) {
      case AUTHENTICATION -> error(401, "authentication", "the key acme-st***key is not valid");
      case RATE_LIMITED ->
          server.enqueue(
              new MockResponse.Builder()
                  .code(429)
                  .addHeader("Content-Type", "application/json")
                  .addHeader("Retry-After", "7")
                  .body(errorBody("rate_limit", "60 requests per minute; wait 7 seconds"))
                  .build());
      case OVERLOADED -> error(503, "overloaded", "acme is overloaded, try again later");
      case SERVER_ERROR -> error(500, "server", "something went wrong on our side");
      case INVALID_REQUEST -> error(400, "invalid_request", "messages[0].parts must not be empty");
      case CONTEXT_TOO_LONG -> error(400, "context_length", "the conversation has 140000 tokens; acme-1 reads 128000");
      case NOT_JSON ->
          server.enqueue(
              new MockResponse.Builder()
                  .code(200)
                  .addHeader("Content-Type", "text/html")
                  .body("<html><body>Welcome to the gateway</body></html>")
                  .build());
      case TRUNCATED -> {
        ObjectNode body = answer("end", Usage.of(10, 10));
        ((ArrayNode) body.get("parts")).addObject().put("type", "text").put("text", "cut off");
        server.enqueue(
            new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body.toString())
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
      }
      case NO_ANSWER ->
          server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
  }

  @Override
  public SentRequest takeRequest(Duration timeout) throws InterruptedException {
    RecordedRequest recorded = server.takeRequest(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (recorded == null) {
      throw new AssertionError("no request reached the Acme stage within " + timeout);
    }
    if (!recorded.getUrl().encodedPath().equals("/v1/complete")
        || !("Bearer " + KEY).equals(recorded.getHeaders().get("Authorization"))) {
      throw new AssertionError("not an Acme call with the stage's key: " + recorded.getRequestLine());
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

  private ObjectNode answer(String stop, Usage usage) {
    ObjectNode body = json.createObjectNode();
    body.put("id", "cmpl-" + answers.incrementAndGet());
    body.put("model", "acme-1-2026-01");
    body.put("stop", stop);
    body.putArray("parts");
    body.putObject("usage")
        .put("input", usage.inputTokens())
        .put("output", usage.outputTokens())
        .put("cache_read", usage.cacheReadTokens())
        .put("cache_write", usage.cacheWriteTokens())
        .put("reasoning", usage.reasoningTokens());
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

  private void error(int code, String type, String message) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(errorBody(type, message))
            .build());
  }

  private String errorBody(String type, String message) {
    ObjectNode body = json.createObjectNode();
    body.putObject("error").put("type", type).put("message", message);
    return body.toString();
  }

  private SentRequest decode(JsonNode body) {
    List<String> texts = new ArrayList<>();
    List<ContentBlock.ToolCall> calls = new ArrayList<>();
    List<ContentBlock.ToolResult> results = new ArrayList<>();
    List<ContentBlock.Thinking> thinking = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      for (JsonNode part : message.path("parts")) {
        switch (part.path("type").asText()) {
          case "text" -> texts.add(part.path("text").asText());
          case "call" ->
              calls.add(
                  new ContentBlock.ToolCall(
                      part.path("id").asText(), part.path("name").asText(), part.path("arguments").toString()));
          case "result" ->
              results.add(
                  new ContentBlock.ToolResult(
                      part.path("id").asText(), part.path("output").asText(), part.path("error").asBoolean()));
          case "thinking" ->
              thinking.add(new ContentBlock.Thinking(part.path("text").asText(), part.path("signature").asText()));
          default -> throw new AssertionError("unknown part " + part);
        }
      }
    }
    List<String> tools = new ArrayList<>();
    body.path("tools").forEach(tool -> tools.add(tool.path("name").asText()));
    JsonNode schema = body.path("response_schema");
    return new SentRequest(
        body.path("model").asText(),
        body.path("system").asText(),
        texts,
        tools,
        calls,
        results,
        thinking,
        schema.isObject() ? schema.toString() : "",
        body.path("max_tokens").asInt());
  }
}

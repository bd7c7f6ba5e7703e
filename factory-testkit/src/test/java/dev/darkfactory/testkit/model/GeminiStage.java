package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.GeminiProvider;
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
 * The Gemini API's side for {@link ModelProviderContract}: a loopback server that answers {@code
 * generateContent} in Gemini's wire format and decodes what {@link GeminiProvider} sent.
 *
 * <p>With {@code issueCallIds} the stage answers function calls with an {@code id}, as Gemini 3
 * models do; without, it leaves the id out, as Gemini 2.5 models do, and decodes the calls and
 * results sent back the way Gemini pairs them: a call without an id by its place among the calls
 * (named as the provider names it, {@code gemini_call_<n>_<name>}), a result without an id to the
 * earliest unanswered call of the same name.
 *
 * <p>Failures are Gemini's own bodies; a refused key is Gemini's HTTP 400 {@code API_KEY_INVALID},
 * not a 401, because that is what Gemini sends.
 */
final class GeminiStage implements ProviderStage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "stage-key";
  private static final String MODEL = "gemini-2.5-flash";

  private final MockWebServer server = new MockWebServer();
  private final boolean issueCallIds;

  GeminiStage(boolean issueCallIds) {
    this.issueCallIds = issueCallIds;
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.TOOLS,
        Capability.PARALLEL_TOOLS,
        Capability.CACHE_READ_TOKENS,
        Capability.REASONING_TOKENS,
        Capability.THINKING,
        Capability.STRUCTURED_OUTPUT,
        Capability.RETRY_AFTER);
  }

  @Override
  public ModelProvider provider(Duration timeout) {
    return GeminiProvider.builder()
        .baseUrl(server.url("/v1beta").toString())
        .apiKey(KEY)
        .timeout(timeout)
        .build();
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public void replyText(String text, Usage usage) {
    ArrayNode parts = JSON.createArrayNode();
    parts.addObject().put("text", text);
    answer(parts, usage);
  }

  @Override
  public void replyToolCalls(List<ContentBlock.ToolCall> calls, Usage usage) {
    ArrayNode parts = JSON.createArrayNode();
    for (ContentBlock.ToolCall call : calls) {
      ObjectNode functionCall = parts.addObject().putObject("functionCall");
      if (issueCallIds) {
        functionCall.put("id", call.id());
      }
      functionCall.put("name", call.name());
      functionCall.set("args", parse(call.argumentsJson()));
    }
    answer(parts, usage);
  }

  @Override
  public void replyThinkingThenText(String thinking, String signature, String text) {
    ArrayNode parts = JSON.createArrayNode();
    parts.addObject().put("text", thinking).put("thought", true).put("thoughtSignature", signature);
    parts.addObject().put("text", text);
    answer(parts, Usage.of(20, 10));
  }

  private void answer(ArrayNode parts, Usage usage) {
    if (usage.cacheWriteTokens() != 0) {
      throw new IllegalArgumentException("Gemini reports no cache writes: " + usage);
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode candidate = body.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.set("parts", parts);
    content.put("role", "model");
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    // Gemini counts cached tokens inside the prompt and thoughts apart from the answer.
    ObjectNode meta = body.putObject("usageMetadata");
    meta.put("promptTokenCount", usage.inputTokens() + usage.cacheReadTokens());
    meta.put("candidatesTokenCount", usage.outputTokens() - usage.reasoningTokens());
    if (usage.cacheReadTokens() > 0) {
      meta.put("cachedContentTokenCount", usage.cacheReadTokens());
    }
    if (usage.reasoningTokens() > 0) {
      meta.put("thoughtsTokenCount", usage.reasoningTokens());
    }
    meta.put("totalTokenCount", usage.totalTokens());
    body.put("modelVersion", MODEL);
    body.put("responseId", "stage-" + server.getRequestCount());
    server.enqueue(json(200, body.toString()));
  }

  @Override
  public void fail(Failure failure) {
    server.enqueue(
        switch (failure) {
          case AUTHENTICATION ->
              json(
                  400,
                  """
                  {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
                    "status":"INVALID_ARGUMENT",
                    "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
                      "reason":"API_KEY_INVALID","domain":"googleapis.com",
                      "metadata":{"service":"generativelanguage.googleapis.com"}}]}}
                  """);
          case RATE_LIMITED ->
              json(
                  429,
                  """
                  {"error":{"code":429,
                    "message":"You exceeded your current quota, please check your plan and billing details.",
                    "status":"RESOURCE_EXHAUSTED",
                    "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}
                  """);
          case OVERLOADED ->
              json(
                  503,
                  """
                  {"error":{"code":503,"message":"The model is overloaded. Please try again later.",
                    "status":"UNAVAILABLE"}}
                  """);
          case SERVER_ERROR ->
              json(
                  500,
                  """
                  {"error":{"code":500,"message":"An internal error has occurred.",
                    "status":"INTERNAL"}}
                  """);
          case INVALID_REQUEST ->
              json(
                  400,
                  """
                  {"error":{"code":400,
                    "message":"* GenerateContentRequest.contents: contents is not specified\\n",
                    "status":"INVALID_ARGUMENT"}}
                  """);
          case CONTEXT_TOO_LONG ->
              json(
                  400,
                  """
                  {"error":{"code":400,
                    "message":"The input token count (1250000) exceeds the maximum number of tokens allowed (1048576).",
                    "status":"INVALID_ARGUMENT"}}
                  """);
          case NOT_JSON -> json(200, "<html><body>Bad gateway</body></html>");
          case TRUNCATED -> {
            String full = text("cut off half-way through the answer");
            yield new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json; charset=UTF-8")
                .body(full)
                .throttleBody(full.length() / 2, 0, TimeUnit.MILLISECONDS)
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                .build();
          }
          case NO_ANSWER ->
              new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
        });
  }

  private static String text(String text) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode content = body.putArray("candidates").addObject().putObject("content");
    content.putArray("parts").addObject().put("text", text);
    content.put("role", "model");
    return body.toString();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(body)
        .build();
  }

  @Override
  public SentRequest takeRequest(Duration timeout) throws InterruptedException {
    RecordedRequest r = server.takeRequest(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no request reached the Gemini stage within " + timeout);
    }
    String path = r.getUrl().encodedPath();
    String prefix = "/v1beta/models/";
    String suffix = ":generateContent";
    if (!"POST".equals(r.getMethod()) || !path.startsWith(prefix) || !path.endsWith(suffix)) {
      throw new AssertionError("not a generateContent call: " + r.getMethod() + " " + path);
    }
    if (!KEY.equals(r.getHeaders().get("x-goog-api-key")) || r.getUrl().query() != null) {
      throw new AssertionError("the key must travel in x-goog-api-key and nowhere else: " + r);
    }
    return decode(path.substring(prefix.length(), path.length() - suffix.length()), parse(r.getBody().utf8()));
  }

  private SentRequest decode(String model, JsonNode body) {
    String system = "";
    for (JsonNode part : body.path("systemInstruction").path("parts")) {
      system += part.path("text").asText();
    }
    List<String> texts = new ArrayList<>();
    List<ContentBlock.ToolCall> calls = new ArrayList<>();
    List<ContentBlock.ToolResult> results = new ArrayList<>();
    List<ContentBlock.Thinking> thinking = new ArrayList<>();
    List<ContentBlock.ToolCall> unanswered = new ArrayList<>();
    for (JsonNode content : body.path("contents")) {
      String role = content.path("role").asText();
      if (!role.equals("user") && !role.equals("model")) {
        throw new AssertionError("a content's role must be user or model but was " + role);
      }
      for (JsonNode part : content.path("parts")) {
        String signature = part.path("thoughtSignature").asText("");
        if (part.path("thought").asBoolean(false)) {
          thinking.add(new ContentBlock.Thinking(part.path("text").asText(""), signature));
          continue;
        }
        if (!signature.isEmpty()) {
          thinking.add(new ContentBlock.Thinking("", signature));
        }
        if (part.has("text")) {
          texts.add(part.get("text").asText());
        } else if (part.has("functionCall")) {
          JsonNode call = part.get("functionCall");
          String name = call.path("name").asText();
          String id =
              call.has("id")
                  ? call.get("id").asText()
                  : "gemini_call_" + calls.size() + "_" + name;
          if (!call.path("args").isObject()) {
            throw new AssertionError("functionCall.args must be an object: " + call);
          }
          ContentBlock.ToolCall decoded = new ContentBlock.ToolCall(id, name, call.get("args").toString());
          calls.add(decoded);
          unanswered.add(decoded);
        } else if (part.has("functionResponse")) {
          results.add(result(part.get("functionResponse"), unanswered));
        } else {
          throw new AssertionError("a part the provider should not send: " + part);
        }
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      for (JsonNode declaration : tool.path("functionDeclarations")) {
        if (!declaration.path("parametersJsonSchema").isObject()) {
          throw new AssertionError("a declaration without a parametersJsonSchema: " + declaration);
        }
        tools.add(declaration.path("name").asText());
      }
    }
    JsonNode config = body.path("generationConfig");
    String schema = "";
    if (config.has("responseJsonSchema")) {
      if (!"application/json".equals(config.path("responseMimeType").asText())) {
        throw new AssertionError("responseJsonSchema needs responseMimeType application/json");
      }
      schema = config.get("responseJsonSchema").toString();
    }
    return new SentRequest(
        model,
        system,
        texts,
        tools,
        calls,
        results,
        thinking,
        schema,
        config.path("maxOutputTokens").asInt());
  }

  /** The result in a functionResponse, paired with its call as Gemini pairs them. */
  private static ContentBlock.ToolResult result(
      JsonNode response, List<ContentBlock.ToolCall> unanswered) {
    String name = response.path("name").asText();
    ContentBlock.ToolCall call = null;
    for (ContentBlock.ToolCall c : unanswered) {
      boolean match =
          response.has("id") ? c.id().equals(response.get("id").asText()) : c.name().equals(name);
      if (match) {
        call = c;
        break;
      }
    }
    if (call == null || !call.name().equals(name)) {
      throw new AssertionError("a functionResponse that answers no call: " + response);
    }
    unanswered.remove(call);
    JsonNode payload = response.path("response");
    boolean error = payload.has("error");
    JsonNode value = error ? payload.get("error") : payload.get("output");
    if (value == null || !value.isTextual()) {
      throw new AssertionError("functionResponse.response must hold output or error: " + response);
    }
    return new ContentBlock.ToolResult(call.id(), value.asText(), error);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}

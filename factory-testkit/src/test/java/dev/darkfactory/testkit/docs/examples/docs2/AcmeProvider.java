package dev.darkfactory.testkit.docs.examples.docs2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A provider for the (imaginary) Acme Completions API: {@code POST /v1/complete} with a bearer key,
 * a conversation of messages made of typed parts, and an answer of parts with its usage.
 */
public final class AcmeProvider implements ModelProvider {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * A provider calling {@code baseUrl}.
   *
   * @param timeout the most one call may take, from sending to the end of the answer
   */
  public AcmeProvider(URI baseUrl, String apiKey, Duration timeout) {
    this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/v1/complete");
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public String id() {
    return "acme";
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    HttpRequest post =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(request).toString()))
            .build();
    CompletableFuture<HttpResponse<String>> call =
        http.sendAsync(post, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      call.cancel(true); // stop waiting, and let the caller see the interrupt
      throw e;
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new ModelException(Kind.TIMEOUT, "acme did not answer within " + timeout, null, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      Kind kind =
          cause instanceof HttpTimeoutException
              ? Kind.TIMEOUT // no answer within the request's timeout
              : cause instanceof ConnectException
                  ? Kind.SERVER_ERROR // nothing listening
                  : Kind.MALFORMED_RESPONSE; // the connection broke half-way through the answer
      throw new ModelException(kind, "acme call to " + endpoint + " failed: " + cause, null, cause);
    }
    if (response.statusCode() / 100 != 2) {
      throw error(response);
    }
    try {
      return answer(JSON.readTree(response.body()));
    } catch (IOException | RuntimeException e) {
      throw new ModelException(
          Kind.MALFORMED_RESPONSE, "acme answered with a body this client cannot read: " + e, null, e);
    }
  }

  // ---- the request ----

  private static ObjectNode body(ModelRequest request) throws ModelException {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", request.model());
    body.put("system", request.system());
    body.put("max_tokens", request.maxOutputTokens());
    request.temperatureSetting().ifPresent(t -> body.put("temperature", t));
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      ObjectNode m = messages.addObject();
      m.put("role", message.role() == Role.USER ? "user" : "assistant");
      ArrayNode parts = m.putArray("parts");
      for (ContentBlock block : message.content()) {
        ObjectNode part = parts.addObject();
        if (block instanceof ContentBlock.Text t) {
          part.put("type", "text").put("text", t.text());
        } else if (block instanceof ContentBlock.ToolCall c) {
          part.put("type", "call").put("id", c.id()).put("name", c.name());
          part.set("arguments", parse(c.argumentsJson(), "the arguments of tool call " + c.id()));
        } else if (block instanceof ContentBlock.ToolResult r) {
          part.put("type", "result").put("id", r.toolCallId()).put("output", r.content());
          part.put("error", r.error());
        } else if (block instanceof ContentBlock.Thinking th) {
          part.put("type", "thinking").put("text", th.text()).put("signature", th.signature());
        }
      }
    }
    ArrayNode tools = body.putArray("tools");
    for (ToolSpec tool : request.tools()) {
      tools.addObject()
          .put("name", tool.name())
          .put("description", tool.description())
          .set("parameters", parse(tool.inputSchemaJson(), "the schema of tool " + tool.name()));
    }
    Optional<String> schema = request.responseSchema();
    if (schema.isPresent()) {
      body.set("response_schema", parse(schema.get(), "the response schema"));
    }
    return body;
  }

  private static JsonNode parse(String json, String what) throws ModelException {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelException(Kind.INVALID_REQUEST, what + " is not JSON: " + e.getOriginalMessage());
    }
  }

  // ---- the answer ----

  private static ModelResponse answer(JsonNode body) {
    List<ContentBlock> blocks = new ArrayList<>();
    for (JsonNode part : body.required("parts")) {
      String type = part.required("type").asText();
      switch (type) {
        case "text" -> blocks.add(new ContentBlock.Text(part.required("text").asText()));
        case "call" ->
            blocks.add(
                new ContentBlock.ToolCall(
                    part.required("id").asText(),
                    part.required("name").asText(),
                    part.required("arguments").toString()));
        case "thinking" ->
            blocks.add(
                new ContentBlock.Thinking(
                    part.required("text").asText(), part.required("signature").asText()));
        default -> throw new IllegalArgumentException("unknown part type " + type);
      }
    }
    JsonNode usage = body.required("usage");
    return new ModelResponse(
        body.path("id").asText(""),
        body.required("model").asText(),
        new Message(Role.ASSISTANT, blocks),
        switch (body.required("stop").asText()) {
          case "end" -> StopReason.END_TURN;
          case "tool" -> StopReason.TOOL_USE;
          case "length" -> StopReason.MAX_TOKENS;
          case "refusal" -> StopReason.REFUSAL;
          default -> StopReason.OTHER;
        },
        new Usage(
            usage.required("input").asLong(),
            usage.required("output").asLong(),
            usage.path("cache_read").asLong(0),
            usage.path("cache_write").asLong(0),
            usage.path("reasoning").asLong(0)));
  }

  /** An error answer: {@code {"error": {"type": ..., "message": ...}}} and the HTTP status. */
  private static ModelException error(HttpResponse<String> response) {
    int status = response.statusCode();
    String type = "";
    String message = response.body();
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      type = error.path("type").asText("");
      message = error.path("message").asText(message);
    } catch (JsonProcessingException notJson) {
      // keep the raw body as the message
    }
    Kind kind =
        "context_length".equals(type)
            ? Kind.CONTEXT_TOO_LONG
            : switch (status) {
              case 401, 403 -> Kind.AUTHENTICATION;
              case 408, 504 -> Kind.TIMEOUT;
              case 429 -> Kind.RATE_LIMITED;
              case 503 -> Kind.OVERLOADED;
              default -> status >= 500 ? Kind.SERVER_ERROR : Kind.INVALID_REQUEST;
            };
    String excerpt = message.length() > 500 ? message.substring(0, 500) + "..." : message;
    return new ModelException(
        kind, "acme answered HTTP " + status + " (" + type + "): " + excerpt, retryAfter(response), null);
  }

  /** The wait the {@code Retry-After} header asks for, in seconds; null when there is none. */
  private static @Nullable Duration retryAfter(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    try {
      return header.isEmpty() ? null : Duration.ofSeconds(Long.parseLong(header.get().strip()));
    } catch (NumberFormatException notSeconds) {
      return null; // an HTTP date, or garbage: no hint
    }
  }
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic's Messages API ({@code POST {base}/v1/messages}, API version {@code 2023-06-01}).
 *
 * <pre>{@code
 * ModelProvider claude = AnthropicProvider.fromEnvironment(System.getenv());
 * // or
 * ModelProvider claude = AnthropicProvider.builder().apiKey(key).promptCaching(true).build();
 * }</pre>
 *
 * <h2>Environment</h2>
 *
 * <ul>
 *   <li>{@code ANTHROPIC_API_KEY} (required): sent as the {@code x-api-key} header.
 *   <li>{@code ANTHROPIC_BASE_URL} (optional): the base URL without {@code /v1}, for a proxy or a
 *       gateway; {@code https://api.anthropic.com} by default.
 * </ul>
 *
 * <h2>Request mapping</h2>
 *
 * <ul>
 *   <li>The system prompt is sent as a list with one text block ({@code system: [{type: text}]}),
 *       and left out when blank.
 *   <li>Text blocks become {@code text} blocks; blank text blocks are left out, since the API
 *       rejects them, and a message left with no blocks is left out too (the API joins consecutive
 *       messages of one role).
 *   <li>Tool calls become {@code tool_use} blocks whose {@code input} is the parsed arguments
 *       object. Arguments that are not a JSON object (possible only in a history made by another
 *       provider or by hand) are sent as {@code {"_raw_arguments": "<the text as given>"}}, since
 *       the API accepts only an object there.
 *   <li>Tool results become {@code tool_result} blocks in the user message, with {@code is_error:
 *       true} for a failed tool and the output as a string ({@code content} left out when the output
 *       is empty). The API wants tool results before any other block of the message, so they are
 *       moved first, keeping their order.
 *   <li>Tools become {@code {name, description, input_schema}} with the schema parsed into an
 *       object.
 *   <li>{@link ModelRequest#maxOutputTokens()} becomes {@code max_tokens}; the temperature is sent
 *       as given and must be at most 1 (the API's range), or the call fails with {@link
 *       Kind#INVALID_REQUEST} before sending. With extended thinking on, the temperature is left out,
 *       because the API accepts no temperature then.
 *   <li>{@link ModelRequest#responseSchema()} becomes {@code output_config: {format: {type:
 *       json_schema, schema}}}, the generally available structured-output form, which needs no beta
 *       header (the older {@code output_format} field with the {@code
 *       structured-outputs-2025-11-13} beta header is not used). The answer's text is the JSON.
 *   <li>A misshapen request (a tool call in a user message, a tool result or thinking in an
 *       assistant's, a schema that is not JSON) fails with {@link Kind#INVALID_REQUEST} before
 *       sending.
 * </ul>
 *
 * <h2>Prompt caching</h2>
 *
 * <p>Unless turned off, the provider places {@code cache_control: {type: ephemeral}} breakpoints by
 * itself, at most four, each at most once: on the last tool definition, on the system block, on
 * the last cacheable block of the first message (the stable start of the conversation), and on the
 * last cacheable block of the conversation, so the cached prefix moves with the end of the history
 * and each turn reads what the turn before wrote. Thinking blocks and blank text are never marked
 * (the API refuses them); with no tools or no system prompt there are fewer breakpoints. Prefixes
 * shorter than the model's minimum are simply not cached by the API. Turn this off with {@link
 * Builder#promptCaching(boolean)} or for one request with {@link ModelHints#PROMPT_CACHING} {@code
 * = "off"}.
 *
 * <h2>ModelHints</h2>
 *
 * <ul>
 *   <li>{@link ModelHints#PROMPT_CACHING}: {@code "off"} (any case) places no breakpoints for that
 *       request; any other value leaves the builder's setting.
 *   <li>{@link ModelHints#THINKING_BUDGET_TOKENS}: a positive decimal integer turns extended
 *       thinking on, {@code thinking: {type: enabled, budget_tokens: N}}, and leaves the temperature
 *       out; {@code "0"} means no thinking. Anything else fails with {@link Kind#INVALID_REQUEST}.
 *       The API's own limits (at least 1,024, and below {@code max_tokens} unless interleaved
 *       thinking is on) are left for the API to enforce.
 *   <li>{@link ModelHints#PROMPT_CACHE_KEY} and {@link ModelHints#REASONING_EFFORT} are ignored:
 *       Anthropic routes caches by prefix, and its {@code effort} setting is accepted by only some
 *       models, so sending it for every model would fail calls. Unknown keys are ignored.
 * </ul>
 *
 * <h2>Thinking</h2>
 *
 * <p>A {@code thinking} block comes back as {@link ContentBlock.Thinking}{@code (thinking,
 * signature)}, and a {@code redacted_thinking} block as {@code Thinking("", data)}: empty text and
 * the encrypted data in the signature. On the next turn a thinking block with text is sent back as
 * {@code thinking} and one with empty text as {@code redacted_thinking}, both unchanged, as the
 * API requires within a tool loop. (A {@code thinking} block with empty text would therefore go
 * back as redacted; the API returns such blocks only when asked to omit thinking, which this
 * provider never asks.)
 *
 * <h2>Response mapping</h2>
 *
 * <ul>
 *   <li>{@code text}, {@code tool_use} ({@code input} written back as compact JSON; an input that
 *       is a JSON string is passed through as its text), {@code thinking} and {@code
 *       redacted_thinking} blocks are kept in order; other block types (server tools, which this
 *       provider never offers) are dropped with a warning. An answer with no blocks becomes one
 *       empty text block.
 *   <li>{@code stop_reason}: {@code end_turn} → {@link StopReason#END_TURN}, {@code tool_use} →
 *       {@link StopReason#TOOL_USE}, {@code max_tokens} and {@code model_context_window_exceeded}
 *       → {@link StopReason#MAX_TOKENS}, {@code stop_sequence} → {@link StopReason#STOP_SEQUENCE},
 *       {@code refusal} → {@link StopReason#REFUSAL}, {@code pause_turn}, anything else or none →
 *       {@link StopReason#OTHER}.
 *   <li>Usage: {@code input_tokens} (which already excludes cached tokens) → {@link
 *       Usage#inputTokens()}, {@code output_tokens} → {@link Usage#outputTokens()}, {@code
 *       cache_read_input_tokens} → {@link Usage#cacheReadTokens()}, {@code
 *       cache_creation_input_tokens} → {@link Usage#cacheWriteTokens()}. Anthropic does not report
 *       thinking tokens apart, so {@link Usage#reasoningTokens()} is 0 (they are in the output
 *       count). A missing, negative or fractional count is a {@link Kind#MALFORMED_RESPONSE}.
 * </ul>
 *
 * <h2>Not supported</h2>
 *
 * <p>Streaming, images and documents, citations, server tools (web search, code execution),
 * {@code tool_choice}, stop sequences, {@code top_p}/{@code top_k}, the one-hour cache TTL, adaptive
 * thinking and {@code effort}, {@code metadata.user_id}, and {@code ANTHROPIC_AUTH_TOKEN} bearer
 * authentication. Beta features can still be reached with {@link Builder#header(String, String)}
 * ({@code anthropic-beta}). The provider never retries; wrap it in a {@link ModelPipeline} with a
 * {@link RetryInterceptor}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AnthropicProvider implements ModelProvider {

  /** The provider's id. */
  public static final String PROVIDER_ID = "anthropic";

  /** The public API's base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The {@code anthropic-version} header sent with every call. */
  public static final String API_VERSION = "2023-06-01";

  /** The environment variable holding the API key. */
  public static final String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";

  /** The environment variable that overrides the base URL. */
  public static final String BASE_URL_VARIABLE = "ANTHROPIC_BASE_URL";

  private static final Logger log = LoggerFactory.getLogger(AnthropicProvider.class);

  private static final String PATH = "/v1/messages";
  private static final int MAX_BREAKPOINTS = 4;

  private final ModelHttp http;
  private final Map<String, String> callHeaders;
  private final boolean promptCaching;

  private AnthropicProvider(Builder b) {
    this.http = b.http(PROVIDER_ID, DEFAULT_BASE_URL);
    this.callHeaders =
        Map.of("x-api-key", Require.nonNull(b.apiKey, "apiKey"), "anthropic-version", API_VERSION);
    this.promptCaching = b.promptCaching;
  }

  /**
   * A builder; an API key is required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider configured from {@code environment}: {@code ANTHROPIC_API_KEY} (required) and
   * {@code ANTHROPIC_BASE_URL} (optional), with the default timeouts and prompt caching on.
   *
   * @param environment variables by name, usually {@link System#getenv()}
   * @return the provider
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static AnthropicProvider fromEnvironment(Map<String, String> environment) {
    Require.nonNull(environment, "environment");
    String key = environment.get(API_KEY_VARIABLE);
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          API_KEY_VARIABLE + " is not set; it must hold an Anthropic API key");
    }
    Builder b = builder().apiKey(key);
    String base = environment.get(BASE_URL_VARIABLE);
    if (base != null && !base.isBlank()) {
      b.baseUrl = HttpProviderBuilder.parseBaseUrl(base, BASE_URL_VARIABLE);
    }
    return b.build();
  }

  /** Returns {@code "anthropic"}. */
  @Override
  public String id() {
    return PROVIDER_ID;
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    ObjectNode body = requestBody(request);
    return http.post(PATH, callHeaders, body, json -> parseResponse(json, request));
  }

  // ---------------------------------------------------------------- request

  private ObjectNode requestBody(ModelRequest request) throws ModelException {
    ObjectNode body = ModelHttp.JSON.createObjectNode();
    body.put("model", request.model());
    body.put("max_tokens", request.maxOutputTokens());

    long thinkingBudget = thinkingBudget(request.metadata());
    if (thinkingBudget > 0) {
      body.putObject("thinking").put("type", "enabled").put("budget_tokens", thinkingBudget);
    }
    if (request.temperature() != null) {
      double t = request.temperature();
      if (t > 1.0) {
        throw new ModelException(
            Kind.INVALID_REQUEST,
            "Anthropic accepts a temperature from 0 to 1, but the request asked for " + t);
      }
      if (thinkingBudget > 0) {
        log.debug("extended thinking is on; the temperature {} is not sent", t);
      } else {
        body.put("temperature", t);
      }
    }

    List<ObjectNode> breakpoints = new ArrayList<>();

    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      ObjectNode last = null;
      for (ToolSpec tool : request.tools()) {
        last = tools.addObject();
        last.put("name", tool.name());
        last.put("description", tool.description());
        last.set(
            "input_schema",
            parseObject(tool.inputSchemaJson(), "the input schema of tool " + tool.name()));
      }
      breakpoints.add(last);
    }

    if (!request.system().isBlank()) {
      ObjectNode system = body.putArray("system").addObject();
      system.put("type", "text");
      system.put("text", request.system());
      breakpoints.add(system);
    }

    ArrayNode messages = body.putArray("messages");
    List<List<ObjectNode>> cacheable = new ArrayList<>();
    for (Message message : request.messages()) {
      List<ObjectNode> marks = new ArrayList<>();
      ArrayNode content = encodeContent(message, marks);
      if (content.isEmpty()) {
        continue; // nothing the API would accept; it joins the neighbouring turns
      }
      ObjectNode m = messages.addObject();
      m.put("role", message.role() == Role.USER ? "user" : "assistant");
      m.set("content", content);
      cacheable.add(marks);
    }
    cacheable.stream()
        .filter(marks -> !marks.isEmpty())
        .findFirst()
        .ifPresent(marks -> breakpoints.add(marks.get(marks.size() - 1)));
    for (int i = cacheable.size() - 1; i >= 0; i--) {
      List<ObjectNode> marks = cacheable.get(i);
      if (!marks.isEmpty()) {
        breakpoints.add(marks.get(marks.size() - 1));
        break;
      }
    }

    String schema = request.responseSchemaJson();
    if (schema != null) {
      ObjectNode format = body.putObject("output_config").putObject("format");
      format.put("type", "json_schema");
      format.set("schema", parseObject(schema, "the response schema"));
    }

    if (cachingOn(request)) {
      Set<ObjectNode> marked = Collections.newSetFromMap(new IdentityHashMap<>());
      for (ObjectNode node : breakpoints) {
        if (marked.size() < MAX_BREAKPOINTS && marked.add(node)) {
          node.putObject("cache_control").put("type", "ephemeral");
        }
      }
    }
    return body;
  }

  /**
   * The message's blocks in Anthropic's form; {@code cacheable} receives the blocks a cache
   * breakpoint may go on, in order.
   */
  private ArrayNode encodeContent(Message message, List<ObjectNode> cacheable)
      throws ModelException {
    boolean user = message.role() == Role.USER;
    List<ObjectNode> results = new ArrayList<>();
    List<ObjectNode> others = new ArrayList<>();
    for (ContentBlock block : message.content()) {
      ObjectNode node = ModelHttp.JSON.createObjectNode();
      if (block instanceof ContentBlock.Text text) {
        if (text.text().isBlank()) {
          continue;
        }
        node.put("type", "text").put("text", text.text());
        others.add(node);
      } else if (block instanceof ContentBlock.ToolCall call) {
        if (user) {
          throw misplaced("a tool call", message.role());
        }
        node.put("type", "tool_use").put("id", call.id()).put("name", call.name());
        node.set("input", toolInput(call.argumentsJson()));
        others.add(node);
      } else if (block instanceof ContentBlock.ToolResult result) {
        if (!user) {
          throw misplaced("a tool result", message.role());
        }
        node.put("type", "tool_result").put("tool_use_id", result.toolCallId());
        if (!result.content().isEmpty()) {
          node.put("content", result.content());
        }
        if (result.error()) {
          node.put("is_error", true);
        }
        results.add(node);
      } else if (block instanceof ContentBlock.Thinking thinking) {
        if (user) {
          throw misplaced("a thinking block", message.role());
        }
        if (thinking.text().isEmpty()) {
          node.put("type", "redacted_thinking").put("data", thinking.signature());
        } else {
          node.put("type", "thinking")
              .put("thinking", thinking.text())
              .put("signature", thinking.signature());
        }
        others.add(node);
      }
    }
    ArrayNode content = ModelHttp.JSON.createArrayNode();
    for (ObjectNode node : results) {
      content.add(node);
      cacheable.add(node);
    }
    for (ObjectNode node : others) {
      content.add(node);
      String type = node.path("type").asText();
      if (!type.equals("thinking") && !type.equals("redacted_thinking")) {
        cacheable.add(node);
      }
    }
    return content;
  }

  private static ModelException misplaced(String what, Role role) {
    return new ModelException(
        Kind.INVALID_REQUEST, "Anthropic does not accept " + what + " in a " + role + " message");
  }

  /** The tool call's arguments as the object {@code tool_use.input} must be. */
  private static JsonNode toolInput(String argumentsJson) {
    try {
      JsonNode node = ModelHttp.JSON.readTree(argumentsJson);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException notJson) {
      // wrapped below
    }
    ObjectNode wrapped = ModelHttp.JSON.createObjectNode();
    wrapped.put("_raw_arguments", argumentsJson);
    return wrapped;
  }

  private static ObjectNode parseObject(String json, String what) throws ModelException {
    try {
      JsonNode node = ModelHttp.JSON.readTree(json);
      if (node != null && node.isObject()) {
        return (ObjectNode) node;
      }
    } catch (JsonProcessingException e) {
      throw new ModelException(
          Kind.INVALID_REQUEST, what + " is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    throw new ModelException(Kind.INVALID_REQUEST, what + " is not a JSON object");
  }

  private boolean cachingOn(ModelRequest request) {
    String hint = request.metadata().get(ModelHints.PROMPT_CACHING);
    if (hint != null && hint.strip().equalsIgnoreCase("off")) {
      return false;
    }
    return promptCaching;
  }

  private static long thinkingBudget(Map<String, String> metadata) throws ModelException {
    String value = metadata.get(ModelHints.THINKING_BUDGET_TOKENS);
    if (value == null) {
      return 0;
    }
    try {
      long budget = Long.parseLong(value.strip());
      if (budget >= 0) {
        return budget;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new ModelException(
        Kind.INVALID_REQUEST,
        "metadata "
            + ModelHints.THINKING_BUDGET_TOKENS
            + " must be a whole number of tokens, at least 0, but was "
            + Require.quote(value));
  }

  // ---------------------------------------------------------------- response

  private static ModelResponse parseResponse(JsonNode json, ModelRequest request) {
    JsonNode contentNode = json.get("content");
    if (contentNode == null || !contentNode.isArray()) {
      throw new IllegalStateException("the answer has no content array");
    }
    List<ContentBlock> content = new ArrayList<>();
    for (JsonNode block : contentNode) {
      String type = block.path("type").asText("");
      switch (type) {
        case "text" -> content.add(new ContentBlock.Text(requiredText(block, "text")));
        case "tool_use" -> content.add(
            new ContentBlock.ToolCall(
                requiredText(block, "id"), requiredText(block, "name"), arguments(block)));
        case "thinking" -> content.add(
            new ContentBlock.Thinking(
                requiredText(block, "thinking"), block.path("signature").asText("")));
        case "redacted_thinking" -> content.add(
            new ContentBlock.Thinking("", requiredText(block, "data")));
        default -> log.warn("anthropic answered with a {} block, which is dropped", type);
      }
    }
    if (content.isEmpty()) {
      content.add(new ContentBlock.Text(""));
    }
    String model = json.path("model").asText("");
    return new ModelResponse(
        json.path("id").asText(""),
        model.isBlank() ? request.model() : model,
        new Message(Role.ASSISTANT, content),
        stopReason(json.path("stop_reason").asText("")),
        usage(json.get("usage")));
  }

  private static String requiredText(JsonNode block, String field) {
    JsonNode v = block.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalStateException(
          "a " + block.path("type").asText() + " block has no text field " + field);
    }
    return v.asText();
  }

  /** The {@code input} of a {@code tool_use} block as JSON text. */
  private static String arguments(JsonNode block) {
    JsonNode input = block.get("input");
    if (input == null || input.isNull()) {
      return "{}";
    }
    if (input.isTextual()) {
      return input.asText(); // not an object: passed through as given
    }
    try {
      return ModelHttp.JSON.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write tool input", e);
    }
  }

  static StopReason stopReason(String reason) {
    return switch (reason) {
      case "end_turn" -> StopReason.END_TURN;
      case "tool_use" -> StopReason.TOOL_USE;
      case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "refusal" -> StopReason.REFUSAL;
      default -> StopReason.OTHER; // pause_turn, none, or one added later
    };
  }

  private static Usage usage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      throw new IllegalStateException("the answer has no usage");
    }
    return new Usage(
        count(usage, "input_tokens", true),
        count(usage, "output_tokens", true),
        count(usage, "cache_read_input_tokens", false),
        count(usage, "cache_creation_input_tokens", false),
        0);
  }

  private static long count(JsonNode usage, String field, boolean required) {
    JsonNode v = usage.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalStateException("usage has no " + field);
      }
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalStateException("usage " + field + " is not a whole number: " + v);
    }
    long n = v.asLong();
    if (n < 0) {
      throw new IllegalStateException("usage " + field + " is negative: " + n);
    }
    return n;
  }

  /**
   * Builds an {@link AnthropicProvider}: the shared HTTP settings plus prompt caching.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder extends HttpProviderBuilder<Builder> {

    private boolean promptCaching = true;

    private Builder() {}

    /**
     * Sets whether cache breakpoints are placed automatically; on by default. A request can still
     * turn them off with {@link ModelHints#PROMPT_CACHING}.
     *
     * @param promptCaching whether to place breakpoints
     * @return this builder
     */
    public Builder promptCaching(boolean promptCaching) {
      this.promptCaching = promptCaching;
      return this;
    }

    /**
     * The provider.
     *
     * @return the provider
     * @throws IllegalStateException when no API key was set
     */
    public AnthropicProvider build() {
      if (apiKey == null) {
        throw new IllegalStateException(
            "apiKey must be set: an Anthropic API key (" + API_KEY_VARIABLE + ")");
      }
      return new AnthropicProvider(this);
    }
  }
}

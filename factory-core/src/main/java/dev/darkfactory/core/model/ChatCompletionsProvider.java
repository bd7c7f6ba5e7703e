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
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ModelProvider} for the OpenAI Chat Completions API ({@code POST {base}/chat/completions})
 * and the many servers that speak it: vLLM, Ollama, llama.cpp's {@code llama-server}, LM Studio,
 * hosted gateways, and OpenAI itself.
 *
 * <pre>{@code
 * ModelProvider local =
 *     ChatCompletionsProvider.builder().baseUrl("http://localhost:11434/v1").build(); // Ollama
 * ModelProvider openAi = ChatCompletionsProvider.builder().apiKey(key).build();
 * }</pre>
 *
 * <h2>Configuration</h2>
 *
 * <p>The base URL defaults to {@value #DEFAULT_BASE_URL}; every other server needs its own, with the
 * version path included ({@code http://localhost:11434/v1} for Ollama, {@code
 * http://localhost:8000/v1} for vLLM, {@code http://localhost:8080/v1} for llama.cpp, {@code
 * http://localhost:1234/v1} for LM Studio). The API key is optional: when set it is sent as {@code
 * Authorization: Bearer <key>}; without one no {@code Authorization} header is sent, which is what
 * local servers expect.
 *
 * <p>{@link #fromEnvironment(Map)} reads the variables these servers' own clients use: {@value
 * #BASE_URL_VARIABLE} (the base URL) and {@value #API_KEY_VARIABLE} (the key). Either one is enough: a base
 * URL alone talks to a local server without a key, a key alone talks to OpenAI. OpenAI's own base
 * URL without a key is an error, since OpenAI refuses every call without one.
 *
 * <h2>What is sent</h2>
 *
 * <ul>
 *   <li>The system prompt, when not empty, as the first message with role {@code system}.
 *   <li>A user message's text as a {@code user} message: a string for one text block, an array of
 *       {@code {"type":"text"}} parts for several. Each of its tool results becomes a {@code
 *       {"role":"tool","tool_call_id","content"}} message, placed before the user text of the same
 *       message, because the wire requires tool messages right after the assistant's tool calls.
 *   <li>A tool result's error flag has no wire field: the content of a failed result is sent with
 *       {@value #TOOL_ERROR_PREFIX} in front ({@link #TOOL_ERROR_PREFIX}); a successful result is
 *       sent as it is.
 *   <li>An assistant message as {@code {"role":"assistant","content","tool_calls"}}: its text as
 *       {@code content} ({@code null} when it only calls tools), each tool call as {@code
 *       {"id","type":"function","function":{"name","arguments"}}} with the arguments string exactly
 *       as the model produced it, even when it is not valid JSON.
 *   <li>Tools as {@code {"type":"function","function":{"name","description","parameters"}}}, the
 *       schema parsed into a JSON object. Parallel tool calls are the servers' default and are not
 *       asked for or turned off.
 *   <li>{@link ModelRequest#maxOutputTokens()} as {@code max_completion_tokens} when talking to
 *       OpenAI ({@code api.openai.com}) and as {@code max_tokens} to every other server, since many
 *       compatible servers know only the older field; {@link Builder#maxTokensField} overrides it.
 *   <li>The temperature, when set, as {@code temperature}; {@code "stream": false} always.
 *   <li>{@link ModelRequest#responseSchema()} as {@code response_format: {"type":"json_schema",
 *       "json_schema":{"name":"response","schema","strict":true}}} ({@link
 *       Builder#strictResponseSchema} turns {@code strict} off for schemas that do not meet OpenAI's
 *       strict-mode rules).
 * </ul>
 *
 * <h2>Request hints</h2>
 *
 * <ul>
 *   <li>{@link ModelHints#REASONING_EFFORT}: sent as {@code reasoning_effort} whenever it is set,
 *       to any server, since the caller asked for it.
 *   <li>{@link ModelHints#PROMPT_CACHE_KEY}: sent as {@code prompt_cache_key} only to OpenAI, since
 *       strict compatible servers reject fields they do not know; {@link
 *       Builder#sendPromptCacheKey} overrides the choice for a gateway that forwards it.
 *   <li>{@link ModelHints#PROMPT_CACHING} and {@link ModelHints#THINKING_BUDGET_TOKENS}: ignored;
 *       Chat Completions caches prompts automatically and has no thinking budget. Any other key is
 *       ignored too.
 * </ul>
 *
 * <h2>What is read back</h2>
 *
 * <ul>
 *   <li>The first choice's {@code content} as text; a {@code refusal} as text with {@link
 *       StopReason#REFUSAL}.
 *   <li>{@code tool_calls} as {@link ContentBlock.ToolCall}s, in order (several in one answer when
 *       the model calls tools in parallel). Arguments are passed through as given: a string as it
 *       is, even when it is not valid JSON (the agent reports that to the model); an object, which
 *       some servers send, written as JSON; none as {@code "{}"}. A call without an id, which some
 *       local servers send, gets {@code call_<index>}. A legacy {@code function_call} is read as one
 *       tool call with id {@code call_0} and sent back in the {@code tool_calls} form.
 *   <li>{@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (Ollama, newer vLLM) as a
 *       {@link ContentBlock.Thinking} block with an empty signature, before the text. It is
 *       <em>not</em> sent back: OpenAI and most servers reject or ignore the field. DeepSeek's
 *       thinking mode requires it back after a tool call; {@link Builder#sendReasoningContent} turns
 *       that on.
 *   <li>{@code finish_reason}: {@code stop} is {@link StopReason#END_TURN} ({@link
 *       StopReason#TOOL_USE} when the answer holds tool calls, as some servers say {@code stop}
 *       then), {@code tool_calls} and the legacy {@code function_call} are {@link
 *       StopReason#TOOL_USE}, {@code length} is {@link StopReason#MAX_TOKENS}, {@code
 *       content_filter} is {@link StopReason#REFUSAL}, anything else is {@link StopReason#OTHER}.
 *   <li>Usage: {@code prompt_tokens} includes cached input, so {@link Usage#inputTokens()} is {@code
 *       prompt_tokens} minus {@code prompt_tokens_details.cached_tokens} (DeepSeek's {@code
 *       prompt_cache_hit_tokens} when that is absent), and {@link Usage#cacheReadTokens()} is the
 *       cached count; {@code completion_tokens} is the output and {@code
 *       completion_tokens_details.reasoning_tokens} the reasoning part of it. Chat Completions
 *       reports no cache writes. A server that omits usage, or sends {@code null} counts, gives
 *       zeros; counts that contradict each other (more cached than prompt tokens, more reasoning
 *       than output) make a {@link Kind#MALFORMED_RESPONSE}.
 * </ul>
 *
 * <p>Not supported: streaming, images and audio, more than one choice, stop sequences, logprobs,
 * {@code tool_choice}, and tool-level {@code strict} schemas. The provider never retries; wrap it in
 * a {@link ModelPipeline} with a {@link RetryInterceptor}. It is immutable and safe to call from
 * several threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ChatCompletionsProvider implements ModelProvider {

  /** The provider id, {@value}. */
  public static final String PROVIDER_ID = "openai-compatible";

  /** The base URL used when none is set: OpenAI's, {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The environment variable holding the base URL, {@value}. */
  public static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";

  /** The environment variable holding the API key, {@value}. */
  public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";

  /**
   * What the content of a failed tool result starts with on the wire, {@value}, since Chat
   * Completions has no field for the error flag.
   */
  public static final String TOOL_ERROR_PREFIX = "[tool error] ";

  /** The {@code json_schema.name} sent with a response schema, {@value}. */
  static final String RESPONSE_SCHEMA_NAME = "response";

  private static final String OPENAI_HOST = "api.openai.com";

  private final ModelHttp http;
  private final @Nullable String apiKey;
  private final MaxTokensField maxTokensField;
  private final boolean sendPromptCacheKey;
  private final boolean strictResponseSchema;
  private final boolean sendReasoningContent;

  private ChatCompletionsProvider(Builder b) {
    this.http = b.http(PROVIDER_ID, DEFAULT_BASE_URL);
    this.apiKey = b.apiKey;
    boolean openAi = isOpenAi(http.baseUrl());
    this.maxTokensField =
        b.maxTokensField != null
            ? b.maxTokensField
            : openAi ? MaxTokensField.MAX_COMPLETION_TOKENS : MaxTokensField.MAX_TOKENS;
    this.sendPromptCacheKey = b.sendPromptCacheKey != null ? b.sendPromptCacheKey : openAi;
    this.strictResponseSchema = b.strictResponseSchema;
    this.sendReasoningContent = b.sendReasoningContent;
  }

  /**
   * A builder; set at least the base URL for a server other than OpenAI, or the key for OpenAI.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider configured from {@value #BASE_URL_VARIABLE} and {@value #API_KEY_VARIABLE}; blank values
   * count as unset.
   *
   * @param env variables by name, usually {@link System#getenv()}
   * @return the provider
   * @throws IllegalArgumentException when neither variable is set, when {@value #BASE_URL_VARIABLE} is
   *     not an absolute http(s) URL, or when it points at OpenAI and {@value #API_KEY_VARIABLE} is unset
   */
  public static ChatCompletionsProvider fromEnvironment(Map<String, String> env) {
    Require.nonNull(env, "env");
    String base = value(env, BASE_URL_VARIABLE);
    String key = value(env, API_KEY_VARIABLE);
    if (base == null && key == null) {
      throw new IllegalArgumentException(
          "neither "
              + BASE_URL_VARIABLE
              + " nor "
              + API_KEY_VARIABLE
              + " is set: set "
              + BASE_URL_VARIABLE
              + " to a compatible server (such as http://localhost:11434/v1) or "
              + API_KEY_VARIABLE
              + " for OpenAI");
    }
    Builder b = builder();
    if (base != null) {
      try {
        b.baseUrl(base);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            BASE_URL_VARIABLE + " must be an absolute http(s) URL but was " + Require.quote(base), e);
      }
    }
    if (key != null) {
      b.apiKey(key);
    } else if (b.baseUrl != null && isOpenAi(b.baseUrl)) {
      throw new IllegalArgumentException(
          API_KEY_VARIABLE + " is not set, and " + BASE_URL_VARIABLE + " points at OpenAI, which needs a key");
    }
    return b.build();
  }

  /** Whether {@code env} sets {@value #BASE_URL_VARIABLE} or {@value #API_KEY_VARIABLE}. */
  static boolean configuredIn(Map<String, String> env) {
    return value(env, BASE_URL_VARIABLE) != null || value(env, API_KEY_VARIABLE) != null;
  }

  private static @Nullable String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static boolean isOpenAi(URI baseUrl) {
    return OPENAI_HOST.equalsIgnoreCase(baseUrl.getHost());
  }

  /** Always {@value #PROVIDER_ID}. */
  @Override
  public String id() {
    return PROVIDER_ID;
  }

  /** The base URL calls go to. */
  public URI baseUrl() {
    return http.baseUrl();
  }

  /** The field {@link ModelRequest#maxOutputTokens()} is sent in. */
  public MaxTokensField maxTokensField() {
    return maxTokensField;
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    ObjectNode body;
    try {
      body = requestBody(request);
    } catch (IllegalArgumentException e) {
      throw new ModelException(Kind.INVALID_REQUEST, e.getMessage(), null, e);
    }
    Map<String, String> headers =
        apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    return http.post("/chat/completions", headers, body, json -> parse(json, request));
  }

  // ---- request ----

  ObjectNode requestBody(ModelRequest request) {
    ObjectNode body = ModelHttp.JSON.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (Message m : request.messages()) {
      if (m.role() == Role.USER) {
        addUser(messages, m);
      } else {
        addAssistant(messages, m);
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec spec : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", spec.name());
        function.put("description", spec.description());
        function.set(
            "parameters",
            parseObject(spec.inputSchemaJson(), "the input schema of tool " + spec.name()));
      }
    }
    body.put(maxTokensField.wireName(), request.maxOutputTokens());
    request.temperatureSetting().ifPresent(t -> body.put("temperature", t));
    String effort = hint(request, ModelHints.REASONING_EFFORT);
    if (effort != null) {
      body.put("reasoning_effort", effort);
    }
    String cacheKey = hint(request, ModelHints.PROMPT_CACHE_KEY);
    if (cacheKey != null && sendPromptCacheKey) {
      body.put("prompt_cache_key", cacheKey);
    }
    if (request.responseSchema().isPresent()) {
      ObjectNode jsonSchema =
          body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
      jsonSchema.put("name", RESPONSE_SCHEMA_NAME);
      jsonSchema.set(
          "schema", parseObject(request.responseSchema().get(), "the response schema"));
      jsonSchema.put("strict", strictResponseSchema);
    }
    body.put("stream", false);
    return body;
  }

  private static void addUser(ArrayNode messages, Message m) {
    List<String> texts = new ArrayList<>();
    for (ContentBlock block : m.content()) {
      if (block instanceof ContentBlock.Text t) {
        texts.add(t.text());
      } else if (block instanceof ContentBlock.ToolResult r) {
        messages
            .addObject()
            .put("role", "tool")
            .put("tool_call_id", r.toolCallId())
            .put("content", r.error() ? TOOL_ERROR_PREFIX + r.content() : r.content());
      } else if (block instanceof ContentBlock.ToolCall c) {
        throw new IllegalArgumentException(
            "a USER message cannot carry a tool call but carried " + Require.quote(c.name()));
      }
      // Thinking in a user message has no meaning on this wire; it is dropped.
    }
    if (!texts.isEmpty()) {
      putContent(messages.addObject().put("role", "user"), texts);
    }
  }

  private void addAssistant(ArrayNode messages, Message m) {
    List<String> texts = new ArrayList<>();
    List<ContentBlock.ToolCall> calls = new ArrayList<>();
    List<String> thinking = new ArrayList<>();
    for (ContentBlock block : m.content()) {
      if (block instanceof ContentBlock.Text t) {
        texts.add(t.text());
      } else if (block instanceof ContentBlock.ToolCall c) {
        calls.add(c);
      } else if (block instanceof ContentBlock.Thinking th) {
        thinking.add(th.text());
      } else if (block instanceof ContentBlock.ToolResult r) {
        throw new IllegalArgumentException(
            "an ASSISTANT message cannot carry a tool result but carried one for "
                + Require.quote(r.toolCallId()));
      }
    }
    ObjectNode msg = messages.addObject().put("role", "assistant");
    if (!texts.isEmpty()) {
      putContent(msg, texts);
    } else if (!calls.isEmpty()) {
      msg.putNull("content");
    } else {
      msg.put("content", "");
    }
    if (!calls.isEmpty()) {
      ArrayNode toolCalls = msg.putArray("tool_calls");
      for (ContentBlock.ToolCall c : calls) {
        ObjectNode call = toolCalls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
      }
    }
    if (sendReasoningContent && !thinking.isEmpty()) {
      msg.put("reasoning_content", String.join("", thinking));
    }
  }

  /** A string for one text, an array of text parts for several. */
  private static void putContent(ObjectNode msg, List<String> texts) {
    if (texts.size() == 1) {
      msg.put("content", texts.get(0));
      return;
    }
    ArrayNode parts = msg.putArray("content");
    for (String t : texts) {
      parts.addObject().put("type", "text").put("text", t);
    }
  }

  private static @Nullable String hint(ModelRequest request, String key) {
    String v = request.metadata().get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static JsonNode parseObject(String json, String what) {
    JsonNode node;
    try {
      node = ModelHttp.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object but was " + json);
    }
    return node;
  }

  // ---- response ----

  static ModelResponse parse(JsonNode json, ModelRequest request) {
    JsonNode choices = json.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      throw new IllegalStateException("the answer has no choices");
    }
    JsonNode message = choices.get(0).path("message");
    if (!message.isObject()) {
      throw new IllegalStateException("choices[0].message is missing");
    }
    List<ContentBlock> blocks = new ArrayList<>();
    String reasoning = text(message, "reasoning_content");
    if (reasoning == null) {
      reasoning = text(message, "reasoning");
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      blocks.add(new ContentBlock.Thinking(reasoning, ""));
    }
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        blocks.add(new ContentBlock.Text(content.asText()));
      }
    } else if (content.isArray()) {
      for (JsonNode part : content) {
        String t = text(part, "text");
        if (t != null && !t.isEmpty()) {
          blocks.add(new ContentBlock.Text(t));
        }
      }
    } else if (!content.isMissingNode() && !content.isNull()) {
      throw new IllegalStateException("choices[0].message.content is neither text nor null");
    }
    String refusal = text(message, "refusal");
    boolean refused = refusal != null && !refusal.isEmpty();
    if (refused) {
      blocks.add(new ContentBlock.Text(refusal));
    }
    List<ContentBlock.ToolCall> calls = toolCalls(message);
    blocks.addAll(calls);
    if (blocks.isEmpty()) {
      blocks.add(new ContentBlock.Text(""));
    }
    StopReason stop = stopReason(text(choices.get(0), "finish_reason"), !calls.isEmpty());
    if (refused && stop == StopReason.END_TURN) {
      stop = StopReason.REFUSAL;
    }
    String id = text(json, "id");
    String model = text(json, "model");
    return new ModelResponse(
        id == null ? "" : id,
        model == null || model.isBlank() ? request.model() : model,
        new Message(Role.ASSISTANT, blocks),
        stop,
        usage(json.path("usage")));
  }

  private static List<ContentBlock.ToolCall> toolCalls(JsonNode message) {
    List<ContentBlock.ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = message.path("tool_calls");
    if (toolCalls.isArray()) {
      int index = 0;
      for (JsonNode call : toolCalls) {
        String id = text(call, "id");
        calls.add(toolCall(call.path("function"), id == null || id.isBlank() ? "call_" + index : id));
        index++;
      }
    } else if (!toolCalls.isMissingNode() && !toolCalls.isNull()) {
      throw new IllegalStateException("choices[0].message.tool_calls is not an array");
    }
    JsonNode legacy = message.path("function_call");
    if (calls.isEmpty() && legacy.isObject()) {
      calls.add(toolCall(legacy, "call_0"));
    }
    return calls;
  }

  private static ContentBlock.ToolCall toolCall(JsonNode function, String id) {
    String name = text(function, "name");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("a tool call has no function name");
    }
    JsonNode args = function.path("arguments");
    String arguments;
    if (args.isTextual()) {
      arguments = args.asText();
    } else if (args.isMissingNode() || args.isNull()) {
      arguments = "{}";
    } else {
      arguments = args.toString();
    }
    return new ContentBlock.ToolCall(id, name, arguments);
  }

  static StopReason stopReason(@Nullable String finishReason, boolean hasToolCalls) {
    String reason = finishReason == null ? "" : finishReason.toLowerCase(Locale.ROOT);
    return switch (reason) {
      case "length" -> StopReason.MAX_TOKENS;
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "content_filter" -> StopReason.REFUSAL;
      case "stop", "eos", "eos_token" -> hasToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      default -> hasToolCalls ? StopReason.TOOL_USE : StopReason.OTHER;
    };
  }

  static Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return Usage.ZERO;
    }
    long prompt = count(usage, "prompt_tokens");
    long completion = count(usage, "completion_tokens");
    JsonNode promptDetails = usage.path("prompt_tokens_details");
    long cached =
        present(promptDetails, "cached_tokens")
            ? count(promptDetails, "cached_tokens")
            : count(usage, "prompt_cache_hit_tokens");
    long reasoning = count(usage.path("completion_tokens_details"), "reasoning_tokens");
    if (cached > prompt) {
      throw new IllegalStateException(
          "usage reports " + cached + " cached tokens but only " + prompt + " prompt tokens");
    }
    return new Usage(prompt - cached, completion, cached, 0, reasoning);
  }

  private static boolean present(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return !v.isMissingNode() && !v.isNull();
  }

  /** A token count: 0 when absent or null; a whole number otherwise, or the answer is malformed. */
  private static long count(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalStateException("usage field " + field + " is not a whole number: " + v);
    }
    return v.longValue();
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : null;
  }

  /**
   * The request field {@link ModelRequest#maxOutputTokens()} travels in.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum MaxTokensField {
    /** {@code max_tokens}: the original field, the one most compatible servers know. */
    MAX_TOKENS("max_tokens"),
    /** {@code max_completion_tokens}: OpenAI's current field, required by its reasoning models. */
    MAX_COMPLETION_TOKENS("max_completion_tokens");

    private final String wireName;

    MaxTokensField(String wireName) {
      this.wireName = wireName;
    }

    /** The JSON field name. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * Builds a {@link ChatCompletionsProvider}. Besides the shared HTTP settings: which field carries
   * the output limit, whether the prompt cache key is sent, whether response schemas are strict,
   * and whether reasoning is sent back.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder extends HttpProviderBuilder<Builder> {
    private @Nullable MaxTokensField maxTokensField;
    private @Nullable Boolean sendPromptCacheKey;
    private boolean strictResponseSchema = true;
    private boolean sendReasoningContent;

    private Builder() {}

    /**
     * Sets the field the output limit is sent in. Default: {@link
     * MaxTokensField#MAX_COMPLETION_TOKENS} when the base URL's host is {@code api.openai.com},
     * {@link MaxTokensField#MAX_TOKENS} for every other server.
     *
     * @param field the field
     * @return this builder
     */
    public Builder maxTokensField(MaxTokensField field) {
      this.maxTokensField = Require.nonNull(field, "maxTokensField");
      return this;
    }

    /**
     * Sets whether {@link ModelHints#PROMPT_CACHE_KEY} is sent as {@code prompt_cache_key}.
     * Default: only when the base URL's host is {@code api.openai.com}, since strict servers
     * reject unknown fields.
     *
     * @param send whether to send it
     * @return this builder
     */
    public Builder sendPromptCacheKey(boolean send) {
      this.sendPromptCacheKey = send;
      return this;
    }

    /**
     * Sets the {@code strict} flag of the response schema; {@code true} by default, which makes
     * OpenAI enforce the schema but requires every property to be listed in {@code required} and
     * {@code additionalProperties: false}.
     *
     * @param strict the flag
     * @return this builder
     */
    public Builder strictResponseSchema(boolean strict) {
      this.strictResponseSchema = strict;
      return this;
    }

    /**
     * Sets whether the thinking blocks of assistant messages are sent back as {@code
     * reasoning_content}; {@code false} by default, since OpenAI and most servers reject or ignore
     * the field. DeepSeek's thinking mode needs it after tool calls.
     *
     * @param send whether to send it
     * @return this builder
     */
    public Builder sendReasoningContent(boolean send) {
      this.sendReasoningContent = send;
      return this;
    }

    /** The provider. */
    public ChatCompletionsProvider build() {
      return new ChatCompletionsProvider(this);
    }
  }

  @Override
  public String toString() {
    return "ChatCompletionsProvider["
        + http.baseUrl()
        + ", key "
        + (apiKey == null ? "none" : "set")
        + ", "
        + maxTokensField.wireName()
        + "]";
  }
}

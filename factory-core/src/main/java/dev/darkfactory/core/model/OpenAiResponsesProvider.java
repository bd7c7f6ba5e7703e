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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelProvider} for the OpenAI Responses API ({@code POST {base}/responses}), stateless:
 * every call carries the whole conversation and nothing is stored on OpenAI's side.
 *
 * <pre>{@code
 * ModelProvider openai = OpenAiResponsesProvider.fromEnvironment(System.getenv());
 * }</pre>
 *
 * <h2>Environment</h2>
 *
 * <ul>
 *   <li>{@code OPENAI_API_KEY}: the key, sent as {@code Authorization: Bearer}; required.
 *   <li>{@code OPENAI_BASE_URL}: the base URL, default {@code https://api.openai.com/v1}; for a
 *       proxy, a gateway or a compatible server.
 *   <li>{@code OPENAI_ORG_ID}: sent as the {@code OpenAI-Organization} header; optional.
 *   <li>{@code OPENAI_PROJECT_ID}: sent as the {@code OpenAI-Project} header; optional.
 * </ul>
 *
 * <h2>Request mapping</h2>
 *
 * <ul>
 *   <li>The system prompt goes in {@code instructions} (left out when empty).
 *   <li>Messages become {@code input} items in order: consecutive text blocks of one message make
 *       one message item ({@code input_text} parts for the user, {@code output_text} parts for the
 *       assistant; empty assistant text is left out); a tool call becomes a {@code function_call}
 *       item ({@code call_id}, {@code name}, {@code arguments} as given); a tool result becomes a
 *       {@code function_call_output} item. The Responses API has no error flag on a tool result,
 *       so the output of a failed tool starts with {@value #TOOL_ERROR_PREFIX}.
 *   <li>Tools become {@code {"type":"function","name","description","parameters","strict"}} with
 *       the schema parsed into a JSON object. {@code strict} is {@code false} unless {@link
 *       Builder#strictTools(boolean)} says otherwise: strict mode rejects schemas with optional
 *       properties or without {@code additionalProperties: false}, which most tool schemas have.
 *   <li>{@link ModelRequest#maxOutputTokens()} is {@code max_output_tokens} (reasoning included);
 *       a temperature, when set, is {@code temperature} (reasoning models reject it).
 *   <li>{@link ModelRequest#responseSchema()} is {@code text.format} {@code {"type":"json_schema",
 *       "name":"response","schema",...,"strict":true}}. Strict is on by default because only
 *       strict mode makes the API guarantee the answer matches the schema; a schema outside the
 *       strict subset (every property required, {@code additionalProperties: false} on every
 *       object) is then refused with HTTP 400, an {@link Kind#INVALID_REQUEST}. {@link
 *       Builder#strictResponseSchema(boolean)} turns it off, making the schema a guide only.
 *   <li>Every request sends {@code store: false}. Unless turned off (see {@link
 *       Builder#encryptedReasoning(boolean)}), it also sends {@code include:
 *       ["reasoning.encrypted_content"]} so reasoning can travel back without server state.
 * </ul>
 *
 * <h2>Hints ({@link ModelHints})</h2>
 *
 * <ul>
 *   <li>{@link ModelHints#PROMPT_CACHE_KEY} is sent as {@code prompt_cache_key}.
 *   <li>{@link ModelHints#REASONING_EFFORT} is sent as {@code reasoning.effort}, trimmed and in
 *       lower case ({@code minimal}, {@code low}, {@code medium}, {@code high}; OpenAI checks the
 *       value, and models that do not reason refuse the field).
 *   <li>{@link ModelHints#PROMPT_CACHING} is ignored: OpenAI caches prompts by itself and has no
 *       switch to turn it off.
 *   <li>{@link ModelHints#THINKING_BUDGET_TOKENS} is ignored: OpenAI has no thinking budget; use
 *       the reasoning effort.
 *   <li>Any other key is ignored.
 * </ul>
 *
 * <h2>Reasoning round trip</h2>
 *
 * <p>An output {@code reasoning} item becomes a {@link ContentBlock.Thinking} whose text is its
 * summary texts joined by blank lines (empty unless a {@linkplain Builder#reasoningSummary(String)
 * summary was asked for}; a compatible server's {@code reasoning_text} content when there is no
 * summary) and whose signature is <em>the item's whole JSON</em>, as received (id, summary and
 * {@code encrypted_content} included). A thinking block in an assistant message is sent back as
 * that JSON, verbatim, in the same place among the message's items, so the reasoning precedes the
 * calls or text it led to, as OpenAI requires. A thinking block whose signature is not a reasoning
 * item's JSON (for example one from another vendor's model earlier in the conversation) is left
 * out, with a debug log line.
 *
 * <h2>Response mapping</h2>
 *
 * <ul>
 *   <li>Output items in order: {@code reasoning} to thinking, {@code message} parts to text
 *       ({@code output_text} as is, a {@code refusal} part's text as text), {@code function_call}
 *       to a tool call with {@code call_id} as its id and {@code arguments} exactly as sent, even
 *       when they are not valid JSON (the agent reports that to the model). Other item types are
 *       skipped. An answer with no content becomes one empty text block.
 *   <li>Stop reason: {@code incomplete} with {@code incomplete_details.reason} {@code
 *       max_output_tokens} is {@link StopReason#MAX_TOKENS}, {@code content_filter} is {@link
 *       StopReason#REFUSAL}, any other reason {@link StopReason#OTHER}; otherwise a refusal part
 *       makes {@link StopReason#REFUSAL}, function calls make {@link StopReason#TOOL_USE}, and a
 *       {@code completed} (or absent) status {@link StopReason#END_TURN}; {@code cancelled} and
 *       the like are {@link StopReason#OTHER}. A {@code failed} status throws a {@link
 *       ModelException} from its {@code error.code}.
 *   <li>Usage: {@code input_tokens} counts cached input too, so {@link Usage#inputTokens()} is
 *       {@code input_tokens - input_tokens_details.cached_tokens} and the cached tokens are {@link
 *       Usage#cacheReadTokens()}; {@code output_tokens} and {@code
 *       output_tokens_details.reasoning_tokens} map directly; OpenAI reports no cache writes. A
 *       count that makes the usage invalid (more cached than input, more reasoning than output)
 *       is a {@link Kind#MALFORMED_RESPONSE}. A missing {@code usage} object counts as zero.
 * </ul>
 *
 * <h2>Not supported</h2>
 *
 * <p>Streaming, {@code previous_response_id} and conversations (server-side state), built-in
 * tools (web search, file search, code interpreter, computer use), images, audio and files as
 * input, {@code tool_choice}, {@code parallel_tool_calls} (left at OpenAI's default, on), {@code
 * top_p}, {@code truncation}, background mode and the request {@code metadata} field.
 *
 * <p>Errors: HTTP errors become {@link ModelException}s by status and OpenAI's {@code
 * error.type}/{@code error.code} ({@code context_length_exceeded} is {@link
 * Kind#CONTEXT_TOO_LONG}, a 429 {@code insufficient_quota} is {@link Kind#AUTHENTICATION} and not
 * retried), with the wait from {@code retry-after-ms} or {@code retry-after}. The provider never
 * retries by itself. Safe for concurrent use.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class OpenAiResponsesProvider implements ModelProvider {

  /** The provider id, {@value}. */
  public static final String PROVIDER_ID = "openai";

  /** The base URL used when none is configured, {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The environment variable holding the API key, {@value}. */
  public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";

  /** The environment variable overriding the base URL, {@value}. */
  public static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";

  /** The environment variable holding the organization id, {@value}. */
  public static final String ORGANIZATION_VARIABLE = "OPENAI_ORG_ID";

  /** The environment variable holding the project id, {@value}. */
  public static final String PROJECT_VARIABLE = "OPENAI_PROJECT_ID";

  /** What the output of a failed tool starts with, since the wire has no error flag: {@value}. */
  public static final String TOOL_ERROR_PREFIX = "[tool error] ";

  /** The name sent with a structured-output schema, {@value}. */
  static final String SCHEMA_NAME = "response";

  private static final String PATH = "/responses";
  private static final Logger log = LoggerFactory.getLogger(OpenAiResponsesProvider.class);

  /** Model families known to refuse {@code include: ["reasoning.encrypted_content"]}. */
  private static final Pattern NON_REASONING_MODEL =
      Pattern.compile("^(gpt-4|gpt-3|chatgpt-).*|.*-chat(-.*)?$");

  private final ModelHttp http;
  private final Map<String, String> callHeaders;
  private final @Nullable Boolean encryptedReasoning;
  private final boolean strictTools;
  private final boolean strictResponseSchema;
  private final @Nullable String reasoningSummary;

  private OpenAiResponsesProvider(Builder b, ModelHttp http, String apiKey) {
    this.http = http;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + apiKey);
    if (b.organization != null) {
      headers.put("OpenAI-Organization", b.organization);
    }
    if (b.project != null) {
      headers.put("OpenAI-Project", b.project);
    }
    this.callHeaders = Map.copyOf(headers);
    this.encryptedReasoning = b.encryptedReasoning;
    this.strictTools = b.strictTools;
    this.strictResponseSchema = b.strictResponseSchema;
    this.reasoningSummary = b.reasoningSummary;
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
   * A provider configured from environment variables: {@code OPENAI_API_KEY} (required), {@code
   * OPENAI_BASE_URL}, {@code OPENAI_ORG_ID} and {@code OPENAI_PROJECT_ID} (optional; blank counts
   * as unset).
   *
   * @param env variables by name, usually {@link System#getenv()}
   * @return the provider
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static OpenAiResponsesProvider fromEnvironment(Map<String, String> env) {
    Require.nonNull(env, "env");
    String key = env.get(API_KEY_VARIABLE);
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          API_KEY_VARIABLE + " is not set; it must hold an OpenAI API key");
    }
    Builder b = builder().apiKey(key);
    String base = env.get(BASE_URL_VARIABLE);
    if (base != null && !base.isBlank()) {
      b.baseUrl = HttpProviderBuilder.parseBaseUrl(base, BASE_URL_VARIABLE);
    }
    String org = env.get(ORGANIZATION_VARIABLE);
    if (org != null && !org.isBlank()) {
      b.organization(org);
    }
    String project = env.get(PROJECT_VARIABLE);
    if (project != null && !project.isBlank()) {
      b.project(project);
    }
    return b.build();
  }

  /** Always {@value #PROVIDER_ID}. */
  @Override
  public String id() {
    return PROVIDER_ID;
  }

  /** The base URL calls go to. */
  public String baseUrl() {
    return http.baseUrl().toString();
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    ObjectNode body = requestBody(request);
    try {
      return http.post(PATH, callHeaders, body, OpenAiResponsesProvider::parseResponse);
    } catch (ModelException e) {
      if (e.getCause() instanceof FailedResponse failed) {
        throw failed.exception;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- request

  /** The JSON body for {@code request}. */
  ObjectNode requestBody(ModelRequest request) throws ModelException {
    ObjectNode body = ModelHttp.JSON.createObjectNode();
    body.put("model", request.model());
    if (!request.system().isEmpty()) {
      body.put("instructions", request.system());
    }
    body.set("input", input(request.messages()));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec tool : request.tools()) {
        ObjectNode t = tools.addObject();
        t.put("type", "function");
        t.put("name", tool.name());
        t.put("description", tool.description());
        t.set("parameters", jsonObject(tool.inputSchemaJson(), "input schema of tool " + tool.name()));
        t.put("strict", strictTools);
      }
    }
    body.put("max_output_tokens", request.maxOutputTokens());
    request.temperatureSetting().ifPresent(t -> body.put("temperature", t));
    body.put("store", false);
    if (sendsEncryptedReasoning(request.model())) {
      body.putArray("include").add("reasoning.encrypted_content");
    }
    String cacheKey = request.metadata().get(ModelHints.PROMPT_CACHE_KEY);
    if (cacheKey != null && !cacheKey.isBlank()) {
      body.put("prompt_cache_key", cacheKey);
    }
    String effort = request.metadata().get(ModelHints.REASONING_EFFORT);
    boolean hasEffort = effort != null && !effort.isBlank();
    if (hasEffort || reasoningSummary != null) {
      ObjectNode reasoning = body.putObject("reasoning");
      if (hasEffort) {
        reasoning.put("effort", effort.strip().toLowerCase(Locale.ROOT));
      }
      if (reasoningSummary != null) {
        reasoning.put("summary", reasoningSummary);
      }
    }
    if (request.responseSchema().isPresent()) {
      ObjectNode format = body.putObject("text").putObject("format");
      format.put("type", "json_schema");
      format.put("name", SCHEMA_NAME);
      format.set("schema", jsonObject(request.responseSchema().get(), "responseSchemaJson"));
      format.put("strict", strictResponseSchema);
    }
    return body;
  }

  private boolean sendsEncryptedReasoning(String model) {
    if (encryptedReasoning != null) {
      return encryptedReasoning;
    }
    return !NON_REASONING_MODEL.matcher(model.strip().toLowerCase(Locale.ROOT)).matches();
  }

  private static ArrayNode input(List<Message> messages) throws ModelException {
    ArrayNode input = ModelHttp.JSON.createArrayNode();
    for (int m = 0; m < messages.size(); m++) {
      Message message = messages.get(m);
      boolean user = message.role() == Role.USER;
      ArrayNode openParts = null; // the content of the message item being filled, if any
      for (ContentBlock block : message.content()) {
        if (block instanceof ContentBlock.Text text) {
          if (!user && text.text().isEmpty()) {
            continue;
          }
          if (openParts == null) {
            ObjectNode item = input.addObject();
            item.put("role", user ? "user" : "assistant");
            openParts = item.putArray("content");
          }
          openParts
              .addObject()
              .put("type", user ? "input_text" : "output_text")
              .put("text", text.text());
          continue;
        }
        openParts = null;
        if (block instanceof ContentBlock.ToolResult result && user) {
          input
              .addObject()
              .put("type", "function_call_output")
              .put("call_id", result.toolCallId())
              .put(
                  "output",
                  result.error() ? TOOL_ERROR_PREFIX + result.content() : result.content());
        } else if (block instanceof ContentBlock.ToolCall call && !user) {
          input
              .addObject()
              .put("type", "function_call")
              .put("call_id", call.id())
              .put("name", call.name())
              .put("arguments", call.argumentsJson());
        } else if (block instanceof ContentBlock.Thinking thinking && !user) {
          JsonNode item = reasoningItem(thinking.signature());
          if (item != null) {
            input.add(item);
          } else {
            log.debug(
                "thinking block in message {} has no OpenAI reasoning item as its signature; left out",
                m);
          }
        } else {
          throw new ModelException(
              Kind.INVALID_REQUEST,
              "message "
                  + m
                  + " from the "
                  + message.role()
                  + " holds a "
                  + block.getClass().getSimpleName()
                  + " block, which only the "
                  + (user ? "ASSISTANT" : "USER")
                  + " may send");
        }
      }
    }
    return input;
  }

  /** The reasoning item a thinking block's signature holds, or null when it holds none. */
  private static @Nullable JsonNode reasoningItem(String signature) {
    if (!signature.strip().startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = ModelHttp.JSON.readTree(signature);
      if (node != null && node.isObject() && "reasoning".equals(node.path("type").asText())) {
        return node;
      }
      return null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static JsonNode jsonObject(String json, String what) throws ModelException {
    JsonNode node;
    try {
      node = ModelHttp.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelException(
          Kind.INVALID_REQUEST, what + " is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    if (node == null || !node.isObject()) {
      throw new ModelException(Kind.INVALID_REQUEST, what + " is not a JSON object");
    }
    return node;
  }

  // ---------------------------------------------------------------- response

  /** Reads a Responses API answer; any runtime exception means the answer is malformed. */
  static ModelResponse parseResponse(JsonNode json) {
    String status = json.path("status").asText("");
    if (status.equals("failed")) {
      throw new FailedResponse(failure(json.path("error")));
    }
    String model = requiredText(json, "model");
    List<ContentBlock> blocks = new ArrayList<>();
    boolean toolCalls = false;
    boolean refusal = false;
    JsonNode output = json.path("output");
    if (!output.isArray()) {
      throw new IllegalArgumentException("output is not an array");
    }
    for (JsonNode item : output) {
      switch (item.path("type").asText("")) {
        case "reasoning" -> blocks.add(thinking(item));
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            switch (part.path("type").asText("")) {
              case "output_text" -> blocks.add(new ContentBlock.Text(requiredText(part, "text")));
              case "refusal" -> {
                refusal = true;
                blocks.add(new ContentBlock.Text(requiredText(part, "refusal")));
              }
              default -> {
                // annotations-only or future part types carry no text for the conversation
              }
            }
          }
        }
        case "function_call" -> {
          toolCalls = true;
          blocks.add(
              new ContentBlock.ToolCall(
                  requiredText(item, "call_id"),
                  requiredText(item, "name"),
                  requiredText(item, "arguments")));
        }
        default -> {
          // built-in tool items and future item types: not requested, not mapped
        }
      }
    }
    if (blocks.isEmpty()) {
      blocks.add(new ContentBlock.Text(""));
    }
    StopReason stop;
    if (status.equals("incomplete")) {
      stop =
          switch (json.path("incomplete_details").path("reason").asText("")) {
            case "max_output_tokens" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
          };
    } else if (refusal) {
      stop = StopReason.REFUSAL;
    } else if (toolCalls) {
      stop = StopReason.TOOL_USE;
    } else if (status.equals("completed") || status.isEmpty()) {
      stop = StopReason.END_TURN;
    } else {
      stop = StopReason.OTHER;
    }
    return new ModelResponse(
        json.path("id").asText(""),
        model,
        new Message(Role.ASSISTANT, blocks),
        stop,
        usage(json.path("usage")));
  }

  private static ContentBlock.Thinking thinking(JsonNode item) {
    List<String> texts = new ArrayList<>();
    for (JsonNode s : item.path("summary")) {
      if (s.path("text").isTextual()) {
        texts.add(s.path("text").asText());
      }
    }
    if (texts.isEmpty()) {
      for (JsonNode c : item.path("content")) {
        if (c.path("text").isTextual()) {
          texts.add(c.path("text").asText());
        }
      }
    }
    String signature;
    try {
      signature = ModelHttp.JSON.writeValueAsString(item);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a reasoning item back to JSON", e);
    }
    return new ContentBlock.Thinking(String.join("\n\n", texts), signature);
  }

  private static Usage usage(JsonNode usage) {
    if (usage.isMissingNode() || usage.isNull()) {
      return Usage.ZERO;
    }
    long input = count(usage, "input_tokens");
    long output = count(usage, "output_tokens");
    long cached = count(usage.path("input_tokens_details"), "cached_tokens");
    long reasoning = count(usage.path("output_tokens_details"), "reasoning_tokens");
    if (cached > input) {
      throw new IllegalArgumentException(
          "usage.input_tokens_details.cached_tokens ("
              + cached
              + ") exceeds usage.input_tokens ("
              + input
              + ")");
    }
    return new Usage(input - cached, output, cached, 0, reasoning);
  }

  /** A token count: 0 when absent or null, else a whole number that fits a long. */
  private static long count(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("usage field " + field + " is not a whole number: " + n);
    }
    return n.asLong();
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          "field " + field + " is missing or not a string in " + excerpt(node));
    }
    return v.asText();
  }

  private static String excerpt(JsonNode node) {
    return HttpErrors.excerpt(node.toString());
  }

  /** The exception for a response whose status is {@code failed}. */
  private static ModelException failure(JsonNode error) {
    String code = error.path("code").asText("");
    String message = error.path("message").asText("");
    Kind kind =
        switch (code) {
          case "rate_limit_exceeded" -> Kind.RATE_LIMITED;
          case "server_error" -> Kind.SERVER_ERROR;
          case "vector_store_timeout" -> Kind.TIMEOUT;
          case "context_length_exceeded" -> Kind.CONTEXT_TOO_LONG;
          default -> code.startsWith("invalid_") ? Kind.INVALID_REQUEST : Kind.SERVER_ERROR;
        };
    return new ModelException(
        kind,
        PROVIDER_ID
            + " answered with a failed response"
            + (code.isEmpty() ? "" : " (" + code + ")")
            + ": "
            + (message.isEmpty() ? "no message" : HttpErrors.excerpt(message)));
  }

  /** Carries a failed response's exception out of the parser, past {@link ModelHttp}. */
  private static final class FailedResponse extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ModelException exception;

    FailedResponse(ModelException exception) {
      super(exception.getMessage(), null, false, false);
      this.exception = exception;
    }
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds an {@link OpenAiResponsesProvider}: the shared HTTP settings plus OpenAI's organization
   * and project headers and its request options.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder extends HttpProviderBuilder<Builder> {
    private @Nullable String organization;
    private @Nullable String project;
    private @Nullable Boolean encryptedReasoning;
    private boolean strictTools;
    private boolean strictResponseSchema = true;
    private @Nullable String reasoningSummary;

    private Builder() {}

    /**
     * Sets the organization every call is billed to, sent as {@code OpenAI-Organization}.
     *
     * @param organization the organization id, such as {@code org-...}
     * @return this builder
     */
    public Builder organization(String organization) {
      this.organization = Require.nonBlank(organization, "organization").strip();
      return this;
    }

    /**
     * Sets the project every call is billed to, sent as {@code OpenAI-Project}.
     *
     * @param project the project id, such as {@code proj_...}
     * @return this builder
     */
    public Builder project(String project) {
      this.project = Require.nonBlank(project, "project").strip();
      return this;
    }

    /**
     * Sets whether requests ask for {@code include: ["reasoning.encrypted_content"]}, which
     * reasoning models need to carry their reasoning across stateless turns and which other
     * models refuse with HTTP 400. By default it is sent unless the model name starts with {@code
     * gpt-4}, {@code gpt-3} or {@code chatgpt-}, or ends in {@code -chat} or contains {@code
     * -chat-} (such as {@code gpt-5-chat-latest}).
     *
     * @param include whether to ask for encrypted reasoning
     * @return this builder
     */
    public Builder encryptedReasoning(boolean include) {
      this.encryptedReasoning = include;
      return this;
    }

    /**
     * Sets whether tools are sent with {@code strict: true}, so the model's arguments always match
     * their schemas; every tool schema must then be in the strict subset of JSON Schema. Off by
     * default.
     *
     * @param strict whether tool schemas are strict
     * @return this builder
     */
    public Builder strictTools(boolean strict) {
      this.strictTools = strict;
      return this;
    }

    /**
     * Sets whether a structured-output schema is sent with {@code strict: true}, which makes the
     * answer match it exactly and requires the schema to be in the strict subset. On by default.
     *
     * @param strict whether the response schema is strict
     * @return this builder
     */
    public Builder strictResponseSchema(boolean strict) {
      this.strictResponseSchema = strict;
      return this;
    }

    /**
     * Asks reasoning models for a summary of their reasoning ({@code reasoning.summary}), which
     * becomes the text of thinking blocks. Off by default: some organizations must be verified by
     * OpenAI before they may ask.
     *
     * @param summary {@code auto}, {@code concise} or {@code detailed}
     * @return this builder
     */
    public Builder reasoningSummary(String summary) {
      Require.matches(
          summary,
          Pattern.compile("auto|concise|detailed"),
          "reasoningSummary",
          "'auto', 'concise' or 'detailed'");
      this.reasoningSummary = summary;
      return this;
    }

    /**
     * The provider.
     *
     * @return the provider
     * @throws IllegalStateException when no API key was set
     */
    public OpenAiResponsesProvider build() {
      String key = apiKey;
      if (key == null) {
        throw new IllegalStateException("apiKey must be set for the " + PROVIDER_ID + " provider");
      }
      return new OpenAiResponsesProvider(this, http(PROVIDER_ID, DEFAULT_BASE_URL), key);
    }
  }
}

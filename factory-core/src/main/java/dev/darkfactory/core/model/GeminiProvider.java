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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelProvider} for the Google Gemini API's {@code generateContent} method ({@code POST
 * {base}/models/{model}:generateContent}), authenticated with the {@code x-goog-api-key} header;
 * the key never appears in a URL.
 *
 * <pre>{@code
 * ModelProvider gemini = GeminiProvider.fromEnvironment(System.getenv());
 * }</pre>
 *
 * <h2>Environment</h2>
 *
 * <ul>
 *   <li>{@code GEMINI_API_KEY}: the API key; when it is unset or blank, {@code GOOGLE_API_KEY} is
 *       used instead. One of them is required.
 *   <li>{@code GEMINI_BASE_URL}: optional; the base URL including the API version, by default
 *       {@value #DEFAULT_BASE_URL}.
 * </ul>
 *
 * <h2>Request mapping</h2>
 *
 * <ul>
 *   <li>The system prompt becomes {@code systemInstruction: {parts: [{text}]}} (left out when
 *       empty).
 *   <li>Messages become {@code contents}, role {@code user} or {@code model}, one content per
 *       message. Text blocks are {@code {text}} parts (empty text is left out unless it carries a
 *       thought signature; a message with no part left sends one empty text part). Tool calls are
 *       {@code {functionCall: {id?, name, args}}} parts whose {@code args} is the parsed argument
 *       object; a tool call whose arguments are not a JSON object (one that came from another
 *       vendor) is sent with empty {@code args} and a warning is logged, since Gemini accepts
 *       nothing else.
 *   <li>Tool results are {@code {functionResponse: {id?, name, response}}} parts. The response is
 *       {@code {"output": content}}, or {@code {"error": content}} for a failed tool, the keys the
 *       Gemini documentation names. Gemini needs the called function's name, which the provider
 *       takes from the matching {@link ContentBlock.ToolCall} earlier in the conversation; a
 *       result that answers no call in the conversation fails the call with {@link
 *       Kind#INVALID_REQUEST}.
 *   <li>Tools become {@code tools: [{functionDeclarations: [{name, description,
 *       parametersJsonSchema}]}]}. The schema goes in {@code parametersJsonSchema}, which takes
 *       JSON Schema as it is, rather than {@code parameters}, which takes an OpenAPI subset and
 *       rejects common JSON Schema keywords such as {@code additionalProperties}. A schema that is
 *       not a JSON object fails with {@link Kind#INVALID_REQUEST}.
 *   <li>{@code generationConfig} carries {@code maxOutputTokens}, {@code temperature} when set,
 *       and for {@link ModelRequest#responseSchema()} {@code responseMimeType: "application/json"}
 *       with the schema, unchanged, in {@code responseJsonSchema} (the JSON Schema field, not the
 *       OpenAPI-subset {@code responseSchema}). Gemini supports a subset of JSON Schema there and
 *       ignores the rest.
 * </ul>
 *
 * <h2>Metadata keys</h2>
 *
 * <ul>
 *   <li>{@link ModelHints#THINKING_BUDGET_TOKENS}: {@code generationConfig.thinkingConfig
 *       .thinkingBudget}, an integer from -1 ({@code -1} lets the model decide, {@code 0} turns
 *       thinking off where the model allows); anything else fails with {@link
 *       Kind#INVALID_REQUEST}.
 *   <li>{@link ModelHints#REASONING_EFFORT}: {@code thinkingConfig.thinkingLevel} (Gemini 3
 *       models: {@code minimal}, {@code low}, {@code medium}, {@code high}), sent lower-cased.
 *       Gemini refuses a request with both a level and a budget, so when both keys are set only
 *       the budget is sent.
 *   <li>{@link ModelHints#PROMPT_CACHE_KEY} and {@link ModelHints#PROMPT_CACHING}: ignored;
 *       Gemini caches prompt prefixes implicitly and reports the hits, which this provider counts
 *       as {@link Usage#cacheReadTokens()}.
 *   <li>Any other key is ignored.
 * </ul>
 *
 * <h2>Response mapping</h2>
 *
 * <ul>
 *   <li>The parts of {@code candidates[0].content} become blocks in order: {@code text} parts
 *       {@link ContentBlock.Text}, parts with {@code thought: true} {@link ContentBlock.Thinking},
 *       {@code functionCall} parts {@link ContentBlock.ToolCall} with {@code args} written as a
 *       JSON object string. Arguments that are not an object are passed through as given (a
 *       string as its text, anything else as its JSON) for the agent to report to the model;
 *       missing arguments become {@code {}}. Other part kinds are skipped; an answer with no
 *       block left holds one empty text block.
 *   <li>A function call without an {@code id} gets one: {@code gemini_call_<n>_<name>}, where
 *       {@code n} counts the tool calls already in the request's conversation plus the call's
 *       place in the answer, so the id is the same for the same request and answer and does not
 *       repeat within a conversation. Such generated ids are never sent to Gemini (a call or
 *       result is sent without an {@code id}); ids Gemini issued are sent back as they came.
 *   <li>{@code finishReason}: {@code STOP} (or none) is {@link StopReason#END_TURN}, or {@link
 *       StopReason#TOOL_USE} when the answer holds function calls; {@code MAX_TOKENS} is {@link
 *       StopReason#MAX_TOKENS}; {@code SAFETY}, {@code RECITATION}, {@code PROHIBITED_CONTENT},
 *       {@code BLOCKLIST}, {@code SPII} and {@code IMAGE_SAFETY} are {@link StopReason#REFUSAL};
 *       anything else (such as {@code MALFORMED_FUNCTION_CALL}) is {@link StopReason#OTHER}. An
 *       answer with no candidates and a {@code promptFeedback.blockReason} is a {@link
 *       StopReason#REFUSAL} with empty text; with neither it is a {@link
 *       Kind#MALFORMED_RESPONSE}.
 *   <li>{@code usageMetadata}: {@code promptTokenCount} includes {@code
 *       cachedContentTokenCount}, so {@link Usage#inputTokens()} is the prompt count minus the
 *       cached count, plus {@code toolUsePromptTokenCount}; {@link Usage#cacheReadTokens()} is the
 *       cached count. Gemini counts thoughts apart from the answer, so {@link
 *       Usage#outputTokens()} is {@code candidatesTokenCount + thoughtsTokenCount} and {@link
 *       Usage#reasoningTokens()} is {@code thoughtsTokenCount}. Counts that are not non-negative
 *       integers, or a cached count above the prompt count, are a {@link
 *       Kind#MALFORMED_RESPONSE}.
 *   <li>{@code responseId} is the response id and {@code modelVersion} the model (the requested
 *       model when absent).
 * </ul>
 *
 * <h2>Thinking and thought signatures</h2>
 *
 * <p>Gemini puts an opaque {@code thoughtSignature} on some parts (a thought, a text part, or the
 * first function call of a turn) and requires it back on that same part in the next turn. This
 * provider carries it in a {@link ContentBlock.Thinking} block:
 *
 * <ul>
 *   <li>a thought part ({@code thought: true}) becomes {@code Thinking(text, signature)}, its own
 *       signature included (empty when it has none);
 *   <li>a signature on any other part becomes {@code Thinking("", signature)} placed immediately
 *       before the block made from that part.
 * </ul>
 *
 * <p>When sending, a {@code Thinking} with empty text and a signature that is directly followed by
 * a text or tool-call block is not sent as a part of its own: its signature is attached to the
 * part made from the following block. Every other {@code Thinking} is sent as a thought part
 * ({@code {thought: true, text, thoughtSignature?}}); one with neither text nor signature is left
 * out. One case cannot be told apart: a thought part with empty text and a signature, directly
 * followed by a part without a signature, comes back with its signature on that following part.
 * Thought text arrives only when {@link Builder#includeThoughts(boolean)} asks for thought
 * summaries; signatures arrive either way.
 *
 * <h2>Errors</h2>
 *
 * <p>Gemini's error body {@code {"error": {"code", "message", "status", "details"}}} is read by
 * the shared transport: HTTP 429 {@code RESOURCE_EXHAUSTED} is {@link Kind#RATE_LIMITED} with the
 * {@code RetryInfo.retryDelay} as the retry hint, 503 {@code UNAVAILABLE} is {@link
 * Kind#OVERLOADED}, a 400 {@code INVALID_ARGUMENT} saying the input token count exceeds the
 * maximum is {@link Kind#CONTEXT_TOO_LONG}, 401 and 403 are {@link Kind#AUTHENTICATION}.
 *
 * <h2>Not supported</h2>
 *
 * <p>Streaming ({@code streamGenerateContent}), images, audio, files and other non-text parts,
 * Gemini's built-in tools (search grounding, code execution, URL context), explicit context
 * caches ({@code cachedContent}), safety settings, stop sequences, {@code topP}/{@code topK},
 * several candidates, and the forced function-calling modes of {@code toolConfig}. Vertex AI's
 * endpoints and OAuth authentication are not covered either.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GeminiProvider implements ModelProvider {

  /** The provider id, {@value}. */
  public static final String PROVIDER_ID = "gemini";

  /** The public Gemini API base URL, with its version, {@value}. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

  /** The environment variable holding the API key, {@value}. */
  public static final String API_KEY_VARIABLE = "GEMINI_API_KEY";

  /** The environment variable read when {@link #API_KEY_VARIABLE} is unset, {@value}. */
  public static final String FALLBACK_API_KEY_VARIABLE = "GOOGLE_API_KEY";

  /** The environment variable that overrides the base URL, {@value}. */
  public static final String BASE_URL_VARIABLE = "GEMINI_BASE_URL";

  private static final Logger log = LoggerFactory.getLogger(GeminiProvider.class);

  private static final String GENERATED_ID_PREFIX = "gemini_call_";
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?");
  private static final Set<String> REFUSALS =
      Set.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY");

  private final ModelHttp http;
  private final String apiKey;
  private final boolean includeThoughts;

  private GeminiProvider(Builder b, ModelHttp http) {
    this.http = http;
    this.apiKey = Require.nonNull(b.apiKey, "apiKey");
    this.includeThoughts = b.includeThoughts;
  }

  /** A builder; {@link Builder#apiKey(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider configured from environment variables: the key from {@value #API_KEY_VARIABLE},
   * or {@value #FALLBACK_API_KEY_VARIABLE} when that is unset or blank, and the base URL from
   * {@value #BASE_URL_VARIABLE} when set.
   *
   * @param environment variables by name, usually {@code System.getenv()}
   * @return the provider
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static GeminiProvider fromEnvironment(Map<String, String> environment) {
    Require.nonNull(environment, "environment");
    String key = apiKeyFrom(environment);
    if (key == null) {
      throw new IllegalArgumentException(
          API_KEY_VARIABLE
              + " (or "
              + FALLBACK_API_KEY_VARIABLE
              + ") must be set to a Gemini API key but neither is");
    }
    Builder b = builder().apiKey(key);
    String base = environment.get(BASE_URL_VARIABLE);
    if (base != null && !base.isBlank()) {
      b.baseUrl = HttpProviderBuilder.parseBaseUrl(base, BASE_URL_VARIABLE);
    }
    return b.build();
  }

  /** The API key in {@code environment}, or null when neither variable holds one. */
  static @Nullable String apiKeyFrom(Map<String, String> environment) {
    for (String name : List.of(API_KEY_VARIABLE, FALLBACK_API_KEY_VARIABLE)) {
      String v = environment.get(name);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  /** Always {@value #PROVIDER_ID}. */
  @Override
  public String id() {
    return PROVIDER_ID;
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    Conversation conversation = Conversation.of(request);
    ObjectNode body = requestBody(request, conversation);
    return http.post(
        path(request.model()),
        Map.of("x-goog-api-key", apiKey),
        body,
        json -> parse(json, request, conversation));
  }

  private static String path(String model) throws ModelException {
    String name = model.strip();
    if (!MODEL_NAME.matcher(name).matches()) {
      throw new ModelException(
          Kind.INVALID_REQUEST,
          "model must be a Gemini model name such as gemini-2.5-flash but was "
              + Require.quote(model));
    }
    // "models/gemini-2.5-flash" and "tunedModels/x" name the resource already.
    return "/" + (name.contains("/") ? name : "models/" + name) + ":generateContent";
  }

  // ---------------------------------------------------------------- request

  /** What the conversation holds that the wire needs: call names by id, and ids in use. */
  private record Conversation(Map<String, String> callNames, Set<String> ids, int calls) {
    static Conversation of(ModelRequest request) {
      Map<String, String> names = new HashMap<>();
      int calls = 0;
      for (Message m : request.messages()) {
        for (ContentBlock b : m.content()) {
          if (b instanceof ContentBlock.ToolCall c) {
            names.put(c.id(), c.name());
            calls++;
          }
        }
      }
      return new Conversation(names, new HashSet<>(names.keySet()), calls);
    }
  }

  private ObjectNode requestBody(ModelRequest request, Conversation conversation)
      throws ModelException {
    ObjectNode body = ModelHttp.JSON.createObjectNode();
    if (!request.system().isEmpty()) {
      body.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
    }
    ArrayNode contents = body.putArray("contents");
    for (Message message : request.messages()) {
      ObjectNode content = contents.addObject();
      content.put("role", message.role() == Role.USER ? "user" : "model");
      content.set("parts", parts(message, conversation));
    }
    if (!request.tools().isEmpty()) {
      ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (ToolSpec tool : request.tools()) {
        ObjectNode d = declarations.addObject();
        d.put("name", tool.name());
        d.put("description", tool.description());
        d.set(
            "parametersJsonSchema",
            jsonObject(tool.inputSchemaJson(), "inputSchemaJson of tool " + tool.name()));
      }
    }
    ObjectNode config = body.putObject("generationConfig");
    config.put("maxOutputTokens", request.maxOutputTokens());
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    if (request.responseSchemaJson() != null) {
      config.put("responseMimeType", "application/json");
      config.set("responseJsonSchema", jsonObject(request.responseSchemaJson(), "responseSchemaJson"));
    }
    ObjectNode thinking = thinkingConfig(request.metadata());
    if (thinking != null) {
      config.set("thinkingConfig", thinking);
    }
    return body;
  }

  private @Nullable ObjectNode thinkingConfig(Map<String, String> metadata) throws ModelException {
    ObjectNode thinking = ModelHttp.JSON.createObjectNode();
    String budget = metadata.get(ModelHints.THINKING_BUDGET_TOKENS);
    String effort = metadata.get(ModelHints.REASONING_EFFORT);
    if (budget != null) {
      int value;
      try {
        value = Integer.parseInt(budget.strip());
      } catch (NumberFormatException e) {
        value = Integer.MIN_VALUE;
      }
      if (value < -1) {
        throw new ModelException(
            Kind.INVALID_REQUEST,
            "metadata "
                + ModelHints.THINKING_BUDGET_TOKENS
                + " must be an integer of at least -1 but was "
                + Require.quote(budget));
      }
      thinking.put("thinkingBudget", value);
      if (effort != null) {
        log.debug(
            "both {} and {} set; Gemini takes only one, sending the budget",
            ModelHints.THINKING_BUDGET_TOKENS,
            ModelHints.REASONING_EFFORT);
      }
    } else if (effort != null && !effort.isBlank()) {
      thinking.put("thinkingLevel", effort.strip().toLowerCase(Locale.ROOT));
    }
    if (includeThoughts) {
      thinking.put("includeThoughts", true);
    }
    return thinking.isEmpty() ? null : thinking;
  }

  private static ArrayNode parts(Message message, Conversation conversation)
      throws ModelException {
    ArrayNode parts = ModelHttp.JSON.createArrayNode();
    List<ContentBlock> blocks = message.content();
    String signature = null; // carried over to the part made from the next block
    for (int i = 0; i < blocks.size(); i++) {
      ContentBlock block = blocks.get(i);
      ObjectNode part;
      if (block instanceof ContentBlock.Thinking t) {
        boolean carrier =
            t.text().isEmpty()
                && !t.signature().isEmpty()
                && i + 1 < blocks.size()
                && (blocks.get(i + 1) instanceof ContentBlock.Text
                    || blocks.get(i + 1) instanceof ContentBlock.ToolCall);
        if (carrier) {
          signature = t.signature();
          continue;
        }
        if (t.text().isEmpty() && t.signature().isEmpty()) {
          continue;
        }
        part = ModelHttp.JSON.createObjectNode().put("thought", true).put("text", t.text());
        if (!t.signature().isEmpty()) {
          part.put("thoughtSignature", t.signature());
        }
        parts.add(part);
        continue;
      } else if (block instanceof ContentBlock.Text x) {
        if (x.text().isEmpty() && signature == null) {
          continue;
        }
        part = ModelHttp.JSON.createObjectNode().put("text", x.text());
      } else if (block instanceof ContentBlock.ToolCall c) {
        part = ModelHttp.JSON.createObjectNode();
        ObjectNode call = part.putObject("functionCall");
        if (!isGenerated(c.id(), c.name())) {
          call.put("id", c.id());
        }
        call.put("name", c.name());
        call.set("args", arguments(c));
      } else if (block instanceof ContentBlock.ToolResult r) {
        String name = conversation.callNames().get(r.toolCallId());
        if (name == null) {
          throw new ModelException(
              Kind.INVALID_REQUEST,
              "tool result for call "
                  + Require.quote(r.toolCallId())
                  + " answers no tool call in the conversation; Gemini needs the called"
                  + " function's name");
        }
        part = ModelHttp.JSON.createObjectNode();
        ObjectNode response = part.putObject("functionResponse");
        if (!isGenerated(r.toolCallId(), name)) {
          response.put("id", r.toolCallId());
        }
        response.put("name", name);
        response.putObject("response").put(r.error() ? "error" : "output", r.content());
      } else {
        throw new IllegalStateException("unknown content block " + block);
      }
      if (signature != null) {
        part.put("thoughtSignature", signature);
        signature = null;
      }
      parts.add(part);
    }
    if (parts.isEmpty()) {
      parts.addObject().put("text", "");
    }
    return parts;
  }

  private static JsonNode arguments(ContentBlock.ToolCall call) {
    try {
      JsonNode args = ModelHttp.JSON.readTree(call.argumentsJson());
      if (args != null && args.isObject()) {
        return args;
      }
    } catch (JsonProcessingException notJson) {
      // fall through
    }
    log.warn(
        "arguments of tool call {} ({}) are not a JSON object; Gemini takes only objects, so the"
            + " call is sent with empty args",
        call.id(),
        call.name());
    return ModelHttp.JSON.createObjectNode();
  }

  private static JsonNode jsonObject(String json, String what) throws ModelException {
    try {
      JsonNode node = ModelHttp.JSON.readTree(json);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      throw new ModelException(
          Kind.INVALID_REQUEST, what + " is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    throw new ModelException(Kind.INVALID_REQUEST, what + " must be a JSON object");
  }

  /** Whether {@code id} is one this provider made up for a call Gemini sent without an id. */
  static boolean isGenerated(String id, String name) {
    if (!id.startsWith(GENERATED_ID_PREFIX) || !id.endsWith("_" + name)) {
      return false;
    }
    String n = id.substring(GENERATED_ID_PREFIX.length(), id.length() - name.length() - 1);
    return !n.isEmpty() && n.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  // ---------------------------------------------------------------- response

  private static ModelResponse parse(JsonNode json, ModelRequest request, Conversation conversation) {
    String id = optionalText(json, "responseId");
    String model = optionalText(json, "modelVersion");
    if (model.isBlank()) {
      model = request.model();
    }
    Usage usage = usage(json.path("usageMetadata"));
    JsonNode candidates = json.path("candidates");
    if (!candidates.isMissingNode() && !candidates.isNull() && !candidates.isArray()) {
      throw new IllegalStateException("candidates is not an array");
    }
    if (candidates.isMissingNode() || candidates.isNull() || candidates.isEmpty()) {
      String blockReason = optionalText(json.path("promptFeedback"), "blockReason");
      if (blockReason.isEmpty()) {
        throw new IllegalStateException("no candidates and no promptFeedback.blockReason");
      }
      log.debug("gemini blocked the prompt: {}", blockReason);
      return new ModelResponse(
          id, model, Message.assistant(""), StopReason.REFUSAL, usage);
    }
    JsonNode candidate = candidates.get(0);
    if (!candidate.isObject()) {
      throw new IllegalStateException("candidates[0] is not an object");
    }
    List<ContentBlock> blocks = new ArrayList<>();
    boolean calls = false;
    JsonNode parts = candidate.path("content").path("parts");
    if (!parts.isMissingNode() && !parts.isNull() && !parts.isArray()) {
      throw new IllegalStateException("candidates[0].content.parts is not an array");
    }
    Set<String> ids = new HashSet<>(conversation.ids());
    int next = conversation.calls();
    for (JsonNode part : parts) {
      if (!part.isObject()) {
        throw new IllegalStateException("a part is not an object");
      }
      String signature = optionalText(part, "thoughtSignature");
      JsonNode text = part.get("text");
      JsonNode call = part.get("functionCall");
      if (part.path("thought").asBoolean(false)) {
        blocks.add(new ContentBlock.Thinking(text == null ? "" : textValue(text, "text"), signature));
        continue;
      }
      if (call != null && !call.isNull()) {
        if (!call.isObject()) {
          throw new IllegalStateException("functionCall is not an object");
        }
        String name = optionalText(call, "name");
        if (name.isBlank()) {
          throw new IllegalStateException("functionCall without a name");
        }
        String callId = optionalText(call, "id");
        if (callId.isBlank()) {
          do {
            callId = GENERATED_ID_PREFIX + next++ + "_" + name;
          } while (ids.contains(callId));
        } else {
          next++;
        }
        ids.add(callId);
        if (!signature.isEmpty()) {
          blocks.add(new ContentBlock.Thinking("", signature));
        }
        blocks.add(new ContentBlock.ToolCall(callId, name, argumentsJson(call.get("args"))));
        calls = true;
      } else if (text != null && !text.isNull()) {
        if (!signature.isEmpty()) {
          blocks.add(new ContentBlock.Thinking("", signature));
        }
        blocks.add(new ContentBlock.Text(textValue(text, "text")));
      } else if (!signature.isEmpty()) {
        blocks.add(new ContentBlock.Thinking("", signature));
      } else {
        log.debug("skipping a gemini part this provider does not map: {}", part.properties());
      }
    }
    if (blocks.isEmpty()) {
      blocks.add(new ContentBlock.Text(""));
    }
    StopReason stop = stopReason(optionalText(candidate, "finishReason"), calls);
    return new ModelResponse(id, model, new Message(Role.ASSISTANT, blocks), stop, usage);
  }

  private static String argumentsJson(@Nullable JsonNode args) {
    if (args == null || args.isNull()) {
      return "{}";
    }
    if (args.isTextual()) {
      return args.asText(); // not an object: passed through for the agent to report
    }
    return args.toString();
  }

  static StopReason stopReason(String finishReason, boolean calls) {
    if (finishReason.isEmpty() || finishReason.equals("STOP")) {
      return calls ? StopReason.TOOL_USE : StopReason.END_TURN;
    }
    if (finishReason.equals("MAX_TOKENS")) {
      return StopReason.MAX_TOKENS;
    }
    return REFUSALS.contains(finishReason) ? StopReason.REFUSAL : StopReason.OTHER;
  }

  private static Usage usage(JsonNode meta) {
    if (meta.isMissingNode() || meta.isNull()) {
      return Usage.ZERO;
    }
    if (!meta.isObject()) {
      throw new IllegalStateException("usageMetadata is not an object");
    }
    long prompt = count(meta, "promptTokenCount");
    long cached = count(meta, "cachedContentTokenCount");
    long candidates = count(meta, "candidatesTokenCount");
    long thoughts = count(meta, "thoughtsTokenCount");
    long toolUse = count(meta, "toolUsePromptTokenCount");
    if (cached > prompt) {
      throw new IllegalStateException(
          "cachedContentTokenCount (" + cached + ") exceeds promptTokenCount (" + prompt + ")");
    }
    return new Usage(
        Math.addExact(prompt - cached, toolUse),
        Math.addExact(candidates, thoughts),
        cached,
        0,
        thoughts);
  }

  private static long count(JsonNode meta, String field) {
    JsonNode v = meta.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalStateException(
          "usageMetadata." + field + " must be a non-negative integer but was " + v);
    }
    return v.asLong();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    return textValue(v, field);
  }

  private static String textValue(JsonNode v, String field) {
    if (!v.isTextual()) {
      throw new IllegalStateException(field + " is not a string but " + v.getNodeType());
    }
    return v.asText();
  }

  /**
   * Builds a {@link GeminiProvider}. Defaults as in {@link HttpProviderBuilder}, base URL
   * {@value GeminiProvider#DEFAULT_BASE_URL}, no thought summaries.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder extends HttpProviderBuilder<Builder> {

    private boolean includeThoughts;

    private Builder() {}

    /**
     * Asks Gemini for thought summaries ({@code thinkingConfig.includeThoughts}), which come back
     * as {@link ContentBlock.Thinking} blocks with text. Off by default; thought signatures come
     * back either way.
     *
     * @param includeThoughts whether to ask for them
     * @return this builder
     */
    public Builder includeThoughts(boolean includeThoughts) {
      this.includeThoughts = includeThoughts;
      return this;
    }

    /**
     * The provider.
     *
     * @return the provider
     * @throws IllegalArgumentException when no API key was set
     */
    public GeminiProvider build() {
      if (apiKey == null) {
        throw new IllegalArgumentException("apiKey must be set for the Gemini provider");
      }
      return new GeminiProvider(this, http(PROVIDER_ID, DEFAULT_BASE_URL));
    }
  }
}

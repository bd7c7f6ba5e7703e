package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A lossless JSON form of {@link ModelRequest} and {@link ModelResponse}, for response caches,
 * recorded sessions and replays. Reading what was written gives an equal record back, for every
 * kind of {@link ContentBlock}, the metadata, the temperature and the response schema; strings
 * are kept exactly, unpaired surrogates included.
 *
 * <p>The form (fields in this order; {@code temperature} and {@code responseSchema} are left out
 * when not set):
 *
 * <pre>{@code
 * request:  {"model", "system", "messages": [message...], "tools": [{"name", "description",
 *            "inputSchema"}...], "maxOutputTokens", "temperature", "metadata": [{"key", "value"}...],
 *            "responseSchema"}
 * response: {"id", "model", "message", "stopReason", "usage": {"inputTokens", "outputTokens",
 *            "cacheReadTokens", "cacheWriteTokens", "reasoningTokens"}}
 * message:  {"role": "user"|"assistant", "content": [block...]}
 * block:    {"type": "text", "text"} | {"type": "tool_call", "id", "name", "arguments"}
 *         | {"type": "tool_result", "toolCallId", "content", "error"}
 *         | {"type": "thinking", "text", "signature"}
 * }</pre>
 *
 * <p>Metadata is a list of entries rather than an object because a JSON reader refuses an
 * unpaired surrogate in a field name, and a key may hold one. Tool call arguments, input schemas and the response schema stay strings, exactly as they
 * were, because the model's text need not be valid JSON. {@link #write(ModelRequest)} gives the
 * canonical text: no whitespace, the fields in the order above, metadata sorted by key, every
 * character outside ASCII escaped as {@code \}{@code uXXXX}, so equal requests give equal text
 * (and equal bytes) and different requests different text.
 *
 * <p>Reading is strict: a missing field, a value of the wrong type, an unknown field or block
 * type, or a value the records refuse throws {@link ModelJsonException} whose message starts with
 * the JSON path of the bad value. Thread-safe; stateless.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ModelJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          "model",
          "system",
          "messages",
          "tools",
          "maxOutputTokens",
          "temperature",
          "metadata",
          "responseSchema");
  private static final Set<String> RESPONSE_FIELDS =
      Set.of("id", "model", "message", "stopReason", "usage");
  private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
  private static final Set<String> METADATA_FIELDS = Set.of("key", "value");
  private static final Set<String> TOOL_FIELDS = Set.of("name", "description", "inputSchema");
  private static final Set<String> USAGE_FIELDS =
      Set.of("inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "reasoningTokens");
  private static final Map<String, Set<String>> BLOCK_FIELDS =
      Map.of(
          "text", Set.of("type", "text"),
          "tool_call", Set.of("type", "id", "name", "arguments"),
          "tool_result", Set.of("type", "toolCallId", "content", "error"),
          "thinking", Set.of("type", "text", "signature"));

  private ModelJson() {}

  // ---------------------------------------------------------------- writing

  /**
   * The request as a JSON tree, in the form the class describes.
   *
   * @param request the request
   * @return a new tree the caller may change
   */
  public static ObjectNode toTree(ModelRequest request) {
    Require.nonNull(request, "request");
    ObjectNode n = NODES.objectNode();
    n.put("model", request.model());
    n.put("system", request.system());
    ArrayNode messages = n.putArray("messages");
    for (Message m : request.messages()) {
      messages.add(toTree(m));
    }
    ArrayNode tools = n.putArray("tools");
    for (ToolSpec t : request.tools()) {
      ObjectNode tool = tools.addObject();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.put("inputSchema", t.inputSchemaJson());
    }
    n.put("maxOutputTokens", request.maxOutputTokens());
    if (request.temperature() != null) {
      n.put("temperature", request.temperature().doubleValue());
    }
    ArrayNode metadata = n.putArray("metadata");
    new TreeMap<>(request.metadata())
        .forEach((k, v) -> metadata.addObject().put("key", k).put("value", v));
    if (request.responseSchemaJson() != null) {
      n.put("responseSchema", request.responseSchemaJson());
    }
    return n;
  }

  /**
   * The response as a JSON tree, in the form the class describes.
   *
   * @param response the response
   * @return a new tree the caller may change
   */
  public static ObjectNode toTree(ModelResponse response) {
    Require.nonNull(response, "response");
    ObjectNode n = NODES.objectNode();
    n.put("id", response.id());
    n.put("model", response.model());
    n.set("message", toTree(response.message()));
    n.put("stopReason", response.stopReason().name());
    n.set("usage", toTree(response.usage()));
    return n;
  }

  /**
   * A message as a JSON tree.
   *
   * @param message the message
   * @return a new tree the caller may change
   */
  public static ObjectNode toTree(Message message) {
    Require.nonNull(message, "message");
    ObjectNode n = NODES.objectNode();
    n.put("role", message.role().name().toLowerCase(Locale.ROOT));
    ArrayNode content = n.putArray("content");
    for (ContentBlock b : message.content()) {
      ObjectNode block = content.addObject();
      if (b instanceof ContentBlock.Text t) {
        block.put("type", "text");
        block.put("text", t.text());
      } else if (b instanceof ContentBlock.ToolCall c) {
        block.put("type", "tool_call");
        block.put("id", c.id());
        block.put("name", c.name());
        block.put("arguments", c.argumentsJson());
      } else if (b instanceof ContentBlock.ToolResult r) {
        block.put("type", "tool_result");
        block.put("toolCallId", r.toolCallId());
        block.put("content", r.content());
        block.put("error", r.error());
      } else {
        ContentBlock.Thinking th = (ContentBlock.Thinking) b;
        block.put("type", "thinking");
        block.put("text", th.text());
        block.put("signature", th.signature());
      }
    }
    return n;
  }

  /**
   * Usage as a JSON tree.
   *
   * @param usage the usage
   * @return a new tree the caller may change
   */
  public static ObjectNode toTree(Usage usage) {
    Require.nonNull(usage, "usage");
    ObjectNode n = NODES.objectNode();
    n.put("inputTokens", usage.inputTokens());
    n.put("outputTokens", usage.outputTokens());
    n.put("cacheReadTokens", usage.cacheReadTokens());
    n.put("cacheWriteTokens", usage.cacheWriteTokens());
    n.put("reasoningTokens", usage.reasoningTokens());
    return n;
  }

  /**
   * The canonical text of a request: equal requests give equal text, different ones different
   * text; pure ASCII.
   *
   * @param request the request
   * @return compact JSON
   */
  public static String write(ModelRequest request) {
    return canonical(toTree(request));
  }

  /**
   * The canonical text of a response; pure ASCII.
   *
   * @param response the response
   * @return compact JSON
   */
  public static String write(ModelResponse response) {
    return canonical(toTree(response));
  }

  /**
   * Any JSON tree as compact, ASCII-only text, with the fields in the tree's order.
   *
   * @param tree the tree
   * @return compact JSON
   */
  public static String canonical(JsonNode tree) {
    Require.nonNull(tree, "tree");
    try {
      return CANONICAL.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e.getOriginalMessage(), e);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a request from JSON text.
   *
   * @param json the text
   * @return the request
   * @throws ModelJsonException naming the JSON path of the first bad value
   */
  public static ModelRequest readRequest(String json) {
    return readRequest(parse(json));
  }

  /**
   * Reads a request from a JSON tree.
   *
   * @param tree the tree
   * @return the request
   * @throws ModelJsonException naming the JSON path of the first bad value
   */
  public static ModelRequest readRequest(JsonNode tree) {
    ObjectNode n = object(tree, "$");
    only(n, "$", REQUEST_FIELDS);
    String model = string(n, "$", "model");
    String system = string(n, "$", "system");
    List<Message> messages = list(array(n, "$", "messages"), "$.messages", ModelJson::message);
    List<ToolSpec> tools = list(array(n, "$", "tools"), "$.tools", ModelJson::tool);
    int maxOutputTokens = integer(n, "$", "maxOutputTokens");
    Double temperature = null;
    JsonNode t = n.get("temperature");
    if (t != null && !t.isNull()) {
      if (!t.isNumber()) {
        throw wrongType("$.temperature", "a number", t);
      }
      temperature = t.doubleValue();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    ArrayNode meta = array(n, "$", "metadata");
    for (int i = 0; i < meta.size(); i++) {
      String path = "$.metadata[" + i + "]";
      ObjectNode entry = object(meta.get(i), path);
      only(entry, path, METADATA_FIELDS);
      String key = string(entry, path, "key");
      String value = string(entry, path, "value");
      if (metadata.put(key, value) != null) {
        throw new ModelJsonException(path + ".key", "the key " + Require.quote(key) + " appears twice", null);
      }
    }
    String responseSchema = null;
    JsonNode s = n.get("responseSchema");
    if (s != null && !s.isNull()) {
      if (!s.isTextual()) {
        throw wrongType("$.responseSchema", "a string", s);
      }
      responseSchema = s.textValue();
    }
    Double temp = temperature;
    String schema = responseSchema;
    return build(
        "$",
        () ->
            new ModelRequest(
                model, system, messages, tools, maxOutputTokens, temp, metadata, schema));
  }

  /**
   * Reads a response from JSON text.
   *
   * @param json the text
   * @return the response
   * @throws ModelJsonException naming the JSON path of the first bad value
   */
  public static ModelResponse readResponse(String json) {
    return readResponse(parse(json));
  }

  /**
   * Reads a response from a JSON tree.
   *
   * @param tree the tree
   * @return the response
   * @throws ModelJsonException naming the JSON path of the first bad value
   */
  public static ModelResponse readResponse(JsonNode tree) {
    ObjectNode n = object(tree, "$");
    only(n, "$", RESPONSE_FIELDS);
    String id = string(n, "$", "id");
    String model = string(n, "$", "model");
    Message message = message(required(n, "$", "message"), "$.message");
    StopReason stop = enumValue(n, "$", "stopReason", StopReason.class);
    Usage usage = readUsage(required(n, "$", "usage"), "$.usage");
    return build("$", () -> new ModelResponse(id, model, message, stop, usage));
  }

  /**
   * Reads a message.
   *
   * @param tree the tree, as {@link #toTree(Message)} writes it
   * @return the message
   * @throws ModelJsonException naming the JSON path of the first bad value
   */
  public static Message readMessage(JsonNode tree) {
    return message(tree, "$");
  }

  /**
   * Reads usage.
   *
   * @param tree the tree, as {@link #toTree(Usage)} writes it
   * @return the usage
   * @throws ModelJsonException naming the JSON path of the first bad value
   */
  public static Usage readUsage(JsonNode tree) {
    return readUsage(tree, "$");
  }

  /**
   * Parses JSON text into a tree.
   *
   * @param json the text
   * @return the tree
   * @throws ModelJsonException at {@code $} when the text is not one JSON value
   */
  public static JsonNode parse(String json) {
    Require.nonNull(json, "json");
    try {
      JsonNode tree = CANONICAL.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw new ModelJsonException("$", "there is no JSON value", null);
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ModelJsonException("$", "not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Message message(JsonNode tree, String path) {
    ObjectNode n = object(tree, path);
    only(n, path, MESSAGE_FIELDS);
    String role = string(n, path, "role");
    Role r;
    switch (role) {
      case "user" -> r = Role.USER;
      case "assistant" -> r = Role.ASSISTANT;
      default ->
          throw new ModelJsonException(
              path + ".role", "unknown role " + Require.quote(role) + "; expected user or assistant", null);
    }
    List<ContentBlock> content =
        list(array(n, path, "content"), path + ".content", ModelJson::block);
    return build(path, () -> new Message(r, content));
  }

  private static ContentBlock block(JsonNode tree, String path) {
    ObjectNode n = object(tree, path);
    String type = string(n, path, "type");
    Set<String> allowed = BLOCK_FIELDS.get(type);
    if (allowed == null) {
      throw new ModelJsonException(
          path + ".type",
          "unknown block type "
              + Require.quote(type)
              + "; expected one of "
              + String.join(", ", new TreeMap<>(BLOCK_FIELDS).keySet()),
          null);
    }
    only(n, path, allowed);
    return switch (type) {
      case "text" -> {
        String text = string(n, path, "text");
        yield build(path, () -> new ContentBlock.Text(text));
      }
      case "tool_call" -> {
        String id = string(n, path, "id");
        String name = string(n, path, "name");
        String arguments = string(n, path, "arguments");
        yield build(path, () -> new ContentBlock.ToolCall(id, name, arguments));
      }
      case "tool_result" -> {
        String id = string(n, path, "toolCallId");
        String content = string(n, path, "content");
        boolean error = bool(n, path, "error");
        yield build(path, () -> new ContentBlock.ToolResult(id, content, error));
      }
      default -> {
        String text = string(n, path, "text");
        String signature = string(n, path, "signature");
        yield build(path, () -> new ContentBlock.Thinking(text, signature));
      }
    };
  }

  private static ToolSpec tool(JsonNode tree, String path) {
    ObjectNode n = object(tree, path);
    only(n, path, TOOL_FIELDS);
    String name = string(n, path, "name");
    String description = string(n, path, "description");
    String schema = string(n, path, "inputSchema");
    return build(path, () -> new ToolSpec(name, description, schema));
  }

  private static Usage readUsage(JsonNode tree, String path) {
    ObjectNode n = object(tree, path);
    only(n, path, USAGE_FIELDS);
    long input = longValue(n, path, "inputTokens");
    long output = longValue(n, path, "outputTokens");
    long read = longValue(n, path, "cacheReadTokens");
    long write = longValue(n, path, "cacheWriteTokens");
    long reasoning = longValue(n, path, "reasoningTokens");
    return build(path, () -> new Usage(input, output, read, write, reasoning));
  }

  // ---------------------------------------------------------------- helpers

  private interface Reader<T> {
    T read(JsonNode node, String path);
  }

  private static <T> List<T> list(ArrayNode array, String path, Reader<T> reader) {
    List<T> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(reader.read(array.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static <T> T build(String path, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ModelJsonException(path, String.valueOf(e.getMessage()), e);
    }
  }

  private static ObjectNode object(@Nullable JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw wrongType(path, "an object", node);
    }
    return (ObjectNode) node;
  }

  private static JsonNode required(ObjectNode n, String path, String field) {
    JsonNode v = n.get(field);
    if (v == null) {
      throw new ModelJsonException(path + member(field), "missing", null);
    }
    return v;
  }

  private static ArrayNode array(ObjectNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isArray()) {
      throw wrongType(path + member(field), "an array", v);
    }
    return (ArrayNode) v;
  }

  private static String string(ObjectNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isTextual()) {
      throw wrongType(path + member(field), "a string", v);
    }
    return v.textValue();
  }

  private static boolean bool(ObjectNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isBoolean()) {
      throw wrongType(path + member(field), "true or false", v);
    }
    return v.booleanValue();
  }

  private static int integer(ObjectNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw wrongType(path + member(field), "a whole number (32 bits)", v);
    }
    return v.intValue();
  }

  private static long longValue(ObjectNode n, String path, String field) {
    JsonNode v = required(n, path, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrongType(path + member(field), "a whole number (64 bits)", v);
    }
    return v.longValue();
  }

  private static <E extends Enum<E>> E enumValue(
      ObjectNode n, String path, String field, Class<E> type) {
    String value = string(n, path, field);
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new ModelJsonException(
          path + member(field),
          "unknown value "
              + Require.quote(value)
              + "; expected one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(Enum::name)
                  .collect(Collectors.joining(", ")),
          null);
    }
  }

  private static void only(ObjectNode n, String path, Set<String> allowed) {
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ModelJsonException(
            path + member(name),
            "unknown field; expected only " + String.join(", ", new TreeSet<>(allowed)),
            null);
      }
    }
  }

  private static String member(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*")
        ? "." + name
        : "[" + CANONICAL.getNodeFactory().textNode(name).toString() + "]";
  }

  private static ModelJsonException wrongType(String path, String expected, @Nullable JsonNode v) {
    String actual =
        v == null || v.isMissingNode()
            ? "nothing"
            : v.isNull() ? "null" : v.getNodeType().name().toLowerCase(Locale.ROOT);
    return new ModelJsonException(path, "expected " + expected + " but found " + actual, null);
  }
}

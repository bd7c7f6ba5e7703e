package dev.darkfactory.core.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one tool call, read defensively: the agent checks them against the tool's
 * schema first, but a tool used on its own still answers a bad call with a clear {@link
 * ToolException} rather than a {@link NullPointerException}.
 */
final class Arguments {

  private final JsonNode node;
  private final String tool;

  private Arguments(JsonNode node, String tool) {
    this.node = node;
    this.tool = tool;
  }

  /** The arguments of a call to {@code tool}, refusing a non-object and unknown fields. */
  static Arguments of(@Nullable JsonNode node, String tool, Set<String> known)
      throws ToolException {
    if (node == null || !node.isObject()) {
      throw new ToolException(tool + " takes a JSON object of arguments but got " + kind(node));
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ToolException(
          tool + " has no argument " + String.join(", ", unknown) + "; its arguments are "
              + String.join(", ", known.stream().sorted().toList()));
    }
    return new Arguments(node, tool);
  }

  /** A string argument the call must have. */
  String requiredString(String name) throws ToolException {
    String value = optionalString(name);
    if (value == null) {
      throw new ToolException(tool + " needs the string argument " + name);
    }
    return value;
  }

  /** A string argument, or {@code null} when absent or JSON null. */
  @Nullable String optionalString(String name) throws ToolException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ToolException(
          tool + " argument " + name + " must be a string but was " + kind(value));
    }
    return value.asText();
  }

  /** An integer argument, or {@code null} when absent or JSON null. */
  @Nullable Integer optionalInt(String name) throws ToolException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new ToolException(
          tool + " argument " + name + " must be an integer but was " + value);
    }
    return value.intValue();
  }

  /** A boolean argument, or {@code fallback} when absent or JSON null. */
  boolean optionalBoolean(String name, boolean fallback) throws ToolException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new ToolException(
          tool + " argument " + name + " must be true or false but was " + value);
    }
    return value.booleanValue();
  }

  private static String kind(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    return "an object";
  }
}

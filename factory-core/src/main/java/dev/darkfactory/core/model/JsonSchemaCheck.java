package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;

/**
 * Checks a JSON value against the part of JSON Schema that structured-output schemas use: {@code
 * type}, {@code enum}, {@code const}, {@code properties}, {@code required}, {@code
 * additionalProperties}, {@code items}, {@code minItems}, {@code maxItems}, {@code minLength},
 * {@code maxLength}, {@code pattern}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum}, {@code allOf}, {@code anyOf} and {@code oneOf}. Other keywords
 * (including {@code $ref}) are not checked; the target type's Bean Validation constraints are the
 * second line of defence.
 *
 * <p>Internal: shared by structured output and the coding agent's check of tool arguments; not
 * part of the library's API.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class JsonSchemaCheck {

  private JsonSchemaCheck() {}

  /**
   * Every way {@code value} breaks {@code schema}, each starting with a JSON path.
   *
   * @param schema the JSON Schema
   * @param value the value to check
   * @return the problems; empty when the value matches
   */
  public static List<String> problems(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (!schema.isObject()) {
      return; // true / {} accept everything; false is not used by structured output
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(type, value)) {
      out.add(path + ": expected " + describeType(type) + " but was " + kind(value));
      return;
    }
    JsonNode en = schema.get("enum");
    if (en != null && en.isArray()) {
      boolean found = false;
      for (JsonNode option : en) {
        found |= sameValue(option, value);
      }
      if (!found) {
        out.add(path + ": " + value + " is not one of " + en);
      }
    }
    JsonNode cons = schema.get("const");
    if (cons != null && !sameValue(cons, value)) {
      out.add(path + ": expected " + cons + " but was " + value);
    }
    if (value.isObject()) {
      checkObject(schema, value, path, out);
    } else if (value.isArray()) {
      checkArray(schema, value, path, out);
    } else if (value.isTextual()) {
      checkString(schema, value.asText(), path, out);
    } else if (value.isNumber()) {
      checkNumber(schema, value.decimalValue().doubleValue(), path, out);
    }
    JsonNode all = schema.get("allOf");
    if (all != null && all.isArray()) {
      for (JsonNode sub : all) {
        check(sub, value, path, out);
      }
    }
    JsonNode any = schema.get("anyOf");
    if (any != null && any.isArray() && countMatching(any, value, path) == 0) {
      out.add(path + ": matches none of the anyOf alternatives");
    }
    JsonNode one = schema.get("oneOf");
    if (one != null && one.isArray()) {
      int n = countMatching(one, value, path);
      if (n != 1) {
        out.add(path + ": matches " + n + " of the oneOf alternatives instead of exactly one");
      }
    }
  }

  private static int countMatching(JsonNode alternatives, JsonNode value, String path) {
    int n = 0;
    for (JsonNode sub : alternatives) {
      List<String> p = new ArrayList<>();
      check(sub, value, path, p);
      n += p.isEmpty() ? 1 : 0;
    }
    return n;
  }

  private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> out) {
    JsonNode props = schema.path("properties");
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        if (!value.has(name.asText())) {
          out.add(path + ": required property '" + name.asText() + "' is missing");
        }
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String childPath = path + "." + f.getKey();
      JsonNode sub = props.get(f.getKey());
      if (sub != null) {
        check(sub, f.getValue(), childPath, out);
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        out.add(path + ": property '" + f.getKey() + "' is not allowed");
      } else if (additional != null && additional.isObject()) {
        check(additional, f.getValue(), childPath, out);
      }
    }
  }

  private static void checkArray(JsonNode schema, JsonNode value, String path, List<String> out) {
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < value.size(); i++) {
        check(items, value.get(i), path + "[" + i + "]", out);
      }
    }
    if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
      out.add(path + ": has " + value.size() + " items, fewer than " + schema.get("minItems"));
    }
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
      out.add(path + ": has " + value.size() + " items, more than " + schema.get("maxItems"));
    }
  }

  private static void checkString(JsonNode schema, String s, String path, List<String> out) {
    int length = s.codePointCount(0, s.length());
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      out.add(path + ": is " + length + " characters long, shorter than " + schema.get("minLength"));
    }
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      out.add(path + ": is " + length + " characters long, longer than " + schema.get("maxLength"));
    }
    if (schema.has("pattern")) {
      String regex = schema.get("pattern").asText();
      try {
        if (!Pattern.compile(regex).matcher(s).find()) {
          out.add(path + ": does not match the pattern " + regex);
        }
      } catch (PatternSyntaxException e) {
        out.add(path + ": the schema's pattern " + regex + " is not a valid regular expression");
      }
    }
  }

  private static void checkNumber(JsonNode schema, double v, String path, List<String> out) {
    if (schema.has("minimum") && v < schema.get("minimum").asDouble()) {
      out.add(path + ": " + v + " is less than the minimum " + schema.get("minimum"));
    }
    if (schema.has("maximum") && v > schema.get("maximum").asDouble()) {
      out.add(path + ": " + v + " is more than the maximum " + schema.get("maximum"));
    }
    if (schema.has("exclusiveMinimum") && v <= schema.get("exclusiveMinimum").asDouble()) {
      out.add(path + ": " + v + " is not more than " + schema.get("exclusiveMinimum"));
    }
    if (schema.has("exclusiveMaximum") && v >= schema.get("exclusiveMaximum").asDouble()) {
      out.add(path + ": " + v + " is not less than " + schema.get("exclusiveMaximum"));
    }
  }

  private static boolean matchesType(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (matchesType(t.asText(), value)) {
          return true;
        }
      }
      return false;
    }
    return matchesType(type.asText(), value);
  }

  private static boolean matchesType(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      case "number" -> value.isNumber();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      default -> true;
    };
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String describeType(JsonNode type) {
    return type.isArray() ? "one of " + type : type.asText();
  }

  private static String kind(JsonNode value) {
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isNull()) {
      return "null";
    }
    return value.isIntegralNumber() ? "an integer" : "a number";
  }
}

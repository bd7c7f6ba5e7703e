package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.darkfactory.api.SourceLocation;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a Jackson tree that remembers the line of every key and value, so
 * errors found later (by binding or validation) can point at the line they are about.
 *
 * <p>Locations are keyed by JSON Pointer ({@code /scenarios/2/trials}). A key repeated in one
 * mapping is a problem, not a silent overwrite.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class YamlTree {

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private final JsonNode root;
  private final Map<String, Integer> lines;
  private final String source;
  private final int lineOffset;

  private YamlTree(JsonNode root, Map<String, Integer> lines, String source, int lineOffset) {
    this.root = root;
    this.lines = lines;
    this.source = source;
    this.lineOffset = lineOffset;
  }

  /**
   * Parses YAML text, recording syntax problems and repeated keys.
   *
   * @param text the YAML text
   * @param source the file name for locations
   * @param lineOffset added to every line, for YAML embedded in another file (front matter)
   * @param problems where problems go
   * @return the tree, or {@code null} when the text is not valid YAML
   */
  public static @Nullable YamlTree parse(
      String text, String source, int lineOffset, Problems problems) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlTree(JsonNodeFactory.instance.nullNode(), lines, source, lineOffset);
      }
      Builder builder = new Builder(parser, lines, source, lineOffset, problems);
      JsonNode root = builder.value("");
      return new YamlTree(root, lines, source, lineOffset);
    } catch (JsonProcessingException e) {
      syntaxProblem(e, source, lineOffset, problems);
      return null;
    } catch (IOException e) {
      problems.add(SourceLocation.of(source), "cannot read YAML: " + e.getMessage(), "valid YAML");
      return null;
    }
  }

  /** The document's root node; a null node for an empty document. */
  public JsonNode root() {
    return root;
  }

  /**
   * The location of the node at {@code pointer}, or of its nearest ancestor that has one.
   *
   * @param pointer a JSON Pointer such as {@code /scenarios/0/id}
   */
  public SourceLocation locate(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return new SourceLocation(source, line, 0);
      }
      if (p.isEmpty()) {
        return new SourceLocation(source, lineOffset == 0 ? 1 : lineOffset, 0);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Appends a key or index to a JSON Pointer, escaping as RFC 6901 requires. */
  public static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Reports a YAML syntax error at the line of the problem itself, with the parser's account of
   * the problem first and its context (where the enclosing construct began) after it.
   */
  private static void syntaxProblem(
      JsonProcessingException e, String source, int lineOffset, Problems problems) {
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYAMLException marked && marked.getProblem() != null) {
      Mark at = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      int line = at == null ? 0 : at.getLine() + 1 + lineOffset;
      StringBuilder message = new StringBuilder("malformed YAML: ").append(marked.getProblem().strip());
      Mark context = marked.getContextMark();
      if (marked.getContext() != null && context != null) {
        message
            .append(" (")
            .append(marked.getContext().strip())
            .append(" at line ")
            .append(context.getLine() + 1 + lineOffset)
            .append(')');
      }
      problems.add(new SourceLocation(source, line, 0), message.toString(), "valid YAML");
      return;
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : Math.max(at.getLineNr(), 0) + lineOffset;
    problems.add(
        new SourceLocation(source, line, 0),
        "malformed YAML: " + firstLine(e.getOriginalMessage()),
        "valid YAML");
  }

  /**
   * The node at {@code pointer}, or a missing node.
   *
   * @param pointer a JSON Pointer into the tree
   */
  public JsonNode node(String pointer) {
    return root.at(pointer);
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable input";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  /** Builds the tree from the token stream, recording the line of every value. */
  private static final class Builder {
    private final JsonParser parser;
    private final Map<String, Integer> lines;
    private final String source;
    private final int lineOffset;
    private final Problems problems;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    Builder(
        JsonParser parser,
        Map<String, Integer> lines,
        String source,
        int lineOffset,
        Problems problems) {
      this.parser = parser;
      this.lines = lines;
      this.source = source;
      this.lineOffset = lineOffset;
      this.problems = problems;
    }

    private int line() {
      return parser.currentTokenLocation().getLineNr() + lineOffset;
    }

    /** Reads the value at the current token, leaving the parser on its last token. */
    JsonNode value(String pointer) throws IOException {
      lines.putIfAbsent(pointer, line());
      JsonToken token = parser.currentToken();
      switch (token) {
        case START_OBJECT:
          ObjectNode object = nodes.objectNode();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String at = child(pointer, key);
            int keyLine = line();
            parser.nextToken();
            if (object.has(key)) {
              problems.add(
                  new SourceLocation(source, keyLine, 0),
                  "key '" + key + "' appears twice in one mapping (first at line " + lines.get(at) + ")",
                  "each key once per mapping");
              value(at + "#duplicate");
              continue;
            }
            lines.put(at, keyLine);
            object.set(key, value(at));
          }
          return object;
        case START_ARRAY:
          ArrayNode array = nodes.arrayNode();
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(child(pointer, Integer.toString(index++))));
          }
          return array;
        case VALUE_STRING:
          return nodes.textNode(parser.getText());
        case VALUE_NUMBER_INT:
          return nodes.numberNode(parser.getBigIntegerValue());
        case VALUE_NUMBER_FLOAT:
          String text = parser.getText();
          // .nan and .inf are valid YAML but not numbers Jackson can read; keep them as written,
          // so binding reports them as values of the wrong kind.
          return text.matches("[-+]?\\.(?i:nan|inf)")
              ? nodes.textNode(text)
              : nodes.numberNode(parser.getDecimalValue());
        case VALUE_TRUE:
          return nodes.booleanNode(true);
        case VALUE_FALSE:
          return nodes.booleanNode(false);
        case VALUE_NULL:
          return nodes.nullNode();
        default:
          return nodes.textNode(parser.getText());
      }
    }
  }
}

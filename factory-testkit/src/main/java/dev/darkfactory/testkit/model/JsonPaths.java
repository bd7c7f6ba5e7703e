package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON paths as {@link dev.darkfactory.core.model.ModelJson} and the cassette classes print them
 * ({@code $.messages[2].content[0].text}, {@code $["odd name"]}), and patterns over them with
 * wildcards ({@code $.messages[*].content[*].text}, {@code $.*}).
 */
final class JsonPaths {

  private JsonPaths() {}

  /** The path of a member of the value at {@code path}. */
  static String member(String path, String name) {
    return path
        + (name.matches("[A-Za-z_][A-Za-z0-9_]*")
            ? "." + name
            : "[" + JsonNodeFactory.instance.textNode(name) + "]");
  }

  /** The path of an element of the array at {@code path}. */
  static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  /** One step of a pattern: a field name, an index, or a wildcard over fields or elements. */
  record Step(Kind kind, String name, int index) {
    enum Kind {
      FIELD,
      ANY_FIELD,
      INDEX,
      ANY_INDEX
    }

    boolean matchesField(String field) {
      return kind == Kind.ANY_FIELD || (kind == Kind.FIELD && name.equals(field));
    }

    boolean matchesIndex(int i) {
      return kind == Kind.ANY_INDEX || (kind == Kind.INDEX && index == i);
    }
  }

  /**
   * A compiled path pattern: {@code $} followed by steps {@code .name}, {@code ["name"]}, {@code
   * .*}, {@code [n]} and {@code [*]}.
   */
  record Pattern(String text, List<Step> steps) {

    /** Compiles a pattern; throws naming the pattern and the position of the first bad step. */
    static Pattern compile(String text) {
      Require.nonBlank(text, "path");
      if (!text.startsWith("$")) {
        throw bad(text, 0, "a path starts with $");
      }
      List<Step> steps = new ArrayList<>();
      int i = 1;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '.') {
          int start = i + 1;
          if (start < text.length() && text.charAt(start) == '*') {
            steps.add(new Step(Step.Kind.ANY_FIELD, "", -1));
            i = start + 1;
            continue;
          }
          int end = start;
          while (end < text.length()
              && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
          }
          if (end == start) {
            throw bad(text, start, "expected a field name or * after the dot");
          }
          steps.add(new Step(Step.Kind.FIELD, text.substring(start, end), -1));
          i = end;
        } else if (c == '[') {
          int close = closing(text, i);
          String inside = text.substring(i + 1, close);
          if (inside.equals("*")) {
            steps.add(new Step(Step.Kind.ANY_INDEX, "", -1));
          } else if (inside.matches("\\d{1,9}")) {
            steps.add(new Step(Step.Kind.INDEX, "", Integer.parseInt(inside)));
          } else if (inside.length() >= 2 && inside.startsWith("\"") && inside.endsWith("\"")) {
            steps.add(new Step(Step.Kind.FIELD, unquote(text, i + 1, inside), -1));
          } else {
            throw bad(text, i, "expected [n], [*] or [\"name\"] but found [" + inside + "]");
          }
          i = close + 1;
        } else {
          throw bad(text, i, "expected . or [ but found '" + c + "'");
        }
      }
      return new Pattern(text, List.copyOf(steps));
    }

    private static int closing(String text, int open) {
      boolean quoted = false;
      for (int j = open + 1; j < text.length(); j++) {
        char c = text.charAt(j);
        if (quoted && c == '\\') {
          j++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ']' && !quoted) {
          return j;
        }
      }
      throw bad(text, open, "the [ is never closed");
    }

    private static String unquote(String text, int at, String quoted) {
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(quoted, String.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw bad(text, at, "the field name " + quoted + " is not a JSON string");
      }
    }

    private static IllegalArgumentException bad(String text, int at, String problem) {
      return new IllegalArgumentException(
          "bad JSON path " + Require.quote(text) + " at character " + (at + 1) + ": " + problem
              + " (paths look like $.messages[*].content[0].text or $[\"a key\"])");
    }

    @Override
    public String toString() {
      return text;
    }
  }
}

package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The first place where two JSON trees differ, in document order of the recorded tree, with short
 * excerpts of both values there.
 */
final class JsonDifference {

  /** Characters shown before the first different character of two strings. */
  static final int BEFORE = 40;

  /** Characters shown from the first different character on. */
  static final int AFTER = 60;

  /** Characters of a non-string value shown. */
  static final int VALUE = 120;

  private JsonDifference() {}

  /**
   * Where two trees first differ.
   *
   * @param path the JSON path of the place
   * @param recorded an excerpt of the recorded value there
   * @param received an excerpt of the received value there
   * @param character the 0-based index of the first different character when both are strings,
   *     else -1
   */
  record Difference(String path, String recorded, String received, int character) {}

  static Optional<Difference> first(JsonNode recorded, JsonNode received) {
    return Optional.ofNullable(walk("$", recorded, received));
  }

  private static @Nullable Difference walk(String path, JsonNode recorded, JsonNode received) {
    if (recorded.getNodeType() != received.getNodeType()) {
      return new Difference(path, excerpt(recorded), excerpt(received), -1);
    }
    if (recorded.isObject()) {
      for (Iterator<String> names = recorded.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        String at = JsonPaths.member(path, name);
        JsonNode other = received.get(name);
        if (other == null) {
          return new Difference(at, excerpt(recorded.get(name)), "(missing)", -1);
        }
        Difference d = walk(at, recorded.get(name), other);
        if (d != null) {
          return d;
        }
      }
      for (Iterator<String> names = received.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!recorded.has(name)) {
          return new Difference(JsonPaths.member(path, name), "(missing)", excerpt(received.get(name)), -1);
        }
      }
      return null;
    }
    if (recorded.isArray()) {
      int common = Math.min(recorded.size(), received.size());
      for (int i = 0; i < common; i++) {
        Difference d = walk(JsonPaths.element(path, i), recorded.get(i), received.get(i));
        if (d != null) {
          return d;
        }
      }
      if (recorded.size() != received.size()) {
        String at = JsonPaths.element(path, common);
        return recorded.size() > common
            ? new Difference(
                at,
                excerpt(recorded.get(common)),
                "(none: the received array has " + received.size() + " elements, the recorded one " + recorded.size() + ")",
                -1)
            : new Difference(
                at,
                "(none: the recorded array has " + recorded.size() + " elements, the received one " + received.size() + ")",
                excerpt(received.get(common)),
                -1);
      }
      return null;
    }
    if (recorded.isTextual()) {
      String a = recorded.textValue();
      String b = received.textValue();
      if (a.equals(b)) {
        return null;
      }
      int at = 0;
      while (at < a.length() && at < b.length() && a.charAt(at) == b.charAt(at)) {
        at++;
      }
      return new Difference(path, around(a, at), around(b, at), at);
    }
    return recorded.equals(received)
        ? null
        : new Difference(path, excerpt(recorded), excerpt(received), -1);
  }

  /** A value as compact JSON, cut after {@link #VALUE} characters. */
  static String excerpt(JsonNode value) {
    if (value.isTextual()) {
      return around(value.textValue(), 0);
    }
    String text = value.toString();
    return text.length() <= VALUE
        ? text
        : text.substring(0, VALUE) + "... (" + text.length() + " chars)";
  }

  /**
   * A quoted piece of {@code text} around character {@code at}: up to {@link #BEFORE} characters
   * before it and {@link #AFTER} from it, with {@code ...} where cut and the length when cut.
   */
  static String around(String text, int at) {
    int from = Math.max(0, at - BEFORE);
    int to = Math.min(text.length(), at + AFTER);
    StringBuilder b = new StringBuilder("\"");
    if (from > 0) {
      b.append("...");
    }
    escape(b, text.substring(from, to));
    if (to < text.length()) {
      b.append("...");
    }
    b.append('"');
    if (from > 0 || to < text.length()) {
      b.append(" (").append(text.length()).append(" chars)");
    }
    return b.toString();
  }

  private static void escape(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(s, i)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
  }

  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** The difference as lines of an error message: where, then both values. */
  static List<String> describe(Difference d) {
    List<String> lines = new ArrayList<>();
    lines.add("at " + d.path() + (d.character() >= 0 ? " (character " + (d.character() + 1) + ")" : ""));
    lines.add("  recorded: " + d.recorded());
    lines.add("  received: " + d.received());
    return lines;
  }
}

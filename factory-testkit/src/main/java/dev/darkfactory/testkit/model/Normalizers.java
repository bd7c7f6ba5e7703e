package dev.darkfactory.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The tree walks behind {@link RequestNormalizer}'s factory methods. */
final class Normalizers {

  private Normalizers() {}

  /** A pattern and how many of its steps the walk has matched so far. */
  record Active(JsonPaths.Pattern pattern, int matched) {
    JsonPaths.Step next() {
      return pattern.steps().get(matched);
    }

    boolean lastStep() {
      return matched + 1 == pattern.steps().size();
    }

    Active advance() {
      return new Active(pattern, matched + 1);
    }
  }

  static void replaceStrings(JsonNode node, Pattern pattern, String replacement) {
    if (node instanceof ObjectNode o) {
      for (String name : iterable(o)) {
        JsonNode child = o.get(name);
        if (child.isTextual()) {
          o.put(name, pattern.matcher(child.textValue()).replaceAll(replacement));
        } else {
          replaceStrings(child, pattern, replacement);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode child = a.get(i);
        if (child.isTextual()) {
          a.set(i, TextNode.valueOf(pattern.matcher(child.textValue()).replaceAll(replacement)));
        } else {
          replaceStrings(child, pattern, replacement);
        }
      }
    }
  }

  static void ignore(JsonNode node, List<Active> active) {
    if (node instanceof ObjectNode o) {
      for (String name : iterable(o)) {
        boolean remove = false;
        List<Active> deeper = new ArrayList<>();
        for (Active a : active) {
          if (a.next().matchesField(name)) {
            if (a.lastStep()) {
              remove = true;
            } else {
              deeper.add(a.advance());
            }
          }
        }
        if (remove) {
          o.remove(name);
        } else if (!deeper.isEmpty()) {
          ignore(o.get(name), deeper);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        boolean replace = false;
        List<Active> deeper = new ArrayList<>();
        for (Active a : active) {
          if (a.next().matchesIndex(i)) {
            if (a.lastStep()) {
              replace = true;
            } else {
              deeper.add(a.advance());
            }
          }
        }
        if (replace) {
          arr.set(i, TextNode.valueOf(RequestNormalizer.IGNORED));
        } else if (!deeper.isEmpty()) {
          ignore(arr.get(i), deeper);
        }
      }
    }
  }

  private static List<String> iterable(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

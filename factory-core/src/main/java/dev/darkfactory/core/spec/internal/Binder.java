package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jspecify.annotations.Nullable;

/**
 * Binds a part of a {@link YamlTree} to a model class with Jackson and validates it with Jakarta
 * Validation, turning every failure into a located problem instead of an exception.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Binder {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  /** Names of validated getters, mapped to the key a user would look for ("" for the parent). */
  private static final Map<String, String> VIRTUAL =
      Map.of("oneKind", "", "regexValid", "regex", "votesOdd", "votes");

  private static final Map<String, String> RENAMED = Map.of("protectedPaths", "protected");

  private static final class Holder {
    // Parameter interpolation: messages are plain text, so no Jakarta EL implementation is needed.
    static final ValidatorFactory FACTORY =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    static final Validator VALIDATOR = FACTORY.getValidator();
  }

  private final YamlTree tree;
  private final Problems problems;

  /**
   * Creates a binder over one tree.
   *
   * @param tree the located YAML
   * @param problems where problems go
   */
  public Binder(YamlTree tree, Problems problems) {
    this.tree = tree;
    this.problems = problems;
  }

  /** The shared validator. */
  public static Validator validator() {
    return Holder.VALIDATOR;
  }

  /**
   * Binds the node at {@code pointer} to {@code type} and validates it.
   *
   * @param node the node to bind
   * @param pointer the node's JSON Pointer in the tree, for locations
   * @param type the model class
   * @param context a prefix for messages such as {@code "scenario 'x': "}; may be empty
   * @return the bound, valid model; empty when any problem was found
   */
  public <T> Optional<T> bind(JsonNode node, String pointer, Class<T> type, String context) {
    if (!node.isObject()) {
      problems.add(
          tree.locate(pointer),
          context + "expected a mapping but found " + describe(node),
          "a mapping of keys to values");
      return Optional.empty();
    }
    int before = problems.size();
    // Unknown keys are found before binding, so each is reported even when binding then fails.
    com.fasterxml.jackson.databind.node.ObjectNode known =
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
    List<String> keys = knownKeys(type);
    List<String> unknown = new ArrayList<>();
    node.fieldNames().forEachRemaining(k -> {
      if (!keys.contains(k)) {
        unknown.add(k);
        known.remove(k);
      }
    });
    reportUnknown(unknown, pointer, keys, context);
    T value;
    try {
      value = MAPPER.treeToValue(known, type);
    } catch (JsonMappingException e) {
      problems.add(
          tree.locate(pointer + toPointer(e.getPath())),
          context + bindingMessage(e),
          bindingExpected(e));
      return Optional.empty();
    } catch (java.io.IOException e) {
      problems.add(tree.locate(pointer), context + e.getMessage(), "readable input");
      return Optional.empty();
    }
    validate(value, pointer, context);
    return problems.size() == before ? Optional.of(value) : Optional.empty();
  }

  /**
   * Validates a bound value with Jakarta Validation, recording each violation at its line.
   *
   * @return whether it was valid
   */
  public boolean validate(Object value, String pointer, String context) {
    List<ConstraintViolation<Object>> violations = new ArrayList<>(validator().validate(value));
    violations.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
    for (ConstraintViolation<Object> v : violations) {
      StringBuilder at = new StringBuilder(pointer);
      StringBuilder name = new StringBuilder();
      for (Path.Node node : v.getPropertyPath()) {
        if (node.getIndex() != null) {
          at.append('/').append(node.getIndex());
          name.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          at.append('/').append(node.getKey());
          name.append('[').append(node.getKey()).append(']');
        }
        if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
          String key = VIRTUAL.getOrDefault(node.getName(), RENAMED.getOrDefault(node.getName(), node.getName()));
          if (!key.isEmpty()) {
            at.append('/').append(key);
            name.append(name.length() == 0 ? "" : ".").append(key);
          }
        }
      }
      boolean virtual = VIRTUAL.containsKey(leafName(v));
      Object invalid = virtual ? null : v.getInvalidValue();
      String field = name.length() == 0 ? "value" : name.toString();
      String message;
      if (virtual) {
        message = field + " is not valid";
      } else if (invalid == null) {
        message = field + " is missing";
      } else {
        message = field + " is " + show(invalid);
      }
      problems.add(tree.locate(at.toString()), context + message, v.getMessage());
    }
    return violations.isEmpty();
  }

  private static String leafName(ConstraintViolation<?> v) {
    String last = "";
    for (Path.Node node : v.getPropertyPath()) {
      if (node.getName() != null) {
        last = node.getName();
      }
    }
    return last;
  }

  private void reportUnknown(
      List<String> unknown, String pointer, List<String> keys, String context) {
    for (String key : unknown) {
      problems.add(
          tree.locate(YamlTree.child(pointer, key)),
          context + "unknown key '" + key + "'",
          keys.isEmpty() ? "no other keys" : "one of " + String.join(", ", keys));
    }
  }

  private static List<String> knownKeys(Class<?> type) {
    List<String> keys = new ArrayList<>();
    for (java.lang.reflect.Field f : type.getFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        keys.add(RENAMED.getOrDefault(f.getName(), f.getName()));
      }
    }
    if (type.isRecord()) {
      for (var c : type.getRecordComponents()) {
        keys.add(c.getName());
      }
    }
    return keys;
  }

  private static String toPointer(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        sb.append('/').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('/').append(ref.getIndex());
      }
    }
    return sb.toString();
  }

  private static String fieldOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "value" : sb.toString();
  }

  private static String bindingMessage(JsonMappingException e) {
    if (e instanceof InvalidFormatException f) {
      return fieldOf(e) + " is " + show(f.getValue());
    }
    if (e instanceof ValueInstantiationException) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getMessage() == null ? "invalid value" : cause.getMessage();
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return fieldOf(e) + " has the wrong shape";
    }
    return fieldOf(e) + " is not valid: " + e.getOriginalMessage();
  }

  private static String bindingExpected(JsonMappingException e) {
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return expectedFor(m.getTargetType());
    }
    return "a valid value";
  }

  private static String expectedFor(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    return "a mapping of " + type.getSimpleName() + " keys";
  }

  /** How a node reads in a message: its kind, and its value when short. */
  public static String describe(@Nullable JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return show(node.asText());
  }

  private static String show(@Nullable Object value) {
    String text = String.valueOf(value);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return "'" + text + "'";
  }
}

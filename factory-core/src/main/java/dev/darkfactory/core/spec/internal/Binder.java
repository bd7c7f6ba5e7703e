package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
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
   * @param alsoAllowed keys the caller reads itself, listed among the expected keys
   * @return the bound, valid model; empty when any problem was found
   */
  public <T> Optional<T> bind(
      JsonNode node, String pointer, Class<T> type, String context, String... alsoAllowed) {
    if (!node.isObject()) {
      problems.add(
          tree.locate(pointer),
          context + "expected a mapping but found " + describe(node),
          "a mapping of keys to values");
      return Optional.empty();
    }
    int before = problems.size();
    List<String> keys = knownKeys(type);
    List<String> expectedKeys = new ArrayList<>(keys);
    expectedKeys.addAll(List.of(alsoAllowed));
    // Unknown keys are found before binding, so each is reported even when binding then fails.
    ObjectNode remaining = ((ObjectNode) node).deepCopy();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!keys.contains(key)) {
        problems.add(
            tree.locate(YamlTree.child(pointer, key)),
            context + "unknown key '" + key + "'",
            "one of " + String.join(", ", expectedKeys));
        remaining.remove(key);
      }
    }
    // A value of the wrong type is reported, dropped, and binding tried again, so one type error
    // does not hide the problems of the other keys.
    Set<String> dropped = new HashSet<>();
    T value = null;
    while (value == null) {
      try {
        value = MAPPER.treeToValue(remaining, type);
      } catch (JsonMappingException e) {
        problems.add(
            tree.locate(pointer + toPointer(e.getPath())),
            context + bindingMessage(e, pointer),
            bindingExpected(e));
        String top = topField(e);
        if (top == null || !remaining.has(top)) {
          return Optional.empty();
        }
        remaining.remove(top);
        dropped.add(top);
      } catch (java.io.IOException e) {
        problems.add(tree.locate(pointer), context + e.getMessage(), "readable input");
        return Optional.empty();
      }
    }
    validate(value, pointer, context, dropped);
    return problems.size() == before ? Optional.of(value) : Optional.empty();
  }

  /**
   * Validates a bound value with Jakarta Validation, recording each violation at its line.
   *
   * @param value the bound value
   * @param pointer where the value is in the tree
   * @param context a prefix for messages
   * @param skipped top-level keys already reported, whose violations would only repeat them
   * @return whether it was valid
   */
  public boolean validate(Object value, String pointer, String context, Set<String> skipped) {
    List<ConstraintViolation<Object>> violations = new ArrayList<>(validator().validate(value));
    violations.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
    boolean valid = true;
    for (ConstraintViolation<Object> v : violations) {
      StringBuilder at = new StringBuilder(pointer);
      StringBuilder name = new StringBuilder();
      String top = null;
      boolean virtual = false;
      for (Path.Node node : v.getPropertyPath()) {
        if (node.getIndex() != null) {
          at.append('/').append(node.getIndex());
          name.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          at = new StringBuilder(YamlTree.child(at.toString(), String.valueOf(node.getKey())));
          name.append('[').append(node.getKey()).append(']');
        }
        if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
          virtual = VIRTUAL.containsKey(node.getName());
          String key =
              VIRTUAL.getOrDefault(node.getName(), RENAMED.getOrDefault(node.getName(), node.getName()));
          if (top == null) {
            top = key;
          }
          if (!key.isEmpty()) {
            at = new StringBuilder(YamlTree.child(at.toString(), key));
            name.append(name.length() == 0 ? "" : ".").append(key);
          }
        }
      }
      if (top != null && skipped.contains(top)) {
        continue;
      }
      valid = false;
      String field = name.length() == 0 ? "value" : name.toString();
      JsonNode written = tree.node(at.toString());
      String message;
      String repeated =
          v.getConstraintDescriptor().getAnnotation() instanceof Distinct ? firstRepeat(written) : null;
      if (repeated != null) {
        message = field + " contains '" + repeated + "' twice";
      } else if (virtual && written.isObject()) {
        List<String> present = new ArrayList<>();
        written.fieldNames().forEachRemaining(present::add);
        message = field + " has " + (present.isEmpty() ? "no keys" : "keys " + String.join(", ", present));
      } else if (!written.isMissingNode() && !written.isNull()) {
        message = field + " is " + describe(written);
      } else if (v.getInvalidValue() == null || virtual) {
        message = field + " is missing";
      } else {
        message = field + " is " + show(v.getInvalidValue());
      }
      problems.add(tree.locate(at.toString()), context + message, v.getMessage());
    }
    return valid;
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
    String p = "";
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        p = YamlTree.child(p, ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        p = p + "/" + ref.getIndex();
      }
    }
    return p;
  }

  private static @Nullable String firstRepeat(JsonNode list) {
    Set<String> seen = new HashSet<>();
    for (JsonNode item : list) {
      if (!seen.add(item.asText())) {
        return item.asText();
      }
    }
    return null;
  }

  private static @Nullable String topField(JsonMappingException e) {
    return e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
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

  private String bindingMessage(JsonMappingException e, String pointer) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '" + u.getPropertyName() + "'";
    }
    if (e instanceof ValueInstantiationException) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getMessage() == null ? "invalid value" : cause.getMessage();
    }
    JsonNode written = tree.node(pointer + toPointer(e.getPath()));
    if (!written.isMissingNode()) {
      return fieldOf(e) + " is " + describe(written);
    }
    if (e instanceof InvalidFormatException f) {
      return fieldOf(e) + " is " + show(f.getValue());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return fieldOf(e) + " has the wrong shape";
    }
    return fieldOf(e) + " is not valid: " + e.getOriginalMessage();
  }

  private static String bindingExpected(JsonMappingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
        return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
      }
    }
    if (e instanceof ValueInstantiationException v && v.getType() != null) {
      return "a value " + v.getType().getRawClass().getSimpleName() + " accepts";
    }
    if (e instanceof UnrecognizedPropertyException u && u.getKnownPropertyIds() != null) {
      List<String> known = new ArrayList<>();
      u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      return "one of " + String.join(", ", known);
    }
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

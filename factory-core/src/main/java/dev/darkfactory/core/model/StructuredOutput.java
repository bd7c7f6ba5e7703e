package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.core.spec.internal.Binder;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Asks a model for JSON matching a schema and returns it as a checked Java object.
 *
 * <pre>{@code
 * record Grade(@Min(0) @Max(10) int score, @NotBlank String reason) {}
 *
 * StructuredOutput<Grade> grading = StructuredOutput.of(Grade.class, """
 *     {"type": "object",
 *      "properties": {"score": {"type": "integer"}, "reason": {"type": "string"}},
 *      "required": ["score", "reason"], "additionalProperties": false}""");
 * Grade grade = grading.ask(model, request).value();
 * }</pre>
 *
 * <p>The schema travels in {@link ModelRequest#responseSchema()}, which each provider maps onto
 * its vendor's structured-output mode. The answer is then checked three times, and any failure is
 * a {@link StructuredOutputException} listing every problem: it must be JSON (a Markdown code fence
 * around it is tolerated), it must match the schema (the keywords {@code JsonSchemaCheck} reads:
 * types, enums, required and extra properties, lengths, ranges, patterns, items, allOf / anyOf /
 * oneOf), and the object it binds to must satisfy the type's Bean Validation constraints.
 *
 * @param <T> the type the answer becomes; a record or a Jackson-bindable class
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StructuredOutput<T> {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private final Class<T> type;
  private final String schemaJson;
  private final JsonNode schema;

  private StructuredOutput(Class<T> type, String schemaJson, JsonNode schema) {
    this.type = type;
    this.schemaJson = schemaJson;
    this.schema = schema;
  }

  /**
   * A structured output of {@code type} described by {@code schemaJson}.
   *
   * @param type the Java type an answer becomes
   * @param schemaJson a JSON Schema object
   * @param <T> the type
   * @return the structured output
   * @throws IllegalArgumentException when the schema is not a JSON object
   */
  public static <T> StructuredOutput<T> of(Class<T> type, String schemaJson) {
    Require.nonNull(type, "type");
    Require.nonBlank(schemaJson, "schemaJson");
    JsonNode schema;
    try {
      schema = MAPPER.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "schemaJson for " + type.getSimpleName() + " is not JSON: " + e.getOriginalMessage(), e);
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException(
          "schemaJson for " + type.getSimpleName() + " must be a JSON object but was "
              + Require.quote(schemaJson));
    }
    return new StructuredOutput<>(type, schemaJson, schema);
  }

  /** The schema answers must match. */
  public String schemaJson() {
    return schemaJson;
  }

  /**
   * Sends {@code request} with this schema attached and parses the answer.
   *
   * @param provider the model to ask
   * @param request the request; its own response schema, if any, is replaced
   * @return the parsed answer and the response it came from
   * @throws StructuredOutputException when the answer is not a valid {@code T}
   * @throws ModelException when the call fails
   * @throws InterruptedException when interrupted while waiting
   */
  public Answer<T> ask(ModelProvider provider, ModelRequest request)
      throws ModelException, InterruptedException {
    Require.nonNull(provider, "provider");
    ModelResponse response =
        provider.complete(Require.nonNull(request, "request").toBuilder().responseSchema(schemaJson).build());
    return new Answer<>(parse(response), response);
  }

  /**
   * Parses an answer already received.
   *
   * @param response the model's answer
   * @return the checked value
   * @throws StructuredOutputException when the answer is not a valid {@code T}
   */
  public T parse(ModelResponse response) throws StructuredOutputException {
    String text = response.message().text();
    List<String> problems = new ArrayList<>();
    if (response.stopReason() == StopReason.MAX_TOKENS) {
      problems.add("the answer was cut off at the output limit");
    } else if (response.stopReason() == StopReason.REFUSAL) {
      problems.add("the model refused to answer");
    }
    if (!problems.isEmpty()) {
      throw new StructuredOutputException(type, problems, text);
    }
    return parse(text);
  }

  /**
   * Parses answer text.
   *
   * @param text the text the model wrote
   * @return the checked value
   * @throws StructuredOutputException when the text is not a valid {@code T}
   */
  public T parse(String text) throws StructuredOutputException {
    Require.nonNull(text, "text");
    String json = unfence(text.strip());
    JsonNode tree;
    try {
      tree = json.isEmpty() ? null : MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new StructuredOutputException(
          type, List.of("not JSON: " + e.getOriginalMessage()), text);
    }
    if (tree == null) {
      throw new StructuredOutputException(type, List.of("the answer is empty"), text);
    }
    List<String> problems = JsonSchemaCheck.problems(schema, tree);
    if (!problems.isEmpty()) {
      throw new StructuredOutputException(type, problems, text);
    }
    T value;
    try {
      value = MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new StructuredOutputException(
          type, List.of("does not bind to " + type.getSimpleName() + ": " + reason), text);
    }
    if (value == null) {
      throw new StructuredOutputException(type, List.of("the answer is null"), text);
    }
    List<String> violations =
        Binder.validator().validate(value).stream()
            .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
            .map(v -> "$." + v.getPropertyPath() + ": " + v.getMessage())
            .toList();
    if (!violations.isEmpty()) {
      throw new StructuredOutputException(type, violations, text);
    }
    return value;
  }

  private static String unfence(String text) {
    if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
      int firstLine = text.indexOf('\n');
      if (firstLine > 0) {
        return text.substring(firstLine + 1, text.length() - 3).strip();
      }
    }
    return text;
  }

  /**
   * A parsed answer and the response it came from (for usage and tracing).
   *
   * @param value the checked value
   * @param response the model's response
   * @param <T> the value's type
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Answer<T>(T value, ModelResponse response) {
    /** Checks every component. */
    public Answer {
      Require.nonNull(value, "value");
      Require.nonNull(response, "response");
    }
  }
}

package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {

  public record Grade(@Min(0) @Max(10) int score, @NotBlank String reason, List<String> tags) {}

  static final String SCHEMA =
      """
      {"type": "object",
       "properties": {
         "score": {"type": "integer", "minimum": 0},
         "reason": {"type": "string", "minLength": 1},
         "tags": {"type": "array", "items": {"type": "string", "enum": ["style", "logic"]}}
       },
       "required": ["score", "reason", "tags"],
       "additionalProperties": false}""";

  final StructuredOutput<Grade> grading = StructuredOutput.of(Grade.class, SCHEMA);

  String problemsOf(String text) {
    try {
      grading.parse(text);
      throw new AssertionError("accepted " + text);
    } catch (StructuredOutputException e) {
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.retryable()).isTrue();
      assertThat(e.text()).isEqualTo(text);
      return String.join("\n", e.problems());
    }
  }

  @Test
  void asksWithTheSchemaAndReturnsTheCheckedValue() throws Exception {
    List<ModelRequest> sent = new ArrayList<>();
    ModelProvider model =
        new ModelProvider() {
          @Override
          public String id() {
            return "fake";
          }

          @Override
          public ModelResponse complete(ModelRequest request) {
            sent.add(request);
            return new ModelResponse(
                "r",
                "m",
                Message.assistant("{\"score\": 7, \"reason\": \"clear\", \"tags\": [\"logic\"]}"),
                StopReason.END_TURN,
                Usage.of(10, 5));
          }
        };

    StructuredOutput.Answer<Grade> answer =
        grading.ask(model, ModelRequest.builder("m").message(Message.user("Grade it.")).build());

    assertThat(answer.value()).isEqualTo(new Grade(7, "clear", List.of("logic")));
    assertThat(answer.response().usage()).isEqualTo(Usage.of(10, 5));
    assertThat(sent).singleElement().satisfies(r -> assertThat(r.responseSchema()).contains(SCHEMA));
  }

  @Test
  void toleratesACodeFence() throws Exception {
    assertThat(grading.parse("```json\n{\"score\": 1, \"reason\": \"ok\", \"tags\": []}\n```"))
        .isEqualTo(new Grade(1, "ok", List.of()));
  }

  @Test
  void reportsTextThatIsNotJson() {
    assertThat(problemsOf("I think it deserves a 7.")).startsWith("not JSON");
    assertThat(problemsOf("   ")).isEqualTo("the answer is empty");
  }

  @Test
  void reportsEverySchemaViolationWithItsPath() {
    String problems =
        problemsOf("{\"score\": \"seven\", \"tags\": [\"style\", \"vibes\"], \"mood\": \"good\"}");

    assertThat(problems)
        .contains("$: required property 'reason' is missing")
        .contains("$.score: expected integer but was a string")
        .contains("$.tags[1]: \"vibes\" is not one of [\"style\",\"logic\"]")
        .contains("$: property 'mood' is not allowed");
  }

  @Test
  void reportsBeanValidationViolationsTheSchemaDoesNotCover() {
    assertThat(problemsOf("{\"score\": 11, \"reason\": \"x\", \"tags\": []}"))
        .isEqualTo("$.score: must be less than or equal to 10");
  }

  @Test
  void reportsACutOffOrRefusedAnswer() {
    ModelResponse cut =
        new ModelResponse("r", "m", Message.assistant("{\"score\": 7, \"rea"), StopReason.MAX_TOKENS, Usage.ZERO);
    ModelResponse refused =
        new ModelResponse("r", "m", Message.assistant("I can't."), StopReason.REFUSAL, Usage.ZERO);

    assertThatThrownBy(() -> grading.parse(cut))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("the answer is not a valid Grade: the answer was cut off at the output limit");
    assertThatThrownBy(() -> grading.parse(refused))
        .hasMessageContaining("the model refused to answer");
  }

  @Test
  void aSchemaThatIsNotAJsonObjectIsRejected() {
    assertThatThrownBy(() -> StructuredOutput.of(Grade.class, "[1,2]"))
        .hasMessageContaining("schemaJson for Grade must be a JSON object but was '[1,2]'");
    assertThatThrownBy(() -> StructuredOutput.of(Grade.class, "{oops"))
        .hasMessageContaining("schemaJson for Grade is not JSON");
  }

  @Test
  void checksNumbersStringsAndAlternatives() {
    String schema =
        """
        {"type": "object", "properties": {
           "n": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
           "s": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
           "v": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
           "w": {"anyOf": [{"type": "null"}, {"type": "boolean"}]}}}""";
    List<String> problems =
        JsonSchemaCheck.problems(
            readTree(schema), readTree("{\"n\": 0, \"s\": \"ABCD\", \"v\": 1.5, \"w\": 3}"));

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "$.n: 0.0 is not more than 0",
            "$.s: is 4 characters long, longer than 3",
            "$.s: does not match the pattern ^[a-z]+$",
            "$.v: matches 0 of the oneOf alternatives instead of exactly one",
            "$.w: matches none of the anyOf alternatives");
    assertThat(JsonSchemaCheck.problems(readTree(schema), readTree("{\"n\": 1, \"s\": \"ab\", \"v\": 2.0, \"w\": null}")))
        .isEmpty();
  }

  static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return ModelHttp.JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

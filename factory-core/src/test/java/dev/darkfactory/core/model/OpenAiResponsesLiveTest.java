package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Smoke test against the real OpenAI Responses API; runs only when {@code OPENAI_API_KEY} is set.
 * The model is {@code OPENAI_LIVE_MODEL}, {@code gpt-5-mini} by default.
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiResponsesLiveTest {

  private static final String MODEL =
      System.getenv().getOrDefault("OPENAI_LIVE_MODEL", "gpt-5-mini");

  private final OpenAiResponsesProvider openai =
      OpenAiResponsesProvider.builder()
          .apiKey(System.getenv("OPENAI_API_KEY"))
          .timeout(Duration.ofMinutes(2))
          .build();

  @Test
  void text() throws Exception {
    ModelResponse r =
        openai.complete(
            ModelRequest.builder(MODEL)
                .system("Answer with one word.")
                .message(Message.user("What is the capital of France?"))
                .maxOutputTokens(2000)
                .metadata(ModelHints.REASONING_EFFORT, "low")
                .build());

    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(r.message().text()).containsIgnoringCase("paris");
    assertThat(r.model()).startsWith(MODEL);
    assertThat(r.usage().totalInputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
  }

  @Test
  void toolCallAndResult() throws Exception {
    ToolSpec weather =
        new ToolSpec(
            "get_weather",
            "Returns the current weather in a city.",
            """
            {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
    ModelRequest first =
        ModelRequest.builder(MODEL)
            .system("Use the tool to answer.")
            .tool(weather)
            .message(Message.user("What is the weather in Oslo right now?"))
            .maxOutputTokens(2000)
            .metadata(ModelHints.REASONING_EFFORT, "low")
            .build();

    ModelResponse call = openai.complete(first);

    assertThat(call.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(call.toolCalls()).isNotEmpty();
    ContentBlock.ToolCall c = call.toolCalls().get(0);
    assertThat(c.name()).isEqualTo("get_weather");
    JsonNode args = ModelHttp.JSON.readTree(c.argumentsJson());
    assertThat(args.path("city").asText()).containsIgnoringCase("oslo");
    assertThat(call.usage().outputTokens()).isPositive();

    // The result goes back with any reasoning item, which must be accepted statelessly.
    ModelResponse answer =
        openai.complete(
            first.toBuilder()
                .message(call.message())
                .message(
                    new Message(
                        Role.USER,
                        call.toolCalls().stream()
                            .map(
                                tc ->
                                    (ContentBlock)
                                        new ContentBlock.ToolResult(
                                            tc.id(), "Sunny, 21 degrees Celsius.", false))
                            .toList()))
                .build());

    assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(answer.message().text()).contains("21");
    assertThat(answer.usage().totalInputTokens()).isPositive();
    assertThat(answer.usage().outputTokens()).isPositive();
  }
}

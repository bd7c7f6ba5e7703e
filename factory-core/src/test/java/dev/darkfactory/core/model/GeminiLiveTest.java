package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Smoke test against the real Gemini API; runs only when {@code GEMINI_API_KEY} is set. The model
 * is {@code GEMINI_LIVE_MODEL}, {@code gemini-2.5-flash} by default.
 */
@EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
class GeminiLiveTest {

  private static final String MODEL =
      System.getenv().getOrDefault("GEMINI_LIVE_MODEL", "gemini-2.5-flash");

  private final GeminiProvider provider = GeminiProvider.fromEnvironment(System.getenv());

  @Test
  void text() throws Exception {
    ModelResponse r =
        provider.complete(
            ModelRequest.builder(MODEL)
                .system("Answer with one word.")
                .message(Message.user("What colour is a clear daytime sky?"))
                .maxOutputTokens(2000)
                .build());

    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(r.message().text().toLowerCase()).contains("blue");
    assertThat(r.model()).isNotBlank();
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
  }

  @Test
  void toolCallAndResult() throws Exception {
    ToolSpec weather =
        new ToolSpec(
            "get_temperature",
            "Returns the current temperature in degrees Celsius for a city.",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"],\"additionalProperties\":false}");
    ModelRequest first =
        ModelRequest.builder(MODEL)
            .message(Message.user("What is the temperature in Oslo right now? Use the tool."))
            .tool(weather)
            .maxOutputTokens(2000)
            .build();

    ModelResponse r1 = provider.complete(first);

    assertThat(r1.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(r1.toolCalls()).isNotEmpty();
    ContentBlock.ToolCall call = r1.toolCalls().get(0);
    assertThat(call.name()).isEqualTo("get_temperature");
    assertThat(call.argumentsJson()).contains("Oslo");
    assertThat(r1.usage().inputTokens()).isPositive();
    assertThat(r1.usage().outputTokens()).isPositive();

    ModelResponse r2 =
        provider.complete(
            first.toBuilder()
                .message(r1.message())
                .message(
                    new Message(
                        Role.USER,
                        r1.toolCalls().stream()
                            .map(c -> (ContentBlock) new ContentBlock.ToolResult(c.id(), "-3", false))
                            .toList()))
                .build());

    assertThat(r2.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(r2.message().text()).contains("-3");
    assertThat(r2.usage().inputTokens()).isPositive();
    assertThat(r2.usage().outputTokens()).isPositive();
  }
}

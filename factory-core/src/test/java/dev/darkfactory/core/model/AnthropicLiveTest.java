package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Smoke test against the real Messages API; runs only when {@code ANTHROPIC_API_KEY} is set. The
 * model is {@code ANTHROPIC_LIVE_MODEL}, or a small current one.
 */
@EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
class AnthropicLiveTest {

  private AnthropicProvider provider;
  private String model;

  @BeforeEach
  void setUp() {
    provider = AnthropicProvider.fromEnvironment(System.getenv());
    String configured = System.getenv("ANTHROPIC_LIVE_MODEL");
    model = configured == null || configured.isBlank() ? "claude-haiku-4-5" : configured;
  }

  @Test
  void answersText() throws Exception {
    ModelResponse response =
        provider.complete(
            ModelRequest.builder(model)
                .system("Answer with one word.")
                .message(Message.user("What colour is a clear daytime sky?"))
                .maxOutputTokens(20)
                .build());
    assertThat(response.message().text()).isNotBlank();
    assertThat(response.stopReason()).isIn(StopReason.END_TURN, StopReason.MAX_TOKENS);
    assertThat(response.usage().inputTokens()).isPositive();
    assertThat(response.usage().outputTokens()).isPositive();
    assertThat(response.id()).startsWith("msg_");
  }

  @Test
  void callsATool() throws Exception {
    ToolSpec weather =
        new ToolSpec(
            "get_weather",
            "Gets the current weather for a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"]}");
    ModelRequest first =
        ModelRequest.builder(model)
            .tool(weather)
            .message(Message.user("Use the tool to get the weather in Paris."))
            .maxOutputTokens(200)
            .build();
    ModelResponse call = provider.complete(first);
    assertThat(call.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(call.toolCalls()).isNotEmpty();
    ContentBlock.ToolCall toolCall = call.toolCalls().get(0);
    assertThat(toolCall.name()).isEqualTo("get_weather");
    assertThat(new ObjectMapper().readTree(toolCall.argumentsJson()).path("city").asText())
        .containsIgnoringCase("paris");
    assertThat(call.usage().inputTokens()).isPositive();
    assertThat(call.usage().outputTokens()).isPositive();

    ModelResponse answer =
        provider.complete(
            first.toBuilder()
                .message(call.message())
                .message(
                    new Message(
                        Role.USER,
                        call.toolCalls().stream()
                            .map(
                                c ->
                                    (ContentBlock)
                                        new ContentBlock.ToolResult(c.id(), "18 C, sunny", false))
                            .toList()))
                .build());
    assertThat(answer.message().text()).isNotBlank();
    assertThat(answer.usage().totalInputTokens()).isGreaterThan(call.usage().totalInputTokens());
  }
}

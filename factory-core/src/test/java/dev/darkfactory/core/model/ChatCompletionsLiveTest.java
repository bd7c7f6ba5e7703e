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
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Smoke test against a real Chat Completions server; runs only when {@code OPENAI_API_KEY} (OpenAI)
 * or {@code OPENAI_BASE_URL} (any compatible server, key optional) is set. {@code OPENAI_MODEL}
 * names the model, {@code gpt-4.1-mini} by default; a local server needs it set, to a model that
 * can call tools.
 */
@EnabledIf("configured")
class ChatCompletionsLiveTest {

  static boolean configured() {
    return new ChatCompletionsProviderFactory().isConfigured(System.getenv());
  }

  private final ChatCompletionsProvider provider =
      ChatCompletionsProvider.fromEnvironment(System.getenv());

  private static String model() {
    String m = System.getenv("OPENAI_MODEL");
    return m == null || m.isBlank() ? "gpt-4.1-mini" : m.strip();
  }

  @Test
  void textCall() throws Exception {
    ModelResponse response =
        provider.complete(
            ModelRequest.builder(model())
                .system("Answer with one word.")
                .message(Message.user("What colour is a clear daytime sky?"))
                .maxOutputTokens(1000)
                .build());

    assertThat(response.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(response.message().text()).isNotBlank();
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage().totalInputTokens()).isPositive();
    assertThat(response.usage().outputTokens()).isPositive();
  }

  @Test
  void toolCall() throws Exception {
    ToolSpec weather =
        new ToolSpec(
            "get_weather",
            "Returns the current weather of a city.",
            """
            {"type": "object", "properties": {"city": {"type": "string"}},
             "required": ["city"]}""");
    ModelRequest.Builder conversation =
        ModelRequest.builder(model())
            .system("Use the tool to answer questions about the weather.")
            .tool(weather)
            .message(Message.user("What is the weather in Paris right now?"))
            .maxOutputTokens(1000);

    ModelResponse first = provider.complete(conversation.build());

    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(first.toolCalls()).isNotEmpty();
    ContentBlock.ToolCall call = first.toolCalls().get(0);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.argumentsJson()).containsIgnoringCase("paris");
    assertThat(first.usage().totalInputTokens()).isPositive();
    assertThat(first.usage().outputTokens()).isPositive();

    ModelResponse second =
        provider.complete(
            conversation
                .message(first.message())
                .message(
                    new Message(
                        Role.USER,
                        first.toolCalls().stream()
                            .map(
                                c ->
                                    (ContentBlock)
                                        new ContentBlock.ToolResult(
                                            c.id(), "Sunny, 21 degrees Celsius.", false))
                            .toList()))
                .build());

    assertThat(second.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(second.message().text()).contains("21");
    assertThat(second.usage().totalInputTokens()).isPositive();
  }
}

package dev.darkfactory.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelTypesTest {

  private static final ToolSpec READ =
      new ToolSpec("read_file", "Reads a file.", "{\"type\":\"object\"}");

  @Nested
  class ContentBlocks {

    @Test
    void buildWithValidParts() {
      assertThat(new ContentBlock.Text("").text()).isEmpty();
      assertThat(new ContentBlock.ToolCall("c1", "read_file", "{}").name()).isEqualTo("read_file");
      assertThat(new ContentBlock.ToolResult("c1", "", true).error()).isTrue();
      assertThat(new ContentBlock.Thinking("", "").signature()).isEmpty();
    }

    @Test
    void rejectMissingParts() {
      assertThatThrownBy(() -> new ContentBlock.Text(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("text");
      assertThatThrownBy(() -> new ContentBlock.ToolCall(" ", "n", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool call id must not be blank but was ' '");
      assertThatThrownBy(() -> new ContentBlock.ToolCall("c1", "", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool name must not be blank but was ''");
      assertThatThrownBy(() -> new ContentBlock.ToolCall("c1", "n", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("argumentsJson");
      assertThatThrownBy(() -> new ContentBlock.ToolResult("", "x", false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("toolCallId must not be blank but was ''");
      assertThatThrownBy(() -> new ContentBlock.ToolResult("c1", null, false))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("content");
      assertThatThrownBy(() -> new ContentBlock.Thinking("t", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("signature");
    }
  }

  @Nested
  class Messages {

    @Test
    void joinTextAndListToolCallsInOrder() {
      ContentBlock.ToolCall first = new ContentBlock.ToolCall("c1", "read_file", "{}");
      ContentBlock.ToolCall second = new ContentBlock.ToolCall("c2", "write_file", "{}");
      Message m =
          new Message(
              Role.ASSISTANT,
              List.of(
                  new ContentBlock.Text("Let me "),
                  new ContentBlock.Thinking("hmm", "sig"),
                  first,
                  new ContentBlock.Text("look."),
                  second));

      assertThat(m.text()).isEqualTo("Let me look.");
      assertThat(m.toolCalls()).containsExactly(first, second);
      assertThat(Message.user("hi").role()).isEqualTo(Role.USER);
      assertThat(Message.assistant("ok").text()).isEqualTo("ok");
      assertThat(
              new Message(Role.USER, List.of(new ContentBlock.ToolResult("c1", "x", false))).text())
          .isEmpty();
    }

    @Test
    void rejectNoRoleAndNoContent() {
      assertThatThrownBy(() -> new Message(null, List.of(new ContentBlock.Text("x"))))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("role");
      assertThatThrownBy(() -> new Message(Role.ASSISTANT, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("content of a ASSISTANT message must not be empty");
      assertThatThrownBy(
              () -> new Message(Role.USER, Arrays.asList(new ContentBlock.Text("x"), null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("content[1]");
    }

    @Test
    void copyTheirContent() {
      List<ContentBlock> content = new ArrayList<>(List.of(new ContentBlock.Text("a")));
      Message m = new Message(Role.USER, content);
      content.add(new ContentBlock.Text("b"));

      assertThat(m.text()).isEqualTo("a");
      assertThatThrownBy(() -> m.content().add(new ContentBlock.Text("c")))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class ToolSpecs {

    @Test
    void acceptAPortableNameAndAnObjectSchema() {
      assertThat(new ToolSpec("a-Z_9", "d", "  {}").name()).isEqualTo("a-Z_9");
      assertThat(new ToolSpec("x".repeat(64), "d", "{}").name()).hasSize(64);
    }

    @Test
    void rejectBadNamesDescriptionsAndSchemas() {
      assertThatThrownBy(() -> new ToolSpec("read file", "d", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool name")
          .hasMessageContaining("'read file'");
      assertThatThrownBy(() -> new ToolSpec("x".repeat(65), "d", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool name");
      assertThatThrownBy(() -> new ToolSpec("t", " ", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool description must not be blank");
      assertThatThrownBy(() -> new ToolSpec("t", "d", "[]"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("inputSchemaJson of tool t must be a JSON object but was '[]'");
      assertThatThrownBy(() -> new ToolSpec("t", "d", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("inputSchemaJson must not be blank");
    }
  }

  @Nested
  class Requests {

    @Test
    void buildWithDefaults() {
      ModelRequest r = ModelRequest.builder("m-1").message(Message.user("hi")).build();

      assertThat(r.model()).isEqualTo("m-1");
      assertThat(r.system()).isEmpty();
      assertThat(r.tools()).isEmpty();
      assertThat(r.maxOutputTokens()).isEqualTo(4096);
      assertThat(r.temperature()).isNull();
      assertThat(r.temperatureSetting()).isEmpty();
      assertThat(r.metadata()).isEmpty();
      assertThat(r.responseSchema()).isEmpty();
    }

    @Test
    void aResponseSchemaMustBeAJsonObject() {
      ModelRequest r =
          ModelRequest.builder("m").message(Message.user("hi")).responseSchema("{\"type\":\"object\"}").build();
      assertThat(r.responseSchema()).contains("{\"type\":\"object\"}");
      assertThat(r.toBuilder().build()).isEqualTo(r);
      assertThatThrownBy(
              () -> ModelRequest.builder("m").message(Message.user("hi")).responseSchema("[1]").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("responseSchemaJson must be a JSON object but was '[1]'");
    }

    @Test
    void buildWithEveryPartAndRoundTripThroughToBuilder() {
      ModelRequest r =
          ModelRequest.builder("m-1")
              .system("be brief")
              .message(Message.user("hi"))
              .messages(List.of(Message.assistant("hello"), Message.user("bye")))
              .tool(READ)
              .tools(List.of(new ToolSpec("write_file", "Writes.", "{}")))
              .maxOutputTokens(1)
              .temperature(0.0)
              .metadata("cache_key", "k")
              .build();

      assertThat(r.messages()).hasSize(3);
      assertThat(r.tools()).extracting(ToolSpec::name).containsExactly("read_file", "write_file");
      assertThat(r.temperatureSetting()).contains(0.0);
      assertThat(r.metadata()).containsEntry("cache_key", "k");
      assertThat(r.toBuilder().build()).isEqualTo(r);
      assertThat(r.toBuilder().temperature(2.0).build().temperature()).isEqualTo(2.0);
    }

    @Test
    void rejectEachBadValue() {
      assertThatThrownBy(() -> ModelRequest.builder(" ").message(Message.user("hi")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("model must not be blank but was ' '");
      assertThatThrownBy(() -> ModelRequest.builder("m").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("messages must not be empty");
      assertThatThrownBy(() -> ModelRequest.builder("m").message(Message.assistant("hi")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must start with a USER message but started with ASSISTANT");
      assertThatThrownBy(
              () ->
                  ModelRequest.builder("m")
                      .message(Message.user("hi"))
                      .tool(READ)
                      .tool(READ)
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool names contains 'read_file' twice");
      assertThatThrownBy(
              () ->
                  ModelRequest.builder("m").message(Message.user("hi")).maxOutputTokens(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxOutputTokens must be at least 1 but was 0");
      assertThatThrownBy(
              () -> ModelRequest.builder("m").message(Message.user("hi")).temperature(2.5).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("temperature must be between 0.0 and 2.0 but was 2.5");
      assertThatThrownBy(
              () -> ModelRequest.builder("m").message(Message.user("hi")).temperature(-0.1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("temperature")
          .hasMessageContaining("-0.1");
      assertThatThrownBy(
              () ->
                  ModelRequest.builder("m")
                      .message(Message.user("hi"))
                      .temperature(Double.NaN)
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("temperature")
          .hasMessageContaining("NaN");
      assertThatThrownBy(
              () -> ModelRequest.builder("m").message(Message.user("hi")).system(null).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("system");
    }

    @Test
    void copyTheirCollections() {
      List<Message> messages = new ArrayList<>(List.of(Message.user("hi")));
      List<ToolSpec> tools = new ArrayList<>(List.of(READ));
      Map<String, String> metadata = new LinkedHashMap<>(Map.of("k", "v"));
      ModelRequest r = new ModelRequest("m", "", messages, tools, 10, null, metadata, null);
      messages.add(Message.assistant("x"));
      tools.clear();
      metadata.put("k2", "v2");

      assertThat(r.messages()).hasSize(1);
      assertThat(r.tools()).containsExactly(READ);
      assertThat(r.metadata()).containsOnlyKeys("k");
      assertThatThrownBy(() -> r.messages().add(Message.user("x")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> r.tools().add(READ))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> r.metadata().put("a", "b"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Responses {

    @Test
    void holdAnAssistantMessageAndExposeItsToolCalls() {
      ContentBlock.ToolCall call = new ContentBlock.ToolCall("c1", "read_file", "{}");
      ModelResponse r =
          new ModelResponse(
              "",
              "m-1",
              new Message(Role.ASSISTANT, List.of(call)),
              StopReason.TOOL_USE,
              Usage.of(3, 4));

      assertThat(r.toolCalls()).containsExactly(call);
      assertThat(r.usage().totalTokens()).isEqualTo(7);
    }

    @Test
    void rejectAUserMessageAndMissingParts() {
      assertThatThrownBy(
              () ->
                  new ModelResponse("id", "m", Message.user("x"), StopReason.END_TURN, Usage.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "message of a response must be from the ASSISTANT but was from USER");
      assertThatThrownBy(
              () ->
                  new ModelResponse(
                      "id", "", Message.assistant("x"), StopReason.END_TURN, Usage.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("model must not be blank");
      assertThatThrownBy(
              () -> new ModelResponse("id", "m", Message.assistant("x"), null, Usage.ZERO))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("stopReason");
      assertThatThrownBy(
              () -> new ModelResponse("id", "m", Message.assistant("x"), StopReason.END_TURN, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("usage");
      assertThatThrownBy(
              () ->
                  new ModelResponse(
                      null, "m", Message.assistant("x"), StopReason.END_TURN, Usage.ZERO))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("id");
    }
  }

  @Nested
  class Usages {

    @Test
    void countsTotalsAndCacheHitRate() {
      Usage u = new Usage(10, 20, 30, 40, 5);

      assertThat(u.totalInputTokens()).isEqualTo(80);
      assertThat(u.totalTokens()).isEqualTo(100);
      assertThat(u.cacheHitRate()).isEqualTo(30.0 / 80);
      assertThat(Usage.ZERO.cacheHitRate()).isZero();
      assertThat(Usage.of(1, 2)).isEqualTo(new Usage(1, 2, 0, 0, 0));
      assertThat(u.plus(u)).isEqualTo(new Usage(20, 40, 60, 80, 10));
    }

    @Test
    void rejectsNegativeCountsAndReasoningBeyondOutput() {
      assertThatThrownBy(() -> new Usage(-1, 0, 0, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("inputTokens must be at least 0 but was -1");
      assertThatThrownBy(() -> new Usage(0, -2, 0, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outputTokens must be at least 0 but was -2");
      assertThatThrownBy(() -> new Usage(0, 0, -3, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cacheReadTokens must be at least 0 but was -3");
      assertThatThrownBy(() -> new Usage(0, 0, 0, -4, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cacheWriteTokens must be at least 0 but was -4");
      assertThatThrownBy(() -> new Usage(0, 5, 0, 0, -5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reasoningTokens must be at least 0 but was -5");
      assertThatThrownBy(() -> new Usage(0, 5, 0, 0, 6))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reasoningTokens (6) must not exceed outputTokens (5)");
    }

    @Test
    void plusRefusesToOverflow() {
      Usage big = Usage.of(Long.MAX_VALUE, 0);
      assertThatThrownBy(() -> big.plus(Usage.of(1, 0))).isInstanceOf(ArithmeticException.class);
    }
  }

  @Nested
  class Exceptions {

    @Test
    void carryTheirKindRetryabilityAndRetryHint() {
      ModelException limited =
          new ModelException(
              ModelException.Kind.RATE_LIMITED, "slow down", Duration.ofSeconds(3), null);
      ModelException refused = new ModelException(ModelException.Kind.REFUSED, "over budget");

      assertThat(limited.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
      assertThat(limited.retryable()).isTrue();
      assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
      assertThat(limited.getMessage()).isEqualTo("RATE_LIMITED: slow down");
      assertThat(refused.retryable()).isFalse();
      assertThat(refused.retryAfter()).isEmpty();
      assertThat(ModelException.Kind.AUTHENTICATION.retryable()).isFalse();
      assertThat(ModelException.Kind.CONTEXT_TOO_LONG.retryable()).isFalse();
      assertThat(ModelException.Kind.SERVER_ERROR.retryable()).isTrue();
    }

    @Test
    void rejectAMissingKindOrMessage() {
      assertThatThrownBy(() -> new ModelException(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("kind");
      assertThatThrownBy(() -> new ModelException(ModelException.Kind.TIMEOUT, " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("message must not be blank but was ' '");
    }
  }
}

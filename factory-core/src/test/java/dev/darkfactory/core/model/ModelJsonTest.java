package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON form of requests and responses, and the errors on bad input. */
class ModelJsonTest {

  private static ModelRequest request() {
    return ModelRequest.builder("claude-x")
        .system("be brief")
        .message(Message.user("hi"))
        .message(
            new Message(
                Role.ASSISTANT,
                List.of(
                    new ContentBlock.Thinking("hmm", "sig"),
                    new ContentBlock.Text("reading"),
                    new ContentBlock.ToolCall("c1", "read_file", "{ \"path\": \"a\" }"))))
        .message(new Message(Role.USER, List.of(new ContentBlock.ToolResult("c1", "A", false))))
        .tool(new ToolSpec("read_file", "reads", "{\"type\":\"object\"}"))
        .maxOutputTokens(100)
        .temperature(0.25)
        .metadata("z", "last")
        .metadata("a", "first")
        .responseSchema("{\"type\":\"object\"}")
        .build();
  }

  @Test
  void writesTheDocumentedFormWithSortedMetadataAndStringsKeptAsStrings() {
    assertThat(ModelJson.write(request()))
        .isEqualTo(
            "{\"model\":\"claude-x\",\"system\":\"be brief\",\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                + "{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"text\":\"hmm\",\"signature\":\"sig\"},"
                + "{\"type\":\"text\",\"text\":\"reading\"},"
                + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"read_file\",\"arguments\":\"{ \\\"path\\\": \\\"a\\\" }\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"toolCallId\":\"c1\",\"content\":\"A\",\"error\":false}]}],"
                + "\"tools\":[{\"name\":\"read_file\",\"description\":\"reads\",\"inputSchema\":\"{\\\"type\\\":\\\"object\\\"}\"}],"
                + "\"maxOutputTokens\":100,\"temperature\":0.25,"
                + "\"metadata\":[{\"key\":\"a\",\"value\":\"first\"},{\"key\":\"z\",\"value\":\"last\"}],"
                + "\"responseSchema\":\"{\\\"type\\\":\\\"object\\\"}\"}");
  }

  @Test
  void unsetTemperatureAndSchemaAreLeftOutAndReadBackAsUnset() {
    ModelRequest plain = ModelRequest.builder("m").message(Message.user("x")).build();

    String text = ModelJson.write(plain);

    assertThat(text).doesNotContain("temperature").doesNotContain("responseSchema");
    assertThat(ModelJson.readRequest(text)).isEqualTo(plain);
    assertThat(
            ModelJson.readRequest(
                    "{\"model\":\"m\",\"system\":\"\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"x\"}]}],\"tools\":[],\"maxOutputTokens\":4096,"
                        + "\"temperature\":null,\"metadata\":[],\"responseSchema\":null}"))
        .isEqualTo(plain);
  }

  @Test
  void nonAsciiIsEscapedAndAnUnpairedSurrogateSurvives() {
    ModelRequest r =
        ModelRequest.builder("m").message(Message.user("caf\u00e9 \uD83D\uDE00 \uD800")).build();

    String text = ModelJson.write(r);

    assertThat(text).contains("caf\\u00E9 \\uD83D\\uDE00 \\uD800");
    assertThat(ModelJson.readRequest(text)).isEqualTo(r);
  }

  @Test
  void aResponseRoundTripsWithItsUsage() {
    ModelResponse response =
        new ModelResponse(
            "r1",
            "claude-x",
            new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolCall("c", "finish", "{}"))),
            StopReason.TOOL_USE,
            new Usage(10, 20, 30, 40, 5));

    String text = ModelJson.write(response);

    assertThat(text)
        .contains(
            "\"usage\":{\"inputTokens\":10,\"outputTokens\":20,\"cacheReadTokens\":30,"
                + "\"cacheWriteTokens\":40,\"reasoningTokens\":5}")
        .contains("\"stopReason\":\"TOOL_USE\"");
    assertThat(ModelJson.readResponse(text)).isEqualTo(response);
  }

  @Test
  void anUnknownBlockTypeIsNamedWithItsPath() {
    String json = ModelJson.write(request()).replace("\"type\":\"thinking\"", "\"type\":\"image\"");

    assertThatThrownBy(() -> ModelJson.readRequest(json))
        .isInstanceOfSatisfying(
            ModelJsonException.class,
            e -> assertThat(e.path()).isEqualTo("$.messages[1].content[0].type"))
        .hasMessageStartingWith("$.messages[1].content[0].type: unknown block type 'image'")
        .hasMessageContaining("text, thinking, tool_call, tool_result");
  }

  @Test
  void aMissingOrMistypedFieldIsNamedWithItsPath() {
    String base = ModelJson.write(request());

    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"error\":false", "\"error\":\"no\"")))
        .hasMessage("$.messages[2].content[0].error: expected true or false but found string");
    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"maxOutputTokens\":100,", "")))
        .hasMessage("$.maxOutputTokens: missing");
    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"maxOutputTokens\":100", "\"maxOutputTokens\":1.5")))
        .hasMessage("$.maxOutputTokens: expected a whole number (32 bits) but found number");
    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"value\":\"last\"", "\"value\":3")))
        .hasMessage("$.metadata[1].value: expected a string but found number");
    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"key\":\"z\"", "\"key\":\"a\"")))
        .hasMessage("$.metadata[1].key: the key 'a' appears twice");
    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"role\":\"user\"", "\"role\":\"system\"")))
        .hasMessageStartingWith("$.messages[0].role: unknown role 'system'");
    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"system\":\"be brief\"", "\"sistem\":\"x\"")))
        .hasMessageStartingWith("$.sistem: unknown field");
    assertThatThrownBy(() -> ModelJson.readRequest("[1]"))
        .hasMessage("$: expected an object but found array");
    assertThatThrownBy(() -> ModelJson.readRequest("{\"model\": "))
        .hasMessageStartingWith("$: not JSON");
    assertThatThrownBy(() -> ModelJson.readRequest(base + " {}"))
        .hasMessageStartingWith("$: not JSON");
    assertThatThrownBy(() -> ModelJson.readRequest(" "))
        .hasMessage("$: there is no JSON value");
  }

  @Test
  void aValueTheRecordsRefuseIsNamedWithThePathOfItsRecord() {
    String base = ModelJson.write(request());

    assertThatThrownBy(() -> ModelJson.readRequest(base.replace("\"id\":\"c1\"", "\"id\":\" \"")))
        .isInstanceOf(ModelJsonException.class)
        .hasMessageStartingWith("$.messages[1].content[2]: ")
        .hasMessageContaining("tool call id");
    assertThatThrownBy(
            () ->
                ModelJson.readRequest(
                    base.replace(
                        "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]", "\"content\":[]")))
        .hasMessageStartingWith("$.messages[0]: content of a USER message must not be empty");
  }

  @Test
  void badResponsesAreNamedWithTheirPath() {
    String good =
        ModelJson.write(
            new ModelResponse("r", "m", Message.assistant("ok"), StopReason.END_TURN, Usage.of(1, 2)));

    assertThatThrownBy(() -> ModelJson.readResponse(good.replace("END_TURN", "DONE")))
        .hasMessageStartingWith("$.stopReason: unknown value 'DONE'; expected one of END_TURN");
    assertThatThrownBy(() -> ModelJson.readResponse(good.replace("\"outputTokens\":2", "\"outputTokens\":-2")))
        .hasMessageStartingWith("$.usage: ")
        .hasMessageContaining("outputTokens");
    assertThatThrownBy(() -> ModelJson.readResponse(good.replace("\"role\":\"assistant\"", "\"role\":\"user\"")))
        .hasMessageStartingWith("$: message of a response must be from the ASSISTANT");
  }
}

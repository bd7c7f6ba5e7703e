package dev.darkfactory.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.model.Usage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cassette file: what it holds, how it looks, how it is written, and how bad files fail. */
class CassetteTest {

  @TempDir Path dir;

  static ModelRequest request(String text) {
    return ModelRequest.builder("test-model")
        .system("You are terse.")
        .message(Message.user(text))
        .tool(new ToolSpec("finish", "Ends.", "{\"type\": \"object\"}"))
        .metadata("prompt_cache_key", "darkfactory/greeting/1")
        .build();
  }

  static ModelResponse response(String text) {
    return new ModelResponse(
        "resp-1", "test-model", Message.assistant(text), StopReason.END_TURN, new Usage(10, 2, 0, 0, 0));
  }

  private static Cassette everyKind() {
    ModelRequest rich =
        ModelRequest.builder("test-model")
            .system("sys")
            .message(Message.user("caf\u00e9 \uD83D\uDE00 and a lone \uD800 surrogate"))
            .message(
                new Message(
                    Role.ASSISTANT,
                    List.of(
                        new ContentBlock.Thinking("hmm", "sig"),
                        new ContentBlock.Text("calling"),
                        new ContentBlock.ToolCall("call_1", "read_file", "{\"path\": \"a.txt\"}"))))
            .message(new Message(Role.USER, List.of(new ContentBlock.ToolResult("call_1", "line\n", false))))
            .temperature(0.5)
            .responseSchema("{\"type\": \"object\"}")
            .maxOutputTokens(100)
            .build();
    return Cassette.of(
        "scripted",
        List.of(
            Cassette.Interaction.answered(rich, response("done")),
            Cassette.Interaction.failed(
                request("again"),
                new ModelException(ModelException.Kind.RATE_LIMITED, "slow down", Duration.ofSeconds(2), null))));
  }

  @Test
  void writesAndReadsBackEveryKindOfContentAndARecordedError() {
    Cassette cassette = everyKind();
    Path file = dir.resolve("c.json");
    Cassette written = cassette.write(file);

    Cassette back = Cassette.read(file);

    assertThat(written.source()).isEqualTo(file.toString());

    assertThat(back).isEqualTo(cassette);
    assertThat(back.source()).isEqualTo(dir.resolve("c.json").toString());
    Cassette.RecordedError error = back.interactions().get(1).error();
    assertThat(error).isEqualTo(new Cassette.RecordedError(ModelException.Kind.RATE_LIMITED, "slow down", Duration.ofSeconds(2)));
    assertThat(error.toException().getMessage()).isEqualTo("RATE_LIMITED: slow down");
    assertThat(error.toException().retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void isPrettyVersionedJsonWithOneInteractionPerArrayElement() {
    String json = everyKind().toJson();

    assertThat(json)
        .startsWith("{\n  \"format\": \"darkfactory-cassette\",\n  \"version\": 1,\n  \"provider\": \"scripted\",\n  \"interactions\": [\n    {\n      \"request\": {\n")
        .endsWith("\n}\n")
        .contains("\n    },\n    {\n      \"request\": {\n")
        .contains("\"error\": {\n        \"kind\": \"RATE_LIMITED\",\n        \"message\": \"slow down\",\n        \"retryAfter\": \"PT2S\"\n      }")
        // readable text: non-ASCII kept as is, only the lone surrogate escaped
        .contains("caf\u00e9 \uD83D\uDE00 and a lone \\uD800 surrogate")
        .doesNotContain("\r");
    assertThat(Cassette.parse(json, "again").toJson()).isEqualTo(json);
  }

  @Test
  void writesAtomicallyReplacingTheOldFileAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("deep/er/c.json");
    Cassette.of("scripted", List.of(Cassette.Interaction.answered(request("one"), response("1")))).write(file);
    Cassette two = everyKind();

    two.write(file);

    assertThat(Cassette.read(file)).isEqualTo(two);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c.json");
    }
  }

  @Test
  void aMissingFileSaysSoAndHowToMakeIt() {
    Path file = dir.resolve("nothing.json");

    assertThatThrownBy(() -> Cassette.read(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("RecordingModelProvider");
  }

  private InvalidInputException bad(String text) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    try {
      Cassette.read(file);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("the cassette was read: " + text);
  }

  @Test
  void textThatIsNotJsonNamesTheFileLineAndColumn() throws Exception {
    InvalidInputException e = bad("{\n  \"format\": \"darkfactory-cassette\",\n  \"version\": 1,,\n}");

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).location().source()).isEqualTo(dir.resolve("bad.json").toString());
    assertThat(e.problems().get(0).location().line()).isEqualTo(3);
    assertThat(e.getMessage()).contains("bad.json:3:").contains("not JSON");
  }

  @Test
  void anEmptyFileOrTrailingTextIsRefused() throws Exception {
    assertThat(bad("").getMessage()).contains("bad.json:1: the file is empty");
    assertThat(bad(everyKind().toJson() + "{}").getMessage()).contains("more JSON after the cassette's object");
  }

  @Test
  void aJsonFileOfAnotherKindIsNotACassette() throws Exception {
    assertThat(bad("[1, 2]").getMessage()).contains("bad.json:1: $: the file holds an array, not a cassette");
    assertThat(bad("{\"format\": \"har\", \"version\": 1}").getMessage())
        .contains("bad.json:1: $.format: is \"har\", so this is not a cassette (expected \"darkfactory-cassette\")");
    assertThat(bad("{\"version\": 1}").getMessage()).contains("$.format: missing");
  }

  @Test
  void aNewerVersionIsRefusedSayingWhatThisTestkitReads() throws Exception {
    InvalidInputException e =
        bad("{\n  \"format\": \"darkfactory-cassette\",\n  \"version\": 2,\n  \"provider\": \"x\",\n  \"interactions\": []\n}");

    assertThat(e.getMessage())
        .contains("bad.json:3: $.version: is version 2, but this testkit reads version 1 (a newer testkit wrote it)");
  }

  @Test
  void everyBadInteractionIsNamedByLineAndJsonPath() throws Exception {
    String good = everyKind().toJson();
    String broken =
        good.replaceFirst("\"role\": \"user\"", "\"role\": \"robot\"")
            .replace("\"kind\": \"RATE_LIMITED\"", "\"kind\": \"SLOW\"");
    int roleLine = lineOf(broken, "\"robot\"");
    int kindLine = lineOf(broken, "\"SLOW\"");

    InvalidInputException e = bad(broken);

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0).toString())
        .isEqualTo(
            dir.resolve("bad.json") + ":" + roleLine
                + ": $.interactions[0].request.messages[0].role: unknown role 'robot'; expected user or assistant"
                + " (expected a request in ModelJson's form)");
    assertThat(e.problems().get(1).toString())
        .startsWith(dir.resolve("bad.json") + ":" + kindLine + ": $.interactions[1].error.kind: unknown kind \"SLOW\"");
  }

  @Test
  void anInteractionNeedsExactlyOneOfResponseAndError() throws Exception {
    String both =
        "{\"format\": \"darkfactory-cassette\", \"version\": 1, \"provider\": \"p\", \"interactions\": [\n"
            + "{\"request\": " + dev.darkfactory.core.model.ModelJson.write(request("a"))
            + ", \"response\": " + dev.darkfactory.core.model.ModelJson.write(response("b"))
            + ", \"error\": {\"kind\": \"TIMEOUT\", \"message\": \"late\"}},\n"
            + "{\"request\": " + dev.darkfactory.core.model.ModelJson.write(request("a")) + "}\n]}";

    InvalidInputException e = bad(both);

    assertThat(e.getMessage())
        .contains("bad.json:2: $.interactions[0]: has both a response and an error (expected exactly one of response and error)")
        .contains("bad.json:3: $.interactions[1]: has neither a response nor an error");
  }

  @Test
  void aMissingFieldIsReportedAtItsParentsLine() throws Exception {
    String json = everyKind().toJson().replace("\"maxOutputTokens\": 100,\n", "");

    InvalidInputException e = bad(json);

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo("$.interactions[0].request.maxOutputTokens: missing");
      assertThat(p.location().line()).isEqualTo(lineOf(json, "\"request\": {"));
    });
  }

  @Test
  void anInteractionIsNeitherAnsweredTwiceNorNever() {
    assertThatThrownBy(() -> new Cassette.Interaction(request("a"), null, null))
        .hasMessageContaining("exactly one of response and error, but neither was given");
  }

  private static int lineOf(String text, String needle) {
    int at = text.indexOf(needle);
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }
}

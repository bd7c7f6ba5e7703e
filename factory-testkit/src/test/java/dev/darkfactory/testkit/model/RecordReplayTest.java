package dev.darkfactory.testkit.model;

import static dev.darkfactory.testkit.model.CassetteTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a provider into a cassette, and replaying it: matches, mismatches, ends, errors. */
class RecordReplayTest {

  @TempDir Path dir;

  private static ModelRequest turn2(String toolOutput) {
    return request("count the files")
        .toBuilder()
        .message(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolCall("call_1", "run_command", "{\"command\": \"ls | wc -l\"}"))))
        .message(new Message(Role.USER, List.of(new ContentBlock.ToolResult("call_1", toolOutput, false))))
        .build();
  }

  private static ScriptedModelProvider scripted() {
    return ScriptedModelProvider.builder()
        .on(RequestMatcher.turn(1))
        .reply(Reply.toolCall("run_command", Reply.json("command", "ls | wc -l")))
        .on(RequestMatcher.toolResult("run_command").succeeded())
        .reply(Reply.text("there are 3 files"))
        .build();
  }

  /** Records the two-turn conversation of {@link #scripted()} into a file. */
  private Path recordConversation(String toolOutput) throws Exception {
    Path file = dir.resolve("conversation.json");
    RecordingModelProvider recording = RecordingModelProvider.to(file, scripted());
    recording.complete(request("count the files"));
    recording.complete(turn2(toolOutput));
    return file;
  }

  @Test
  void recordsEveryCallIntoTheFileAsItGoes() throws Exception {
    Path file = dir.resolve("c.json");
    RecordingModelProvider recording = RecordingModelProvider.to(file, scripted());

    ModelResponse first = recording.complete(request("count the files"));

    assertThat(recording.id()).isEqualTo("scripted");
    assertThat(Cassette.read(file).interactions())
        .containsExactly(Cassette.Interaction.answered(request("count the files"), first));
    recording.complete(turn2("exit code: 0 (0.1 s)\n3\n"));
    assertThat(Cassette.read(file).size()).isEqualTo(2);
    assertThat(recording.cassette()).isEqualTo(Cassette.read(file));
  }

  @Test
  void replaysTheRecordedResponsesInOrder() throws Exception {
    Path file = recordConversation("exit code: 0 (0.1 s)\n3\n");
    ReplayingModelProvider replay = ReplayingModelProvider.from(file);

    ModelResponse one = replay.complete(request("count the files"));
    ModelResponse two = replay.complete(turn2("exit code: 0 (0.1 s)\n3\n"));

    assertThat(one.toolCalls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("run_command"));
    assertThat(two.message().text()).isEqualTo("there are 3 files");
    assertThat(replay.played()).isEqualTo(2);
    assertThat(replay.remaining()).isZero();
    replay.assertAllPlayed();
  }

  @Test
  void aDifferentRequestFailsNamingTheIndexThePathAndBothValues() throws Exception {
    Path file = recordConversation("exit code: 0 (0.1 s)\n3\n");
    ReplayingModelProvider replay = ReplayingModelProvider.from(file);
    replay.complete(request("count the files"));

    CassetteMismatchError e =
        catchThrowableOfType(CassetteMismatchError.class, () -> replay.complete(turn2("exit code: 1 (0.1 s)\nls: not found\n")));

    assertThat(e.index()).isEqualTo(1);
    assertThat(e.path()).isEqualTo("$.messages[2].content[0].content");
    assertThat(e.recorded()).isEqualTo("\"exit code: 0 (0.1 s)\\n3\\n\"");
    assertThat(e.received()).isEqualTo("\"exit code: 1 (0.1 s)\\nls: not found\\n\"");
    assertThat(e.cassette()).isEqualTo(file.toString());
    assertThat(e.getMessage())
        .startsWith(
            "request 2 does not match the cassette " + file
                + ": interaction index 1 (2 of 2) differs first at $.messages[2].content[0].content (character 12)\n"
                + "  recorded: \"exit code: 0 (0.1 s)\\n3\\n\"\n"
                + "  received: \"exit code: 1 (0.1 s)\\nls: not found\\n\"\n")
        .contains(".ignoring(\"$.messages[2].content[0].content\")");
    // A mismatch does not use the interaction up.
    assertThat(replay.played()).isEqualTo(1);
    assertThatThrownBy(() -> replay.complete(turn2("exit code: 1 (0.1 s)\nls: not found\n")))
        .isInstanceOf(CassetteMismatchError.class);
  }

  @Test
  void longValuesAreShownAsShortExcerptsAroundTheFirstDifference() throws Exception {
    String before = "x".repeat(500) + "RECORDED" + "y".repeat(500);
    String after = "x".repeat(500) + "RECEIVED" + "y".repeat(500);
    Cassette cassette =
        Cassette.of("p", List.of(Cassette.Interaction.answered(request(before), CassetteTest.response("ok"))));

    CassetteMismatchError e =
        catchThrowableOfType(CassetteMismatchError.class, () -> ReplayingModelProvider.of(cassette).complete(request(after)));

    assertThat(e.path()).isEqualTo("$.messages[0].content[0].text");
    assertThat(e.recorded()).isEqualTo("\"..." + "x".repeat(37) + "RECORDED" + "y".repeat(55) + "...\" (1008 chars)");
    assertThat(e.received()).isEqualTo("\"..." + "x".repeat(37) + "RECEIVED" + "y".repeat(55) + "...\" (1008 chars)");
    assertThat(e.getMessage()).contains("(character 504)").hasSizeLessThan(800);
  }

  @Test
  void anExtraOrMissingPartIsNamedToo() {
    ModelRequest recorded = request("hi");
    Cassette cassette = Cassette.of("p", List.of(Cassette.Interaction.answered(recorded, CassetteTest.response("ok"))));

    CassetteMismatchError extraMessage =
        catchThrowableOfType(CassetteMismatchError.class, () -> ReplayingModelProvider.of(cassette).complete(recorded.toBuilder().message(Message.assistant("x")).build()));
    CassetteMismatchError temperature =
        catchThrowableOfType(CassetteMismatchError.class, () -> ReplayingModelProvider.of(cassette).complete(recorded.toBuilder().temperature(0.2).build()));

    assertThat(extraMessage.path()).isEqualTo("$.messages[1]");
    assertThat(extraMessage.recorded()).startsWith("(none: the recorded array has 1 elements, the received one 2)");
    assertThat(extraMessage.received()).startsWith("{\"role\":\"assistant\"");
    assertThat(temperature.path()).isEqualTo("$.temperature");
    assertThat(temperature.recorded()).isEqualTo("(missing)");
    assertThat(temperature.received()).isEqualTo("0.2");
  }

  @Test
  void aRequestAfterTheLastInteractionFailsSayingTheCassetteEnded() throws Exception {
    Path file = recordConversation("3\n");
    ReplayingModelProvider replay = ReplayingModelProvider.from(file);
    replay.complete(request("count the files"));
    replay.complete(turn2("3\n"));

    CassetteMismatchError e =
        catchThrowableOfType(CassetteMismatchError.class, () -> replay.complete(request("and now?")));

    assertThat(e.index()).isEqualTo(2);
    assertThat(e.getMessage())
        .startsWith("request 3 was not recorded: every interaction of the cassette " + file + " (2) was played")
        .contains("received, last message: user: \"and now?\"");
  }

  @Test
  void unplayedInteractionsFailTheCheckNamingThem() throws Exception {
    Path file = recordConversation("3\n");
    ReplayingModelProvider replay = ReplayingModelProvider.from(file);
    replay.complete(request("count the files"));

    assertThatThrownBy(replay::assertAllPlayed)
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "the cassette " + file + " has 1 of 2 interactions left unplayed; the code under test stopped"
                + " before they were requested:\n  index 1: 3 messages, the last (user) \"3\\n\"");
  }

  @Test
  void recordedModelErrorsReplayAsTheSameErrors() throws Exception {
    ModelException limited = new ModelException(ModelException.Kind.RATE_LIMITED, "slow down", Duration.ofSeconds(7), null);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().then(Reply.error(limited)).then(Reply.text("ok now")).build();
    Path file = dir.resolve("errors.json");
    RecordingModelProvider recording = RecordingModelProvider.to(file, model);
    assertThatThrownBy(() -> recording.complete(request("hi"))).isSameAs(limited);
    recording.complete(request("hi"));
    ReplayingModelProvider replay = ReplayingModelProvider.from(file);

    ModelException replayed = catchThrowableOfType(ModelException.class, () -> replay.complete(request("hi")));
    ModelResponse after = replay.complete(request("hi"));

    assertThat(replayed.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
    assertThat(replayed.getMessage()).isEqualTo(limited.getMessage());
    assertThat(replayed.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(after.message().text()).isEqualTo("ok now");
    replay.assertAllPlayed();
  }

  @Test
  void volatilePartsMatchOnlyWhenNormalizedExplicitly() throws Exception {
    Path file = recordConversation("exit code: 0 (0.1 s)\n3\n");
    ModelRequest slower = turn2("exit code: 0 (2.4 s)\n3\n");

    ReplayingModelProvider strict = ReplayingModelProvider.from(file);
    strict.complete(request("count the files"));
    assertThatThrownBy(() -> strict.complete(slower)).isInstanceOf(CassetteMismatchError.class);

    ReplayingModelProvider normalized =
        ReplayingModelProvider.builder(Cassette.read(file))
            .normalizer(RequestNormalizer.replacing("exit code: (\\d+) \\(\\d+\\.\\d s\\)", "exit code: $1 (<elapsed> s)"))
            .build();
    normalized.complete(request("count the files"));
    assertThat(normalized.complete(slower).message().text()).isEqualTo("there are 3 files");

    ReplayingModelProvider ignoring =
        ReplayingModelProvider.builder(Cassette.read(file)).ignoring("$.messages[*].content[*].content").build();
    ignoring.complete(request("count the files"));
    assertThat(ignoring.complete(turn2("anything at all")).message().text()).isEqualTo("there are 3 files");
  }

  @Test
  void aNormalizingRecorderStoresNormalizedRequests() throws Exception {
    Path file = dir.resolve("normalized.json");
    RecordingModelProvider recording =
        RecordingModelProvider.builder(scripted())
            .file(file)
            .normalizer(RequestNormalizer.replacing("\\(\\d+\\.\\d s\\)", "(<elapsed> s)"))
            .build();
    recording.complete(request("count the files"));

    recording.complete(turn2("exit code: 0 (0.1 s)\n3\n"));

    assertThat(Cassette.read(file).interactions().get(1).request()).isEqualTo(turn2("exit code: 0 (<elapsed> s)\n3\n"));
    assertThat(Cassette.read(file).toJson()).doesNotContain("0.1 s");
  }

  @Test
  void aRecorderNormalizerThatBreaksTheRequestFailsBeforeSending() {
    ScriptedModelProvider model = scripted();
    RecordingModelProvider recording =
        RecordingModelProvider.builder(model).normalizer(RequestNormalizer.ignoring("$.maxOutputTokens")).build();

    assertThatThrownBy(() -> recording.complete(request("hi")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the recorder's normalizer made the request invalid, so it was not sent: $.maxOutputTokens: missing");
    assertThat(model.requests()).isEmpty();
    assertThat(recording.recorded()).isZero();
  }
}

package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.core.agent.AgentLimits;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.cost.ModelPrice;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.testkit.model.Cassette;
import dev.darkfactory.testkit.model.CassetteMismatchError;
import dev.darkfactory.testkit.model.RecordingModelProvider;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.ReplayingModelProvider;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.RequestNormalizer;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation of the default agent with a scripted model, recorded into a cassette, then
 * replayed through the real {@link ToolLoopAgent} in another workspace: same outcome, same files;
 * and what a replay says when the agent's requests differ, stop early, or met a model error.
 */
class CassetteReplayTest {

  /**
   * The parts of the default agent's requests that differ between two workspaces: the workspace
   * root and the base commit in the first message, and how long each command took.
   */
  static final RequestNormalizer HOST =
      RequestNormalizer.replacing("(?m)^- Workspace root: .*$", "- Workspace root: <workspace>")
          .andThen(RequestNormalizer.replacing("started from commit [0-9a-f]{40}", "started from commit <base>"))
          .andThen(RequestNormalizer.replacing("exit code: (-?\\d+) \\(\\d+\\.\\d s\\)", "exit code: $1 (<elapsed> s)"));

  @TempDir Path dir;

  private static ScriptedModelProvider greetingModel() {
    return ScriptedModelProvider.builder()
        .on(RequestMatcher.turn(1))
        .reply(
            Reply.toolCall("list_files", json("glob", "**/*"))
                .andToolCall("read_file", json("path", "src/greeting.txt")))
        .on(RequestMatcher.toolResult("read_file").containing("hello"))
        .reply(
            Reply.toolCall("write_file", json("path", "src/greeting.txt", "content", "hello, world\n"))
                .andToolCall("run_command", json("command", "grep -q 'hello, world' src/greeting.txt && echo checked")))
        .on(RequestMatcher.toolResult("run_command").containing("checked"))
        .reply(
            Reply.toolCall("note", json("text", "the greeting lives in src/greeting.txt"))
                .andToolCall("finish", json("summary", "greeting is now hello, world; checked with grep")))
        .build();
  }

  private static ToolLoopAgent agent(ModelProvider provider, AgentLimits limits) {
    return ToolLoopAgent.builder()
        .provider(provider)
        .model(LoopFixture.MODEL)
        .limits(limits)
        .prices(PriceCatalog.bundled().with(LoopFixture.MODEL, ModelPrice.of("0", "0", "0", "0")))
        .build();
  }

  private static ToolLoopAgent agent(ModelProvider provider) {
    return agent(provider, AgentLimits.defaults());
  }

  /** Runs the greeting conversation against the scripted model in a fresh world, recording it. */
  private Recorded record(ScriptedModelProvider model) throws Exception {
    Path file = dir.resolve("greeting.cassette.json");
    try (LoopFixture world = new LoopFixture(dir.resolve("record"))) {
      RecordingModelProvider recording =
          RecordingModelProvider.builder(model).file(file).normalizer(HOST).build();
      AgentOutcome outcome = agent(recording).implement(world.assignment(), world.context());
      String greeting = world.file("src/greeting.txt").toFile().exists() ? world.read("src/greeting.txt") : "";
      return new Recorded(file, outcome, greeting, world.notes);
    }
  }

  private record Recorded(Path file, AgentOutcome outcome, String greeting, List<String> notes) {}

  private static List<Message> assistantMessages(AgentOutcome outcome) {
    return outcome.transcript().messages().stream().filter(m -> m.role() == Role.ASSISTANT).toList();
  }

  @Test
  void aRecordedConversationReplaysThroughTheDefaultAgentToTheSameOutcome() throws Exception {
    Recorded recorded = record(greetingModel());
    assertThat(recorded.outcome()).isInstanceOf(AgentOutcome.Finished.class);

    try (LoopFixture world = new LoopFixture(dir.resolve("replay"))) {
      ReplayingModelProvider replay =
          ReplayingModelProvider.builder(Cassette.read(recorded.file())).normalizer(HOST).build();

      AgentOutcome outcome = agent(replay).implement(world.assignment(), world.context());

      assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
      assertThat(((AgentOutcome.Finished) outcome).summary())
          .isEqualTo(((AgentOutcome.Finished) recorded.outcome()).summary())
          .isEqualTo("greeting is now hello, world; checked with grep");
      assertThat(outcome.usage()).isEqualTo(recorded.outcome().usage());
      assertThat(assistantMessages(outcome)).isEqualTo(assistantMessages(recorded.outcome()));
      assertThat(world.read("src/greeting.txt")).isEqualTo(recorded.greeting()).isEqualTo("hello, world\n");
      assertThat(world.notes).isEqualTo(recorded.notes());
      assertThat(replay.played()).isEqualTo(3);
      replay.assertAllPlayed();
    }
  }

  @Test
  void theCassetteHoldsNoHostPathBecauseTheRecorderNormalized() throws Exception {
    Recorded recorded = record(greetingModel());

    String json = Cassette.read(recorded.file()).toJson();

    assertThat(json)
        .contains("- Workspace root: <workspace>")
        .contains("started from commit <base>")
        .contains("exit code: 0 (<elapsed> s)")
        .doesNotContain(dir.toString());
  }

  @Test
  void withoutTheNormalizerTheOtherWorkspaceIsAMismatchInTheFirstMessage() throws Exception {
    Recorded recorded = record(greetingModel());

    try (LoopFixture world = new LoopFixture(dir.resolve("replay"))) {
      ReplayingModelProvider strict = ReplayingModelProvider.from(recorded.file());

      CassetteMismatchError e =
          catchThrowableOfType(CassetteMismatchError.class, () -> agent(strict).implement(world.assignment(), world.context()));

      assertThat(e.index()).isZero();
      assertThat(e.path()).isEqualTo("$.messages[0].content[0].text");
      assertThat(e.recorded()).contains("<workspace>");
      assertThat(e.received()).contains(dir.resolve("replay").toString());
    }
  }

  @Test
  void aChangedRepositoryFailsLoudlyAtTheFirstDifferentToolResult() throws Exception {
    Recorded recorded = record(greetingModel());

    try (LoopFixture world = new LoopFixture(dir.resolve("replay"))) {
      world.write("src/greeting.txt", "howdy\n");
      ReplayingModelProvider replay =
          ReplayingModelProvider.builder(Cassette.read(recorded.file())).normalizer(HOST).build();

      // An AssertionError: the agent does not turn it into a failed attempt, the test fails.
      CassetteMismatchError e =
          catchThrowableOfType(CassetteMismatchError.class, () -> agent(replay).implement(world.assignment(), world.context()));

      assertThat(e.index()).isEqualTo(1);
      assertThat(e.path()).isEqualTo("$.messages[2].content[1].content");
      assertThat(e.recorded()).contains("hello");
      assertThat(e.received()).contains("howdy");
      assertThat(e.getMessage())
          .contains("interaction index 1 (2 of 3) differs first at $.messages[2].content[1].content");
    }
  }

  @Test
  void anAgentThatStopsEarlyLeavesInteractionsTheEndCheckNames() throws Exception {
    Recorded recorded = record(greetingModel());

    try (LoopFixture world = new LoopFixture(dir.resolve("replay"))) {
      ReplayingModelProvider replay =
          ReplayingModelProvider.builder(Cassette.read(recorded.file())).normalizer(HOST).build();

      AgentOutcome outcome =
          agent(replay, AgentLimits.defaults().withMaxTurns(2)).implement(world.assignment(), world.context());

      assertThat(outcome).isInstanceOf(AgentOutcome.LimitReached.class);
      assertThatThrownBy(replay::assertAllPlayed)
          .hasMessageStartingWith("the cassette " + recorded.file() + " has 1 of 3 interactions left unplayed")
          .hasMessageContaining("index 2: 5 messages, the last (user)");
    }
  }

  @Test
  void aRecordedModelErrorEndsTheReplayedAttemptTheSameWay() throws Exception {
    ScriptedModelProvider failing =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(1))
            .reply(Reply.toolCall("read_file", json("path", "src/greeting.txt")))
            .then(Reply.error(ModelException.Kind.CONTEXT_TOO_LONG, "the conversation is too long"))
            .build();
    Recorded recorded = record(failing);
    assertThat(recorded.outcome()).isInstanceOf(AgentOutcome.Failed.class);

    try (LoopFixture world = new LoopFixture(dir.resolve("replay"))) {
      ReplayingModelProvider replay =
          ReplayingModelProvider.builder(Cassette.read(recorded.file())).normalizer(HOST).build();

      AgentOutcome outcome = agent(replay).implement(world.assignment(), world.context());

      assertThat(outcome).isInstanceOf(AgentOutcome.Failed.class);
      assertThat(((AgentOutcome.Failed) outcome).error())
          .isEqualTo(((AgentOutcome.Failed) recorded.outcome()).error())
          .contains("CONTEXT_TOO_LONG: the conversation is too long");
      assertThat(Cassette.read(recorded.file()).interactions().get(1).error())
          .isEqualTo(new Cassette.RecordedError(ModelException.Kind.CONTEXT_TOO_LONG, "the conversation is too long", null));
      replay.assertAllPlayed();
    }
  }
}

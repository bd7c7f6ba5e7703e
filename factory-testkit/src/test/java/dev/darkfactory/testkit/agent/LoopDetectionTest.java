package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.LoopDetection;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeated tool calls are warned about, then stopped; rounds without a change stop too. */
class LoopDetectionTest {

  private static final String WARNING = "Warning from the loop";

  @TempDir Path dir;
  private LoopFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static AgentOutcome.Aborted aborted(AgentOutcome outcome, AgentOutcome.Aborted.Cause cause) {
    assertThat(outcome).isInstanceOf(AgentOutcome.Aborted.class);
    AgentOutcome.Aborted a = (AgentOutcome.Aborted) outcome;
    assertThat(a.cause()).isEqualTo(cause);
    return a;
  }

  @Test
  void theSameCallRepeatedIsWarnedAboutThenAbortedIfItGoesOn() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(Reply.toolCall("read_file", json("path", "src/greeting.txt")))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    AgentOutcome.Aborted a = aborted(outcome, AgentOutcome.Aborted.Cause.LOOP_DETECTED);
    assertThat(a.detail()).contains("read_file {\"path\":\"src/greeting.txt\"}").contains("after it was warned");
    // warned with the results of the third call, stopped after the fourth
    assertThat(model.requests()).hasSize(4);
    Message third = model.requests().get(3).messages().get(6);
    assertThat(third.content()).last().isInstanceOfSatisfying(
        ContentBlock.Text.class, t -> assertThat(t.text()).startsWith(WARNING).contains("3 times"));
    assertThat(f.events(AgentEvent.WarningInjected.class))
        .singleElement()
        .satisfies(w -> assertThat(w.kind()).isEqualTo(AgentEvent.Warning.LOOP));
  }

  @Test
  void aPatternOfTwoCallsIsALoopAndBreakingItAfterTheWarningLetsTheAgentGoOn() throws Exception {
    Reply read = Reply.toolCall("read_file", json("path", "src/greeting.txt"));
    Reply list = Reply.toolCall("list_files", json("glob", "*"));
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.lastUserMessageContains(WARNING))
            .reply(Reply.toolCall("write_file", json("path", "new.txt", "content", "different")))
            .then(read).then(list).then(read).then(list).then(read).then(list)
            .then(Reply.toolCall("finish", json("summary", "broke out")))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.events(AgentEvent.WarningInjected.class)).hasSize(1);
    assertThat(f.events(AgentEvent.WarningInjected.class).get(0).text())
        .contains("read_file {\"path\":\"src/greeting.txt\"}, then list_files {\"glob\":\"*\"}");
  }

  @Test
  void aPatternOfThreeCallsSpreadOverParallelCallsIsFound() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(
                Reply.toolCall("read_file", json("path", "README.md"))
                    .andToolCall("list_files", json("glob", "*.md"))
                    .andToolCall("search_files", json("pattern", "Greeting")))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    aborted(outcome, AgentOutcome.Aborted.Cause.LOOP_DETECTED);
    assertThat(model.requests()).hasSize(4);
  }

  @Test
  void theArgumentsAreComparedAsCanonicalJson() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", "{\"path\":\"README.md\",\"start_line\":1}"))
            .then(Reply.toolCall("read_file", "{ \"start_line\" : 1, \"path\" : \"README.md\" }"))
            .then(Reply.toolCall("read_file", "{\"start_line\":1,\"path\":\"README.md\"}"))
            .always(Reply.toolCall("finish", json("summary", "done")))
            .build();

    f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(f.events(AgentEvent.WarningInjected.class)).hasSize(1);
  }

  @Test
  void changingArgumentsAreNotALoopAndTheRepetitionCountIsConfigurable() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("read_file", json("path", "src/greeting.txt")))
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .always(Reply.toolCall("finish", json("summary", "done")))
            .build();

    AgentOutcome relaxed = f.agent(model).build().implement(f.assignment(), f.context());
    assertThat(relaxed).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.events(AgentEvent.WarningInjected.class)).isEmpty();

    ScriptedModelProvider strict =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .always(Reply.toolCall("finish", json("summary", "done")))
            .build();
    f.agent(strict)
        .loopDetection(LoopDetection.defaults().withRepetitions(2))
        .build()
        .implement(f.assignment(), f.context());
    assertThat(f.events(AgentEvent.WarningInjected.class)).hasSize(1);
  }

  @Test
  void roundsThatLeaveTheWorkspaceUnchangedEndTheAttemptAsNoProgress() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(
                Reply.computed(
                    "read a different range each turn",
                    r ->
                        Reply.toolCall(
                            "read_file",
                            json("path", "README.md", "start_line", RequestMatcher.turnOf(r)))))
            .build();

    AgentOutcome outcome =
        f.agent(model)
            .loopDetection(LoopDetection.defaults().withNoProgressRounds(4))
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.Aborted a = aborted(outcome, AgentOutcome.Aborted.Cause.NO_PROGRESS);
    assertThat(a.detail()).isEqualTo("4 tool rounds in a row left the workspace unchanged");
    assertThat(model.requests()).hasSize(4);
  }

  @Test
  void aChangeToTheWorkspaceResetsTheNoProgressCount() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(
                Reply.computed(
                    "every third turn writes a file, else reads",
                    r -> {
                      int turn = RequestMatcher.turnOf(r);
                      if (turn == 12) {
                        return Reply.toolCall("finish", json("summary", "done"));
                      }
                      return turn % 3 == 0
                          ? Reply.toolCall("write_file", json("path", "f" + turn + ".txt", "content", "x"))
                          : Reply.toolCall("read_file", json("path", "README.md", "start_line", turn));
                    }))
            .build();

    AgentOutcome outcome =
        f.agent(model)
            .loopDetection(LoopDetection.defaults().withNoProgressRounds(3))
            .build()
            .implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
  }

  @Test
  void writingWhatIsAlreadyThereIsNoProgress() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(Reply.toolCall("write_file", json("path", "src/greeting.txt", "content", "hello\n")))
            .build();

    AgentOutcome outcome =
        f.agent(model)
            .loopDetection(new LoopDetection(0, 3, 3))
            .build()
            .implement(f.assignment(), f.context());

    aborted(outcome, AgentOutcome.Aborted.Cause.NO_PROGRESS);
    assertThat(model.requests()).hasSize(3);
  }

  @Test
  void bothChecksCanBeTurnedOff() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(Reply.toolCall("read_file", json("path", "README.md")))
            .build();

    AgentOutcome outcome =
        f.agent(model)
            .loopDetection(LoopDetection.off())
            .limits(dev.darkfactory.core.agent.AgentLimits.defaults().withMaxTurns(30))
            .build()
            .implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOfSatisfying(
        AgentOutcome.LimitReached.class,
        l -> assertThat(l.limit()).isEqualTo(AgentOutcome.Limit.TURNS));
    assertThat(f.events(AgentEvent.WarningInjected.class)).isEmpty();
  }
}

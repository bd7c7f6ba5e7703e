package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.model.ModelHints;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the first request holds, and that every later request keeps it byte for byte. */
class PromptTest {

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

  private static ScriptedModelProvider finishing() {
    return ScriptedModelProvider.builder()
        .then(Reply.toolCall("finish", json("summary", "done")))
        .build();
  }

  private String firstMessage(ToolLoopAgent.Builder builder) throws Exception {
    ScriptedModelProvider model = finishing();
    builder.provider(model).build().implement(f.assignment(), f.context());
    return model.requests().get(0).messages().get(0).text();
  }

  @Test
  void thePrefixIsByteIdenticalAcrossTurnsAndOnlyMessagesAreAppended() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "README.md")))
            .then(Reply.toolCall("write_file", json("path", "a.txt", "content", "a")))
            .then(Reply.text("thinking"))
            .then(Reply.toolCall("run_command", json("command", "ls")))
            .then(Reply.toolCall("finish", json("summary", "done")))
            .build();

    f.agent(model).build().implement(f.assignment(), f.context());

    List<ModelRequest> requests = model.requests();
    assertThat(requests).hasSize(5);
    ModelRequest first = requests.get(0);
    for (int i = 1; i < requests.size(); i++) {
      ModelRequest later = requests.get(i);
      assertThat(later.system()).isEqualTo(first.system());
      assertThat(later.tools()).isEqualTo(first.tools());
      assertThat(later.metadata()).isEqualTo(first.metadata());
      assertThat(later.maxOutputTokens()).isEqualTo(first.maxOutputTokens());
      List<Message> previous = requests.get(i - 1).messages();
      assertThat(later.messages().subList(0, previous.size())).isEqualTo(previous);
      assertThat(later.messages().get(0).text()).isEqualTo(first.messages().get(0).text());
    }
    assertThat(first.metadata()).containsEntry(ModelHints.PROMPT_CACHE_KEY, "darkfactory/greeting/1");
    assertThat(first.model()).isEqualTo(LoopFixture.MODEL);
  }

  @Test
  void theSystemPromptSaysWhoTheAgentIsHowToWorkAndHowToUseTheTools() throws Exception {
    ScriptedModelProvider model = finishing();

    f.agent(model).build().implement(f.assignment(), f.context());

    String system = model.requests().get(0).system();
    assertThat(system)
        .startsWith("You are a coding agent.")
        .contains("How to work:")
        .contains("Tools:")
        .contains("edit_file")
        .contains("finish")
        .contains("give_up")
        .contains("note");
  }

  @Test
  void theSystemPromptCanBeReplaced() throws Exception {
    ScriptedModelProvider model = finishing();

    f.agent(model).systemPrompt("You are terse.").build().implement(f.assignment(), f.context());

    assertThat(model.requests().get(0).system()).isEqualTo("You are terse.");
  }

  @Test
  void theFirstMessageHoldsTheEnvironmentTheSpecAndTheVisibleScenarios() throws Exception {
    String first = firstMessage(f.agent(finishing()));

    assertThat(first)
        .contains("# Environment")
        .contains("- Platform: " + System.getProperty("os.name"))
        .contains("- Workspace root: " + f.root)
        .contains("- Working directory: .")
        .contains("work branch factory/greeting/attempt-1, started from commit " + f.base.hex() + " of main")
        .contains("- Date: 2026-03-14")
        .contains("- Model: test-model")
        .contains("# The spec: greeting - Greet the world")
        .contains("A friendly program.")
        .contains("## Goal\n\nPrint `hello, world`.")
        .contains("## Constraints\n\nKeep it short.")
        .contains("## Interfaces\n\n`greet()` returns the greeting.")
        .contains("## Non-goals\n\nNo localisation.")
        .contains("## prints-greeting: Prints the greeting (required)")
        .contains("Running the program prints the greeting.")
        .contains("Check: runs `sh -c 'grep -q '\\''hello, world'\\'' src/greeting.txt'`")
        .doesNotContain("# Earlier attempts");
    assertThat(first.indexOf("# Environment"))
        .isLessThan(first.indexOf("# The spec"));
    assertThat(first.indexOf("# The spec")).isLessThan(first.indexOf("# Visible scenarios"));
  }

  @Test
  void agentsFilesAreReadFromTheRootDownToTheWorkingDirectoryDeeperLast() throws Exception {
    f.write("AGENTS.md", "root rules\n");
    f.write("services/AGENTS.md", "service rules\n");
    f.write("services/api/AGENTS.md", "api rules\n");
    f.write("services/api/v2/AGENTS.md", "below the working directory\n");
    f.write("other/AGENTS.md", "a sibling\n");

    String first = firstMessage(f.agent(finishing()).workingDirectory("services/api"));

    assertThat(first)
        .contains("# Repository instructions (AGENTS.md)")
        .contains("- Working directory: services/api");
    int root = first.indexOf("## AGENTS.md\n\nroot rules");
    int service = first.indexOf("## services/AGENTS.md\n\nservice rules");
    int api = first.indexOf("## services/api/AGENTS.md\n\napi rules");
    assertThat(root).isPositive();
    assertThat(service).isGreaterThan(root);
    assertThat(api).isGreaterThan(service);
    assertThat(first.indexOf("# The spec")).isGreaterThan(api);
    assertThat(first).doesNotContain("below the working directory").doesNotContain("a sibling");
  }

  @Test
  void withoutAgentsFilesThereIsNoSection() throws Exception {
    assertThat(firstMessage(f.agent(finishing()))).doesNotContain("AGENTS.md");
  }

  @Test
  void eachAgentsFileAndAllTogetherAreCappedWithAVisibleMarker() throws Exception {
    f.write("AGENTS.md", "A".repeat(100) + "\n");
    f.write("a/AGENTS.md", "B".repeat(30) + "\n");
    f.write("a/b/AGENTS.md", "C".repeat(30) + "\n");

    String first = firstMessage(f.agent(finishing()).workingDirectory("a/b").agentsFileLimits(40, 60));

    assertThat(first).contains("A".repeat(40) + "\n[... AGENTS.md is cut here: it has 101 bytes and only its first 40 characters are shown");
    assertThat(first).doesNotContain("A".repeat(41));
    // 40 + 20 of the second file fill the 60 in all; the third is named but not shown
    assertThat(first).contains("B".repeat(20) + "\n[... a/AGENTS.md is cut here");
    assertThat(first).doesNotContain("C".repeat(30));
    assertThat(first).contains("[... not shown, the instructions were too long: a/b/AGENTS.md");
  }

  @Test
  void anAgentsFileThatLinksOutOfTheWorkspaceIsNotRead() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.md"), "secret instructions\n");
    Files.createSymbolicLink(f.file("AGENTS.md"), outside);

    assertThat(firstMessage(f.agent(finishing()))).doesNotContain("secret instructions");
  }
}

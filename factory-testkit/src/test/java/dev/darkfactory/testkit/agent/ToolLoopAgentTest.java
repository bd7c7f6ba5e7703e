package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.agent.tool.DefaultTools;
import dev.darkfactory.core.agent.tool.ToolException;
import dev.darkfactory.core.agent.tool.ToolOutput;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool loop with its default tools on a real git workspace and a real sandbox, driven by the
 * scripted model: files, commands, searches, truncation, parallel calls and the calls that go
 * wrong.
 */
class ToolLoopAgentTest {

  @TempDir Path dir;
  private LoopFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
    Thread.interrupted();
  }

  private static Reply finish(String summary) {
    return Reply.toolCall("finish", json("summary", summary));
  }

  /** The tool results of the last message of a request, in order. */
  private static List<ContentBlock.ToolResult> results(ModelRequest request) {
    return request.messages().get(request.messages().size() - 1).content().stream()
        .filter(ContentBlock.ToolResult.class::isInstance)
        .map(ContentBlock.ToolResult.class::cast)
        .toList();
  }

  @Test
  void createsAFile() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(1))
            .reply(Reply.toolCall("write_file", json("path", "src/hello.txt", "content", "hello, world\n")))
            .on(RequestMatcher.toolResult("write_file").succeeded())
            .reply(finish("created src/hello.txt"))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.read("src/hello.txt")).isEqualTo("hello, world\n");
    model.assertScriptPlayed();
  }

  @Test
  void readsAFileThenEditsIt() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(1))
            .reply(Reply.toolCall("read_file", json("path", "src/greeting.txt")))
            .on(RequestMatcher.toolResult("read_file").containing("hello"))
            .reply(
                Reply.toolCall(
                    "edit_file",
                    json("path", "src/greeting.txt", "old_string", "hello", "new_string", "hello, world")))
            .on(RequestMatcher.toolResult("edit_file").succeeded())
            .reply(finish("greeting edited"))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.read("src/greeting.txt")).isEqualTo("hello, world\n");
    model.assertScriptPlayed();
  }

  @Test
  void editsSeveralFilesInOneRound() throws Exception {
    f.write("src/a.txt", "alpha\n");
    f.write("src/b.txt", "beta\n");
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("edit_file", json("path", "src/a.txt", "old_string", "alpha", "new_string", "ALPHA"))
                    .andToolCall("edit_file", json("path", "src/b.txt", "old_string", "beta", "new_string", "BETA"))
                    .andToolCall("write_file", json("path", "src/c.txt", "content", "gamma\n")))
            .then(finish("three files"))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.read("src/a.txt")).isEqualTo("ALPHA\n");
    assertThat(f.read("src/b.txt")).isEqualTo("BETA\n");
    assertThat(f.read("src/c.txt")).isEqualTo("gamma\n");
    assertThat(results(model.lastRequest())).extracting(ContentBlock.ToolResult::error).containsOnly(false);
  }

  @Test
  void parallelCallsRunInOrderAndAreAnsweredTogetherInOneMessage() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("write_file", json("path", "order.txt", "content", "first\n"))
                    .andToolCall("read_file", json("path", "order.txt"))
                    .andToolCall("list_files", json("glob", "*.txt"))
                    .andToolCall("run_command", json("command", "cat order.txt")))
            .then(finish("done"))
            .build();

    f.agent(model).build().implement(f.assignment(), f.context());

    ModelRequest second = model.lastRequest();
    // user, assistant (4 calls), one user message with the 4 results
    assertThat(second.messages()).hasSize(3);
    Message answers = second.messages().get(2);
    assertThat(answers.role()).isEqualTo(Role.USER);
    List<ContentBlock.ToolCall> calls = second.messages().get(1).toolCalls();
    assertThat(results(second))
        .extracting(ContentBlock.ToolResult::toolCallId)
        .containsExactlyElementsOf(calls.stream().map(ContentBlock.ToolCall::id).toList());
    // each later call saw what the earlier one did
    assertThat(results(second).get(1).content()).contains("first");
    assertThat(results(second).get(2).content()).contains("order.txt");
    assertThat(results(second).get(3).content()).contains("first");
  }

  @Test
  void runsACommandInTheSandboxAndReportsItsOutput() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("run_command", json("command", "echo made > made.txt; wc -c < src/greeting.txt; exit 3")))
            .on(RequestMatcher.toolResult("run_command").containing("exit code: 3").succeeded())
            .reply(finish("ran it"))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(f.read("made.txt")).isEqualTo("made\n");
    assertThat(results(model.lastRequest()).get(0).content()).contains("6");
  }

  @Test
  void aCommandThatRunsIntoItsTimeoutIsKilledAndReportedAsAnError() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall(
                    "run_command",
                    json("command", "echo started; sleep 30; echo never > never.txt", "timeout_seconds", 1)))
            .on(RequestMatcher.toolResult("run_command").failed().containing("TIMED OUT"))
            .reply(finish("gave the command up"))
            .build();

    long start = System.nanoTime();
    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(results(model.lastRequest()).get(0).content()).contains("started");
    assertThat(Files.exists(f.file("never.txt"))).isFalse();
  }

  @Test
  void findsFilesByGlobAndContentBySearch() throws Exception {
    f.write("src/main/App.java", "class App { void run() {} }\n");
    f.write("src/main/Util.java", "class Util { // TODO tidy\n}\n");
    f.write("docs/notes.md", "TODO write docs\n");
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("list_files", json("glob", "**/*.java"))
                    .andToolCall("search_files", json("pattern", "TODO", "glob", "**/*.java")))
            .then(finish("found them"))
            .build();

    f.agent(model).build().implement(f.assignment(), f.context());

    List<ContentBlock.ToolResult> results = results(model.lastRequest());
    assertThat(results.get(0).content())
        .contains("src/main/App.java")
        .contains("src/main/Util.java")
        .doesNotContain("notes.md");
    assertThat(results.get(1).content()).contains("src/main/Util.java").doesNotContain("notes.md");
  }

  @Test
  void aLargeFileIsTruncatedForTheModelButKeptWholeInTheEventAndTranscript() throws Exception {
    String big =
        IntStream.rangeClosed(1, 3000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
    f.write("big.txt", big);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "big.txt")))
            .then(finish("read it"))
            .build();

    AgentOutcome outcome =
        f.agent(model).outputLimits(2_000, 40).build().implement(f.assignment(), f.context());

    String sent = results(model.lastRequest()).get(0).content();
    assertThat(sent).contains("\tline 1\n").contains("\tline 3000").doesNotContain("\tline 1500\n");
    assertThat(sent).containsPattern("\\[\\.\\.\\. [0-9,]+ characters and [0-9,]+ lines removed \\.\\.\\.\\]");
    assertThat(sent.lines().count()).isLessThanOrEqualTo(41);
    AgentEvent.ToolCalled event = f.events(AgentEvent.ToolCalled.class).get(0);
    assertThat(event.truncated()).isTrue();
    assertThat(event.output().content())
        .contains("1\tline 1\n")
        .contains("1500\tline 1500\n")
        .contains("3000\tline 3000")
        .hasSizeGreaterThan(big.length());
    ContentBlock.ToolResult kept =
        (ContentBlock.ToolResult) outcome.transcript().messages().get(2).content().get(0);
    assertThat(kept.content()).isEqualTo(event.output().content());
  }

  @Test
  void anUnknownToolGetsAnErrorNamingTheToolsAndTheModelRecovers() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("delete_everything", json("path", ".")))
            .on(RequestMatcher.toolResult("delete_everything").failed().containing("no tool named"))
            .reply(Reply.toolCall("write_file", json("path", "ok.txt", "content", "ok")))
            .then(finish("recovered"))
            .build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    String error = model.requests().get(1).messages().get(2).content().get(0) instanceof ContentBlock.ToolResult r ? r.content() : "";
    assertThat(error).contains("read_file").contains("run_command").contains("finish");
    assertThat(f.read("ok.txt")).isEqualTo("ok");
  }

  @Test
  void argumentsThatFailTheSchemaGetAnErrorAndTheToolDoesNotRun() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("write_file", json("path", "x.txt"))
                    .andToolCall("write_file", json("path", "y.txt", "content", 42))
                    .andToolCall("write_file", "{not json")
                    .andToolCall("write_file", "[1, 2]"))
            .then(finish("stopped"))
            .build();

    f.agent(model).build().implement(f.assignment(), f.context());

    List<ContentBlock.ToolResult> results = results(model.lastRequest());
    assertThat(results).extracting(ContentBlock.ToolResult::error).containsOnly(true);
    assertThat(results.get(0).content()).contains("required property 'content' is missing");
    assertThat(results.get(1).content()).contains("$.content: expected string but was an integer");
    assertThat(results.get(2).content()).contains("not a JSON object");
    assertThat(results.get(3).content()).contains("not a JSON object");
    assertThat(Files.exists(f.file("x.txt"))).isFalse();
    assertThat(Files.exists(f.file("y.txt"))).isFalse();
  }

  @Test
  void aFailingToolGivesAnErrorResultAndTheModelRecovers() throws Exception {
    TestTool flaky =
        new TestTool(
            "flaky",
            TestTool.TEXT_SCHEMA,
            (a, c) -> {
              switch (a.get("text").asText()) {
                case "checked" -> throw new ToolException("the service said no; try 'again'");
                case "unchecked" -> throw new IllegalStateException("bug in the tool");
                default -> {
                  return ToolOutput.ok("fine");
                }
              }
            });
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("flaky", json("text", "checked"))
                    .andToolCall("flaky", json("text", "unchecked"))
                    .andToolCall("edit_file", json("path", "missing.txt", "old_string", "a", "new_string", "b")))
            .on(RequestMatcher.toolResult("flaky").failed().containing("the service said no"))
            .reply(Reply.toolCall("flaky", json("text", "again")))
            .on(RequestMatcher.toolResult("flaky").succeeded())
            .reply(finish("recovered"))
            .build();

    AgentOutcome outcome = f.agent(model).tool(flaky).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    List<ContentBlock.ToolResult> first = results(model.requests().get(1));
    assertThat(first.get(0)).isEqualTo(new ContentBlock.ToolResult("call_1", "the service said no; try 'again'", true));
    assertThat(first.get(1).error()).isTrue();
    assertThat(first.get(1).content()).contains("flaky failed").contains("bug in the tool");
    assertThat(first.get(2).error()).isTrue();
    assertThat(first.get(2).content()).contains("missing.txt");
  }

  @Test
  void aCustomToolReplacesTheDefaultOfTheSameNameInPlace() throws Exception {
    TestTool read =
        new TestTool(
            "read_file",
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}",
            (a, c) -> ToolOutput.ok("custom read of " + a.get("path").asText()));
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("read_file", json("path", "src/greeting.txt")))
            .then(finish("read"))
            .build();

    ToolLoopAgent agent = f.agent(model).tool(read).build();
    agent.implement(f.assignment(), f.context());

    assertThat(agent.toolSpecs().stream().map(s -> s.name()))
        .containsExactly(
            "read_file", "write_file", "edit_file", "list_files", "search_files", "run_command",
            "finish", "give_up", "note");
    assertThat(agent.toolSpecs().get(0).description()).isEqualTo("a test tool named read_file");
    assertThat(results(model.lastRequest()).get(0).content()).isEqualTo("custom read of src/greeting.txt");
  }

  @Test
  void theDefaultToolsCanBeConfiguredOrLeftOut() throws Exception {
    ScriptedModelProvider model = ScriptedModelProvider.builder().always(finish("done")).build();

    ToolLoopAgent none = f.agent(model).defaultTools(List.of()).tool(TestTool.echo()).build();
    ToolLoopAgent configured =
        f.agent(model).defaultTools(DefaultTools.builder().commandTimeout(Duration.ofSeconds(7)).build()).build();

    assertThat(none.toolSpecs()).extracting(s -> s.name()).containsExactly("echo", "finish", "give_up", "note");
    assertThat(configured.toolSpecs().get(5).description()).contains("after 7 s");
  }

  @Test
  void everyFileToolRefusesAPathOutOfTheWorkspace() throws Exception {
    Path outside = Files.writeString(dir.resolve("secret.txt"), "top secret\n");
    Files.createSymbolicLink(f.file("link"), dir);
    String up = "../" + dir.relativize(outside);
    Map<String, String> attempts =
        Map.of(
            "read_file", json("path", up),
            "write_file", json("path", "link/secret.txt", "content", "pwned"),
            "edit_file", json("path", outside.toString(), "old_string", "top", "new_string", "pwned"),
            "list_files", json("glob", "**/*", "path", "link"),
            "search_files", json("pattern", "secret", "path", ".."));
    Reply calls = null;
    for (Map.Entry<String, String> a : attempts.entrySet()) {
      calls = calls == null ? Reply.toolCall(a.getKey(), a.getValue()) : calls.andToolCall(a.getKey(), a.getValue());
    }
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().then(calls).then(finish("tried")).build();

    f.agent(model).build().implement(f.assignment(), f.context());

    List<ContentBlock.ToolResult> results = results(model.lastRequest());
    assertThat(results).hasSize(5);
    assertThat(results).allSatisfy(r -> {
      assertThat(r.error()).as(r.content()).isTrue();
      assertThat(r.content()).doesNotContain("top secret");
    });
    assertThat(Files.readString(outside)).isEqualTo("top secret\n");
  }

  @Test
  void theLoopsOwnToolsCannotBeReplacedAndCustomNamesMustBeUnique() {
    ScriptedModelProvider model = ScriptedModelProvider.builder().build();
    TestTool fakeFinish = new TestTool("finish", "{}", (a, c) -> ToolOutput.ok("x"));

    assertThatThrownBy(() -> f.agent(model).tool(fakeFinish))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to the loop");
    assertThatThrownBy(() -> f.agent(model).tool(TestTool.echo()).tool(TestTool.echo()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("echo was added already");
    assertThatThrownBy(() -> ToolLoopAgent.builder().model("m").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("provider");
    assertThatThrownBy(() -> ToolLoopAgent.builder().provider(model).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("model");
    TestTool brokenSchema = new TestTool("broken", "{not json", (a, c) -> ToolOutput.ok("x"));
    assertThatThrownBy(() -> f.agent(model).tool(brokenSchema).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input schema of tool broken");
  }

  @Test
  void oneAgentRunsConcurrentAttemptsEachWithItsOwnConversation() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(1))
            .replyAlways(
                Reply.computed(
                    "write a file named after the workspace's branch",
                    r ->
                        Reply.toolCall(
                            "write_file",
                            json("path", "who.txt", "content", r.messages().get(0).text().contains("attempt-2") ? "two" : "one"))))
            .on(RequestMatcher.turn(2))
            .replyAlways(finish("wrote who.txt"))
            .build();
    ToolLoopAgent agent = f.agent(model).build();
    try (dev.darkfactory.core.git.GitWorkspace second =
        f.repository.checkout(f.base, "factory/greeting/attempt-2")) {
      dev.darkfactory.api.agent.AgentContext secondContext = contextOn(second);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.Future<AgentOutcome> a =
            pool.submit(() -> agent.implement(f.assignment(), f.context()));
        java.util.concurrent.Future<AgentOutcome> b =
            pool.submit(() -> agent.implement(f.assignment(2, List.of()), secondContext));

        AgentOutcome first = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
        AgentOutcome other = b.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(first).isInstanceOf(AgentOutcome.Finished.class);
        assertThat(other).isInstanceOf(AgentOutcome.Finished.class);
        assertThat(first.transcript().messages()).hasSize(5);
        assertThat(other.transcript().messages()).hasSize(5);
        assertThat(f.read("who.txt")).isEqualTo("one");
        assertThat(Files.readString(second.root().resolve("who.txt"))).isEqualTo("two");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private dev.darkfactory.api.agent.AgentContext contextOn(dev.darkfactory.api.workspace.Workspace workspace) {
    dev.darkfactory.api.agent.AgentContext base = f.context();
    return new dev.darkfactory.api.agent.AgentContext() {
      @Override
      public dev.darkfactory.api.workspace.Workspace workspace() {
        return workspace;
      }

      @Override
      public dev.darkfactory.api.sandbox.Sandbox sandbox() {
        return base.sandbox();
      }

      @Override
      public dev.darkfactory.api.sandbox.SandboxPolicy sandboxPolicy() {
        return base.sandboxPolicy();
      }

      @Override
      public dev.darkfactory.api.budget.Budget budget() {
        return base.budget();
      }

      @Override
      public java.time.Clock clock() {
        return base.clock();
      }

      @Override
      public boolean stopRequested() {
        return false;
      }
    };
  }
}

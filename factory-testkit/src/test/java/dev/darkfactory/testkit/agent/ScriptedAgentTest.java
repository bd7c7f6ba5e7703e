package dev.darkfactory.testkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedAgentTest {

  private static final SpecId GREETING = SpecId.of("greeting");
  private static final SpecId FAREWELL = SpecId.of("farewell");

  @TempDir Path dir;

  private Path root;
  private ProcessSandbox sandbox;
  private TestAgentContext context;

  @BeforeEach
  void setUp() {
    TempDirWorkspace workspace = new TempDirWorkspace(dir.resolve("workspace"));
    root = workspace.root();
    sandbox = new ProcessSandbox(dir.resolve("output"));
    context = new TestAgentContext(workspace, sandbox);
  }

  @AfterEach
  void clearInterrupt() {
    // A test that interrupts its own thread must not leak the flag into the next one.
    Thread.interrupted();
  }

  // --- files ---

  @Test
  void writesFilesAsUtf8CreatingParentsAndDeletesFilesAndDirectories() throws Exception {
    Files.writeString(root.resolve("old.txt"), "old");
    Files.createDirectories(root.resolve("build/classes"));
    Files.writeString(root.resolve("build/classes/A.class"), "x");

    AgentOutcome outcome =
        play(
            Script.steps()
                .write("src/main/Greeting.java", "class Greeting { String s = \"Grüße 日本語\"; }")
                .delete("old.txt")
                .delete("build")
                .finish("implemented greeting"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Finished.class))
        .extracting(AgentOutcome.Finished::summary)
        .isEqualTo("implemented greeting");
    assertThat(Files.readAllBytes(root.resolve("src/main/Greeting.java")))
        .isEqualTo("class Greeting { String s = \"Grüße 日本語\"; }".getBytes(StandardCharsets.UTF_8));
    assertThat(root.resolve("old.txt")).doesNotExist();
    assertThat(root.resolve("build")).doesNotExist();
  }

  @Test
  void writeReplacesAnExistingFile() throws Exception {
    Files.writeString(root.resolve("a.txt"), "a much longer old content");

    play(Script.steps().write("a.txt", "new"));

    assertThat(root.resolve("a.txt")).hasContent("new");
  }

  @Test
  void writeOutsideTheWorkspaceFailsAndWritesNothingOutside() throws Exception {
    AgentOutcome outcome =
        play(Script.steps().write("../escape.txt", "pwned").write("after.txt", "x").finish("ok"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Failed.class))
        .extracting(AgentOutcome.Failed::error)
        .asString()
        .contains(
            "step 1", "write ../escape.txt", "IllegalArgumentException", "leaves the workspace");
    assertThat(dir.resolve("escape.txt")).doesNotExist();
    assertThat(root.resolve("after.txt")).doesNotExist();
  }

  @Test
  void absolutePathsAndLinksOutOfTheWorkspaceFailToo() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path victim = Files.writeString(outside.resolve("victim.txt"), "keep me");
    Files.createSymbolicLink(root.resolve("link"), outside);

    AgentOutcome absolute = play(Script.steps().write(outside.resolve("new.txt").toString(), "x"));
    AgentOutcome throughLink = play(Script.steps().write("link/new.txt", "x"));
    AgentOutcome deleteOutside = play(Script.steps().delete("../outside/victim.txt"));
    AgentOutcome deleteThroughLink = play(Script.steps().delete("link/victim.txt"));

    assertThat(List.of(absolute, throughLink, deleteOutside, deleteThroughLink))
        .allSatisfy(
            o ->
                assertThat(o)
                    .asInstanceOf(type(AgentOutcome.Failed.class))
                    .extracting(AgentOutcome.Failed::error)
                    .asString()
                    .contains("step 1", "leaves the workspace"));
    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(victim).hasContent("keep me");
  }

  @Test
  void deletingAMissingFileFailsTheAttempt() {
    AgentOutcome outcome = play(Script.steps().write("a.txt", "a").delete("missing.txt"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Failed.class))
        .extracting(AgentOutcome.Failed::error)
        .asString()
        .contains("step 2", "delete missing.txt", "NoSuchFileException");
  }

  // --- commands ---

  @Test
  void runSendsTheCommandToTheSandboxAndGoesOnAfterANonZeroExit() throws Exception {
    AgentOutcome outcome =
        play(
            Script.steps()
                .run("sh", "-c", "echo out; echo err >&2; exit 3")
                .run("sh", "-c", "echo ok > ran.txt"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Finished.class))
        .extracting(AgentOutcome.Finished::summary)
        .isEqualTo("script done");
    assertThat(root.resolve("ran.txt")).hasContent("ok");
    ExecRequest first = sandbox.requests.get(0);
    assertThat(first.workspace()).isEqualTo(root);
    assertThat(first.workingDirectory()).isEqualTo(".");
    assertThat(first.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(first.environment()).isEmpty();
    assertThat(first.stdin()).isEmpty();
    assertThat(first.timeout()).isEqualTo(Duration.ofMinutes(2)).isEqualTo(Script.DEFAULT_TIMEOUT);
    assertThat(first.policy()).isSameAs(context.sandboxPolicy());

    List<ContentBlock.ToolResult> results = toolResults(outcome);
    assertThat(results).hasSize(2);
    assertThat(results.get(0).error()).isTrue();
    assertThat(results.get(0).content()).startsWith("exited with 3").contains("out", "err");
    assertThat(results.get(1).error()).isFalse();
    assertThat(results.get(1).content()).isEqualTo("exited with 0");
  }

  @Test
  void runPassesItsTimeout() {
    play(
        Script.steps().run(Duration.ofSeconds(5), "true").runOrFail(Duration.ofSeconds(7), "true"));

    assertThat(sandbox.requests)
        .extracting(ExecRequest::timeout)
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(7));
  }

  @Test
  void runOrFailEndsTheAttemptWhenTheCommandFails() throws Exception {
    AgentOutcome outcome =
        play(
            Script.steps()
                .runOrFail("true")
                .runOrFail("sh", "-c", "echo broken >&2; exit 2")
                .write("after.txt", "x")
                .finish("ok"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Failed.class))
        .extracting(AgentOutcome.Failed::error)
        .isEqualTo(
            "step 2 (runOrFail sh -c echo broken >&2; exit 2) failed: command exited with 2:"
                + " broken");
    assertThat(root.resolve("after.txt")).doesNotExist();
    assertThat(toolResults(outcome))
        .extracting(ContentBlock.ToolResult::error)
        .containsExactly(false, true);
  }

  @Test
  void aCommandThatCannotStartFailsTheAttempt() {
    AgentOutcome outcome = play(Script.steps().run("no-such-program-for-scripted-agent-test"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Failed.class))
        .extracting(AgentOutcome.Failed::error)
        .asString()
        .contains("step 1", "run no-such-program-for-scripted-agent-test", "SandboxException");
    // The failed call is answered, so the transcript stays a valid conversation.
    assertThat(toolResults(outcome)).singleElement().satisfies(r -> assertThat(r.error()).isTrue());
  }

  @Test
  void runRejectsAnEmptyCommandOrABadTimeout() {
    assertThatThrownBy(() -> Script.steps().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("command must not be empty");
    assertThatThrownBy(() -> Script.steps().runOrFail(Duration.ZERO, "true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive but was PT0S");
    assertThatThrownBy(() -> Script.steps().run("sh", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("command[1] must not be null");
  }

  // --- actions ---

  @Test
  void anActionSeesTheAssignmentAndContext() {
    List<Object> seen = new ArrayList<>();
    Assignment assignment = assignment(GREETING, 1);

    implement(agent(Script.steps().perform((a, c) -> seen.addAll(List.of(a, c)))), assignment);

    assertThat(seen).containsExactly(assignment, context);
  }

  @Test
  void anExceptionFromAnActionFailsTheAttemptNamingTheStep() {
    AgentOutcome outcome =
        play(
            Script.steps()
                .write("a.txt", "a")
                .perform(
                    (a, c) -> {
                      throw new IllegalStateException("boom");
                    })
                .finish("never"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.Failed.class))
        .extracting(AgentOutcome.Failed::error)
        .isEqualTo("step 2 (perform action) failed: java.lang.IllegalStateException: boom");
    assertThat(last(outcome).content())
        .singleElement()
        .isEqualTo(
            new ContentBlock.ToolResult("step-2", "java.lang.IllegalStateException: boom", true));
  }

  @Test
  void interruptionPropagates() {
    ScriptedAgent fromAction =
        ScriptedAgent.builder()
            .otherwise(
                Script.steps()
                    .perform(
                        (a, c) -> {
                          throw new InterruptedException("stop now");
                        }))
            .build();
    assertThatThrownBy(() -> fromAction.implement(assignment(GREETING, 1), context))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("stop now");

    ScriptedAgent betweenSteps =
        ScriptedAgent.builder()
            .otherwise(
                Script.steps()
                    .perform((a, c) -> Thread.currentThread().interrupt())
                    .write("after.txt", "x"))
            .build();
    assertThatThrownBy(() -> betweenSteps.implement(assignment(GREETING, 1), context))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("interrupted before step 2");
    assertThat(root.resolve("after.txt")).doesNotExist();
  }

  // --- endings ---

  @Test
  void eachTerminalStepGivesItsOutcome() {
    Script prefix = Script.steps().write("a.txt", "a").usage(Usage.of(10, 5));

    AgentOutcome finished = play(prefix.finish("all done"));
    AgentOutcome gaveUp = play(prefix.giveUp("the spec contradicts itself"));
    AgentOutcome failed = play(prefix.fail("model returned garbage"));
    AgentOutcome limited = play(prefix.limit(AgentOutcome.Limit.TURNS, "40 of 40 turns"));

    assertThat(finished)
        .isEqualTo(new AgentOutcome.Finished("all done", Usage.of(10, 5), finished.transcript()));
    assertThat(gaveUp)
        .isEqualTo(
            new AgentOutcome.GaveUp(
                "the spec contradicts itself", Usage.of(10, 5), gaveUp.transcript()));
    assertThat(failed)
        .isEqualTo(
            new AgentOutcome.Failed(
                "model returned garbage", Usage.of(10, 5), failed.transcript()));
    assertThat(limited)
        .isEqualTo(
            new AgentOutcome.LimitReached(
                AgentOutcome.Limit.TURNS, "40 of 40 turns", Usage.of(10, 5), limited.transcript()));
    assertThat(List.of(finished, gaveUp, failed, limited))
        .extracting(o -> last(o).text())
        .containsExactly(
            "all done", "the spec contradicts itself", "model returned garbage", "40 of 40 turns");
  }

  @Test
  void aScriptWithoutATerminalStepFinishes() {
    assertThat(play(Script.steps()))
        .asInstanceOf(type(AgentOutcome.Finished.class))
        .extracting(AgentOutcome.Finished::summary)
        .isEqualTo("script done");
  }

  @Test
  void noStepMayFollowATerminalStep() {
    Script done = Script.steps().write("a.txt", "a").finish("done");

    assertThatThrownBy(() -> done.write("b.txt", "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "script [write a.txt, finish 'done'] already ends; cannot add write b.txt after it");
    assertThatThrownBy(() -> done.giveUp("why"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("script [write a.txt, finish 'done'] already ends; cannot also giveUp 'why'");
  }

  @Test
  void scriptsAreImmutableSoAPrefixCanBeShared() {
    Script prefix = Script.steps().write("a.txt", "a");

    Script one = prefix.delete("a.txt");
    Script two = prefix.run("true").limit(AgentOutcome.Limit.COST, "$5 of $5");

    assertThat(prefix).hasToString("[write a.txt]");
    assertThat(one).hasToString("[write a.txt, delete a.txt]");
    assertThat(two).hasToString("[write a.txt, run true, limit COST '$5 of $5']");
    assertThat(Script.steps()).hasToString("[]");
  }

  @Test
  void terminalStepsCheckTheirArguments() {
    assertThatThrownBy(() -> Script.steps().giveUp(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason must not be blank but was ' '");
    assertThatThrownBy(() -> Script.steps().fail(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("error must not be blank but was ''");
    assertThatThrownBy(() -> Script.steps().limit(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("limit must not be null");
    assertThatThrownBy(() -> Script.steps().write("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("relativePath must not be blank but was ''");
  }

  // --- usage ---

  @Test
  void usageIsSummedOverTheUsageStepsReached() {
    AgentOutcome all =
        play(
            Script.steps()
                .usage(Usage.of(1200, 300))
                .write("a.txt", "a")
                .usage(new Usage(100, 50, 400, 30, 20))
                .finish("done"));
    AgentOutcome cutShort =
        play(
            Script.steps().usage(Usage.of(1200, 300)).runOrFail("false").usage(Usage.of(999, 999)));

    assertThat(all.usage()).isEqualTo(new Usage(1300, 350, 400, 30, 20));
    assertThat(cutShort).isInstanceOf(AgentOutcome.Failed.class);
    assertThat(cutShort.usage()).isEqualTo(Usage.of(1200, 300));
  }

  // --- transcript ---

  @Test
  void theTranscriptRecordsEveryStepAsAToolCallWithItsResult() {
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .model("scripted-model")
            .otherwise(
                Script.steps()
                    .write("a.txt", "say \"hi\"\n")
                    .delete("a.txt")
                    .run("true")
                    .finish("done"))
            .build();

    AgentOutcome outcome = implement(agent, assignment(GREETING, 2));

    List<Message> messages = outcome.transcript().messages();
    assertThat(outcome.transcript().models()).containsExactly("scripted-model");
    assertThat(messages)
        .extracting(Message::role)
        .containsExactly(
            Role.USER,
            Role.ASSISTANT,
            Role.USER,
            Role.ASSISTANT,
            Role.USER,
            Role.ASSISTANT,
            Role.USER,
            Role.ASSISTANT);
    assertThat(messages.get(0).text())
        .isEqualTo("Implement spec 'greeting', attempt 2, with 1 feedback entries.");
    assertThat(messages.get(1).toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall(
                "step-1", "write", "{\"path\":\"a.txt\",\"content\":\"say \\\"hi\\\"\\n\"}"));
    assertThat(messages.get(2).content())
        .containsExactly(new ContentBlock.ToolResult("step-1", "wrote 9 bytes to a.txt", false));
    assertThat(messages.get(3).toolCalls())
        .containsExactly(new ContentBlock.ToolCall("step-2", "delete", "{\"path\":\"a.txt\"}"));
    assertThat(messages.get(5).toolCalls())
        .containsExactly(
            new ContentBlock.ToolCall(
                "step-3", "run", "{\"command\":[\"true\"],\"timeoutMillis\":120000}"));
    assertThat(messages.get(7).text()).isEqualTo("done");
  }

  // --- choosing a script ---

  @Test
  void aSpecificScriptWinsOverAnyAttemptWhichWinsOverOtherwise() {
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .on(GREETING, 1, Script.steps().finish("specific"))
            .onAnySpec(1, Script.steps().finish("any spec"))
            .otherwise(Script.steps().finish("otherwise"))
            .build();

    assertThat(summary(implement(agent, assignment(GREETING, 1)))).isEqualTo("specific");
    assertThat(summary(implement(agent, assignment(FAREWELL, 1)))).isEqualTo("any spec");
    assertThat(summary(implement(agent, assignment(GREETING, 2)))).isEqualTo("otherwise");
  }

  @Test
  void withoutAScriptTheAgentGivesUp() {
    ScriptedAgent agent =
        ScriptedAgent.builder().on(GREETING, 1, Script.steps().finish("specific")).build();

    AgentOutcome outcome = implement(agent, assignment(GREETING, 2));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.GaveUp.class))
        .extracting(AgentOutcome.GaveUp::reason)
        .isEqualTo("no script for spec greeting attempt 2");
    assertThat(outcome.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void registeringTwiceForTheSameSpecAndAttemptIsAnError() {
    ScriptedAgent.Builder builder =
        ScriptedAgent.builder()
            .on(GREETING, 1, Script.steps().finish("first"))
            .on(GREETING, 2, Script.steps().finish("other attempt"))
            .on(FAREWELL, 1, Script.steps().finish("other spec"))
            .onAnySpec(1, Script.steps().finish("any"))
            .otherwise(Script.steps().finish("otherwise"));

    assertThatThrownBy(() -> builder.on(GREETING, 1, Script.steps().giveUp("second")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "spec greeting attempt 1 already has the script [finish 'first']; cannot also register"
                + " [giveUp 'second']");
    assertThatThrownBy(() -> builder.onAnySpec(1, Script.steps().fail("again")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "attempt 1 of any spec already has the script [finish 'any']; cannot also register"
                + " [fail 'again']");
    assertThatThrownBy(() -> builder.otherwise(Script.steps()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the fallback script is already [finish 'otherwise']; cannot also register []");
  }

  @Test
  void theBuilderChecksItsArguments() {
    ScriptedAgent.Builder builder = ScriptedAgent.builder();

    assertThatThrownBy(() -> builder.on(GREETING, 0, Script.steps()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt must be at least 1 but was 0");
    assertThatThrownBy(() -> builder.onAnySpec(-1, Script.steps()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt must be at least 1 but was -1");
    assertThatThrownBy(() -> builder.name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank but was ' '");
    assertThatThrownBy(() -> builder.model(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model must not be blank but was ''");
    assertThatThrownBy(() -> builder.on(null, 1, Script.steps()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spec must not be null");
  }

  @Test
  void nameAndModelHaveDefaults() {
    ScriptedAgent defaults = ScriptedAgent.builder().build();
    ScriptedAgent named = ScriptedAgent.builder().name("stub").model("stub-model-1").build();

    assertThat(defaults.name()).isEqualTo("scripted");
    assertThat(defaults.model()).isEqualTo("scripted");
    assertThat(implement(defaults, assignment(GREETING, 1)).transcript().models())
        .containsExactly("scripted");
    assertThat(named.name()).isEqualTo("stub");
    assertThat(named.model()).isEqualTo("stub-model-1");
    assertThat(named).hasToString("ScriptedAgent[name=stub, model=stub-model-1]");
  }

  // --- assignments ---

  @Test
  void everyAssignmentIsRecordedInOrderWithItsFeedback() {
    ScriptedAgent agent = ScriptedAgent.builder().otherwise(Script.steps().finish("ok")).build();
    Assignment first = assignment(GREETING, 1);
    Assignment other = assignment(FAREWELL, 1);
    Assignment second = assignment(GREETING, 2);

    implement(agent, first);
    implement(agent, other);
    implement(agent, second);

    assertThat(agent.assignments()).containsExactly(first, other, second);
    assertThat(agent.assignmentsFor(GREETING)).containsExactly(first, second);
    assertThat(agent.assignmentsFor(FAREWELL)).containsExactly(other);
    assertThat(agent.assignmentsFor(SpecId.of("unknown"))).isEmpty();
    assertThat(agent.assignmentsFor(GREETING).get(1).feedback())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.failedVisibleScenarios()).containsExactly(ScenarioId.of("says-hello"));
              assertThat(f.holdoutsPassed()).isEqualTo(1);
            });
  }

  @Test
  void theRecordedAssignmentsAreASnapshot() {
    ScriptedAgent agent = ScriptedAgent.builder().build();
    List<Assignment> before = agent.assignments();

    implement(agent, assignment(GREETING, 1));

    assertThat(before).isEmpty();
    assertThat(agent.assignments()).hasSize(1);
    assertThatThrownBy(() -> agent.assignments().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // --- stopping ---

  @Test
  void aStopRequestedBeforeAStepEndsTheAttempt() throws Exception {
    context.requestStop();

    AgentOutcome outcome =
        play(Script.steps().usage(Usage.of(1, 1)).write("a.txt", "a").finish("ok"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.GaveUp.class))
        .extracting(AgentOutcome.GaveUp::reason)
        .isEqualTo("stop requested");
    assertThat(outcome.usage()).isEqualTo(Usage.ZERO);
    assertThat(root.resolve("a.txt")).doesNotExist();
  }

  @Test
  void aStopRequestedDuringTheScriptEndsItBeforeTheNextStep() throws Exception {
    AgentOutcome outcome =
        play(
            Script.steps()
                .write("a.txt", "a")
                .usage(Usage.of(5, 5))
                .perform((a, c) -> context.requestStop())
                .write("b.txt", "b")
                .finish("ok"));

    assertThat(outcome)
        .asInstanceOf(type(AgentOutcome.GaveUp.class))
        .extracting(AgentOutcome.GaveUp::reason)
        .isEqualTo("stop requested");
    assertThat(outcome.usage()).isEqualTo(Usage.of(5, 5));
    assertThat(root.resolve("a.txt")).exists();
    assertThat(root.resolve("b.txt")).doesNotExist();
  }

  // --- concurrency ---

  @Test
  void oneAgentServesConcurrentAttempts() throws Exception {
    int threads = 8;
    CountDownLatch allInside = new CountDownLatch(threads);
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .onAnySpec(
                1,
                Script.steps()
                    .write("before.txt", "before")
                    .perform(
                        (a, c) -> {
                          // Every attempt waits here until all are inside implement at once.
                          allInside.countDown();
                          if (!allInside.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("attempts did not run concurrently");
                          }
                        })
                    .write("spec.txt", "")
                    .usage(Usage.of(100, 10))
                    .finish("done"))
            .build();
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<AgentOutcome>> futures = new ArrayList<>();
      List<Path> roots = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        TempDirWorkspace workspace = new TempDirWorkspace(dir.resolve("concurrent-" + i));
        roots.add(workspace.root());
        TestAgentContext own = new TestAgentContext(workspace, sandbox);
        Assignment assignment = assignment(SpecId.of("spec-" + i), 1);
        futures.add(executor.submit(() -> agent.implement(assignment, own)));
      }
      for (Future<AgentOutcome> future : futures) {
        assertThat(future.get(60, TimeUnit.SECONDS))
            .isInstanceOf(AgentOutcome.Finished.class)
            .extracting(AgentOutcome::usage)
            .isEqualTo(Usage.of(100, 10));
      }
      assertThat(roots).allSatisfy(r -> assertThat(r.resolve("spec.txt")).exists());
    } finally {
      executor.shutdownNow();
    }

    assertThat(agent.assignments()).hasSize(threads);
    assertThat(agent.assignments())
        .extracting(a -> a.spec().id().value())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, threads).mapToObj(i -> "spec-" + i).toList());
    for (int i = 0; i < threads; i++) {
      assertThat(agent.assignmentsFor(SpecId.of("spec-" + i))).hasSize(1);
    }
  }

  // --- helpers ---

  private AgentOutcome play(Script script) {
    return implement(agent(script), assignment(GREETING, 1));
  }

  private static ScriptedAgent agent(Script script) {
    return ScriptedAgent.builder().otherwise(script).build();
  }

  /** Calls the agent in the test's context, without declaring {@link InterruptedException}. */
  private AgentOutcome implement(ScriptedAgent agent, Assignment assignment) {
    try {
      return agent.implement(assignment, context);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Assignment assignment(SpecId spec, int attempt) {
    Spec s = Spec.builder(spec).title("Spec " + spec).goal("Do " + spec + ".").build();
    RepositoryContext repository =
        new RepositoryContext(
            "main", TempDirWorkspace.BASE, "factory/" + spec + "/attempt-" + attempt);
    List<Feedback> feedback = new ArrayList<>();
    for (int earlier = 1; earlier < attempt; earlier++) {
      feedback.add(
          new Feedback(
              earlier, "scenario says-hello failed", List.of(ScenarioId.of("says-hello")), 1, 2));
    }
    return new Assignment(s, List.of(), repository, attempt, feedback);
  }

  private static String summary(AgentOutcome outcome) {
    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
    return ((AgentOutcome.Finished) outcome).summary();
  }

  private static Message last(AgentOutcome outcome) {
    List<Message> messages = outcome.transcript().messages();
    return messages.get(messages.size() - 1);
  }

  private static List<ContentBlock.ToolResult> toolResults(AgentOutcome outcome) {
    return outcome.transcript().messages().stream()
        .flatMap(m -> m.content().stream())
        .filter(ContentBlock.ToolResult.class::isInstance)
        .map(ContentBlock.ToolResult.class::cast)
        .toList();
  }
}

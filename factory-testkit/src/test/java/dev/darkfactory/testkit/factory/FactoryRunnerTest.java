package dev.darkfactory.testkit.factory;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.cost.BudgetLimits;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluent runner: a real factory on real git, then assertions on what it did. */
class FactoryRunnerTest {

  @TempDir Path dir;

  private static final SpecId HELLO = SpecId.of("hello");

  /** A spec to create hello.txt: visible, it exists; holdout, it holds the greeting. */
  static TestSpec hello() {
    return TestSpec.builder("hello")
        .goal("Create `hello.txt` holding the greeting.")
        .visible(
            Scenario.builder("hello-exists")
                .title("hello.txt exists")
                .timeout(Duration.ofSeconds(30))
                .check(CommandCheck.exitsZero("test", "-f", "hello.txt"))
                .build())
        .holdout(
            Scenario.builder("hello-content")
                .title("hello.txt holds the greeting")
                .timeout(Duration.ofSeconds(30))
                .check(
                    new CommandCheck(
                        List.of("cat", "hello.txt"),
                        0,
                        List.of(new OutputMatcher.Equals("hello world")),
                        List.of()))
                .build())
        .build();
  }

  private static Script writes(String content) {
    return Script.steps().write("hello.txt", content).finish("wrote hello.txt");
  }

  private static FactoryRunner runner(ScriptedAgent agent) {
    return FactoryRunner.create()
        .targetFile("README.md", "a target\n")
        .spec(hello())
        .agent(agent)
        .sandbox(FactoryFixture.sandbox())
        .evaluator(HoldoutEvaluator.builder().build())
        .mergePolicy(VerdictPolicy.defaults());
  }

  @Test
  void mergesASpecAndTheAssertionsSeeItsEventsDecisionAndTheTargetBranch() throws Exception {
    ScriptedAgent agent = ScriptedAgent.builder().on(HELLO, 1, writes("hello world\n")).build();

    try (FactoryRun run = runner(agent).run()) {
      FactoryRunAssert.assertThat(run)
          .finishedExactly("hello")
          .emittedExactly(
              FactoryEvent.RunStarted.class,
              FactoryEvent.SpecClaimed.class,
              FactoryEvent.AttemptStarted.class,
              FactoryEvent.AgentFinished.class,
              FactoryEvent.CandidateCommitted.class,
              FactoryEvent.EvaluationStarted.class,
              FactoryEvent.EvaluationFinished.class,
              FactoryEvent.DecisionMade.class,
              FactoryEvent.MergeStarted.class,
              FactoryEvent.Merged.class,
              FactoryEvent.SpecFinished.class,
              FactoryEvent.RunFinished.class)
          .emittedInOrder(FactoryEvent.EvaluationFinished.class, FactoryEvent.Merged.class)
          .emitted(FactoryEvent.Merged.class, 1)
          .emittedNo(FactoryEvent.NoCandidate.class)
          .spec("hello")
          .isMerged()
          .endedAs(Resolution.MERGED)
          .tookAttempts(1)
          .hasVerdicts(Verdict.PASS)
          .hasDecisions(MergeDecision.Action.MERGE)
          .hasAgentOutcomes(AgentOutcome.Finished.class)
          .and()
          .targetBranch()
          .hasFile("hello.txt", "hello world\n")
          .hasFileContaining("README.md", "target")
          .hasCommitsSinceBase(1)
          .containsMergeOf("hello");
      assertThat(run.eventsOf("hello")).first().isInstanceOf(FactoryEvent.SpecClaimed.class);
      assertThat(run.eventsOf("hello")).last().isInstanceOf(FactoryEvent.SpecFinished.class);
      assertThat(run.targetLog()).singleElement().asString().startsWith(run.targetHead().hex());
      assertThat(run.mergedCommits("hello")).containsExactly(run.targetHead());
      assertThat(run.outcome("hello").merged()).contains(run.targetHead());
      assertThat(run.repository().branches()).contains("factory/hello/attempt-1", "main");
      assertThat(agent.assignmentsFor(HELLO).get(0).toString()).doesNotContain("hello world");
    }
  }

  @Test
  void aRetriedSpecShowsEveryAttemptsVerdictAndDecision() throws Exception {
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .on(HELLO, 1, writes("hullo\n"))
            .on(HELLO, 2, writes("hello world\n"))
            .build();

    try (FactoryRun run = runner(agent).maxAttempts(2).run()) {
      FactoryRunAssert.assertThat(run)
          .spec("hello")
          .isMerged()
          .tookAttempts(2)
          .hasVerdicts(Verdict.FAIL, Verdict.PASS)
          .hasDecisions(MergeDecision.Action.RETRY, MergeDecision.Action.MERGE)
          .hasAgentOutcomes(AgentOutcome.Finished.class, AgentOutcome.Finished.class);
      assertThat(run.evaluations("hello")).hasSize(2);
      assertThat(run.fileAtTarget("hello.txt")).contains("hello world\n");
    }
  }

  @Test
  void aRejectedSpecLeavesTheTargetBranchAsItWas() throws Exception {
    ScriptedAgent agent = ScriptedAgent.builder().otherwise(writes("hullo\n")).build();

    try (FactoryRun run = runner(agent).maxAttempts(1).run()) {
      FactoryRunAssert.assertThat(run)
          .spec("hello")
          .isNotMerged()
          .endedAs(Resolution.REJECTED)
          .endedWithReasonContaining("hello-content")
          .hasVerdicts(Verdict.FAIL)
          .hasDecisions(MergeDecision.Action.REJECT)
          .and()
          .targetBranch()
          .isUnchanged()
          .hasCommitsSinceBase(0)
          .hasNoFile("hello.txt")
          .doesNotContainMergeOf("hello");
      assertThat(run.targetHead()).isEqualTo(run.baseCommit());
    }
  }

  @Test
  void specsAndTargetFilesFromDirectoriesAreCopiedIn() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("in/specs"));
    Path holdouts = Files.createDirectories(dir.resolve("in/holdouts"));
    Path target = Files.createDirectories(dir.resolve("in/target/docs"));
    Files.writeString(target.resolve("guide.md"), "a guide\n");
    Files.writeString(
        specs.resolve("hello.md"),
        "---\nid: hello\ntitle: Write hello.txt\n---\n# Write hello.txt\n\n## Goal\n\nCreate"
            + " `hello.txt`.\n\n## Acceptance\n\n- hello-exists\n");
    Files.writeString(
        specs.resolve("hello.scenarios.yaml"),
        "spec: hello\nscenarios:\n  - id: hello-exists\n    title: The file exists\n    timeout:"
            + " 30s\n    check:\n      kind: command\n      run: test -f hello.txt\n");
    Files.writeString(
        holdouts.resolve("hello.holdouts.yaml"),
        "spec: hello\nscenarios:\n  - id: hello-content\n    title: The greeting\n    timeout:"
            + " 30s\n    check:\n      kind: command\n      run: cat hello.txt\n      stdout:\n       "
            + " - equals: \"hello world\"\n");
    ScriptedAgent agent = ScriptedAgent.builder().otherwise(writes("hello world\n")).build();

    try (FactoryRun run =
        FactoryRunner.create()
            .targetFilesFrom(dir.resolve("in/target"))
            .specsFrom(specs, holdouts)
            .agent(agent)
            .sandbox(FactoryFixture.sandbox())
            .evaluator(HoldoutEvaluator.builder().build())
            .run()) {
      FactoryRunAssert.assertThat(run)
          .spec("hello")
          .isMerged()
          .hasVerdicts(Verdict.PASS)
          .and()
          .targetBranch()
          .hasFile("docs/guide.md", "a guide\n")
          .hasFile("hello.txt", "hello world\n");
      assertThat(run.holdoutsDirectory().resolve("hello.holdouts.yaml")).exists();
      assertThat(run.evaluations("hello").get(0).scenarios()).hasSize(2);
    }
    assertThat(specs.resolve("hello.md")).exists();
  }

  @Test
  void theRunnerDeletesTheDirectoryItMadeAndKeepsOneItWasGiven() throws Exception {
    ScriptedAgent agent = ScriptedAgent.builder().otherwise(writes("hello world\n")).build();
    Path made;
    try (FactoryRun run = runner(agent).run()) {
      made = run.directory();
      assertThat(made.resolve("state")).isDirectory();
    }
    assertThat(made).doesNotExist();

    Path given = dir.resolve("kept");
    try (FactoryRun run = runner(agent).directory(given).run()) {
      assertThat(run.directory()).isEqualTo(given);
    }
    assertThat(given.resolve("git/repo.git")).isDirectory();
    assertThatThrownBy(() -> runner(agent).directory(given).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run directory " + given + " must be empty but is not");
  }

  @Test
  void badConfigurationIsAClearErrorBeforeAnythingRuns() throws Exception {
    assertThatThrownBy(() -> FactoryRunner.create().spec(hello()).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no agent: call agent(...) before run()");
    assertThatThrownBy(() -> FactoryRunner.create().targetFile("../escape.txt", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target file must be a relative path inside the repository");
    assertThatThrownBy(() -> TestSpec.builder("no-goal").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spec 'no-goal' has no goal");
    assertThatThrownBy(() -> TestSpec.builder("x").holdoutMaterial("more.yaml", "spec: x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not end in .yaml");

    Path specs = Files.createDirectories(dir.resolve("bad/specs"));
    Files.writeString(specs.resolve("broken.md"), "---\nid: Broken Id\n---\n# Broken\n\n## Goal\n\nx\n");
    Path run = dir.resolve("bad-run");
    assertThatThrownBy(
            () ->
                FactoryRunner.create()
                    .specsFrom(specs, null)
                    .agent(ScriptedAgent.builder().build())
                    .sandbox(FactoryFixture.sandbox())
                    .directory(run)
                    .run())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.md");
  }

  @Test
  void theAgentsSandboxKeepsTheSpecsProtectedPathsReadOnly() throws Exception {
    List<List<String>> policies = new java.util.ArrayList<>();
    List<ExecResult> writes = new java.util.ArrayList<>();
    Sandbox sandbox = FactoryFixture.sandbox();
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .otherwise(
                Script.steps()
                    .perform(
                        (assignment, context) -> {
                          policies.add(context.sandboxPolicy().readOnlyPaths());
                          writes.add(
                              context
                                  .sandbox()
                                  .exec(
                                      new ExecRequest(
                                          context.workspace().root(),
                                          ".",
                                          List.of("sh", "-c", "echo rewritten > guard.sh"),
                                          java.util.Map.of(),
                                          "",
                                          Duration.ofSeconds(30),
                                          context.sandboxPolicy())));
                        })
                    .giveUp("only probing"))
            .build();

    try (FactoryRun run =
        FactoryRunner.create()
            .targetFile("guard.sh", "exit 0\n")
            .spec(TestSpec.builder("guarded").goal("Leave guard.sh alone.").protectedPaths("guard.sh").build())
            .agent(agent)
            .sandbox(sandbox)
            .maxAttempts(1)
            .run()) {
      assertThat(policies).singleElement().satisfies(p -> assertThat(p).contains(".git/hooks", "guard.sh"));
      if (sandbox instanceof BubblewrapSandbox) {
        assertThat(writes).singleElement().satisfies(w -> {
          assertThat(w.exitCode()).isNotZero();
          assertThat(w.stderr()).contains("Read-only file system");
        });
      }
      FactoryRunAssert.assertThat(run).spec("guarded").hasVerdicts().and().targetBranch().isUnchanged();
    }
  }

  @Test
  void budgetsApplyAndEventsThatNameNoSpecBelongToTheSpecBeingWorkedOn() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .always(Reply.toolCall("list_files", json("glob", "*")).withUsage(Usage.of(600_000, 0)))
            .build();
    ToolLoopAgent agent = ToolLoopAgent.builder().provider(model).model("scripted-model").build();

    try (FactoryRun run =
        FactoryRunner.create()
            .spec(hello())
            .agent(agent)
            .sandbox(FactoryFixture.sandbox())
            .maxAttempts(1)
            .budgets(Budgets.builder().attempt(BudgetLimits.none().withTokens(1_000_000)))
            .run()) {
      assertThat(run.eventsOf("hello"))
          .anySatisfy(e -> assertThat(e).isInstanceOf(FactoryEvent.BudgetExhausted.class));
      FactoryRunAssert.assertThat(run)
          .emitted(FactoryEvent.BudgetExhausted.class, 1)
          .spec("hello")
          .hasAgentOutcomes(AgentOutcome.LimitReached.class)
          .hasVerdicts()
          .endedAs(Resolution.REJECTED);
      assertThat(model.requests()).hasSize(2);
    }
  }
}

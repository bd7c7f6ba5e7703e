package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.agent.guard.HoldoutCanaries;
import dev.darkfactory.core.agent.guard.HoldoutLeakGuard;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.FeedbackPolicy;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.spec.SpecCatalog;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import dev.darkfactory.testkit.git.TestRepository;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of {@code docs/security-model.md}: each defence the page describes, and each limit
 * it admits, shown on the real parts (bubblewrap, git, the leak guard, the holdout evaluator, the
 * factory).
 */
class SecurityModelExampleTest {

  @TempDir Path dir;

  private static final Spec GREETING = Spec.builder("greeting").title("Greeting").goal("Greet.").build();

  private static Scenario holdout(String id, String title) {
    return Scenario.builder(id).title(title).holdout().check(CommandCheck.exitsZero("true")).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Holdouts never reach the coder

  @Test
  void anAssignmentCannotHoldAHoldout() {
    Scenario hidden = holdout("greets-grace", "Greets Grace");
    RepositoryContext where =
        new RepositoryContext("main", CommitId.of("a".repeat(40)), "factory/greeting/attempt-1");

    assertThatThrownBy(() -> new Assignment(GREETING, List.of(hidden), where, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scenario 'greets-grace' is a holdout and may not be given to a coding agent");
    Assignment first = Assignment.first(GREETING, ScenarioSet.of(hidden), where);
    assertThat(first.visibleScenarios()).isEmpty();
  }

  @Test
  void countsOnlyFeedbackTellsHowManyHoldoutsPassedButNeverWhich() {
    Candidate candidate = new Candidate(SpecId.of("greeting"), 1, "factory/greeting/attempt-1",
        CommitId.of("b".repeat(40)), CommitId.of("a".repeat(40)));
    EvaluationReport report = new EvaluationReport(candidate, Verdict.FAIL, new Satisfaction(0.5, 0.1, 0.9, 0.95),
        List.of(result("greets-ada", Visibility.VISIBLE, Verdict.PASS, "ok"),
            result("greets-grace-secretly", Visibility.HOLDOUT, Verdict.FAIL, "stdout was 'Hi', expected 'Hello, Grace!'")),
        List.of(), List.of(), Usage.ZERO, Duration.ofSeconds(1));

    Feedback feedback = FeedbackPolicy.countsOnly().feedback(report);

    assertThat(feedback.summary())
        .isEqualTo("the evaluator's verdict was FAIL; hidden scenarios passed: 0 of 1");
    assertThat(feedback.holdoutsPassed()).isZero();
    assertThat(feedback.holdoutsTotal()).isEqualTo(1);
    assertThat(feedback.toString()).doesNotContain("grace").doesNotContain("Grace");
  }

  private static ScenarioResult result(String id, Visibility visibility, Verdict verdict, String detail) {
    return new ScenarioResult(ScenarioId.of(id), visibility, true, 1,
        List.of(new TrialResult(1, verdict, detail, Duration.ofMillis(10))), verdict);
  }

  // ---------------------------------------------------------------------------------------------
  // The sandbox

  @Test
  void aSandboxedCommandSeesNeitherTheHoldoutRootNorANetwork() throws Exception {
    Bubblewrap.require();
    Path holdouts = Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(holdouts.resolve("greeting.yaml"), "expected: Hello, Grace!\n");
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    Sandbox sandbox = Sandboxes.defaultSandbox();

    ExecResult read = sandbox.exec(ExecRequest.of(workspace, Duration.ofSeconds(30),
        "cat", holdouts.resolve("greeting.yaml").toString()));
    ExecResult network = sandbox.exec(ExecRequest.of(workspace, Duration.ofSeconds(30),
        "sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"));

    assertThat(read.exitCode()).isNotZero();
    assertThat(read.stdout()).doesNotContain("Grace");
    assertThat(read.stderr()).contains("No such file or directory");
    assertThat(network.exitCode()).isZero();
    assertThat(network.stdout().strip()).isEqualTo("lo");
  }

  @Test
  void aSandboxThatCannotIsolateStopsTheFactoryBeforeItStarts() {
    Sandbox broken = BubblewrapSandbox.builder().bwrap(Path.of("/opt/nowhere/bwrap")).build();

    assertThatThrownBy(() -> Sandboxes.requireIsolation(broken))
        .isInstanceOf(SandboxException.class)
        .hasMessage("sandbox 'bubblewrap' cannot isolate on this machine, so the factory will not run:"
            + " bubblewrap not found at /opt/nowhere/bwrap (install the 'bubblewrap' package)."
            + " Fix the sandbox, or opt out of isolation explicitly with UnisolatedProcessSandbox.optIn(reason).");
  }

  // ---------------------------------------------------------------------------------------------
  // The leak guard: what it catches and what it does not

  @Test
  void theLeakGuardStopsACanaryAndAQuotedLineButNotAParaphrase() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Path holdouts = Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(specs.resolve("greeting.md"), "---\nid: greeting\n---\n# Greeting\n\n## Goal\n\nGreet people.\n");
    Files.writeString(holdouts.resolve("greeting.yaml"), """
        spec: greeting
        scenarios:
          - id: greets-with-the-full-name
            title: Greets with the full name
            check:
              kind: command
              run: sh greet.sh Grace Brewster Murray Hopper
              stdout:
                - equals: "Good morning, Grace Brewster Murray Hopper!"
        """);

    HoldoutCanaries.plant(holdouts);                     // once; commit the canary lines and the salt file
    WorkItem item = SpecCatalog.load(specs, holdouts).items().get(0);
    HoldoutLeakGuard guard = HoldoutLeakGuard.of(item);
    String canary = HoldoutCanaries.find(Files.readString(holdouts.resolve("greeting.yaml"))).get(0);

    assertThatThrownBy(() -> guard.check(asking("Please keep " + canary + " in mind")))
        .isInstanceOf(HoldoutLeakException.class)
        .hasMessageContaining("greets-with-the-full-name");
    assertThatThrownBy(() -> guard.check(asking("Make it print   Good morning,  Grace Brewster Murray Hopper!")))
        .isInstanceOf(HoldoutLeakException.class)
        .hasMessageNotContaining("Good morning");
    // Not caught: the same fact re-cased, or in other words.
    assertThatCode(() -> guard.check(asking("Make it print GOOD MORNING, GRACE BREWSTER MURRAY HOPPER!")))
        .doesNotThrowAnyException();
    assertThatCode(() -> guard.check(asking("A hidden test greets Grace Hopper by her full name, good morning style")))
        .doesNotThrowAnyException();
  }

  private static ModelRequest asking(String text) {
    return ModelRequest.builder("claude-sonnet-4-5").message(Message.user(text)).build();
  }

  @Test
  void aFeedbackPolicyThatPassesOnTrialDetailsIsStoppedByTheGuardOnTheRetry() throws Exception {
    Bubblewrap.require();
    TestRepository target = TestRepository.create(dir.resolve("git"), "main", Map.of("README.md", "a target\n"));
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Path holdouts = Files.createDirectories(dir.resolve("holdouts"));
    Path state = dir.resolve("state");
    Files.writeString(specs.resolve("hello.md"), "---\nid: hello\n---\n# Hello\n\n## Goal\n\nWrite hello.txt.\n");
    Files.writeString(holdouts.resolve("hello.yaml"), """
        spec: hello
        scenarios:
          - id: hello-text
            title: The greeting
            timeout: 30s
            check:
              kind: command
              run: cat hello.txt
              stdout:
                - equals: "Hello, world, from the greeting file"
        """);
    ScriptedModelProvider model = ScriptedModelProvider.builder()
        .on(RequestMatcher.turn(1))
        .reply(Reply.toolCall("write_file", Reply.json("path", "hello.txt", "content", "hi\n")))
        .on(RequestMatcher.toolResult("write_file").succeeded())
        .reply(Reply.toolCall("finish", Reply.json("summary", "wrote hello.txt")))
        .build();
    // A well-meant mistake: telling the agent exactly why the hidden checks failed.
    FeedbackPolicy verbose = report -> new Feedback(report.candidate().attempt(),
        report.scenarios().stream().flatMap(r -> r.trials().stream()).map(TrialResult::detail)
            .collect(Collectors.joining("; ")),
        List.of(), 0, report.scenarios(Visibility.HOLDOUT).size());

    RunResult result;
    List<FactoryEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (DirectoryWorkSource queue = DirectoryWorkSource.builder()
             .specsDirectory(specs).holdoutsDirectory(holdouts).stateDirectory(state).build();
         SqliteRunStore store = SqliteRunStore.open(state)) {
      GitRepository repository = GitRepository.open(target.bare(), state.resolve("workspaces"));
      result = Factory.builder()
          .listener(events::add)
          .workSource(queue)
          .agent(ToolLoopAgent.builder().provider(model).model("claude-sonnet-4-5").build())
          .sandbox(Sandboxes.defaultSandbox())
          .evaluator(HoldoutEvaluator.builder().build())
          .mergePolicy(VerdictPolicy.defaults())
          .repository(repository)
          .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
          .store(store)
          .stateDirectory(state)
          .feedbackPolicy(verbose)
          .build()
          .runUntilIdle();
    }

    assertThat(result.outcomes()).singleElement().satisfies(o -> {
      assertThat(o.resolution()).isEqualTo(Resolution.HELD);
      assertThat(o.reason()).contains("attempt 2 was stopped").contains("holdout content").contains("hello-text");
    });
    assertThat(events).filteredOn(FactoryEvent.EvaluationFinished.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((FactoryEvent.EvaluationFinished) e).report().scenarios().get(0).trials().get(0).detail())
            .startsWith("stdout was 'hi\\n', expected 'Hello, world, from the greeting file'"));
    assertThat(model.requests()).hasSize(2);                  // attempt 1 only: attempt 2 sent nothing
    assertThat(target.branches()).containsExactly("factory/hello/attempt-1", "main");
  }

  // ---------------------------------------------------------------------------------------------
  // The evaluator against a cheating candidate

  @Test
  void aCandidateThatRewritesAProtectedTestIsGradedOnTheOriginalAndIsSuspect() throws Exception {
    Bubblewrap.require();
    TestRepository repo = TestRepository.create(dir.resolve("git"), "main", Map.of(
        "greet.sh", "echo 'Hello'\n",
        "tests/check.sh", "[ \"$(sh greet.sh)\" = 'Hello, world!' ]\n"));
    CommitId base = repo.head("main").orElseThrow();
    // The cheat: the test is made to pass, the bug stays.
    CommitId cheat = repo.commit("make the test pass", Map.of("tests/check.sh", "exit 0\n"));
    Spec spec = Spec.builder("greeting").title("Greeting").goal("Print Hello, world!")
        .protectedPaths("tests/**").build();
    Scenario check = Scenario.builder("check-passes").title("The repository's check passes")
        .check(CommandCheck.exitsZero("sh", "tests/check.sh")).build();
    Candidate candidate = new Candidate(spec.id(), 1, "factory/greeting/attempt-1", cheat, base);
    GitRepository repository = GitRepository.open(repo.bare(), dir.resolve("workspaces"));

    EvaluationReport report;
    try (GitEvaluationContext context = GitEvaluationContext.builder(repository, Sandboxes.defaultSandbox())
        .resultsDirectory(dir.resolve("results")).build()) {
      report = HoldoutEvaluator.builder().build().evaluate(candidate, new WorkItem(spec, ScenarioSet.of(check)), context);
    }
    MergeContext decide = new MergeContext(spec, candidate, report, 3, List.of());

    assertThat(report.verdict()).isEqualTo(Verdict.SUSPECT);
    assertThat(report.scenarios().get(0).verdict()).isEqualTo(Verdict.FAIL);   // ran the base's test
    assertThat(report.tamperSignals()).anySatisfy(s -> assertThat(s).contains("protected-path").contains("tests/check.sh"));
    assertThat(VerdictPolicy.defaults().decide(decide).action()).isEqualTo(MergeDecision.Action.REJECT);
    assertThat(ThresholdPolicy.lowerBoundAtLeast(0.5).decide(decide).action()).isEqualTo(MergeDecision.Action.HOLD);
  }

  @Test
  void aCandidateCanTurnItsFailureIntoInvalidButNeverIntoAMerge() throws Exception {
    Bubblewrap.require();
    TestRepository repo = TestRepository.create(dir.resolve("git"), "main", Map.of(
        "build.sh", "mkdir -p target/reports && cp tests/*.xml target/reports/\n"));
    CommitId base = repo.head("main").orElseThrow();
    // The build fails before any test runs, printing what a build without network prints.
    CommitId cheat = repo.commit("break the build", Map.of(
        "build.sh", "echo 'Could not resolve host: repo.maven.apache.org' >&2; exit 1\n"));
    Spec spec = Spec.builder("parser").title("Parser").goal("Parse dates.").build();
    Scenario hidden = Scenario.builder("parses-dates").title("Parses dates").holdout()
        .check(new TestSuiteCheck(List.of("sh", "build.sh"), "target/reports", Map.of(), Set.of(), Set.of()))
        .build();
    Candidate candidate = new Candidate(spec.id(), 3, "factory/parser/attempt-3", cheat, base);
    GitRepository repository = GitRepository.open(repo.bare(), dir.resolve("workspaces"));

    EvaluationReport report;
    try (GitEvaluationContext context = GitEvaluationContext.builder(repository, Sandboxes.defaultSandbox())
        .resultsDirectory(dir.resolve("results")).build()) {
      report = HoldoutEvaluator.builder().build().evaluate(candidate, new WorkItem(spec, ScenarioSet.of(hidden)), context);
    }
    MergeContext lastAttempt = new MergeContext(spec, candidate, report, 3, List.of());

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.scenarios().get(0).trials().get(0).detail()).contains("the build needed the network");
    assertThat(VerdictPolicy.defaults().decide(lastAttempt).action()).isEqualTo(MergeDecision.Action.HOLD);
    assertThat(ThresholdPolicy.lowerBoundAtLeast(0.5).decide(lastAttempt).action()).isEqualTo(MergeDecision.Action.HOLD);
  }

  // ---------------------------------------------------------------------------------------------
  // Protected paths: writable for the agent, restored and signalled at evaluation

  /** A factory over a repository with a protected test, on one spec; returns how the spec ended. */
  private SpecOutcomeAndBranch protectedPathRun(SandboxPolicy agentPolicy) throws Exception {
    TestRepository target = TestRepository.create(dir.resolve("git"), "main", Map.of(
        "greet.sh", "echo 'Hello'\n",
        "tests/check.sh", "[ \"$(sh greet.sh)\" = 'Hello, world!' ]\n"));
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Path holdouts = Files.createDirectories(dir.resolve("holdouts"));
    Path state = dir.resolve("state");
    Files.writeString(specs.resolve("greeting.md"),
        "---\nid: greeting\nprotected: [tests/**]\n---\n# Greeting\n\n## Goal\n\nPrint Hello, world!\n");
    Files.writeString(holdouts.resolve("greeting.yaml"), """
        spec: greeting
        scenarios:
          - id: check-passes
            title: The repository's check passes
            timeout: 30s
            check: {kind: command, run: sh tests/check.sh}
        """);
    ScriptedAgent cheat = ScriptedAgent.builder()
        .on(SpecId.of("greeting"), 1, Script.steps()
            .perform((assignment, context) -> agentReadOnly.addAll(context.sandboxPolicy().readOnlyPaths()))
            .runOrFail("sh", "-c", "echo 'exit 0' > tests/check.sh")
            .finish("done"))
        .build();
    try (DirectoryWorkSource queue = DirectoryWorkSource.builder()
             .specsDirectory(specs).holdoutsDirectory(holdouts).stateDirectory(state).build();
         SqliteRunStore store = SqliteRunStore.open(state)) {
      GitRepository repository = GitRepository.open(target.bare(), state.resolve("workspaces"));
      RunResult result = Factory.builder()
          .workSource(queue)
          .agent(cheat)
          .sandbox(Sandboxes.defaultSandbox())
          .sandboxPolicy(agentPolicy)
          .evaluator(HoldoutEvaluator.builder().build())
          .mergePolicy(VerdictPolicy.defaults())
          .repository(repository)
          .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
          .store(store)
          .stateDirectory(state)
          .maxAttempts(1)
          .build()
          .runUntilIdle();
      return new SpecOutcomeAndBranch(result.outcomes().get(0), target.show("factory/greeting/attempt-1", "tests/check.sh"));
    }
  }

  private final List<String> agentReadOnly = new java.util.concurrent.CopyOnWriteArrayList<>();

  private record SpecOutcomeAndBranch(SpecOutcome outcome, java.util.Optional<String> checkOnBranch) {}

  @Test
  void theSpecsProtectedPathsAreReadOnlyForTheAgentsCommands() throws Exception {
    Bubblewrap.require();

    SpecOutcomeAndBranch run = protectedPathRun(SandboxPolicy.strict());

    assertThat(agentReadOnly).contains("tests/**");                      // the spec's glob, added
    assertThat(run.checkOnBranch()).isEmpty();                            // the write was refused
    assertThat(run.outcome().resolution()).isEqualTo(Resolution.REJECTED);
    assertThat(run.outcome().reason()).contains("produced nothing to evaluate");
  }

  @Test
  void aProtectedGlobInTheFactorysSandboxPolicyMakesItReadOnlyForTheAgentToo() throws Exception {
    Bubblewrap.require();

    SandboxPolicy agentPolicy = SandboxPolicy.builder().readOnlyPaths(List.of("tests/**")).build();
    SpecOutcomeAndBranch run = protectedPathRun(agentPolicy);

    assertThat(run.checkOnBranch()).isEmpty();                            // no candidate at all
    assertThat(run.outcome().resolution()).isEqualTo(Resolution.REJECTED);
    assertThat(run.outcome().reason()).contains("produced nothing to evaluate");
  }
}

package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.sandbox.NetworkAccess;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.agent.AgentLimits;
import dev.darkfactory.core.agent.LoopDetection;
import dev.darkfactory.core.agent.PromptCacheCheck;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.agent.TranscriptSink;
import dev.darkfactory.core.agent.guard.HoldoutLeakGuard;
import dev.darkfactory.core.agent.tool.DefaultTools;
import dev.darkfactory.core.cost.BudgetLimits;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.cost.SqliteBudget;
import dev.darkfactory.core.factory.BudgetAction;
import dev.darkfactory.core.factory.ConsoleProgress;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.FeedbackPolicy;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.Identity;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.model.ModelPipeline;
import dev.darkfactory.core.model.ModelProviders;
import dev.darkfactory.core.model.RetryInterceptor;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.EvaluationCache;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.CalibrationGates;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.SqliteAlignmentLedger;
import dev.darkfactory.evaluator.policy.BudgetPolicy;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import dev.darkfactory.evaluator.policy.MergePolicies;
import dev.darkfactory.evaluator.policy.RiskPolicy;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.evaluator.runner.ModelJudgeRunner;
import dev.darkfactory.testkit.git.TestRepository;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of {@code docs/configuration.md}: the complete configuration runs a real factory
 * (real git, bubblewrap, the holdout evaluator, the default agent on a scripted model), and every
 * default the page lists is checked against the code.
 */
class ConfigurationExampleTest {

  @TempDir Path dir;

  /** A spec that asks for hello.txt; a visible scenario checks it exists, a holdout its text. */
  private static void writeQueue(Path specs, Path holdouts) throws Exception {
    Files.createDirectories(specs);
    Files.createDirectories(holdouts);
    Files.writeString(
        specs.resolve("hello.md"),
        """
        ---
        id: hello
        title: Write hello.txt
        ---
        # Write hello.txt

        ## Goal

        Create `hello.txt` holding a greeting.

        ## Acceptance

        - hello-exists
        """);
    Files.writeString(
        specs.resolve("hello.scenarios.yaml"),
        """
        spec: hello
        scenarios:
          - id: hello-exists
            title: The file exists
            timeout: 30s
            check:
              kind: command
              run: test -f hello.txt
        """);
    Files.writeString(
        holdouts.resolve("hello.yaml"),
        """
        spec: hello
        scenarios:
          - id: hello-says-hello-world
            title: The file says hello, world
            trials: 3
            timeout: 30s
            check:
              kind: command
              run: cat hello.txt
              stdout:
                - equals: "hello, world"
        """);
  }

  @Test
  void theCompleteConfigurationRunsAndHoldsTheFirstPassingCandidateInShadowMode() throws Exception {
    Bubblewrap.require();
    TestRepository target = TestRepository.create(dir.resolve("git"), "main", Map.of("README.md", "a target\n"));
    Path targetRepository = target.bare();
    Path specs = dir.resolve("factory/specs");
    Path holdouts = dir.resolve("factory/holdouts");
    Path state = dir.resolve("factory/state");
    Path mavenRepository = Files.createDirectories(dir.resolve("m2-repository"));
    writeQueue(specs, holdouts);
    ModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.turn(1))
            .reply(Reply.toolCall("write_file", Reply.json("path", "hello.txt", "content", "hello, world\n")))
            .on(RequestMatcher.toolResult("write_file").succeeded())
            .reply(Reply.toolCall("finish", Reply.json("summary", "wrote hello.txt")))
            .build();
    var before = target.head("main").orElseThrow();

    RunResult result = configureAndRun(specs, holdouts, state, targetRepository, mavenRepository, model);

    try (SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(state.resolve(SqliteRunStore.FILE_NAME))) {
      // A fresh ledger: the gate is closed, so the passing candidate waits for a human.
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.HELD);
        assertThat(o.reason()).contains("shadow mode").contains("wilson-upper-bound")
            .contains("with no false positives, 73 are needed")
            .contains("(the policy alone would MERGE) verdict PASS, every required scenario passed, satisfaction 1.00 [0.44, 1.00]");
      });
      assertThat(ledger.records(LedgerFilter.ALL)).singleElement().satisfies(r -> {
        assertThat(r.evaluatorVerdict()).isEqualTo(Verdict.PASS);
        assertThat(r.policyAction()).isEqualTo(MergeDecision.Action.HOLD);
      });
      assertThat(target.head("main")).contains(before);
      assertThat(target.branches()).contains("factory/hello/attempt-1");
      assertThat(target.show("factory/hello/attempt-1", "hello.txt")).contains("hello, world\n");
      assertThat(state.resolve("transcripts/hello.attempt-1.jsonl")).isRegularFile();
      try (Stream<Path> cached = Files.list(state.resolve("evaluation-cache"))) {
        assertThat(cached).hasSize(1);
      }
      assertThat(result.markdownReport()).isRegularFile();
    }
  }

  /** The complete configuration of {@code docs/configuration.md}, run once. */
  static RunResult configureAndRun(
      Path specs, Path holdouts, Path state, Path targetRepository, Path mavenRepository, ModelProvider model)
      throws Exception {
    try (DirectoryWorkSource queue = DirectoryWorkSource.builder()
             .specsDirectory(specs)
             .holdoutsDirectory(holdouts)              // never inside specs/, never mounted for the agent
             .stateDirectory(state)
             .leaseDuration(Duration.ofMinutes(5))
             .build();
         SqliteRunStore store = SqliteRunStore.open(state);
         SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(state.resolve(SqliteRunStore.FILE_NAME))) {

      GitRepository repository = GitRepository.open(targetRepository, state.resolve("workspaces"));

      SandboxPolicy sandboxPolicy = SandboxPolicy.builder()  // starts from SandboxPolicy.strict()
          .network(NetworkAccess.NONE)
          .hostReadOnlyMount(mavenRepository)                 // a build cache, read-only
          .maxMemoryBytes(2L << 30)
          .build();

      ToolLoopAgent agent = ToolLoopAgent.builder()
          .provider(model)                                    // see "Model providers" below
          .model("claude-sonnet-4-5")
          .limits(AgentLimits.defaults().withMaxTurns(60).withMaxWallClock(Duration.ofMinutes(20)))
          .transcripts(TranscriptSink.directory(state.resolve("transcripts")))
          .build();

      HoldoutEvaluator evaluator = HoldoutEvaluator.builder()
          .concurrency(2)
          .cache(EvaluationCache.inDirectory(state.resolve("evaluation-cache")))
          .trialGrace(Duration.ofSeconds(30))
          .build();

      MergePolicy policy = CalibrationPolicy.builder(
              MergePolicies.allOf(
                  ThresholdPolicy.lowerBoundAtLeast(0.3),     // every trial passing here gives a lower bound of 0.44
                  RiskPolicy.builder().sensitivePaths(".github/**").maxFiles(20).maxLines(400).build(),
                  BudgetPolicy.maxTokens(2_000_000, BudgetPolicy.OverLimit.HOLD)),
              ledger,
              new CalibrationConfiguration("claude-sonnet-4-5", "20250929", "holdout/1", "docs-example/1"))
          .gate(CalibrationGates.standard())
          .build();

      Factory factory = Factory.builder()
          .workSource(queue)
          .agent(agent)
          .sandbox(BubblewrapSandbox.builder().build())       // build() fails closed if it cannot isolate
          .sandboxPolicy(sandboxPolicy)
          .evaluator(evaluator)
          .mergePolicy(policy)
          .repository(repository)
          .integrator(GitIntegrator.local(repository, "main", MergeStyle.MERGE_COMMIT))
          .store(store)
          .stateDirectory(state)
          .maxAttempts(3)
          .maxRebases(3)
          .feedbackPolicy(FeedbackPolicy.countsOnly())
          .budgets(Budgets.builder()
              .attempt(BudgetLimits.none().withCostUsd("2"))
              .spec(BudgetLimits.none().withCostUsd("6"))
              .run(BudgetLimits.none().withCostUsd("50").withWallClock(Duration.ofHours(4)))
              .day(BudgetLimits.none().withCostUsd("300")))
          .onBudgetExhausted(BudgetAction.HOLD)
          .listener(new ConsoleProgress(System.out))
          .build();

      RunResult result = factory.runUntilIdle();
      System.out.println("report: " + result.markdownReport());
      return result;
    }
  }

  @Test
  void modelProvidersAreConfiguredFromTheEnvironment() {
    ModelProviders providers = ModelProviders.builder()
        .environment(Map.of("ANTHROPIC_API_KEY", "sk-ant-example", "OPENAI_BASE_URL", "http://localhost:11434/v1"))
        .build();
    ModelProvider model = ModelPipeline.builder(providers.get("anthropic"))   // throws naming ANTHROPIC_API_KEY if unset
        .interceptor(RetryInterceptor.builder().maxAttempts(4).build())
        .build();

    assertThat(providers.configuredIds()).containsExactly("anthropic", "openai-compatible");
    assertThat(model.id()).isEqualTo("anthropic");
    assertThat(providers.ids()).contains("anthropic", "openai", "openai-compatible", "gemini");
    assertThatThrownBy(() -> providers.get("openai")).hasMessageContaining("OPENAI_API_KEY");
    assertThatThrownBy(() -> providers.get("mistral")).hasMessageContaining("known ids");
  }

  @Test
  void aSecretCanNeverBeAllowedIntoTheSandbox() {
    assertThatThrownBy(() -> SandboxPolicy.builder().allowEnvironment("OPENAI_API_KEY").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable 'OPENAI_API_KEY' looks like a secret and may not enter a sandbox");
    assertThatThrownBy(() -> SandboxPolicy.builder().allowEnvironment("LD_PRELOAD").build())
        .hasMessageContaining("changes how programs load");
    assertThat(SandboxPolicy.builder().allowEnvironment("JAVA_HOME").build().environmentAllowlist())
        .containsExactlyInAnyOrder("PATH", "LANG", "TZ", "JAVA_HOME");
  }

  @Test
  void aDayBudgetNeedsAStateDirectory() {
    assertThatThrownBy(() -> Budgets.builder().day(BudgetLimits.none().withCostUsd("300")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set stateDirectory(...)");
    assertThatThrownBy(() -> Budgets.builder().day(BudgetLimits.none().withWallClock(Duration.ofHours(1))))
        .hasMessageContaining("a day budget has no wall-clock limit");
  }

  @Test
  void aJudgeMayNotBeTheCodingModelUnlessAllowed() {
    ModelProvider judge = ScriptedModelProvider.builder().build();

    assertThatThrownBy(() -> ModelJudgeRunner.builder(judge, "claude-sonnet-4-5").codingModel("claude-sonnet-4-5").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a model would grade its own work");
    assertThat(ModelJudgeRunner.builder(judge, "claude-sonnet-4-5").codingModel("claude-sonnet-4-5")
            .allowSameModelAsCoder().build().kind())
        .isEqualTo("model-judge");
  }

  @Test
  void theDefaultsThePageListsAreTheCodesDefaults() {
    SandboxPolicy strict = SandboxPolicy.strict();
    assertThat(strict.network()).isEqualTo(NetworkAccess.NONE);
    assertThat(strict.readOnlyPaths()).containsExactly(".git/hooks", ".git/config");
    assertThat(strict.hostReadOnlyMounts()).isEmpty();
    assertThat(strict.environmentAllowlist()).containsExactlyInAnyOrder("PATH", "LANG", "TZ");
    assertThat(strict.maxOutputBytes()).isEqualTo(1L << 20);
    assertThat(strict.maxProcesses()).isEqualTo(256);
    assertThat(strict.maxFileSizeBytes()).isEqualTo(1L << 30);
    assertThat(strict.maxMemoryBytes()).isEqualTo(4L << 30);

    assertThat(AgentLimits.defaults()).isEqualTo(new AgentLimits(100, 100, Duration.ofMinutes(45), 20_000_000));
    assertThat(LoopDetection.defaults()).isEqualTo(new LoopDetection(3, 3, 25));
    assertThat(PromptCacheCheck.defaults()).isEqualTo(new PromptCacheCheck(3, 0.5, 1024));
    DefaultTools tools = DefaultTools.standard();
    assertThat(tools.commandTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(tools.maxCommandTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(tools.maxListedFiles()).isEqualTo(1_000);
    assertThat(tools.maxSearchMatches()).isEqualTo(200);
    assertThat(tools.searchTimeLimit()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tools.maxReadChars()).isEqualTo(1_000_000);
    assertThat(tools.all()).extracting(t -> t.name())
        .containsExactly("read_file", "write_file", "edit_file", "list_files", "search_files", "run_command");

    assertThat(DirectoryWorkSource.DEFAULT_LEASE).isEqualTo(Duration.ofMinutes(5));
    assertThat(SqliteBudget.DEFAULT_RESERVATION_TTL).isEqualTo(Duration.ofHours(1));
    assertThat(Identity.FACTORY).isEqualTo(new Identity("Dark Factory", "dark-factory@localhost"));
    assertThat(HoldoutLeakGuard.DEFAULT_MINIMUM_FRAGMENT_LENGTH).isEqualTo(24);
    assertThat(HoldoutLeakGuard.DEFAULT_SHINGLE_LENGTH).isEqualTo(64);
    assertThat(ModelJudgeRunner.DEFAULT_MAX_DIFF_CHARS).isEqualTo(60_000);
    assertThat(ModelJudgeRunner.DEFAULT_MAX_OUTPUT_TOKENS).isEqualTo(4_096);

    HoldoutEvaluator evaluator = HoldoutEvaluator.builder().build();
    assertThat(evaluator.runners()).containsOnlyKeys("command", "test-suite");
    assertThat(evaluator.tamperChecks()).hasSize(7);
    assertThat(VerdictPolicy.defaults().minimumSatisfaction()).isZero();
  }
}

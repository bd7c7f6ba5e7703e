package dev.darkfactory.testkit.docs.examples.docs2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.cost.BudgetLimits;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of {@code docs/writing-an-agent.md}: {@link OneFileAgent} in a real factory, on real
 * git, with the real sandbox, the holdout evaluator and the default policy, talking to a scripted
 * model.
 */
class WritingAnAgentExampleTest {

  @TempDir Path dir;

  @Test
  void theAgentImplementsASpecInARealFactoryAndItsCandidateMerges() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, Map.of("README.md", "a target\n"))) {
      f.spec("hello", "hello.txt", "hello world", true);
      ScriptedModelProvider model =
          ScriptedModelProvider.builder()
              .on(RequestMatcher.lastUserMessageContains("Create `hello.txt`"))
              .reply(Reply.text("hello.txt\nhello world\n").withUsage(Usage.of(900, 40)))
              .build();
      DirectoryWorkSource work = f.workSource();
      SqliteRunStore store = f.store();
      GitRepository repository = f.repository();
      Path state = f.state;
      Sandbox sandbox = ExampleFactory.sandbox();

      Factory factory =
          Factory.builder()
              .agent(new OneFileAgent(model, "example-model", PriceCatalog.bundled()))
              .workSource(work)
              .sandbox(sandbox)
              .evaluator(HoldoutEvaluator.builder().build())
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
              .store(store)
              .stateDirectory(state)
              .listener(f.events::add)
              .build();
      RunResult result = factory.runUntilIdle();

      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
      assertThat(repository.trailers(f.repo.head("main").orElseThrow()))
          .containsEntry("Agent", "one-file")
          .containsEntry("Model", "example-model")
          .containsEntry("Tokens", "940 (input 900, output 40, cache-read 0, cache-write 0)");
      // The factory journaled the call as it happened, through the guard the agent used.
      assertThat(f.events(FactoryEvent.ModelCalled.class))
          .singleElement()
          .satisfies(e -> assertThat(e.usage()).isEqualTo(Usage.of(900, 40)));
      // The agent never saw the holdout: neither its id nor its check reached the model.
      String sent = model.lastRequest().messages().get(0).text();
      assertThat(sent).contains("test -f hello.txt").doesNotContain("hello-content", "cat hello.txt");
      model.assertScriptPlayed();
    }
  }

  @Test
  void aNoteLeftByAFailedAttemptReachesTheNextAttemptsPrompt() throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, Map.of("README.md", "a target\n"))) {
      f.spec("hello", "hello.txt", "hello world", true);
      ScriptedModelProvider model =
          ScriptedModelProvider.builder()
              .then(Reply.text("hullo.txt\nhello world\n"))
              .on(RequestMatcher.lastUserMessageContains("visible scenarios failed: [hello-exists]"))
              .reply(Reply.text("hello.txt\nhello world\n"))
              .build();
      OneFileAgent agent = new OneFileAgent(model, "example-model", PriceCatalog.bundled());

      RunResult result =
          f.builder(agent, HoldoutEvaluator.builder().build(), VerdictPolicy.defaults(), ExampleFactory.sandbox())
              .build()
              .runUntilIdle();

      assertThat(result.outcomes())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.resolution()).isEqualTo(Resolution.MERGED);
                assertThat(o.attempts()).isEqualTo(2);
              });
      assertThat(f.events(FactoryEvent.AgentFinished.class))
          .extracting(e -> e.outcome().getClass().getSimpleName())
          .containsExactly("GaveUp", "Finished");
      assertThat(model.requests().get(1).messages().get(0).text())
          .contains("## Attempt 1", "wrote hullo.txt but visible scenarios failed: [hello-exists]");
      model.assertScriptPlayed();
    }
  }

  @Test
  void aCallTheAttemptBudgetCannotCoverIsNeverSentAndEndsTheAttemptAtItsTokenLimit()
      throws Exception {
    try (ExampleFactory f = new ExampleFactory(dir, Map.of("README.md", "a target\n"))) {
      f.spec("hello", "hello.txt", "hello world", true);
      ScriptedModelProvider model =
          ScriptedModelProvider.builder().always(Reply.text("hello.txt\nhello world\n")).build();
      OneFileAgent agent = new OneFileAgent(model, "example-model", PriceCatalog.bundled());

      RunResult result =
          f.builder(agent, HoldoutEvaluator.builder().build(), VerdictPolicy.defaults(), ExampleFactory.sandbox())
              .budgets(Budgets.builder().attempt(BudgetLimits.none().withTokens(1_000)))
              .maxAttempts(1)
              .build()
              .runUntilIdle();

      assertThat(model.requests()).as("requests that reached the model").isEmpty();
      assertThat(f.events(FactoryEvent.AgentFinished.class))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.outcome())
                      .isInstanceOfSatisfying(
                          AgentOutcome.LimitReached.class,
                          l -> assertThat(l.limit()).isEqualTo(AgentOutcome.Limit.TOKENS)));
      assertThat(f.events(FactoryEvent.BudgetExhausted.class)).hasSize(1);
      assertThat(result.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.REJECTED));
    }
  }
}

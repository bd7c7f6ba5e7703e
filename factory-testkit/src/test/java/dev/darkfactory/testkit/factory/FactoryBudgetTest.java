package dev.darkfactory.testkit.factory;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.cost.BudgetLimits;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.cost.ModelPrice;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.factory.BudgetAction;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard budgets in the loop, with the default agent on a scripted model: a refused call is never
 * sent, the refusal is an event, and the spec goes where {@code onBudgetExhausted} says.
 */
class FactoryBudgetTest {

  @TempDir Path dir;

  private static final SpecId HELLO = SpecId.of("hello");
  private static final String MODEL = "scripted-model";
  /** A dollar per million tokens of every kind, so money and tokens go together. */
  private static final PriceCatalog PRICES =
      PriceCatalog.bundled().with(MODEL, ModelPrice.of("1", "1", "1", "1"));

  private static ScriptedModelProvider writesHelloThenLists(Usage perCall) {
    return ScriptedModelProvider.builder()
        .then(Reply.toolCall("write_file", json("path", "hello.txt", "content", "hello world\n")).withUsage(perCall))
        .always(Reply.toolCall("list_files", json("glob", "*")).withUsage(perCall))
        .build();
  }

  private static ToolLoopAgent agent(ScriptedModelProvider model) {
    return ToolLoopAgent.builder().provider(model).model(MODEL).prices(PRICES).maxOutputTokens(1_000).build();
  }

  @Test
  void aSpecBudgetTooSmallForTheFirstCallSendsNothingAndHoldsTheSpec() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedModelProvider model = writesHelloThenLists(Usage.of(1_000, 100));
      CommitId before = f.repo.head("main").orElseThrow();

      RunResult result =
          f.factory(agent(model))
              .prices(PRICES)
              .budgets(Budgets.builder().spec(BudgetLimits.none().withCostUsd("0.001")))
              .build()
              .runUntilIdle();

      assertThat(model.requests()).isEmpty();
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.HELD);
        assertThat(o.reason()).contains("the spec:hello budget ran out in attempt 1");
      });
      assertThat(f.events(FactoryEvent.BudgetExhausted.class)).singleElement().satisfies(e -> {
        assertThat(e.budget()).isEqualTo("spec:hello");
        assertThat(e.remaining().costUsd()).isEqualByComparingTo("0.001");
      });
      assertThat(f.events(FactoryEvent.AgentFinished.class)).singleElement()
          .satisfies(e -> assertThat(e.outcome()).isInstanceOf(AgentOutcome.LimitReached.class));
      assertThat(f.events(FactoryEvent.CandidateCommitted.class)).isEmpty();
      assertThat(f.repo.head("main")).contains(before);
    }
  }

  @Test
  void aRunBudgetThatRunsOutStopsTheFactoryAndALaterRunWithRoomFinishesTheSpec() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedModelProvider model = writesHelloThenLists(Usage.of(1_000, 100));

      RunResult first =
          f.factory(agent(model))
              .prices(PRICES)
              .budgets(Budgets.builder().run(BudgetLimits.none().withCostUsd("0.001")))
              .onBudgetExhausted(BudgetAction.STOP)
              .build()
              .runUntilIdle();

      assertThat(first.stopped()).isTrue();
      assertThat(first.outcomes()).isEmpty();
      assertThat(model.requests()).isEmpty();

      ScriptedModelProvider roomier =
          ScriptedModelProvider.builder()
              .then(Reply.toolCall("write_file", json("path", "hello.txt", "content", "hello world\n")))
              .then(Reply.toolCall("finish", json("summary", "wrote hello.txt")))
              .build();
      RunResult second =
          f.factory(agent(roomier), dev.darkfactory.evaluator.policy.VerdictPolicy.defaults(), "factory-b")
              .prices(PRICES)
              .budgets(Budgets.builder().run(BudgetLimits.none().withCostUsd("1")))
              .build()
              .runUntilIdle();

      assertThat(second.outcomes()).singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
    }
  }

  @Test
  void anAttemptThatRunsOutOfItsOwnBudgetIsCommittedAndEvaluatedLikeAnyLimit() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      // Each call settles at half the attempt's tokens: the third cannot be reserved.
      ScriptedModelProvider model = writesHelloThenLists(Usage.of(500_000, 0));

      RunResult result =
          f.factory(agent(model))
              .prices(PRICES)
              .budgets(Budgets.builder().attempt(BudgetLimits.none().withTokens(1_000_000)))
              .build()
              .runUntilIdle();

      assertThat(model.requests()).hasSize(2);
      assertThat(f.events(FactoryEvent.AgentFinished.class)).first().satisfies(e ->
          assertThat(e.outcome()).isInstanceOfSatisfying(AgentOutcome.LimitReached.class,
              l -> assertThat(l.limit()).isEqualTo(AgentOutcome.Limit.TOKENS)));
      assertThat(f.events(FactoryEvent.BudgetExhausted.class)).first()
          .satisfies(e -> assertThat(e.budget()).isEqualTo("attempt:hello#1"));
      assertThat(result.outcomes()).singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      // The run report prices the calls: two calls of a million tokens at $1 per million.
      assertThat(java.nio.file.Files.readString(result.jsonReport())).contains("\"costUsd\" : 1.0");
    }
  }
}

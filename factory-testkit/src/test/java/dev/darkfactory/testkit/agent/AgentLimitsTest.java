package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.AgentLimits;
import dev.darkfactory.core.agent.LoopDetection;
import dev.darkfactory.core.cost.ModelPrice;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each limit of the tool loop ends the attempt with its typed outcome. */
class AgentLimitsTest {

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

  /** A model that calls echo with a new text every turn, forever. */
  private static ScriptedModelProvider busy(Usage usage) {
    return ScriptedModelProvider.builder()
        .always(
            Reply.computed(
                "echo the turn",
                r -> Reply.toolCall("echo", json("text", "turn " + RequestMatcher.turnOf(r))).withUsage(usage)))
        .build();
  }

  private static AgentOutcome.LimitReached limitReached(AgentOutcome outcome) {
    assertThat(outcome).isInstanceOf(AgentOutcome.LimitReached.class);
    return (AgentOutcome.LimitReached) outcome;
  }

  @Test
  void theTurnLimitEndsTheAttemptAfterThatManyModelCalls() throws Exception {
    ScriptedModelProvider model = busy(Usage.of(10, 1));

    AgentOutcome outcome =
        f.agent(model)
            .tool(TestTool.echo())
            .limits(AgentLimits.defaults().withMaxTurns(3))
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.LimitReached limit = limitReached(outcome);
    assertThat(limit.limit()).isEqualTo(AgentOutcome.Limit.TURNS);
    assertThat(limit.detail()).isEqualTo("3 of 3 turns");
    assertThat(model.requests()).hasSize(3);
    assertThat(outcome.usage()).isEqualTo(Usage.of(30, 3));
    // the work of the last turn is in the transcript
    assertThat(outcome.transcript().messages()).hasSize(7);
  }

  @Test
  void theToolRoundLimitStopsBeforeRunningOneRoundTooMany() throws Exception {
    TestTool echo = TestTool.echo();
    ScriptedModelProvider model = busy(Usage.ZERO);

    AgentOutcome outcome =
        f.agent(model)
            .tool(echo)
            .limits(AgentLimits.defaults().withMaxToolRounds(2))
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.LimitReached limit = limitReached(outcome);
    assertThat(limit.limit()).isEqualTo(AgentOutcome.Limit.TOOL_ROUNDS);
    assertThat(limit.detail()).isEqualTo("2 of 2 tool rounds");
    assertThat(model.requests()).hasSize(3);
    assertThat(echo.calls).hasSize(2);
  }

  @Test
  void theWallClockLimitIsMeasuredOnTheAttemptsClock() throws Exception {
    ScriptedModelProvider model = busy(Usage.ZERO);

    AgentOutcome outcome =
        f.agent(model)
            .tool(TestTool.echo())
            .listener(
                e -> {
                  if (e instanceof AgentEvent.TurnStarted) {
                    f.clock.advance(Duration.ofMinutes(10));
                  }
                })
            .limits(AgentLimits.defaults().withMaxWallClock(Duration.ofMinutes(25)))
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.LimitReached limit = limitReached(outcome);
    assertThat(limit.limit()).isEqualTo(AgentOutcome.Limit.WALL_CLOCK);
    assertThat(limit.detail()).isEqualTo("1800 s of 1500 s elapsed");
    assertThat(model.requests()).hasSize(3);
  }

  @Test
  void theTokenLimitStopsOnceTheUsageReachesIt() throws Exception {
    ScriptedModelProvider model = busy(Usage.of(400, 100));

    AgentOutcome outcome =
        f.agent(model)
            .tool(TestTool.echo())
            .limits(AgentLimits.defaults().withMaxTokens(1_200))
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.LimitReached limit = limitReached(outcome);
    assertThat(limit.limit()).isEqualTo(AgentOutcome.Limit.TOKENS);
    assertThat(limit.detail()).isEqualTo("1500 of 1200 tokens used");
    assertThat(model.requests()).hasSize(3);
  }

  @Test
  void everyCallIsReservedFromTheBudgetAndSettledWithItsRealUsage() throws Exception {
    TestBudget budget = new TestBudget(1_000_000, BigDecimal.valueOf(1000));
    f.budget.set(budget);
    ScriptedModelProvider model = busy(Usage.of(600_000, 1_000));

    AgentOutcome outcome =
        f.agent(model)
            .tool(TestTool.echo())
            .maxOutputTokens(2_000)
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.LimitReached limit = limitReached(outcome);
    assertThat(limit.limit()).isEqualTo(AgentOutcome.Limit.TOKENS);
    assertThat(limit.detail()).contains("the budget 'test' has 0 tokens");
    assertThat(model.requests()).hasSize(2);
    assertThat(budget.holds).hasSize(2);
    assertThat(budget.holds)
        .allSatisfy(
            h -> {
              // the input's upper bound (its UTF-8 bytes) plus the most output
              assertThat(h.reserved.tokens()).isGreaterThan(2_000 + 500);
              assertThat(h.settled).isEqualTo(Charge.tokens(601_000));
            });
    assertThat(budget.spent()).isEqualTo(Charge.tokens(1_202_000));
  }

  @Test
  void theMoneyPartOfTheBudgetEndsTheAttemptAsCost() throws Exception {
    TestBudget budget = new TestBudget(Long.MAX_VALUE / 4, new BigDecimal("0.07"));
    f.budget.set(budget);
    ScriptedModelProvider model = busy(Usage.of(30_000, 0));

    AgentOutcome outcome =
        f.agent(model)
            .tool(TestTool.echo())
            .maxOutputTokens(100)
            .prices(PriceCatalog.bundled().with(LoopFixture.MODEL, ModelPrice.of("1", "1", "1", "1")))
            .build()
            .implement(f.assignment(), f.context());

    AgentOutcome.LimitReached limit = limitReached(outcome);
    assertThat(limit.limit()).isEqualTo(AgentOutcome.Limit.COST);
    assertThat(limit.detail()).contains("the call was not sent");
    // $1 per million tokens: 30,000 tokens cost 3 cents a call; every sent call was settled at
    // that, and the one that could no longer fit was not sent.
    assertThat(model.requests()).hasSizeBetween(1, 2);
    assertThat(budget.spent().costUsd())
        .isEqualByComparingTo(new BigDecimal("0.03").multiply(BigDecimal.valueOf(model.requests().size())));
    assertThat(budget.spent().costUsd()).isLessThanOrEqualTo(new BigDecimal("0.07"));
  }

  @Test
  void aFailedCallReleasesItsReservation() throws Exception {
    TestBudget budget = new TestBudget(1_000_000, BigDecimal.ONE);
    f.budget.set(budget);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().then(Reply.error(ModelException.Kind.SERVER_ERROR, "boom")).build();

    AgentOutcome outcome = f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Failed.class);
    assertThat(budget.holds).singleElement().satisfies(h -> assertThat(h.released).isTrue());
    assertThat(budget.spent()).isEqualTo(Charge.ZERO);
    assertThat(budget.remaining().tokens()).isEqualTo(1_000_000);
  }

  @Test
  void limitsCheckTheirValues() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentLimits.defaults().withMaxTurns(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTurns");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AgentLimits.defaults().withMaxWallClock(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxWallClock");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoopDetection(1, 3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repetitions");
  }
}

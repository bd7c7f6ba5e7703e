package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.core.work.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetsTest {

  @TempDir Path state;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private static final SpecId GREETING = SpecId.of("greeting");
  private static final SpecId FAREWELL = SpecId.of("farewell");

  private static Charge usd(long tokens, String usd) {
    return new Charge(tokens, new BigDecimal(usd));
  }

  @Test
  void anAttemptIsNestedInItsSpecTheRunAndTheDay() {
    try (Budgets budgets =
        Budgets.builder().clock(clock).stateDirectory(state)
            .day(BudgetLimits.none().withCostUsd("100")).build()) {
      HardBudget attempt = budgets.attempt(GREETING, 2);

      List<String> chain = new ArrayList<>();
      for (HardBudget b = attempt; b != null; b = b.parent().orElse(null)) {
        chain.add(b.name());
      }

      assertThat(chain).containsExactly("attempt:greeting#2", "spec:greeting", "run", "day");
      assertThat(budgets.day()).isPresent();
      assertThat(budgets.run().parent()).containsSame(budgets.day().orElseThrow());
    }
  }

  @Test
  void eachSpecAndAttemptHasOneBudgetWithItsLevelsLimits() {
    try (Budgets budgets =
        Budgets.builder()
            .spec(BudgetLimits.none().withTokens(1_000))
            .attempt(BudgetLimits.none().withTokens(600))
            .build()) {
      assertThat(budgets.attempt(GREETING, 1)).isSameAs(budgets.attempt(GREETING, 1));
      assertThat(budgets.spec(GREETING))
          .isSameAs(budgets.attempt(GREETING, 2).parent().orElseThrow());
      assertThat(budgets.attempt(GREETING, 1)).isNotSameAs(budgets.attempt(GREETING, 2));

      budgets.attempt(GREETING, 1).tryReserve(Charge.tokens(600)).orElseThrow()
          .settle(Charge.tokens(600));

      assertThat(budgets.attempt(GREETING, 2).remaining().tokens()).isEqualTo(400);
      assertThat(budgets.attempt(FAREWELL, 1).remaining().tokens()).isEqualTo(600);
      assertThat(budgets.run().spent()).isEqualTo(Charge.tokens(600));
      assertThat(budgets.day()).isEmpty();
    }
  }

  @Test
  void theRunLimitsEverySpecTogether() {
    List<BudgetRefusal> refusals = new ArrayList<>();
    try (Budgets budgets =
        Budgets.builder().run(BudgetLimits.none().withCostUsd("1")).listener(refusals::add)
            .build()) {
      budgets.attempt(GREETING, 1).tryReserve(usd(1, "0.70")).orElseThrow();

      assertThat(budgets.attempt(FAREWELL, 1).tryReserve(usd(1, "0.31"))).isEmpty();
      assertThat(refusals).singleElement().extracting(BudgetRefusal::budget).isEqualTo("run");
    }
  }

  @Test
  void theDayHoldsAcrossRunsSharingTheStateDirectory() {
    BudgetLimits day = BudgetLimits.none().withCostUsd("1");
    try (Budgets first = Budgets.builder().clock(clock).stateDirectory(state).day(day).build()) {
      first.attempt(GREETING, 1).tryReserve(usd(10, "0.90")).orElseThrow()
          .settle(usd(10, "0.80"));
    }

    try (Budgets second =
        Budgets.builder().clock(clock).stateDirectory(state).day(day)
            .run(BudgetLimits.none().withCostUsd("5")).build()) {
      HardBudget attempt = second.attempt(GREETING, 1);

      assertThat(attempt.remaining().costUsd()).isEqualByComparingTo("0.20");
      assertThat(attempt.tryReserve(usd(10, "0.21"))).isEmpty();
      assertThat(second.day().orElseThrow().spent()).isEqualTo(usd(10, "0.80"));
      assertThat(second.run().spent()).isEqualTo(Charge.ZERO);
    }
  }

  @Test
  void aDayLimitNeedsAStateDirectory() {
    Budgets.Builder builder = Budgets.builder().day(BudgetLimits.none().withCostUsd("10"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set stateDirectory(...)");
  }

  @Test
  void eachLevelsWallClockStartsWhenItIsCreated() {
    try (Budgets budgets =
        Budgets.builder()
            .clock(clock)
            .run(BudgetLimits.none().withWallClock(Duration.ofHours(2)))
            .attempt(BudgetLimits.none().withWallClock(Duration.ofMinutes(20)))
            .build()) {
      clock.advance(Duration.ofMinutes(90));
      HardBudget attempt = budgets.attempt(GREETING, 1);

      assertThat(budgets.run().deadline()).contains(Instant.parse("2026-11-24T12:00:00Z"));
      assertThat(attempt.deadline()).contains(Instant.parse("2026-11-24T11:50:00Z"));
      clock.advance(Duration.ofMinutes(20));
      assertThat(attempt.tryReserve(Charge.tokens(1))).isEmpty();
      assertThat(budgets.attempt(GREETING, 2).tryReserve(Charge.tokens(1))).isPresent();
    }
  }

  @Test
  void theInterceptorUsesTheBudgetsPrices() {
    PriceCatalog prices = PriceCatalog.bundled().with("local", ModelPrice.of("0", "0", "0", "0"));
    try (Budgets budgets = Budgets.builder().prices(prices).build()) {
      assertThat(budgets.prices()).isSameAs(prices);
      assertThat(budgets.interceptor(budgets.attempt(GREETING, 1)).prices()).isSameAs(prices);
    }
  }
}

package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.core.work.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardBudgetTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final List<BudgetRefusal> refusals = new ArrayList<>();
  private final List<String> overruns = new ArrayList<>();
  private final BudgetListener listener =
      new BudgetListener() {
        @Override
        public void refused(BudgetRefusal refusal) {
          refusals.add(refusal);
        }

        @Override
        public void overran(String budget, Charge reserved, Charge actual) {
          overruns.add(budget + " " + reserved.tokens() + "->" + actual.tokens());
        }
      };

  private static Charge usd(long tokens, String usd) {
    return new Charge(tokens, new BigDecimal(usd));
  }

  private HardBudget budget(String name, BudgetLimits limits) {
    return HardBudget.builder(name).limits(limits).clock(clock).listener(listener).build();
  }

  // ---- limits ------------------------------------------------------------------------------

  @Test
  void aTokenLimitGrantsWhatFitsAndRefusesTheRest() {
    HardBudget b = budget("run", BudgetLimits.none().withTokens(1_000));

    Reservation first = b.tryReserve(Charge.tokens(600)).orElseThrow();
    assertThat(b.tryReserve(Charge.tokens(401))).isEmpty();
    Reservation second = b.tryReserve(Charge.tokens(400)).orElseThrow();

    assertThat(b.reserved()).isEqualTo(Charge.tokens(1_000));
    assertThat(b.remaining().tokens()).isZero();
    assertThat(first.reserved()).isEqualTo(Charge.tokens(600));
    assertThat(second.reserved()).isEqualTo(Charge.tokens(400));
    assertThat(refusals)
        .containsExactly(
            new BudgetRefusal(
                "run",
                Charge.tokens(401),
                new Charge(400, HardBudget.NO_LIMIT_USD),
                BudgetRefusal.Reason.TOKENS));
  }

  @Test
  void aMoneyLimitGrantsWhatFitsToTheCentAndRefusesTheRest() {
    HardBudget b = budget("run", BudgetLimits.none().withCostUsd("1.00"));

    b.tryReserve(usd(10, "0.75")).orElseThrow().settle(usd(10, "0.60"));
    assertThat(b.tryReserve(usd(10, "0.41"))).isEmpty();
    assertThat(b.tryReserve(usd(10, "0.40"))).isPresent();

    assertThat(b.spent()).isEqualTo(usd(10, "0.60"));
    assertThat(refusals).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(BudgetRefusal.Reason.COST);
      assertThat(r.remaining().costUsd()).isEqualByComparingTo("0.40");
      assertThat(r.describe())
          .isEqualTo("the budget 'run' has unlimited tokens and $0.4 left but the call may need"
              + " 10 tokens and $0.41");
    });
  }

  @Test
  void aBudgetWithNoLimitsCountsButNeverRefuses() {
    HardBudget b = budget("run", BudgetLimits.none());

    b.tryReserve(usd(1_000_000, "500")).orElseThrow().settle(usd(900_000, "450"));

    assertThat(b.spent()).isEqualTo(usd(900_000, "450"));
    assertThat(b.remaining()).isEqualTo(new Charge(Long.MAX_VALUE, HardBudget.NO_LIMIT_USD));
    assertThat(b.limitsCost()).isFalse();
  }

  // ---- parents -----------------------------------------------------------------------------

  @Test
  void aReservationMustFitInEveryAncestorAndNamesTheOneThatRefused() {
    HardBudget run = budget("run", BudgetLimits.none().withCostUsd("1"));
    HardBudget spec =
        HardBudget.builder("spec:a").limits(BudgetLimits.none().withTokens(10_000)).parent(run)
            .build();
    HardBudget attempt = HardBudget.builder("attempt:a#1").parent(spec).build();

    HardBudget.Decision d = attempt.reserve(usd(5_000, "1.01"));

    assertThat(d).isInstanceOf(HardBudget.Decision.Refused.class);
    assertThat(((HardBudget.Decision.Refused) d).refusal().budget()).isEqualTo("run");
    assertThat(refusals).singleElement().extracting(BudgetRefusal::budget).isEqualTo("run");
    assertThat(attempt.limitsCost()).isTrue();
    assertThat(attempt.remaining()).isEqualTo(usd(10_000, "1"));
  }

  @Test
  void aRefusedReservationHoldsNothingInAnyLevel() {
    HardBudget run = budget("run", BudgetLimits.none().withTokens(1_000));
    HardBudget spec = HardBudget.builder("spec:a").parent(run).build();
    HardBudget attempt =
        HardBudget.builder("attempt:a#1").limits(BudgetLimits.none().withTokens(500))
            .parent(spec).build();

    assertThat(attempt.tryReserve(Charge.tokens(600))).isEmpty(); // the attempt refuses
    spec.tryReserve(Charge.tokens(700)).orElseThrow();
    assertThat(attempt.tryReserve(Charge.tokens(400))).isEmpty(); // the run refuses

    assertThat(attempt.reserved()).isEqualTo(Charge.ZERO);
    assertThat(spec.reserved()).isEqualTo(Charge.tokens(700));
    assertThat(run.reserved()).isEqualTo(Charge.tokens(700));
    assertThat(refusals).extracting(BudgetRefusal::budget).containsExactly("attempt:a#1", "run");
  }

  @Test
  void siblingsShareTheirParentsLimit() {
    HardBudget spec = budget("spec:a", BudgetLimits.none().withTokens(1_000));
    HardBudget one = HardBudget.builder("attempt:a#1").parent(spec).build();
    HardBudget two = HardBudget.builder("attempt:a#2").parent(spec).build();

    one.tryReserve(Charge.tokens(700)).orElseThrow().settle(Charge.tokens(700));

    assertThat(two.tryReserve(Charge.tokens(301))).isEmpty();
    assertThat(two.remaining().tokens()).isEqualTo(300);
    assertThat(one.spent()).isEqualTo(Charge.tokens(700));
    assertThat(two.spent()).isEqualTo(Charge.ZERO);
  }

  @Test
  void aListenerOnSeveralLevelsHearsEachRefusalOnce() {
    HardBudget run = budget("run", BudgetLimits.none().withTokens(10));
    HardBudget attempt =
        HardBudget.builder("attempt:a#1").parent(run).listener(listener).build();

    attempt.tryReserve(Charge.tokens(11));

    assertThat(refusals).hasSize(1);
  }

  @Test
  void aListenerThatThrowsDoesNotChangeTheAnswer() {
    HardBudget b =
        HardBudget.builder("run")
            .limits(BudgetLimits.none().withTokens(10))
            .listener(r -> {
              throw new IllegalStateException("listener bug");
            })
            .build();

    assertThat(b.tryReserve(Charge.tokens(11))).isEmpty();
    assertThat(b.tryReserve(Charge.tokens(10))).isPresent();
  }

  // ---- settle and release ------------------------------------------------------------------

  @Test
  void settlingReplacesTheHoldWithTheActualCostInEveryLevel() {
    HardBudget run = budget("run", BudgetLimits.none().withCostUsd("10"));
    HardBudget attempt = HardBudget.builder("attempt:a#1").parent(run).build();

    Reservation r = attempt.tryReserve(usd(5_000, "0.50")).orElseThrow();
    assertThat(run.reserved()).isEqualTo(usd(5_000, "0.50"));
    r.settle(usd(1_200, "0.12"));

    for (HardBudget level : List.of(run, attempt)) {
      assertThat(level.reserved()).isEqualTo(Charge.ZERO);
      assertThat(level.spent()).isEqualTo(usd(1_200, "0.12"));
    }
    assertThat(run.remaining().costUsd()).isEqualByComparingTo("9.88");
    assertThat(overruns).isEmpty();
  }

  @Test
  void aCallThatCostMoreThanItsHoldIsCountedInFullAndReported() {
    HardBudget run = budget("run", BudgetLimits.none().withTokens(1_000));
    HardBudget attempt = HardBudget.builder("attempt:a#1").parent(run).build();

    attempt.tryReserve(Charge.tokens(800)).orElseThrow().settle(Charge.tokens(1_300));

    assertThat(run.spent()).isEqualTo(Charge.tokens(1_300));
    assertThat(attempt.spent()).isEqualTo(Charge.tokens(1_300));
    assertThat(run.remaining().tokens()).isZero();
    assertThat(attempt.tryReserve(Charge.tokens(1))).isEmpty();
    assertThat(overruns).containsExactly("attempt:a#1 800->1300");
  }

  @Test
  void releasingGivesTheHoldBackInEveryLevel() {
    HardBudget run = budget("run", BudgetLimits.none().withTokens(1_000));
    HardBudget attempt = HardBudget.builder("attempt:a#1").parent(run).build();

    attempt.tryReserve(Charge.tokens(1_000)).orElseThrow().release();

    assertThat(run.reserved()).isEqualTo(Charge.ZERO);
    assertThat(run.spent()).isEqualTo(Charge.ZERO);
    assertThat(attempt.tryReserve(Charge.tokens(1_000))).isPresent();
  }

  @Test
  void settlingTwiceCountsOnce() {
    HardBudget b = budget("run", BudgetLimits.none());
    Reservation r = b.tryReserve(Charge.tokens(100)).orElseThrow();
    r.settle(Charge.tokens(50));

    r.settle(Charge.tokens(80)); // does nothing, as Reservation promises

    assertThat(b.spent()).isEqualTo(Charge.tokens(50));
    assertThat(b.reserved()).isEqualTo(Charge.ZERO);
  }

  @Test
  void releasingTwiceOrAfterSettlingDoesNothing() {
    HardBudget b = budget("run", BudgetLimits.none());
    Reservation released = b.tryReserve(Charge.tokens(100)).orElseThrow();
    Reservation settled = b.tryReserve(Charge.tokens(100)).orElseThrow();
    released.release();
    settled.settle(Charge.tokens(70));

    released.release();
    released.settle(Charge.tokens(1));
    settled.release();

    assertThat(b.spent()).isEqualTo(Charge.tokens(70));
    assertThat(b.reserved()).isEqualTo(Charge.ZERO);
  }

  @Test
  void closingReleasesAnOpenReservationAndDoesNothingAfterSettling() {
    HardBudget b = budget("run", BudgetLimits.none().withTokens(100));

    try (Reservation r = b.tryReserve(Charge.tokens(100)).orElseThrow()) {
      r.settle(Charge.tokens(40));
    }
    try (Reservation r = b.tryReserve(Charge.tokens(60)).orElseThrow()) {
      assertThat(r.reserved()).isEqualTo(Charge.tokens(60));
    }

    assertThat(b.spent()).isEqualTo(Charge.tokens(40));
    assertThat(b.reserved()).isEqualTo(Charge.ZERO);
  }

  // ---- wall clock --------------------------------------------------------------------------

  @Test
  void afterTheWallClockDeadlineEveryReservationIsRefused() {
    HardBudget b = budget("run", BudgetLimits.none().withWallClock(Duration.ofMinutes(10)));
    Reservation early = b.tryReserve(Charge.tokens(10)).orElseThrow();

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(b.tryReserve(Charge.tokens(10))).isPresent();
    clock.advance(Duration.ofMillis(1));

    assertThat(b.deadline()).contains(Instant.parse("2026-11-24T10:10:00Z"));
    assertThat(b.tryReserve(Charge.ZERO)).isEmpty();
    assertThat(b.remaining()).isEqualTo(Charge.ZERO);
    assertThat(refusals).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(BudgetRefusal.Reason.DEADLINE);
      assertThat(r.describe()).isEqualTo("the budget 'run' is past its wall-clock deadline");
    });
    early.settle(Charge.tokens(7)); // what was spent before the deadline still counts
    assertThat(b.spent()).isEqualTo(Charge.tokens(7));
  }

  @Test
  void anAncestorsDeadlineRefusesItsDescendants() {
    HardBudget run =
        HardBudget.builder("run").clock(clock).listener(listener)
            .deadline(Instant.parse("2026-11-24T11:00:00Z")).build();
    HardBudget attempt = HardBudget.builder("attempt:a#1").parent(run).build();

    assertThat(attempt.tryReserve(Charge.tokens(1))).isPresent();
    clock.advance(Duration.ofHours(1));

    assertThat(attempt.tryReserve(Charge.tokens(1))).isEmpty();
    assertThat(refusals).singleElement().extracting(BudgetRefusal::budget).isEqualTo("run");
  }

  @Test
  void theEarlierOfAnExplicitDeadlineAndTheWallClockLimitCounts() {
    HardBudget b =
        HardBudget.builder("run")
            .clock(clock)
            .limits(BudgetLimits.none().withWallClock(Duration.ofHours(2)))
            .deadline(Instant.parse("2026-11-24T10:30:00Z"))
            .build();

    assertThat(b.deadline()).contains(Instant.parse("2026-11-24T10:30:00Z"));
  }

  @Test
  void remainingIsTheLeastAnyLevelOfTheChainHasLeft() {
    HardBudget run = budget("run", BudgetLimits.none().withTokens(1_000).withCostUsd("5"));
    HardBudget attempt =
        HardBudget.builder("attempt:a#1").limits(BudgetLimits.none().withCostUsd("1"))
            .parent(run).build();
    HardBudget other = HardBudget.builder("attempt:a#2").parent(run).build();

    other.tryReserve(usd(900, "0.10")).orElseThrow();

    assertThat(attempt.remaining()).isEqualTo(usd(100, "1"));
    assertThat(run.remaining()).isEqualTo(usd(100, "4.90"));
  }
}

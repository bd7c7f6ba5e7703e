package dev.darkfactory.api.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BudgetTypesTest {

  private static Charge charge(long tokens, String usd) {
    return new Charge(tokens, new BigDecimal(usd));
  }

  @Nested
  class Charges {

    @Test
    void addAndCompareByEveryPart() {
      Charge sum = charge(100, "0.25").plus(charge(50, "0.10"));

      assertThat(sum.tokens()).isEqualTo(150);
      assertThat(sum.costUsd()).isEqualByComparingTo("0.35");
      assertThat(Charge.tokens(7)).isEqualTo(new Charge(7, BigDecimal.ZERO));
      assertThat(Charge.ZERO.tokens()).isZero();
      assertThat(charge(10, "1").fitsWithin(charge(10, "1"))).isTrue();
      assertThat(charge(11, "1").fitsWithin(charge(10, "1"))).isFalse();
      assertThat(charge(10, "1.01").fitsWithin(charge(10, "1"))).isFalse();
      assertThat(charge(10, "1.00").fitsWithin(charge(10, "1"))).isTrue();
    }

    @Test
    void rejectNegativeOrMissingAmounts() {
      assertThatThrownBy(() -> charge(-1, "0"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tokens must be at least 0 but was -1");
      assertThatThrownBy(() -> charge(0, "-0.01"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("costUsd must not be negative but was -0.01");
      assertThatThrownBy(() -> new Charge(0, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("costUsd");
    }

    @Test
    void plusRefusesToOverflowTokens() {
      assertThatThrownBy(() -> Charge.tokens(Long.MAX_VALUE).plus(Charge.tokens(1)))
          .isInstanceOf(ArithmeticException.class);
    }
  }

  @Nested
  class Unlimited {

    @Test
    void reservesAnythingAndReportsTheHold() {
      Budget budget = Budget.unlimited();
      Charge huge = charge(Long.MAX_VALUE, "1000000000");

      Reservation r = budget.tryReserve(huge).orElseThrow();

      assertThat(budget.name()).isEqualTo("unlimited");
      assertThat(r.reserved()).isEqualTo(huge);
      assertThat(huge.fitsWithin(budget.remaining())).isTrue();
      assertThat(budget.spent()).isEqualTo(Charge.ZERO);
    }

    @Test
    void countsSettledSpendInFullEvenAboveTheHold() {
      Budget budget = Budget.unlimited();

      budget.tryReserve(Charge.tokens(10)).orElseThrow().settle(charge(25, "0.50"));
      budget.tryReserve(Charge.tokens(10)).orElseThrow().settle(charge(5, "0.25"));

      assertThat(budget.spent().tokens()).isEqualTo(30);
      assertThat(budget.spent().costUsd()).isEqualByComparingTo("0.75");
    }

    @Test
    void onlyTheFirstOfSettleAndReleaseTakesEffect() {
      Budget budget = Budget.unlimited();

      Reservation released = budget.tryReserve(Charge.tokens(10)).orElseThrow();
      released.release();
      released.settle(Charge.tokens(10));

      Reservation settledTwice = budget.tryReserve(Charge.tokens(10)).orElseThrow();
      settledTwice.settle(Charge.tokens(3));
      settledTwice.settle(Charge.tokens(4));
      settledTwice.release();

      assertThat(budget.spent()).isEqualTo(Charge.tokens(3));
    }

    @Test
    void closingReleasesAnUnsettledHoldAndKeepsASettledOne() {
      Budget budget = Budget.unlimited();

      try (Reservation r = budget.tryReserve(Charge.tokens(10)).orElseThrow()) {
        assertThat(r.reserved()).isEqualTo(Charge.tokens(10));
      }
      try (Reservation r = budget.tryReserve(Charge.tokens(10)).orElseThrow()) {
        r.settle(Charge.tokens(8));
      }
      Reservation closedFirst = budget.tryReserve(Charge.tokens(10)).orElseThrow();
      closedFirst.close();
      closedFirst.settle(Charge.tokens(100));

      assertThat(budget.spent()).isEqualTo(Charge.tokens(8));
    }

    @Test
    void eachCallReturnsAnIndependentBudget() {
      Budget first = Budget.unlimited();
      Budget second = Budget.unlimited();

      first.tryReserve(Charge.tokens(1)).orElseThrow().settle(Charge.tokens(42));

      assertThat(second).isNotSameAs(first);
      assertThat(first.spent()).isEqualTo(Charge.tokens(42));
      assertThat(second.spent()).isEqualTo(Charge.ZERO);
    }

    @Test
    void countsEverySettlementFromConcurrentCallers() throws Exception {
      Budget budget = Budget.unlimited();
      int threads = 8;
      int callsEach = 500;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < callsEach; i++) {
                      budget.tryReserve(Charge.tokens(2)).orElseThrow().settle(charge(1, "0.01"));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(budget.spent().tokens()).isEqualTo((long) threads * callsEach);
      assertThat(budget.spent().costUsd()).isEqualByComparingTo("40.00");
    }
  }
}

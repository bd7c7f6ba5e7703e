package dev.darkfactory.api.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BudgetPropertiesTest {

  /** One model call: what was reserved, what it cost, and whether it was sent (settled) or not. */
  record Call(Charge hold, Charge actual, boolean sent, boolean closedAfter) {}

  @Property
  void anUnlimitedBudgetHasSpentExactlyWhatWasSettled(@ForAll("calls") List<Call> calls) {
    Budget budget = Budget.unlimited();
    Charge expected = Charge.ZERO;

    for (Call call : calls) {
      Reservation r = budget.tryReserve(call.hold()).orElseThrow();
      if (call.sent()) {
        r.settle(call.actual());
        expected = expected.plus(call.actual());
      } else {
        r.release();
      }
      if (call.closedAfter()) {
        r.close();
      }
      r.settle(call.actual());
    }

    assertThat(budget.spent().tokens()).isEqualTo(expected.tokens());
    assertThat(budget.spent().costUsd()).isEqualByComparingTo(expected.costUsd());
  }

  @Property
  void chargePlusIsCommutativeAndFitsWithinItsSum(
      @ForAll("charges") Charge a, @ForAll("charges") Charge b) {
    Charge sum = a.plus(b);
    assertThat(sum.tokens()).isEqualTo(b.plus(a).tokens());
    assertThat(sum.costUsd()).isEqualByComparingTo(b.plus(a).costUsd());
    assertThat(a.fitsWithin(sum)).isTrue();
    assertThat(b.fitsWithin(sum)).isTrue();
    assertThat(a.plus(Charge.ZERO)).isEqualTo(a);
  }

  @Provide
  Arbitrary<Charge> charges() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 1_000_000_000L),
            Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("10000")).ofScale(4))
        .as(Charge::new);
  }

  @Provide
  Arbitrary<List<Call>> calls() {
    return Combinators.combine(
            charges(), charges(), Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(Call::new)
        .list()
        .ofMaxSize(30);
  }
}

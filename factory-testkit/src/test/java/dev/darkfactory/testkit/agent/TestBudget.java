package dev.darkfactory.testkit.agent;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A budget with a limit in tokens and dollars that records every reservation and how it was
 * closed, for the loop's tests.
 */
final class TestBudget implements Budget {

  /** One reservation and what became of it. */
  static final class Hold {
    final Charge reserved;
    Charge settled;
    boolean released;

    Hold(Charge reserved) {
      this.reserved = reserved;
    }
  }

  private final Charge limit;
  private Charge spent = Charge.ZERO;
  final List<Hold> holds = new ArrayList<>();

  TestBudget(long tokens, BigDecimal costUsd) {
    this.limit = new Charge(tokens, costUsd);
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public synchronized Optional<Reservation> tryReserve(Charge maximum) {
    if (!spent.plus(open()).plus(maximum).fitsWithin(limit)) {
      return Optional.empty();
    }
    Hold hold = new Hold(maximum);
    holds.add(hold);
    return Optional.of(
        new Reservation() {
          @Override
          public Charge reserved() {
            return maximum;
          }

          @Override
          public void settle(Charge actual) {
            synchronized (TestBudget.this) {
              if (hold.settled == null && !hold.released) {
                hold.settled = actual;
                spent = spent.plus(actual);
              }
            }
          }

          @Override
          public void release() {
            synchronized (TestBudget.this) {
              if (hold.settled == null) {
                hold.released = true;
              }
            }
          }
        });
  }

  private Charge open() {
    Charge open = Charge.ZERO;
    for (Hold h : holds) {
      if (h.settled == null && !h.released) {
        open = open.plus(h.reserved);
      }
    }
    return open;
  }

  @Override
  public synchronized Charge spent() {
    return spent;
  }

  @Override
  public synchronized Charge remaining() {
    Charge used = spent.plus(open());
    return new Charge(
        Math.max(0, limit.tokens() - used.tokens()), limit.costUsd().subtract(used.costUsd()).max(BigDecimal.ZERO));
  }
}

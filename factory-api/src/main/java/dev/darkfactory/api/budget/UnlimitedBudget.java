package dev.darkfactory.api.budget;

import dev.darkfactory.api.internal.Require;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The budget of {@link Budget#unlimited()}: every reservation fits; spending is still counted. */
final class UnlimitedBudget implements Budget {

  private static final Charge INFINITE =
      new Charge(Long.MAX_VALUE, BigDecimal.valueOf(Long.MAX_VALUE));

  private final AtomicReference<Charge> spent = new AtomicReference<>(Charge.ZERO);

  UnlimitedBudget() {}

  @Override
  public String name() {
    return "unlimited";
  }

  @Override
  public Optional<Reservation> tryReserve(Charge maximum) {
    Require.nonNull(maximum, "maximum");
    AtomicBoolean done = new AtomicBoolean();
    return Optional.of(
        new Reservation() {
          @Override
          public Charge reserved() {
            return maximum;
          }

          @Override
          public void settle(Charge actual) {
            Require.nonNull(actual, "actual");
            if (done.compareAndSet(false, true)) {
              spent.accumulateAndGet(actual, Charge::plus);
            }
          }

          @Override
          public void release() {
            done.set(true);
          }
        });
  }

  @Override
  public Charge spent() {
    return spent.get();
  }

  @Override
  public Charge remaining() {
    return INFINITE;
  }
}

package dev.darkfactory.api.budget;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A hard limit on what model calls may spend, in tokens and money.
 *
 * <p>Reserve-then-settle: before a call, the caller reserves the most the call could cost; a
 * reservation that does not fit is refused and the call is not sent. After the call, the
 * reservation is settled with the real cost. Running out is therefore an answer ({@link
 * Optional#empty()}), not an exception, and concurrent callers sharing a budget can never spend
 * more than its limit. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Budget {

  /** A short name for events and reports, such as {@code "run"} or {@code "spec:greeting"}. */
  String name();

  /**
   * Holds {@code maximum} back if it fits in what remains.
   *
   * @param maximum the most the coming call could cost
   * @return the reservation, or empty when it does not fit (the call must not be sent)
   */
  Optional<Reservation> tryReserve(Charge maximum);

  /** What is settled so far, not counting open reservations. */
  Charge spent();

  /** What may still be reserved: the limit minus what is spent and reserved. */
  Charge remaining();

  /**
   * A new budget that never runs out but still counts what is spent, for tests and for factories
   * that set no limit.
   */
  static Budget unlimited() {
    return new UnlimitedBudget();
  }
}

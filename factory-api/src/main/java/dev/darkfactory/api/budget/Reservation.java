package dev.darkfactory.api.budget;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * An amount held back from a budget before a model call, settled with the real usage after it.
 *
 * <p>Exactly one of {@link #settle(Charge)} and {@link #release()} takes effect; later calls do
 * nothing. Closing a reservation that was not settled releases it, so try-with-resources never
 * leaks a hold.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Reservation extends AutoCloseable {

  /** The amount held. */
  Charge reserved();

  /**
   * Replaces the hold with what the call really cost; the actual charge may exceed the hold when a
   * provider under-reports its maximum, and is counted in full.
   *
   * @param actual what the call cost
   */
  void settle(Charge actual);

  /** Gives the held amount back, for a call that was never sent. */
  void release();

  /** Releases the hold unless it was settled. */
  @Override
  default void close() {
    release();
  }
}

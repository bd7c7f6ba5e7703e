package dev.darkfactory.testkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A clock that stands still until a test moves it, so code that reads the time (deadlines, leases,
 * budgets by day, ledger dates) is tested without sleeping.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * Instant deadline = clock.instant().plus(Duration.ofMinutes(5)); // code under test reads the clock
 * clock.advance(Duration.ofMinutes(10));                          // ten minutes pass at once
 * assertThat(clock.instant()).isAfter(deadline);
 * }</pre>
 *
 * <p>Safe to use from several threads: moves are atomic, and every thread sees the latest one.
 * {@link #withZone} returns a view in another zone that shares this clock's time, so moving either
 * moves both.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ManualClock extends Clock {

  /** Where a clock starts when a test does not say: {@code 2026-01-01T00:00:00Z}. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock at {@code start} in UTC.
   *
   * @param start the instant the clock shows until it is moved
   * @return the clock
   */
  public static ManualClock startingAt(Instant start) {
    return startingAt(start, ZoneOffset.UTC);
  }

  /**
   * A clock at {@code start} in {@code zone}.
   *
   * @param start the instant the clock shows until it is moved
   * @param zone the zone, for code that turns instants into dates and times
   * @return the clock
   */
  public static ManualClock startingAt(Instant start, ZoneId zone) {
    return new ManualClock(
        new AtomicReference<>(Require.nonNull(start, "start")), Require.nonNull(zone, "zone"));
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far; zero or positive
   * @return the instant the clock shows now
   * @throws IllegalArgumentException when {@code duration} is negative (use {@link #set} to go
   *     back) or would move the clock past {@link Instant#MAX}
   */
  public Instant advance(Duration duration) {
    Require.nonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "advance takes a duration of zero or more but was "
              + duration
              + "; to move the clock back, set(Instant) it");
    }
    try {
      return now.updateAndGet(i -> i.plus(duration));
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "advancing " + now.get() + " by " + duration + " passes the latest instant there is", e);
    }
  }

  /**
   * Sets the clock to an instant, earlier or later than the one it shows.
   *
   * @param instant the instant the clock shows from now on
   * @return the instant it showed before
   */
  public Instant set(Instant instant) {
    return now.getAndSet(Require.nonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A view of this clock in another zone; it shares this clock's time, so moving either moves
   * both.
   *
   * @param zone the zone
   * @return the view, or this clock when the zone is the same
   */
  @Override
  public ManualClock withZone(ZoneId zone) {
    Require.nonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new ManualClock(now, zone);
  }

  /** Equal to a clock that shares this one's time and zone. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ManualClock c && c.now == now && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  /** The instant it shows and its zone, such as {@code ManualClock[2026-01-01T00:00:00Z, UTC]}. */
  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}

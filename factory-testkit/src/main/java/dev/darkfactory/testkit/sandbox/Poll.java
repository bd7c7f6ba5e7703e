package dev.darkfactory.testkit.sandbox;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking it every few milliseconds. */
final class Poll {

  private static final long PAUSE_NANOS = Duration.ofMillis(10).toNanos();

  private Poll() {}

  /**
   * Checks {@code condition} until it holds or {@code timeout} passed.
   *
   * @return whether the condition held before the deadline
   */
  static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}

package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * A share of events among observations, such as false positives among reviewed evaluator-PASS
 * candidates, with its 95% Wilson score interval.
 *
 * <p>The interval is the exact Wilson score interval (not the normal approximation, which collapses
 * to a zero-width interval at 0 of n): with {@code p = count / total}, {@code n = total} and {@code
 * z} the 97.5% standard normal quantile (1.959963984540054),
 *
 * <pre>
 *   centre = (p + z²/2n) / (1 + z²/n)
 *   half   = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
 *   [lower, upper] = [centre − half, centre + half]
 * </pre>
 *
 * <p>At 0 of n the lower bound is exactly 0 and the upper bound is {@code z²/(n + z²)}: 0 of 25
 * still allows 13.3%, and the bound falls under 5% only at n = 73.
 *
 * <p>An empty rate (total 0) has no estimate: {@link #estimate()} is empty, and the interval is the
 * whole of [0, 1], which honestly says nothing is known, so a gate reading the upper bound stays
 * closed.
 *
 * @param count how many observations were events; from 0 to {@code total}
 * @param total how many observations there were; at least 0
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Rate(long count, long total) {

  /** The confidence level of the interval. */
  public static final double CONFIDENCE = 0.95;

  /** The two-sided 95% standard normal quantile, Φ⁻¹(0.975). */
  public static final double Z = 1.959963984540054;

  private static final double Z2 = Z * Z;

  /** Checks the counts. */
  public Rate {
    Require.atLeast(total, 0, "total");
    Require.atLeast(count, 0, "count");
    if (count > total) {
      throw new IllegalArgumentException("count must be at most total (" + total + ") but was " + count);
    }
  }

  /** Whether there are no observations, so nothing is known. */
  public boolean isEmpty() {
    return total == 0;
  }

  /** The point estimate {@code count / total}; empty when there are no observations. */
  public OptionalDouble estimate() {
    return total == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) count / total);
  }

  /** The lower 95% Wilson bound; 0 when empty and exactly 0 when {@code count} is 0. */
  public double lower() {
    if (count == 0) {
      return 0;
    }
    double p = (double) count / total;
    return Math.max(0, Math.min(p, centre(p, total) - half(p, total)));
  }

  /** The upper 95% Wilson bound; 1 when empty and exactly 1 when {@code count} is {@code total}. */
  public double upper() {
    if (count == total) {
      return 1;
    }
    double p = (double) count / total;
    return Math.min(1, Math.max(p, centre(p, total) + half(p, total)));
  }

  /** The complementary rate: the observations that were not events. */
  public Rate complement() {
    return new Rate(total - count, total);
  }

  /**
   * The smallest number of observations at which {@code count} events would bring the upper Wilson
   * bound strictly under {@code target}: how many reviews a gate reading the upper bound needs when
   * {@code count} of them disagree. The upper bound falls as observations grow with the events
   * fixed, so more observations with no more events keep it under.
   *
   * @param count the events, at least 0
   * @param target the target rate, strictly between 0 and 1
   * @return the smallest total, at least {@code max(count, 1)}
   */
  public static long totalNeeded(long count, double target) {
    Require.atLeast(count, 0, "count");
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("target must be strictly between 0 and 1 but was " + target);
    }
    long low = Math.max(count, 1);
    if (new Rate(count, low).upper() < target) {
      return low;
    }
    long high = low;
    while (!(new Rate(count, high).upper() < target)) {
      low = high;
      high = Math.multiplyExact(high, 2);
    }
    // upper(count, low) >= target > upper(count, high)
    while (high - low > 1) {
      long mid = low + (high - low) / 2;
      if (new Rate(count, mid).upper() < target) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  /** {@code count/total = estimate [lower, upper]}, as percentages. */
  @Override
  public String toString() {
    if (total == 0) {
      return "0/0 (no data, 95% CI 0.0%-100.0%)";
    }
    return String.format(
        Locale.ROOT,
        "%d/%d = %.1f%% (95%% CI %.1f%%-%.1f%%)",
        count,
        total,
        100.0 * count / total,
        100 * lower(),
        100 * upper());
  }

  private static double centre(double p, long n) {
    return (p + Z2 / (2.0 * n)) / (1 + Z2 / n);
  }

  private static double half(double p, long n) {
    return Z * Math.sqrt(p * (1 - p) / n + Z2 / (4.0 * n * n)) / (1 + Z2 / n);
  }
}

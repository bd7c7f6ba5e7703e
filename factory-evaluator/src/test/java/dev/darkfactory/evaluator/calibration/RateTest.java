package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateTest {

  @Test
  void theWilsonIntervalHasItsKnownValues() {
    // 1 of 10: the textbook Wilson score interval is [0.0179, 0.4042].
    Rate r = new Rate(1, 10);

    assertThat(r.estimate()).hasValue(0.1);
    assertThat(r.lower()).isCloseTo(0.0179, within(0.00005));
    assertThat(r.upper()).isCloseTo(0.4042, within(0.00005));
    // 0 of n: lower exactly 0, upper exactly z²/(n + z²).
    assertThat(new Rate(0, 25).lower()).isEqualTo(0.0);
    assertThat(new Rate(0, 25).upper()).isCloseTo(Rate.Z * Rate.Z / (25 + Rate.Z * Rate.Z), within(1e-15));
    assertThat(new Rate(7, 7).upper()).isEqualTo(1.0);
  }

  @Test
  void zeroOfTwentyFiveStillAllowsThirteenPointThreePercent() {
    assertThat(new Rate(0, 25).upper()).isCloseTo(0.133, within(0.0005));
  }

  @Test
  void withNoEventsTheUpperBoundFallsUnderFivePercentOnlyAtSeventyThree() {
    assertThat(new Rate(0, 72).upper()).isGreaterThanOrEqualTo(0.05);
    assertThat(new Rate(0, 73).upper()).isLessThan(0.05);
    assertThat(Rate.totalNeeded(0, 0.05)).isEqualTo(73);
  }

  @Test
  void withNoEventsTheUpperBoundFallsUnderTenPercentOnlyAtThirtyFive() {
    assertThat(new Rate(0, 34).upper()).isGreaterThanOrEqualTo(0.10);
    assertThat(new Rate(0, 35).upper()).isLessThan(0.10);
    assertThat(Rate.totalNeeded(0, 0.10)).isEqualTo(35);
  }

  @Test
  void totalNeededIsTheFirstTotalUnderTheTarget() {
    for (int count = 0; count <= 5; count++) {
      for (double target : new double[] {0.01, 0.05, 0.10, 0.5}) {
        long n = Rate.totalNeeded(count, target);
        assertThat(new Rate(count, n).upper()).as("%d of %d", count, n).isLessThan(target);
        if (n > Math.max(count, 1)) {
          assertThat(new Rate(count, n - 1).upper()).as("%d of %d", count, n - 1).isGreaterThanOrEqualTo(target);
        }
      }
    }
  }

  @Test
  void anEmptyRateHasNoEstimateAndTheWholeInterval() {
    Rate empty = new Rate(0, 0);

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.estimate()).isEmpty();
    assertThat(empty.lower()).isEqualTo(0.0);
    assertThat(empty.upper()).isEqualTo(1.0);
    assertThat(empty.toString()).contains("no data");
  }

  @Test
  void countsOutsideTheirRangeAreRejectedByName() {
    assertThatThrownBy(() -> new Rate(3, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> new Rate(-1, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> new Rate(0, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total");
    assertThatThrownBy(() -> Rate.totalNeeded(0, 1.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
  }

  @Test
  void theTextGivesTheShareAndTheInterval() {
    assertThat(new Rate(1, 10).toString()).isEqualTo("1/10 = 10.0% (95% CI 1.8%-40.4%)");
  }
}

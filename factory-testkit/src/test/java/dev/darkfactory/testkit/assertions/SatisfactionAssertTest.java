package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Satisfaction;
import org.junit.jupiter.api.Test;

class SatisfactionAssertTest {

  private static final Satisfaction HALF = new Satisfaction(0.5, 0.4, 0.6, 0.95);
  private static final String INTERVAL = "0.5 (interval 0.4 to 0.6 at 95% confidence)";

  @Test
  void scoreAndBoundsPassWhenWithinLimits() {
    assertThat(HALF)
        .hasScoreAtLeast(0.5)
        .hasScoreAtMost(0.5)
        .hasScoreCloseTo(0.52, 0.03)
        .hasLowerBoundAtLeast(0.4)
        .hasUpperBoundAtMost(0.6)
        .hasWidthAtMost(0.2)
        .hasIntervalContaining(0.4)
        .hasIntervalContaining(0.6);
    assertThat(Satisfaction.exact(1)).isExact().hasScoreAtLeast(1);
  }

  @Test
  void scoreOutsideItsLimitsFailsWithTheInterval() {
    assertThatThrownBy(() -> assertThat(HALF).hasScoreCloseTo(0.7, 0.05))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction to have a score of 0.7 (within 0.05) but it was 0.5;"
                + " satisfaction "
                + INTERVAL
                + ".");
    assertThatThrownBy(() -> assertThat(HALF).hasWidthAtMost(0.1))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction to have an interval at most 0.1 wide but it was 0.2;"
                + " satisfaction "
                + INTERVAL
                + ".");
    assertThatThrownBy(() -> assertThat(HALF).hasLowerBoundAtLeast(0.45))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the satisfaction to have a lower bound of at least 0.45 but it was 0.4;");
  }

  @Test
  void anIntervalMustContainTheValueAndAnExactOneHasNoWidth() {
    assertThatThrownBy(() -> assertThat(HALF).hasIntervalContaining(0.7))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction to have an interval containing 0.7 but it was "
                + INTERVAL
                + ".");
    assertThatThrownBy(() -> assertThat(HALF).isExact())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction to be exact (an interval of width 0) but it was "
                + INTERVAL
                + ".");
  }
}

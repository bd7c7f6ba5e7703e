package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Satisfaction;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link Satisfaction}: the score and the bounds of its interval.
 *
 * <pre>{@code
 * assertThat(report).satisfaction().hasLowerBoundAtLeast(0.8).hasWidthAtMost(0.2);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class SatisfactionAssert extends AbstractAssert<SatisfactionAssert, Satisfaction> {

  private final String subject;

  /**
   * Assertions on a satisfaction.
   *
   * @param actual the satisfaction under test
   */
  public SatisfactionAssert(@Nullable Satisfaction actual) {
    this(actual, "the satisfaction");
  }

  SatisfactionAssert(@Nullable Satisfaction actual, String subject) {
    super(actual, SatisfactionAssert.class);
    this.subject = subject;
  }

  /**
   * Verifies the score is at least {@code min}.
   *
   * @param min the lowest acceptable score, from 0 to 1
   * @return this assertion
   */
  public SatisfactionAssert hasScoreAtLeast(double min) {
    isNotNull();
    if (!(actual.score() >= min)) {
      reject("a score of at least " + Describe.number(min), actual.score());
    }
    return myself;
  }

  /**
   * Verifies the score is at most {@code max}.
   *
   * @param max the highest acceptable score, from 0 to 1
   * @return this assertion
   */
  public SatisfactionAssert hasScoreAtMost(double max) {
    isNotNull();
    if (!(actual.score() <= max)) {
      reject("a score of at most " + Describe.number(max), actual.score());
    }
    return myself;
  }

  /**
   * Verifies the score is {@code expected}, give or take {@code tolerance}.
   *
   * @param expected the score expected
   * @param tolerance how far the score may be from it
   * @return this assertion
   */
  public SatisfactionAssert hasScoreCloseTo(double expected, double tolerance) {
    isNotNull();
    if (!(Math.abs(actual.score() - expected) <= tolerance)) {
      reject(
          "a score of "
              + Describe.number(expected)
              + " (within "
              + Describe.number(tolerance)
              + ")",
          actual.score());
    }
    return myself;
  }

  /**
   * Verifies the interval's lower bound is at least {@code min}: the score is high with the
   * interval's confidence, not only on average.
   *
   * @param min the lowest acceptable lower bound
   * @return this assertion
   */
  public SatisfactionAssert hasLowerBoundAtLeast(double min) {
    isNotNull();
    if (!(actual.lower() >= min)) {
      reject("a lower bound of at least " + Describe.number(min), actual.lower());
    }
    return myself;
  }

  /**
   * Verifies the interval's upper bound is at most {@code max}: the score is low with the
   * interval's confidence.
   *
   * @param max the highest acceptable upper bound
   * @return this assertion
   */
  public SatisfactionAssert hasUpperBoundAtMost(double max) {
    isNotNull();
    if (!(actual.upper() <= max)) {
      reject("an upper bound of at most " + Describe.number(max), actual.upper());
    }
    return myself;
  }

  /**
   * Verifies the interval is at most {@code max} wide.
   *
   * @param max the widest acceptable interval
   * @return this assertion
   */
  public SatisfactionAssert hasWidthAtMost(double max) {
    isNotNull();
    if (!(actual.width() <= max)) {
      reject("an interval at most " + Describe.number(max) + " wide", actual.width());
    }
    return myself;
  }

  /**
   * Verifies {@code value} lies within the interval, bounds included.
   *
   * @param value the value the interval should contain
   * @return this assertion
   */
  public SatisfactionAssert hasIntervalContaining(double value) {
    isNotNull();
    if (!(actual.lower() <= value && value <= actual.upper())) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to have an interval containing "
              + Describe.number(value)
              + " but it was "
              + Describe.satisfaction(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the score is known exactly: the interval is a single point.
   *
   * @return this assertion
   */
  public SatisfactionAssert isExact() {
    isNotNull();
    if (actual.width() != 0) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to be exact (an interval of width 0) but it was "
              + Describe.satisfaction(actual)
              + ".");
    }
    return myself;
  }

  private void reject(String expected, double found) {
    failWithMessage(
        "%s",
        "Expected "
            + subject
            + " to have "
            + expected
            + " but it was "
            + Describe.number(found)
            + "; satisfaction "
            + Describe.satisfaction(actual)
            + ".");
  }
}

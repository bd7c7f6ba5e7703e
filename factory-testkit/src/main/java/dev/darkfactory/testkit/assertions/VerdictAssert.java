package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link Verdict}, of a candidate, a scenario or a trial.
 *
 * <pre>{@code
 * assertThat(report.verdict()).isDecided();
 * assertThat(report).verdict().isSuspect();
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class VerdictAssert extends AbstractAssert<VerdictAssert, Verdict> {

  private final String subject;

  /**
   * Assertions on a verdict.
   *
   * @param actual the verdict under test
   */
  public VerdictAssert(@Nullable Verdict actual) {
    this(actual, "the verdict");
  }

  VerdictAssert(@Nullable Verdict actual, String subject) {
    super(actual, VerdictAssert.class);
    this.subject = subject;
  }

  /**
   * Verifies the verdict is {@code expected}.
   *
   * @param expected the verdict expected
   * @return this assertion
   */
  public VerdictAssert isVerdict(Verdict expected) {
    isNotNull();
    if (actual != expected) {
      failWithActualExpectedAndMessage(
          actual,
          expected,
          "%s",
          "Expected " + subject + " to be " + expected + " but it was " + actual + ".");
    }
    return myself;
  }

  /**
   * Verifies the verdict is {@link Verdict#PASS}.
   *
   * @return this assertion
   */
  public VerdictAssert isPass() {
    return isVerdict(Verdict.PASS);
  }

  /**
   * Verifies the verdict is {@link Verdict#FAIL}.
   *
   * @return this assertion
   */
  public VerdictAssert isFail() {
    return isVerdict(Verdict.FAIL);
  }

  /**
   * Verifies the verdict is {@link Verdict#INVALID}.
   *
   * @return this assertion
   */
  public VerdictAssert isInvalid() {
    return isVerdict(Verdict.INVALID);
  }

  /**
   * Verifies the verdict is {@link Verdict#SUSPECT}.
   *
   * @return this assertion
   */
  public VerdictAssert isSuspect() {
    return isVerdict(Verdict.SUSPECT);
  }

  /**
   * Verifies the verdict is evidence either way: {@link Verdict#PASS} or {@link Verdict#FAIL}, not
   * INVALID or SUSPECT.
   *
   * @return this assertion
   */
  public VerdictAssert isDecided() {
    isNotNull();
    if (actual != Verdict.PASS && actual != Verdict.FAIL) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to be decided (PASS or FAIL) but it was "
              + actual
              + ", which is not evidence either way.");
    }
    return myself;
  }

  /**
   * Verifies the verdict says the evaluation cannot be trusted: {@link Verdict#INVALID} or {@link
   * Verdict#SUSPECT}.
   *
   * @return this assertion
   */
  public VerdictAssert isUndecided() {
    isNotNull();
    if (actual == Verdict.PASS || actual == Verdict.FAIL) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to be undecided (INVALID or SUSPECT) but it was "
              + actual
              + ".");
    }
    return myself;
  }
}

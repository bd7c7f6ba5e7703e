package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.spec.Visibility;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one scenario's {@link ScenarioResult}: its verdict, visibility, requirement and
 * trials. Reached from a report with {@link EvaluationReportAssert#scenario(String)}, whose
 * failures name the spec and attempt as well as the scenario.
 *
 * <pre>{@code
 * assertThat(report).scenario("negative-numbers").isHoldout().isRequired().isFail();
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class ScenarioResultAssert extends AbstractAssert<ScenarioResultAssert, ScenarioResult> {

  private final @Nullable String context;

  /**
   * Assertions on a scenario's result.
   *
   * @param actual the result under test
   */
  public ScenarioResultAssert(@Nullable ScenarioResult actual) {
    this(actual, null);
  }

  ScenarioResultAssert(@Nullable ScenarioResult actual, @Nullable String context) {
    super(actual, ScenarioResultAssert.class);
    this.context = context;
  }

  /**
   * Verifies the scenario's verdict is {@code expected}.
   *
   * @param expected the verdict expected
   * @return this assertion
   */
  public ScenarioResultAssert hasVerdict(Verdict expected) {
    isNotNull();
    if (actual.verdict() != expected) {
      failWithActualExpectedAndMessage(
          actual.verdict(),
          expected,
          "%s",
          "Expected "
              + subject()
              + " to have verdict "
              + expected
              + " but it was "
              + actual.verdict()
              + ": "
              + Describe.trials(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the scenario passed.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isPass() {
    return hasVerdict(Verdict.PASS);
  }

  /**
   * Verifies the scenario failed.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isFail() {
    return hasVerdict(Verdict.FAIL);
  }

  /**
   * Verifies the scenario's verdict is INVALID.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isInvalid() {
    return hasVerdict(Verdict.INVALID);
  }

  /**
   * Verifies the scenario's verdict is SUSPECT.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isSuspect() {
    return hasVerdict(Verdict.SUSPECT);
  }

  /**
   * Verifies the scenario is a holdout, hidden from the coding agent.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isHoldout() {
    return hasVisibility(Visibility.HOLDOUT);
  }

  /**
   * Verifies the scenario was visible to the coding agent.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isVisible() {
    return hasVisibility(Visibility.VISIBLE);
  }

  private ScenarioResultAssert hasVisibility(Visibility expected) {
    isNotNull();
    if (actual.visibility() != expected) {
      reject("to be " + word(expected), "it was " + word(actual.visibility()));
    }
    return myself;
  }

  private static String word(Visibility v) {
    return v == Visibility.HOLDOUT ? "a holdout" : "visible";
  }

  /**
   * Verifies failing the scenario fails the candidate.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isRequired() {
    isNotNull();
    if (!actual.required()) {
      reject("to be required", "it was optional");
    }
    return myself;
  }

  /**
   * Verifies the scenario is optional: failing it lowers satisfaction only.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isOptional() {
    isNotNull();
    if (actual.required()) {
      reject("to be optional", "it was required");
    }
    return myself;
  }

  /**
   * Verifies the scenario's weight.
   *
   * @param expected the weight expected
   * @return this assertion
   */
  public ScenarioResultAssert hasWeight(double expected) {
    isNotNull();
    if (Double.compare(actual.weight(), expected) != 0) {
      reject(
          "to have weight " + Describe.number(expected),
          "it was " + Describe.number(actual.weight()));
    }
    return myself;
  }

  /**
   * Verifies how many trials ran.
   *
   * @param expected the number of trials
   * @return this assertion
   */
  public ScenarioResultAssert hasTrialCount(int expected) {
    isNotNull();
    if (actual.trials().size() != expected) {
      reject(
          "to have " + expected + " trials",
          "it had " + actual.trials().size() + " (" + Describe.trials(actual) + ")");
    }
    return myself;
  }

  /**
   * Verifies how many trials passed.
   *
   * @param expected the number of passing trials
   * @return this assertion
   */
  public ScenarioResultAssert hasPassedTrials(int expected) {
    isNotNull();
    if (actual.passed() != expected) {
      reject("to have " + expected + " passing trials", Describe.trials(actual));
    }
    return myself;
  }

  /**
   * Verifies the pass rate over decided trials is at least {@code min}; fails when no trial was
   * decided.
   *
   * @param min the lowest acceptable pass rate, from 0 to 1
   * @return this assertion
   */
  public ScenarioResultAssert hasPassRateAtLeast(double min) {
    isNotNull();
    double rate = actual.passRate();
    if (!(rate >= min)) {
      reject(
          "to have a pass rate of at least " + Describe.number(min),
          (Double.isNaN(rate) ? "no trial was decided" : "it was " + Describe.number(rate))
              + " ("
              + Describe.trials(actual)
              + ")");
    }
    return myself;
  }

  /**
   * Verifies the decided trials disagree: some passed and some failed.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isFlaky() {
    isNotNull();
    if (!actual.flaky()) {
      reject("to be flaky (some trials passing, some failing)", trialVerdicts());
    }
    return myself;
  }

  /**
   * Verifies the decided trials agree.
   *
   * @return this assertion
   */
  public ScenarioResultAssert isNotFlaky() {
    isNotNull();
    if (actual.flaky()) {
      reject("not to be flaky", trialVerdicts());
    }
    return myself;
  }

  /**
   * Verifies some trial's detail contains {@code text}, such as the failing expectation.
   *
   * @param text the text expected
   * @return this assertion
   */
  public ScenarioResultAssert hasTrialDetailContaining(String text) {
    isNotNull();
    for (TrialResult t : actual.trials()) {
      if (t.detail().contains(text)) {
        return myself;
      }
    }
    StringBuilder details = new StringBuilder();
    for (TrialResult t : actual.trials()) {
      details.append("\n  trial ").append(t.trial()).append(' ').append(t.verdict()).append(": ");
      details.append(t.detail().isBlank() ? "(no detail)" : Describe.text(t.detail()));
    }
    failWithMessage(
        "%s",
        "Expected "
            + subject()
            + " to have a trial whose detail contains "
            + Describe.text(text)
            + " but none did:"
            + details);
    return myself;
  }

  private String trialVerdicts() {
    StringBuilder out = new StringBuilder("its trials were");
    for (TrialResult t : actual.trials()) {
      out.append(t.trial() == 1 ? " " : ", ").append(t.verdict());
    }
    return out.toString();
  }

  private String subject() {
    String name = "scenario " + actual.id();
    return context == null ? name : name + " of " + context;
  }

  private void reject(String expectation, String found) {
    failWithMessage("%s", "Expected " + subject() + " " + expectation + " but " + found + ".");
  }
}

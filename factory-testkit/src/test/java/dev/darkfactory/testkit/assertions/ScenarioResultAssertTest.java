package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static dev.darkfactory.testkit.assertions.Subjects.trial;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioResultAssertTest {

  /** An optional visible scenario of weight 2 that passed two of three trials. */
  private static final ScenarioResult FLAKY =
      new ScenarioResult(
          ScenarioId.of("adds-small"),
          Visibility.VISIBLE,
          false,
          2.0,
          List.of(
              trial(1, Verdict.PASS, ""),
              trial(2, Verdict.FAIL, "off by one"),
              trial(3, Verdict.PASS, "")),
          Verdict.PASS);

  private static final ScenarioResult BROKEN =
      new ScenarioResult(
          ScenarioId.of("adds-big"),
          Visibility.HOLDOUT,
          true,
          1.0,
          List.of(trial(1, Verdict.INVALID, "sandbox broke")),
          Verdict.INVALID);

  private static final String TRIALS = "2/3 trials passed; trial 2 FAIL: \"off by one\"";

  @Test
  void aScenarioPassesAssertionsOnWhatItIs() {
    assertThat(FLAKY)
        .isPass()
        .isVisible()
        .isOptional()
        .hasWeight(2)
        .hasTrialCount(3)
        .hasPassedTrials(2)
        .hasPassRateAtLeast(0.6)
        .isFlaky()
        .hasTrialDetailContaining("off by");
    assertThat(BROKEN).isInvalid().isHoldout().isRequired().isNotFlaky().hasPassedTrials(0);
  }

  @Test
  void verdictAndKindFailuresNameTheScenario() {
    assertThatThrownBy(() -> assertThat(FLAKY).isFail())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-small to have verdict FAIL but it was PASS: " + TRIALS + ".");
    assertThatThrownBy(() -> assertThat(BROKEN).isSuspect())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-big to have verdict SUSPECT but it was INVALID: 0/1 trials"
                + " passed; trial 1 INVALID: \"sandbox broke\".");
    assertThatThrownBy(() -> assertThat(FLAKY).isRequired())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected scenario adds-small to be required but it was optional.");
    assertThatThrownBy(() -> assertThat(BROKEN).isOptional())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected scenario adds-big to be optional but it was required.");
    assertThatThrownBy(() -> assertThat(BROKEN).isVisible())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected scenario adds-big to be visible but it was a holdout.");
    assertThatThrownBy(() -> assertThat(FLAKY).hasWeight(1))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected scenario adds-small to have weight 1 but it was 2.");
  }

  @Test
  void trialFailuresShowHowTheTrialsWent() {
    assertThatThrownBy(() -> assertThat(FLAKY).hasTrialCount(5))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected scenario adds-small to have 5 trials but it had 3 (" + TRIALS + ").");
    assertThatThrownBy(() -> assertThat(FLAKY).hasPassedTrials(3))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected scenario adds-small to have 3 passing trials but " + TRIALS + ".");
    assertThatThrownBy(() -> assertThat(FLAKY).hasPassRateAtLeast(0.9))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-small to have a pass rate of at least 0.9 but it was 0.6667 ("
                + TRIALS
                + ").");
    assertThatThrownBy(() -> assertThat(BROKEN).hasPassRateAtLeast(0.5))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-big to have a pass rate of at least 0.5 but no trial was"
                + " decided (0/1 trials passed; trial 1 INVALID: \"sandbox broke\").");
  }

  @Test
  void flakinessFailuresListEveryTrialsVerdict() {
    assertThatThrownBy(() -> assertThat(FLAKY).isNotFlaky())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-small not to be flaky but its trials were PASS, FAIL, PASS.");
    assertThatThrownBy(() -> assertThat(BROKEN).isFlaky())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-big to be flaky (some trials passing, some failing) but its"
                + " trials were INVALID.");
  }

  @Test
  void aMissingTrialDetailListsEveryTrialsDetail() {
    assertThatThrownBy(() -> assertThat(FLAKY).hasTrialDetailContaining("overflow"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-small to have a trial whose detail contains \"overflow\" but"
                + " none did:\n"
                + "  trial 1 PASS: (no detail)\n"
                + "  trial 2 FAIL: \"off by one\"\n"
                + "  trial 3 PASS: (no detail)");
  }
}

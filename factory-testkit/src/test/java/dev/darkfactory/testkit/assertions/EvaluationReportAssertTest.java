package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static dev.darkfactory.testkit.assertions.Subjects.failingReport;
import static dev.darkfactory.testkit.assertions.Subjects.invalidReport;
import static dev.darkfactory.testkit.assertions.Subjects.passingReport;
import static dev.darkfactory.testkit.assertions.Subjects.suspectReport;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Verdict;
import org.junit.jupiter.api.Test;

class EvaluationReportAssertTest {

  private static final String FAILING = "the evaluation of spec add-two (attempt 1)";

  @Test
  void verdictAssertionsPassOnTheReportsVerdict() {
    assertThat(failingReport()).isFail().hasVerdict(Verdict.FAIL).isForSpec("add-two").isForAttempt(1);
    assertThat(passingReport()).isPass().isForAttempt(2);
    assertThat(suspectReport()).isSuspect();
    assertThat(invalidReport()).isInvalid();
  }

  @Test
  void aWrongVerdictNamesTheSpecAndAttemptAndListsEveryScenario() {
    assertThatThrownBy(() -> assertThat(failingReport()).isPass())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected "
                + FAILING
                + " to have verdict PASS but it was FAIL.\n"
                + "  verdict: FAIL\n"
                + "  satisfaction: 0.5 (interval 0.4 to 0.6 at 95% confidence)\n"
                + "  scenarios:\n"
                + "    - adds-small (visible, required): PASS, 1/1 trials passed\n"
                + "    - adds-negative (holdout, required): FAIL, 0/1 trials passed;"
                + " trial 1 FAIL: \"expected -1 but got 1\"\n"
                + "  tamper signals: none\n"
                + "  notes: none");
    assertThatThrownBy(() -> assertThat(suspectReport()).isFail())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have verdict FAIL but it was SUSPECT.")
        .hasMessageContaining(
            "tamper signals: [\"protected path edited: src/test/java/AddTest.java\"]");
    assertThatThrownBy(() -> assertThat(invalidReport()).isSuspect())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have verdict SUSPECT but it was INVALID.")
        .hasMessageContaining("scenarios: none")
        .hasMessageContaining("notes: [\"no tests ran: the build needed the network\"]");
    assertThatThrownBy(() -> assertThat(passingReport()).isInvalid())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the evaluation of spec add-two (attempt 2) to have verdict INVALID but it"
                + " was PASS.");
  }

  @Test
  void theSpecAndAttemptOfTheCandidateAreChecked() {
    assertThatThrownBy(() -> assertThat(failingReport()).isForSpec("sub-two"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected an evaluation of spec sub-two but it was " + FAILING + ".");
    assertThatThrownBy(() -> assertThat(failingReport()).isForAttempt(2))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected an evaluation of attempt 2 but it was " + FAILING + ".");
  }

  @Test
  void satisfactionBoundsPassWithinTheInterval() {
    assertThat(failingReport())
        .hasSatisfactionAtLeast(0.5)
        .hasSatisfactionAtMost(0.5)
        .hasSatisfactionLowerBoundAtLeast(0.4)
        .hasSatisfactionUpperBoundAtMost(0.6)
        .satisfaction()
        .hasScoreCloseTo(0.49, 0.011)
        .hasWidthAtMost(0.2)
        .hasIntervalContaining(0.45);
  }

  @Test
  void satisfactionOutsideABoundNamesTheBoundAndTheInterval() {
    String interval = "; satisfaction 0.5 (interval 0.4 to 0.6 at 95% confidence).";
    assertThatThrownBy(() -> assertThat(failingReport()).hasSatisfactionLowerBoundAtLeast(0.8))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction of "
                + FAILING
                + " to have a lower bound of at least 0.8 but it was 0.4"
                + interval);
    assertThatThrownBy(() -> assertThat(failingReport()).hasSatisfactionAtLeast(0.9))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction of "
                + FAILING
                + " to have a score of at least 0.9 but it was 0.5"
                + interval);
    assertThatThrownBy(() -> assertThat(failingReport()).hasSatisfactionAtMost(0.25))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction of "
                + FAILING
                + " to have a score of at most 0.25 but it was 0.5"
                + interval);
    assertThatThrownBy(() -> assertThat(failingReport()).hasSatisfactionUpperBoundAtMost(0.55))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the satisfaction of "
                + FAILING
                + " to have an upper bound of at most 0.55 but it was 0.6"
                + interval);
  }

  @Test
  void aScenarioIsReachedByIdAndItsFailuresNameSpecAttemptAndScenario() {
    assertThat(failingReport())
        .scenario("adds-negative")
        .isHoldout()
        .isRequired()
        .isFail()
        .hasTrialDetailContaining("expected -1");
    assertThat(failingReport()).scenario("adds-small").isVisible().isPass();

    assertThatThrownBy(() -> assertThat(failingReport()).scenario("adds-negative").isPass())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-negative of spec add-two (attempt 1) to have verdict PASS but"
                + " it was FAIL: 0/1 trials passed; trial 1 FAIL: \"expected -1 but got 1\".");
    assertThatThrownBy(() -> assertThat(failingReport()).scenario("adds-small").isHoldout())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected scenario adds-small of spec add-two (attempt 1) to be a holdout but it was"
                + " visible.");
  }

  @Test
  void aMissingScenarioListsTheScenariosThereAre() {
    assertThatThrownBy(() -> assertThat(failingReport()).scenario("adds-zero"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected "
                + FAILING
                + " to have scenario adds-zero but its scenarios were [adds-small, adds-negative].");
  }

  @Test
  void passedAndFailedScenariosAreCheckedById() {
    assertThat(failingReport())
        .hasScenarios("adds-negative", "adds-small")
        .hasPassedScenarios("adds-small")
        .hasFailedScenarios("adds-negative")
        .hasPassedScenariosExactly("adds-small")
        .hasFailedScenariosExactly("adds-negative");
    assertThat(passingReport())
        .hasPassedScenarios("adds-small", "adds-negative")
        .hasFailedScenariosExactly()
        .hasAllScenariosPassed();
  }

  @Test
  void scenariosThatDidNotPassOrAreMissingAreEachNamed() {
    assertThatThrownBy(
            () ->
                assertThat(failingReport())
                    .hasPassedScenarios("adds-small", "adds-negative", "adds-zero"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected scenarios [adds-small, adds-negative, adds-zero] of spec add-two (attempt 1)"
                + " to pass but:\n"
                + "    - adds-negative (holdout, required): FAIL, 0/1 trials passed; trial 1 FAIL:"
                + " \"expected -1 but got 1\"\n"
                + "    - adds-zero is not in the report\n"
                + "  verdict: FAIL");
    assertThatThrownBy(() -> assertThat(failingReport()).hasFailedScenarios("adds-small"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected scenarios [adds-small] of spec add-two (attempt 1) to fail but:\n"
                + "    - adds-small (visible, required): PASS, 1/1 trials passed\n");
  }

  @Test
  void exactlyPassedOrFailedScenariosListTheOnesThatDid() {
    assertThatThrownBy(
            () -> assertThat(failingReport()).hasPassedScenariosExactly("adds-small", "adds-negative"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected exactly the scenarios [adds-small, adds-negative] of spec add-two (attempt 1)"
                + " to have passed but the ones that passed were [adds-small].\n");
    assertThatThrownBy(() -> assertThat(passingReport()).hasFailedScenariosExactly("adds-negative"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected exactly the scenarios [adds-negative] of spec add-two (attempt 2) to have"
                + " failed but the ones that failed were [].\n");
  }

  @Test
  void allScenariosPassedFailsOnAnyOtherVerdictAndOnNoScenarios() {
    assertThatThrownBy(() -> assertThat(failingReport()).hasAllScenariosPassed())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected every scenario of "
                + FAILING
                + " to pass but these did not: [adds-negative FAIL].\n");
    assertThatThrownBy(() -> assertThat(invalidReport()).hasAllScenariosPassed())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected every scenario of " + FAILING + " to pass but it has no scenarios.\n");
  }

  @Test
  void theExactSetOfScenariosNamesTheMissingAndTheUnexpected() {
    assertThatThrownBy(() -> assertThat(failingReport()).hasScenarios("adds-small", "adds-zero"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected "
                + FAILING
                + " to have exactly the scenarios [adds-small, adds-zero] but it had"
                + " [adds-small, adds-negative]; missing [adds-zero]; not expected [adds-negative].");
  }

  @Test
  void tamperSignalsArePresentOnSuspectReportsAndAbsentOnOthers() {
    assertThat(suspectReport())
        .hasTamperSignals()
        .hasTamperSignalContaining("AddTest.java")
        .tamperSignals()
        .singleElement()
        .asString()
        .startsWith("protected path edited");
    assertThat(failingReport()).hasNoTamperSignals();

    assertThatThrownBy(() -> assertThat(suspectReport()).hasNoTamperSignals())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected "
                + FAILING
                + " to have no tamper signals but it had"
                + " [\"protected path edited: src/test/java/AddTest.java\"].");
    assertThatThrownBy(() -> assertThat(failingReport()).hasTamperSignals())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected " + FAILING + " to have tamper signals but it had none.\n  verdict: FAIL");
    assertThatThrownBy(() -> assertThat(suspectReport()).hasTamperSignalContaining("report file"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected "
                + FAILING
                + " to have a tamper signal containing \"report file\" but its tamper signals were"
                + " [\"protected path edited: src/test/java/AddTest.java\"].");
    assertThatThrownBy(() -> assertThat(suspectReport()).tamperSignals().isEmpty())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[the tamper signals of " + FAILING + "]");
  }

  @Test
  void notesAreSearchedForText() {
    assertThat(invalidReport()).hasNoteContaining("the network");
    assertThatThrownBy(() -> assertThat(invalidReport()).hasNoteContaining("timeout"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected "
                + FAILING
                + " to have a note containing \"timeout\" but its notes were"
                + " [\"no tests ran: the build needed the network\"].");
  }

  @Test
  void theUsageAndVerdictAreReachedWithTheReportNamedInFailures() {
    assertThat(failingReport()).usage().hasInputTokens(30).hasOutputTokens(5);
    assertThat(failingReport()).verdict().isFail().isDecided();

    assertThatThrownBy(() -> assertThat(failingReport()).usage().hasInputTokens(31))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the usage of "
                + FAILING
                + " to have 31 input tokens but had 30 (input 30, output 5, cache read 0, cache"
                + " write 0, reasoning 0; total 35).");
    assertThatThrownBy(() -> assertThat(suspectReport()).verdict().isDecided())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the verdict of "
                + FAILING
                + " to be decided (PASS or FAIL) but it was SUSPECT, which is not evidence either"
                + " way.");
  }

  @Test
  void aNullReportFailsFirst() {
    assertThatThrownBy(() -> assertThat((EvaluationReport) null).isPass())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }
}

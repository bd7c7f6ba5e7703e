package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static dev.darkfactory.testkit.assertions.Subjects.ADD_TWO;
import static dev.darkfactory.testkit.assertions.Subjects.HEAD;
import static dev.darkfactory.testkit.assertions.Subjects.MERGED;
import static dev.darkfactory.testkit.assertions.Subjects.candidate;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultAssertTest {

  private static final SpecOutcome ADD_MERGED =
      new SpecOutcome(
          ADD_TWO, Resolution.MERGED, "merged: every scenario passed", 2, candidate(ADD_TWO, 2), MERGED);
  private static final SpecOutcome SUB_REJECTED =
      new SpecOutcome(
          SpecId.of("sub-two"), Resolution.REJECTED, "all 1 attempts were used", 1, null, null);
  private static final RunResult RESULT =
      new RunResult(
          "run-1",
          List.of(ADD_MERGED, SUB_REJECTED),
          Path.of("run.json"),
          Path.of("run.md"),
          false);
  private static final String SPECS =
      "; its specs:\n"
          + "  - add-two MERGED after 2 attempts: \"merged: every scenario passed\"\n"
          + "  - sub-two REJECTED after 1 attempt: \"all 1 attempts were used\"";

  @Test
  void aRunsSpecsAndCountsPass() {
    assertThat(RESULT)
        .hasSpecs("sub-two", "add-two")
        .hasOutcomeCount(2)
        .hasCount(Resolution.MERGED, 1)
        .hasCount(Resolution.REJECTED, 1)
        .hasCount(Resolution.HELD, 0)
        .isNotStopped();
    RunResult stopped =
        new RunResult("run-2", List.of(ADD_MERGED), Path.of("a"), Path.of("b"), true);
    assertThat(stopped).isStopped().hasEverySpec(Resolution.MERGED);
  }

  @Test
  void aRunFailureListsEverySpecWithItsResolution() {
    assertThatThrownBy(() -> assertThat(RESULT).hasSpecs("add-two"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected run run-1 to finish exactly the specs [add-two] but it finished"
                + " [add-two, sub-two]"
                + SPECS);
    assertThatThrownBy(() -> assertThat(RESULT).hasOutcomeCount(3))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected run run-1 to finish 3 specs but it finished 2 specs" + SPECS);
    assertThatThrownBy(() -> assertThat(RESULT).hasCount(Resolution.MERGED, 2))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected run run-1 to have 2 MERGED specs but it had 1" + SPECS);
    assertThatThrownBy(() -> assertThat(RESULT).hasEverySpec(Resolution.MERGED))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected run run-1 to have every spec MERGED but not all were" + SPECS);
    assertThatThrownBy(() -> assertThat(RESULT).isStopped())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected run run-1 to have been stopped but it ended with an empty queue" + SPECS);
  }

  @Test
  void anEmptyRunHasNoSpecToBeEverything() {
    RunResult empty = new RunResult("run-3", List.of(), Path.of("a"), Path.of("b"), true);
    assertThatThrownBy(() -> assertThat(empty).hasEverySpec(Resolution.MERGED))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected run run-3 to have every spec MERGED but no spec finished; its specs: none");
    assertThatThrownBy(() -> assertThat(empty).isNotStopped())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected run run-3 to have ended with an empty queue but it was stopped; its specs:"
                + " none");
  }

  @Test
  void aSpecsOutcomeIsReachedByIdAndNamesTheRun() {
    assertThat(RESULT)
        .outcome("add-two")
        .isMerged()
        .hasAttempts(2)
        .hasAttemptsAtMost(3)
        .hasReasonContaining("every scenario")
        .hasCandidate()
        .hasCandidateFromAttempt(2)
        .hasMergedHead(MERGED);
    assertThat(RESULT).outcome("sub-two").isRejected().hasNoCandidate();

    assertThatThrownBy(() -> assertThat(RESULT).outcome("sub-two").isMerged())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec sub-two in run run-1 to be MERGED but it was REJECTED after 1 attempt:"
                + " \"all 1 attempts were used\".");
    assertThatThrownBy(() -> assertThat(RESULT).outcome("mul-two"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected run run-1 to finish spec mul-two but it did not" + SPECS);
  }

  @Test
  void eachResolutionPassesItsOwnAssertion() {
    assertThat(new SpecOutcome(ADD_TWO, Resolution.HELD, "held for a human", 1, candidate(ADD_TWO, 1), null))
        .isHeld();
    assertThat(new SpecOutcome(ADD_TWO, Resolution.ABANDONED, "budget exhausted", 0, null, null))
        .isAbandoned()
        .hasAttempts(0);
    assertThatThrownBy(
            () ->
                assertThat(new SpecOutcome(ADD_TWO, Resolution.ABANDONED, "budget", 0, null, null))
                    .isHeld())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec add-two to be HELD but it was ABANDONED after 0 attempts: \"budget\".");
    assertThatThrownBy(() -> assertThat(ADD_MERGED).isRejected())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected spec add-two to be REJECTED but it was MERGED");
    assertThatThrownBy(() -> assertThat(ADD_MERGED).isAbandoned())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected spec add-two to be ABANDONED but it was MERGED");
  }

  @Test
  void attemptsReasonCandidateAndHeadFailuresSayWhatWasFound() {
    String outcome = " (add-two MERGED after 2 attempts: \"merged: every scenario passed\").";
    assertThatThrownBy(() -> assertThat(ADD_MERGED).hasAttempts(1))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected spec add-two to have had 1 attempt but it had 2 attempts" + outcome);
    assertThatThrownBy(() -> assertThat(ADD_MERGED).hasAttemptsAtMost(1))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec add-two to have had at most 1 attempt but it had 2 attempts" + outcome);
    assertThatThrownBy(() -> assertThat(ADD_MERGED).hasReasonContaining("held"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec add-two to have a reason containing \"held\" but its reason was"
                + " \"merged: every scenario passed\" (MERGED).");
    assertThatThrownBy(() -> assertThat(ADD_MERGED).hasNoCandidate())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec add-two to have no candidate but it had the candidate of attempt 2 on"
                + " factory/add-two/attempt-2 at 333333333333.");
    assertThatThrownBy(() -> assertThat(SUB_REJECTED).hasCandidate())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec sub-two to have a candidate but no attempt produced one (sub-two"
                + " REJECTED after 1 attempt: \"all 1 attempts were used\").");
    assertThatThrownBy(() -> assertThat(ADD_MERGED).hasCandidateFromAttempt(1))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec add-two to have the candidate of attempt 1 but its candidate came from"
                + " attempt 2.");
    assertThatThrownBy(() -> assertThat(ADD_MERGED).hasMergedHead(HEAD))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected spec add-two to have merged at "
                + HEAD
                + " but it merged at "
                + MERGED
                + ".");
    assertThatThrownBy(() -> assertThat(SUB_REJECTED).hasMergedHead(HEAD))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected spec sub-two to be MERGED but it was REJECTED");
  }
}

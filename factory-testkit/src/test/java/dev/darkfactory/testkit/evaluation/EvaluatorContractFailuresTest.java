package dev.darkfactory.testkit.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.testkit.evaluation.MinimalEvaluator.Flaw;
import dev.darkfactory.testkit.subjects.Subject;
import dev.darkfactory.testkit.subjects.Subjects;
import dev.darkfactory.testkit.subjects.Subjects.Outcome;
import org.junit.jupiter.api.Test;

/** Broken evaluators fail the evaluator contract, each where it breaks a promise, readably. */
class EvaluatorContractFailuresTest {

  /** The contract run against an evaluator with one flaw. */
  abstract static class Flawed extends EvaluatorContract {
    abstract Flaw flaw();

    @Override
    protected Evaluator evaluator() {
      return new MinimalEvaluator(this::workingCopy, () -> repository().bare(), flaw());
    }
  }

  @Subject
  static class GradesTheWorkingCopy extends Flawed {
    @Override
    Flaw flaw() {
      return Flaw.GRADES_THE_WORKING_COPY;
    }
  }

  @Subject
  static class KeepsProtectedEdits extends Flawed {
    @Override
    Flaw flaw() {
      return Flaw.KEEPS_PROTECTED_EDITS;
    }
  }

  @Subject
  static class DropsHoldouts extends Flawed {
    @Override
    Flaw flaw() {
      return Flaw.DROPS_HOLDOUTS;
    }
  }

  @Subject
  static class ThrowsWhenUndecided extends Flawed {
    @Override
    Flaw flaw() {
      return Flaw.THROWS_WHEN_UNDECIDED;
    }
  }

  @Subject
  static class SwallowsInterrupts extends Flawed {
    @Override
    Flaw flaw() {
      return Flaw.SWALLOWS_INTERRUPTS;
    }
  }

  @Subject
  static class MovesTheTarget extends Flawed {
    @Override
    Flaw flaw() {
      return Flaw.MOVES_THE_TARGET;
    }
  }

  @Test
  void anEvaluatorThatGradesTheDirtyWorkingCopyFailsExactlyTheTestsAboutWhatWasCommitted() {
    Outcome outcome = Subjects.jupiter(GradesTheWorkingCopy.class);

    assertThat(outcome.failed())
        .as("%s", outcome)
        .containsOnlyKeys(
            "gradesTheCommitNotUncommittedFilesInTheWorkingCopy",
            "ignoresUncommittedEditsThatWouldBreakTheCommit",
            "restoresProtectedPathsFromTheBase",
            "runsScenarioCommandsInTheContextsSandboxOverItsOwnCheckouts",
            "saysInvalidWhenTheCandidateCannotBeCheckedOut");
    assertThat(outcome.succeeded()).hasSize(8);
    assertThat(outcome.failureOf("gradesTheCommitNotUncommittedFilesInTheWorkingCopy"))
        .startsWith("AssertionError: expected scenario 'answer' to be FAIL but it was PASS")
        .contains("the report: verdict PASS")
        .contains("scenario 'answer' (visible, required): PASS");
    assertThat(outcome.failureOf("ignoresUncommittedEditsThatWouldBreakTheCommit"))
        .contains("expected verdict PASS because the commit is right; only the agent's working copy has uncommitted edits")
        .contains("but was FAIL");
    assertThat(outcome.failureOf("runsScenarioCommandsInTheContextsSandboxOverItsOwnCheckouts"))
        .contains("expected every scenario command to run over a checkout made by EvaluationContext.checkout")
        .contains("agent-working-copy [sh, -c, test \"$(cat answer.txt)\" = 42]");
  }

  @Test
  void anEvaluatorThatKeepsTheCandidatesEditsToProtectedPathsFailsTheProtectedPathTest() {
    Outcome outcome =
        Subjects.jupiter(KeepsProtectedEdits.class, "restoresProtectedPathsFromTheBase", "passesACandidateThatShowsEveryScenario");

    assertThat(outcome.succeeded()).containsExactly("passesACandidateThatShowsEveryScenario");
    assertThat(outcome.failureOf("restoresProtectedPathsFromTheBase"))
        .contains("expected the candidate not to PASS: it leaves answer.txt at 0 and rewrites the protected check/answer.sh")
        .contains("the report: verdict PASS");
  }

  @Test
  void anEvaluatorThatLeavesHoldoutsOutOfItsReportSaysWhichAreMissing() {
    Outcome outcome =
        Subjects.jupiter(
            DropsHoldouts.class, "failsACandidateThatMissesARequiredHoldout", "restoresProtectedPathsFromTheBase");

    assertThat(outcome.succeeded()).containsExactly("restoresProtectedPathsFromTheBase");
    assertThat(outcome.failureOf("failsACandidateThatMissesARequiredHoldout"))
        .contains("the report must hold every scenario it was given, holdouts included")
        .contains("scenario 'greeting-kept' (holdout) was given but is missing from the report")
        .contains("the report: verdict PASS");
  }

  @Test
  void anEvaluatorThatThrowsWhenTheSandboxFailsIsToldToReportInvalidInstead() {
    Outcome outcome =
        Subjects.jupiter(
            ThrowsWhenUndecided.class, "saysInvalidWhenTheSandboxCannotRunAnything", "passesACandidateThatShowsEveryScenario");

    assertThat(outcome.succeeded()).containsExactly("passesACandidateThatShowsEveryScenario");
    assertThat(outcome.failureOf("saysInvalidWhenTheSandboxCannotRunAnything"))
        .isEqualTo(
            "AssertionError: evaluator 'minimal-with-[THROWS_WHEN_UNDECIDED]' threw"
                + " java.lang.IllegalStateException: the sandbox failed while grading"
                + " factory/answer/attempt-1; Evaluator.evaluate returns an INVALID report when it"
                + " cannot decide, it does not throw");
  }

  @Test
  void anEvaluatorThatSwallowsAnInterruptionIsToldItMustPropagate() {
    Outcome outcome =
        Subjects.jupiter(SwallowsInterrupts.class, "stopsWithInterruptedExceptionWhenInterruptedWhileAScenarioRuns");

    assertThat(outcome.failureOf("stopsWithInterruptedExceptionWhenInterruptedWhileAScenarioRuns"))
        .contains("expected InterruptedException after the thread was interrupted while a scenario command ran, but evaluate returned a report instead")
        .contains("the report: verdict INVALID");
  }

  @Test
  void anEvaluatorThatMovesTheTargetBranchIsToldWhichRefMoved() {
    Outcome outcome = Subjects.jupiter(MovesTheTarget.class, "leavesEveryBranchAsItWas");

    assertThat(outcome.failureOf("leavesEveryBranchAsItWas"))
        .contains("expected the evaluation to leave the repository's refs as they were")
        .containsPattern("refs/heads/main: [0-9a-f]{40} -> [0-9a-f]{40}");
  }
}

package dev.darkfactory.testkit.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.testkit.subjects.Subject;
import dev.darkfactory.testkit.subjects.Subjects;
import dev.darkfactory.testkit.subjects.Subjects.Outcome;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Broken policies fail the merge policy contract, on both engines, readably. */
class MergePolicyContractFailuresTest {

  @Subject
  static class MergesEverything extends MergePolicyContract {
    @Override
    protected MergePolicy policy() {
      return new MergePolicy() {
        @Override
        public MergeDecision decide(dev.darkfactory.api.merge.MergeContext context) {
          return MergeDecision.merge("ship it");
        }

        @Override
        public String toString() {
          return "merges-everything";
        }
      };
    }
  }

  @Subject
  static class ThrowsOnInvalid extends MergePolicyContract {
    @Override
    protected MergePolicy policy() {
      return context -> {
        if (context.report().verdict() == Verdict.INVALID) {
          throw new IllegalStateException("no idea what INVALID means");
        }
        return MergeDecision.hold("a human decides");
      };
    }
  }

  @Subject
  static class ReturnsNullOnSuspect extends MergePolicyContract {
    @Override
    protected MergePolicy policy() {
      return context -> context.report().verdict() == Verdict.SUSPECT ? null : MergeDecision.hold("a human decides");
    }
  }

  @Subject
  static class ChangesItsMind extends MergePolicyContract {
    @Override
    protected MergePolicy policy() {
      AtomicInteger calls = new AtomicInteger();
      return context ->
          calls.incrementAndGet() % 2 == 0 ? MergeDecision.hold("even call") : MergeDecision.reject("odd call");
    }
  }

  @Test
  void aPolicyThatMergesAFailedCandidateFailsTheTestsOfThatPromiseOnBothEngines() {
    Outcome examples = Subjects.jupiter(MergesEverything.class);
    Outcome properties = Subjects.jqwik(MergesEverything.class);

    assertThat(examples.failed())
        .as("%s", examples)
        .containsOnlyKeys("neverMergesAFailedCandidate", "neverMergesAnInvalidEvaluation", "neverMergesASuspectCandidate");
    assertThat(examples.failureOf("neverMergesAFailedCandidate"))
        .startsWith(
            "AssertionError: expected no MERGE for a candidate whose evaluation was FAIL (a policy that"
                + " judges the evaluation merges only a PASS; FAIL means the behaviour was not shown),"
                + " but the policy decided MERGE with reasons [ship it]")
        .contains("context: FAIL of contract attempt 1, satisfaction 0.50");
    assertThat(examples.failureOf("neverMergesAnInvalidEvaluation"))
        .contains("INVALID is never counted as a pass");
    assertThat(properties.failed()).as("%s", properties).containsOnlyKeys("decidesEveryGeneratedContext");
    assertThat(properties.failureOf("decidesEveryGeneratedContext"))
        .contains("expected no MERGE for a candidate whose evaluation was")
        .contains("but the policy decided MERGE with reasons [ship it]");
    assertThat(properties.succeeded()).containsExactly("decidesTheSameGeneratedContextTheSameWay");
  }

  @Test
  void aPolicyThatThrowsOnAnInvalidEvaluationIsToldItMustDecide() {
    Outcome examples = Subjects.jupiter(ThrowsOnInvalid.class);
    Outcome properties = Subjects.jqwik(ThrowsOnInvalid.class);

    assertThat(examples.failed())
        .as("%s", examples)
        .containsOnlyKeys(
            "decidesAnInvalidEvaluation",
            "decidesWithoutTheChangeOrTheSpending",
            "decidesTheSameContextTheSameWay",
            "neverMergesAnInvalidEvaluation");
    assertThat(examples.failureOf("decidesAnInvalidEvaluation"))
        .contains("threw java.lang.IllegalStateException: no idea what INVALID means deciding INVALID of contract attempt 1")
        .contains(
            "a MergePolicy decides for every context, INVALID and SUSPECT evaluations included:"
                + " MergePolicy.decide returns a decision and does not throw");
    assertThat(properties.failed()).containsOnlyKeys("decidesEveryGeneratedContext", "decidesTheSameGeneratedContextTheSameWay");
  }

  @Test
  void aPolicyThatReturnsNullIsToldItNeverMay() {
    Outcome examples = Subjects.jupiter(ReturnsNullOnSuspect.class, "decidesASuspectEvaluation");

    assertThat(examples.failureOf("decidesASuspectEvaluation"))
        .contains("returned null deciding SUSPECT of contract attempt 1")
        .contains("tamper signals [protected path src/test/GreeterTest.java was modified]")
        .endsWith("MergePolicy.decide never returns null");
  }

  @Test
  void aPolicyThatDecidesTheSameContextDifferentlyShowsBothDecisions() {
    Outcome examples = Subjects.jupiter(ChangesItsMind.class, "decidesTheSameContextTheSameWay");
    Outcome properties = Subjects.jqwik(ChangesItsMind.class, "decidesTheSameGeneratedContextTheSameWay");

    assertThat(examples.failureOf("decidesTheSameContextTheSameWay"))
        .contains("expected the same decision for the same context")
        .contains("but it decided REJECT [odd call] and then HOLD [even call]");
    assertThat(properties.failureOf("decidesTheSameGeneratedContextTheSameWay"))
        .contains("expected the same decision for the same context");
  }
}

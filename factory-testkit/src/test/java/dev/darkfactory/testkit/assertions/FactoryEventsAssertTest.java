package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static dev.darkfactory.testkit.assertions.Subjects.ADD_TWO;
import static dev.darkfactory.testkit.assertions.Subjects.BASE;
import static dev.darkfactory.testkit.assertions.Subjects.HEAD;
import static dev.darkfactory.testkit.assertions.Subjects.MERGED;
import static dev.darkfactory.testkit.assertions.Subjects.RUN;
import static dev.darkfactory.testkit.assertions.Subjects.T0;
import static dev.darkfactory.testkit.assertions.Subjects.candidate;
import static dev.darkfactory.testkit.assertions.Subjects.retryThenMerge;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryEvent.AttemptStarted;
import dev.darkfactory.api.event.FactoryEvent.BudgetExhausted;
import dev.darkfactory.api.event.FactoryEvent.DecisionMade;
import dev.darkfactory.api.event.FactoryEvent.Merged;
import dev.darkfactory.api.event.FactoryEvent.NoCandidate;
import dev.darkfactory.api.event.FactoryEvent.RunFinished;
import dev.darkfactory.api.event.FactoryEvent.RunStarted;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactoryEventsAssertTest {

  private final List<FactoryEvent> events = retryThenMerge();

  @Test
  void anEventOfAKindOrMatchingAConditionIsFound() {
    assertThat(events)
        .containsEvent(Merged.class)
        .containsEvent(DecisionMade.class, "a MERGE", d -> d.decision().action() == Action.MERGE)
        .containsEvent(EventMatch.specFinished("sub-two", Resolution.REJECTED))
        .containsEvent(EventMatch.evaluationFinished("add-two", Verdict.FAIL));
  }

  @Test
  void aMissingEventFailsListingEveryEventWithItsSpecAndAttempt() {
    assertThatThrownBy(() -> assertThat(events).containsEvent(BudgetExhausted.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain an event matching BudgetExhausted but none did;"
                + " the 20 events were:\n"
                + "  1. RunStarted: run run-1\n"
                + "  2. SpecClaimed spec add-two\n"
                + "  3. AttemptStarted spec add-two, attempt 1\n"
                + "  4. AgentFinished spec add-two, attempt 1: finished: \"wrote add\"\n"
                + "  5. CandidateCommitted spec add-two, attempt 1: commit 222222222222\n"
                + "  6. EvaluationFinished spec add-two, attempt 1: FAIL\n"
                + "  7. DecisionMade spec add-two, attempt 1: RETRY [\"a holdout failed\"]\n")
        .hasMessageContaining("\n  13. Merged spec add-two, attempt 2: into main at 333333333333\n")
        .hasMessageContaining("\n  14. SpecFinished spec add-two: MERGED\n")
        .hasMessageEndingWith("\n  20. RunFinished: 2 specs finished");
    assertThatThrownBy(
            () ->
                assertThat(events)
                    .containsEvent(
                        DecisionMade.class, "a HOLD", d -> d.decision().action() == Action.HOLD))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain an event matching DecisionMade (a HOLD) but none did;");
  }

  @Test
  void noEventOfAKindIsChecked() {
    assertThat(events)
        .doesNotContainEvent(BudgetExhausted.class)
        .doesNotContainEvent(DecisionMade.class, "a HOLD", d -> d.decision().action() == Action.HOLD)
        .doesNotContainEvent(EventMatch.merged("sub-two"));

    assertThatThrownBy(() -> assertThat(events).doesNotContainEvent(NoCandidate.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events not to contain an event matching NoCandidate but found one at"
                + " event 18; the 20 events were:\n");
    assertThatThrownBy(
            () ->
                assertThat(events)
                    .doesNotContainEvent(
                        AttemptStarted.class, "of add-two", a -> a.specId().equals(ADD_TWO)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events not to contain an event matching AttemptStarted (of add-two) but"
                + " found one at events 3, 8;");
  }

  @Test
  void eventsAreCounted() {
    assertThat(events)
        .hasSize(20)
        .hasEventCount(AttemptStarted.class, 3)
        .hasEventCount(EventMatch.attemptStarted("add-two", 2), 1)
        .hasEventCount(BudgetExhausted.class, 0);

    assertThatThrownBy(() -> assertThat(events).hasEventCount(AttemptStarted.class, 2))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain 2 events matching AttemptStarted but there were 3 (at"
                + " events 3, 8, 16); the 20 events were:\n");
    assertThatThrownBy(() -> assertThat(events).hasEventCount(BudgetExhausted.class, 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain 1 event matching BudgetExhausted but there were 0;");
    assertThatThrownBy(() -> assertThat(events).hasSize(3))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected the events to count 3 events but there were 20;");
  }

  @Test
  void kindsInOrderMayHaveOtherEventsBetweenThem() {
    assertThat(events)
        .containsInOrder(
            RunStarted.class, AttemptStarted.class, DecisionMade.class, Merged.class, RunFinished.class);

    assertThatThrownBy(() -> assertThat(events).containsInOrder(Merged.class, DecisionMade.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain, in this order, [Merged, DecisionMade] but found"
                + " Merged at event 13; after Merged at event 13 there was no DecisionMade;"
                + " the 20 events were:\n");
    assertThatThrownBy(() -> assertThat(events).containsInOrder(BudgetExhausted.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain, in this order, [BudgetExhausted] but there was no"
                + " BudgetExhausted;");
  }

  @Test
  void matchesInOrderNameTheirConditions() {
    assertThat(events)
        .containsInOrder(
            EventMatch.attemptStarted("add-two", 1),
            EventMatch.decisionMade("add-two", Action.RETRY),
            EventMatch.attemptStarted("add-two", 2),
            EventMatch.merged("add-two"),
            EventMatch.specFinished("add-two", Resolution.MERGED));

    assertThatThrownBy(
            () ->
                assertThat(events)
                    .containsInOrder(
                        EventMatch.decisionMade("add-two", Action.MERGE),
                        EventMatch.attemptStarted("add-two", 2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain, in this order, [DecisionMade (spec add-two, MERGE),"
                + " AttemptStarted (spec add-two, attempt 2)] but found DecisionMade (spec add-two,"
                + " MERGE) at event 12; after DecisionMade (spec add-two, MERGE) at event 12 there"
                + " was no AttemptStarted (spec add-two, attempt 2); the 20 events were:\n");
  }

  @Test
  void forSpecKeepsOnlyThatSpecsEventsAndNamesItInFailures() {
    assertThat(events)
        .forSpec("sub-two")
        .hasSize(5)
        .doesNotContainEvent(Merged.class)
        .containsInOrder(AttemptStarted.class, NoCandidate.class);
    assertThat(events).forSpec("add-two").hasSize(13).hasEventCount(AttemptStarted.class, 2);

    assertThatThrownBy(() -> assertThat(events).forSpec("sub-two").containsEvent(Merged.class))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the events of spec sub-two to contain an event matching Merged but none did;"
                + " the 5 events were:\n"
                + "  1. SpecClaimed spec sub-two\n"
                + "  2. AttemptStarted spec sub-two, attempt 1\n"
                + "  3. AgentFinished spec sub-two, attempt 1: gave up: \"the spec contradicts"
                + " itself\"\n"
                + "  4. NoCandidate spec sub-two, attempt 1: \"gave-up: the spec contradicts"
                + " itself\"\n"
                + "  5. SpecFinished spec sub-two: REJECTED");
  }

  @Test
  void decisionsEvaluationsAndAgentOutcomesAreReachedBySpecAndAttempt() {
    assertThat(events).decisionFor("add-two").isMerge();
    assertThat(events).decisionFor("add-two", 1).isRetry().hasReasonContaining("holdout");
    assertThat(events).evaluationFor("add-two").isPass().isForAttempt(2);
    assertThat(events).evaluationFor("add-two", 1).isFail().scenario("adds-negative").isFail();
    assertThat(events).agentOutcomeFor("sub-two").hasGivenUp();
    assertThat(events).agentOutcomeFor("add-two", 1).isFinished().usage().hasInputTokens(100);

    assertThatThrownBy(() -> assertThat(events).decisionFor("add-two", 1).isMerge())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the decision on spec add-two (attempt 1) to be MERGE but it was RETRY with"
                + " reasons [\"a holdout failed\"].");
    assertThatThrownBy(() -> assertThat(events).agentOutcomeFor("sub-two").isFinished())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt 1 at spec sub-two to end as Finished but it gave up:"
                + " \"the spec contradicts itself\".");
    assertThatThrownBy(() -> assertThat(events).evaluationFor("add-two", 2).isFail())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the evaluation of spec add-two (attempt 2) to have verdict FAIL but it was"
                + " PASS.");
  }

  @Test
  void aMissingDecisionEvaluationOrOutcomeNamesTheSpecAndAttempt() {
    assertThatThrownBy(() -> assertThat(events).decisionFor("sub-two"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain a DecisionMade event for spec sub-two but none did;"
                + " the 20 events were:\n");
    assertThatThrownBy(() -> assertThat(events).evaluationFor("add-two", 3))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain an EvaluationFinished event for spec add-two, attempt"
                + " 3 but none did;");
    assertThatThrownBy(() -> assertThat(events).agentOutcomeFor("mul-two"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain an AgentFinished event for spec mul-two but none did;");
  }

  @Test
  void eventsOfAKindAndASingleEventAreReachedAsAssertJAssertions() {
    assertThat(events)
        .eventsOfType(AttemptStarted.class)
        .extracting(AttemptStarted::attempt)
        .containsExactly(1, 2, 1);
    assertThat(events).singleEvent(Merged.class).extracting(Merged::head).isEqualTo(MERGED);
    assertThat(events).events().hasSize(20);

    assertThatThrownBy(() -> assertThat(events).singleEvent(AttemptStarted.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain 1 event matching AttemptStarted but there were 3");
    assertThatThrownBy(() -> assertThat(events).eventsOfType(Merged.class).isEmpty())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[the Merged events]");
  }

  @Test
  void everyKindOfEventIsDescribedOnOneLine() {
    Candidate first = candidate(ADD_TWO, 1);
    Candidate rebased =
        new Candidate(ADD_TWO, 1, "factory/add-two/attempt-1-rebased", MERGED, HEAD);
    List<FactoryEvent> others =
        List.of(
            new FactoryEvent.AgentNoted(T0, RUN, ADD_TWO, 1, "use BigInteger"),
            new FactoryEvent.CandidateReviewed(T0, "review-1", first, true, "alice", "looks right"),
            new FactoryEvent.EvaluationStarted(T0, RUN, first, "holdout"),
            new FactoryEvent.CandidateRebased(T0, RUN, first, rebased),
            new FactoryEvent.RebaseConflicted(T0, RUN, first, HEAD, "CONFLICT add.py"),
            new FactoryEvent.MergeStarted(T0, RUN, first, "main", BASE, HEAD),
            new FactoryEvent.ModelCalled(T0, RUN, ADD_TWO, "m1", Usage.of(10, 2)),
            new BudgetExhausted(T0, RUN, "day", Charge.tokens(500), Charge.tokens(20)));

    assertThatThrownBy(() -> assertThat(others).containsEvent(RunStarted.class))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the events to contain an event matching RunStarted but none did; the 8"
                + " events were:\n"
                + "  1. AgentNoted spec add-two, attempt 1: \"use BigInteger\"\n"
                + "  2. CandidateReviewed spec add-two, attempt 1: approved by alice \"looks"
                + " right\"\n"
                + "  3. EvaluationStarted spec add-two, attempt 1: by holdout\n"
                + "  4. CandidateRebased spec add-two, attempt 1: from attempt 1 onto"
                + " 222222222222\n"
                + "  5. RebaseConflicted spec add-two, attempt 1: with target 222222222222\n"
                + "  6. MergeStarted spec add-two, attempt 1: into main\n"
                + "  7. ModelCalled spec add-two: m1, input 10, output 2, cache read 0, cache write"
                + " 0, reasoning 0; total 12\n"
                + "  8. BudgetExhausted: budget day refused 500 tokens with 20 left");
  }

  @Test
  void aLongListIsCutAfterSixtyEvents() {
    List<FactoryEvent> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(new FactoryEvent.ModelCalled(T0, RUN, ADD_TWO, "m" + i, Usage.of(1, 1)));
    }
    assertThatThrownBy(() -> assertThat(many).containsEvent(Merged.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the events to contain an event matching Merged but none did; the 65 events"
                + " were:\n")
        .hasMessageContaining("\n  60. ModelCalled spec add-two: m59,")
        .hasMessageEndingWith("\n  ... and 5 more")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("  61. "));
  }

  @Test
  void anEmptyListSaysSo() {
    assertThatThrownBy(() -> assertThat(List.<FactoryEvent>of()).containsEvent(Merged.class))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the events to contain an event matching Merged but none did; there were no"
                + " events.");
  }
}

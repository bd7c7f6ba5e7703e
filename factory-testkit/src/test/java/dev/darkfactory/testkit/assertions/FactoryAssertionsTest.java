package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThatEvents;
import static dev.darkfactory.testkit.assertions.Subjects.failingReport;
import static dev.darkfactory.testkit.assertions.Subjects.retryThenMerge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The entry point, imported statically next to AssertJ's own {@code assertThat}. */
class FactoryAssertionsTest {

  @Test
  void theFactoryOverloadsWinOverAssertJsForTheFactorysTypes() {
    EvaluationReport report = failingReport();
    List<FactoryEvent> events = retryThenMerge();
    MergeDecision.Merge merge = new MergeDecision.Merge(List.of("all passed"));
    AgentOutcome.Finished finished =
        new AgentOutcome.Finished("done", Usage.ZERO, Transcript.EMPTY);

    EvaluationReportAssert a1 = assertThat(report);
    VerdictAssert a2 = assertThat(report.verdict());
    SatisfactionAssert a3 = assertThat(report.satisfaction());
    ScenarioResultAssert a4 = assertThat(report.scenarios().get(0));
    MergeDecisionAssert a5 = assertThat(merge);
    AgentOutcomeAssert a6 = assertThat(finished);
    UsageAssert a7 = assertThat(report.usage());
    FactoryEventsAssert a8 = assertThat(events);
    FactoryEventsAssert a9 = assertThatEvents(events);
    List<FactoryEvent.Merged> merged =
        events.stream()
            .filter(FactoryEvent.Merged.class::isInstance)
            .map(FactoryEvent.Merged.class::cast)
            .toList();
    FactoryEventsAssert a10 = assertThat(merged);

    a1.isFail();
    a2.isFail();
    a3.hasScoreAtLeast(0.5);
    a4.isPass();
    a5.isMerge();
    a6.isFinished();
    a7.hasInputTokens(30);
    a8.hasSize(20);
    a9.hasSize(20);
    a10.hasSize(1);
    // AssertJ's own assertThat still serves everything else.
    assertThat("plain string").startsWith("plain");
    assertThat(List.of(1, 2)).containsExactly(1, 2);
  }

  @Test
  void everyAssertionFailsOnANullSubjectBeforeAnythingElse() {
    List<ThrowingCallable> nulls =
        List.of(
            () -> assertThat((EvaluationReport) null).isPass(),
            () -> assertThat((Verdict) null).isPass(),
            () -> assertThat((Satisfaction) null).isExact(),
            () -> assertThat((ScenarioResult) null).isPass(),
            () -> assertThat((MergeDecision) null).isMerge(),
            () -> assertThat((AgentOutcome) null).isFinished(),
            () -> assertThat((Usage) null).isZero(),
            () -> assertThatEvents(null).hasSize(0),
            () -> assertThat((RunResult) null).isStopped(),
            () -> assertThat((SpecOutcome) null).isMerged());
    for (ThrowingCallable call : nulls) {
      assertThatThrownBy(call)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expecting actual not to be null");
    }
  }

  @Test
  void aDescriptionGivenWithAsPrefixesTheMessage() {
    AbstractAssert<?, ?> described = assertThat(failingReport()).as("after the retry");
    assertThatThrownBy(() -> ((EvaluationReportAssert) described).isPass())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "[after the retry] Expected the evaluation of spec add-two (attempt 1) to have verdict"
                + " PASS");
  }
}

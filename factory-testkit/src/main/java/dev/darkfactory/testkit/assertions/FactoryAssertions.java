package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentOutcome;
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
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the factory's AssertJ assertions: one {@code assertThat} per value a factory
 * produces. Import it statically next to AssertJ's own; the overloads here are more specific than
 * AssertJ's, so the compiler picks them for these types.
 *
 * <pre>{@code
 * import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(report).isForSpec("add-two").isPass().hasSatisfactionLowerBoundAtLeast(0.8);
 * assertThat(decision).isHold().hasReasonContaining("shadow mode");
 * assertThat(events).forSpec("add-two").containsInOrder(AttemptStarted.class, Merged.class);
 * assertThat(result).outcome("add-two").isMerged().hasAttempts(1);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FactoryAssertions {

  private FactoryAssertions() {}

  /**
   * Assertions on an evaluation report.
   *
   * @param actual the report
   * @return its assertions
   */
  public static EvaluationReportAssert assertThat(@Nullable EvaluationReport actual) {
    return new EvaluationReportAssert(actual);
  }

  /**
   * Assertions on a verdict.
   *
   * @param actual the verdict
   * @return its assertions
   */
  public static VerdictAssert assertThat(@Nullable Verdict actual) {
    return new VerdictAssert(actual);
  }

  /**
   * Assertions on a satisfaction score and its interval.
   *
   * @param actual the satisfaction
   * @return its assertions
   */
  public static SatisfactionAssert assertThat(@Nullable Satisfaction actual) {
    return new SatisfactionAssert(actual);
  }

  /**
   * Assertions on one scenario's result.
   *
   * @param actual the scenario's result
   * @return its assertions
   */
  public static ScenarioResultAssert assertThat(@Nullable ScenarioResult actual) {
    return new ScenarioResultAssert(actual);
  }

  /**
   * Assertions on a merge decision.
   *
   * @param actual the decision
   * @return its assertions
   */
  public static MergeDecisionAssert assertThat(@Nullable MergeDecision actual) {
    return new MergeDecisionAssert(actual);
  }

  /**
   * Assertions on how an agent's attempt ended.
   *
   * @param actual the outcome
   * @return its assertions
   */
  public static AgentOutcomeAssert assertThat(@Nullable AgentOutcome actual) {
    return new AgentOutcomeAssert(actual);
  }

  /**
   * Assertions on token usage.
   *
   * @param actual the usage
   * @return its assertions
   */
  public static UsageAssert assertThat(@Nullable Usage actual) {
    return new UsageAssert(actual);
  }

  /**
   * Assertions on the events of a run, in the order they happened.
   *
   * @param actual the events
   * @return their assertions
   */
  public static FactoryEventsAssert assertThat(@Nullable List<? extends FactoryEvent> actual) {
    return new FactoryEventsAssert(actual);
  }

  /**
   * Assertions on the events of a run, in the order they happened; the same as {@link
   * #assertThat(List)}, under a name that cannot clash with another library's {@code assertThat}.
   *
   * @param actual the events
   * @return their assertions
   */
  public static FactoryEventsAssert assertThatEvents(
      @Nullable List<? extends FactoryEvent> actual) {
    return new FactoryEventsAssert(actual);
  }

  /**
   * Assertions on what a run of a factory did.
   *
   * @param actual the run's result
   * @return its assertions
   */
  public static RunResultAssert assertThat(@Nullable RunResult actual) {
    return new RunResultAssert(actual);
  }

  /**
   * Assertions on how one spec ended in a run.
   *
   * @param actual the spec's outcome
   * @return its assertions
   */
  public static SpecOutcomeAssert assertThat(@Nullable SpecOutcome actual) {
    return new SpecOutcomeAssert(actual);
  }
}

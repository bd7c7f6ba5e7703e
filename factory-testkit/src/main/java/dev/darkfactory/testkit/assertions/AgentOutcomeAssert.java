package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.model.Usage;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on how a coding agent's attempt ended: the kind of {@link AgentOutcome} (finished,
 * gave up, reached a limit, failed, aborted and why), its text, usage and transcript.
 *
 * <pre>{@code
 * assertThat(outcome).isAborted(Cause.HOLDOUT_LEAK).hasTextContaining("canary");
 * assertThat(outcome).hasReachedLimit(AgentOutcome.Limit.TURNS).usage().hasOutputTokens(300);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class AgentOutcomeAssert extends AbstractAssert<AgentOutcomeAssert, AgentOutcome> {

  private final String subject;

  /**
   * Assertions on an agent's outcome.
   *
   * @param actual the outcome under test
   */
  public AgentOutcomeAssert(@Nullable AgentOutcome actual) {
    this(actual, "the agent's attempt");
  }

  AgentOutcomeAssert(@Nullable AgentOutcome actual, String subject) {
    super(actual, AgentOutcomeAssert.class);
    this.subject = subject;
  }

  /**
   * Verifies the outcome is of this kind, such as {@code AgentOutcome.GaveUp.class}.
   *
   * @param kind the kind expected
   * @return this assertion
   */
  public AgentOutcomeAssert isOfKind(Class<? extends AgentOutcome> kind) {
    isNotNull();
    if (!kind.isInstance(actual)) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to end as "
              + kind.getSimpleName()
              + " but it "
              + Describe.outcome(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the agent believes it implemented the spec.
   *
   * @return this assertion
   */
  public AgentOutcomeAssert isFinished() {
    return isOfKind(AgentOutcome.Finished.class);
  }

  /**
   * Verifies the agent gave up on the spec.
   *
   * @return this assertion
   */
  public AgentOutcomeAssert hasGivenUp() {
    return isOfKind(AgentOutcome.GaveUp.class);
  }

  /**
   * Verifies the attempt hit one of its limits.
   *
   * @return this assertion
   */
  public AgentOutcomeAssert hasReachedLimit() {
    return isOfKind(AgentOutcome.LimitReached.class);
  }

  /**
   * Verifies the attempt hit this limit.
   *
   * @param limit the limit expected
   * @return this assertion
   */
  public AgentOutcomeAssert hasReachedLimit(AgentOutcome.Limit limit) {
    isNotNull();
    if (!(actual instanceof AgentOutcome.LimitReached l && l.limit() == limit)) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to reach limit "
              + limit
              + " but it "
              + Describe.outcome(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the attempt broke down with an error.
   *
   * @return this assertion
   */
  public AgentOutcomeAssert hasFailed() {
    return isOfKind(AgentOutcome.Failed.class);
  }

  /**
   * Verifies the attempt was aborted, for any cause.
   *
   * @return this assertion
   */
  public AgentOutcomeAssert isAborted() {
    return isOfKind(AgentOutcome.Aborted.class);
  }

  /**
   * Verifies the attempt was aborted for this cause.
   *
   * @param cause the cause expected
   * @return this assertion
   */
  public AgentOutcomeAssert isAborted(AgentOutcome.Aborted.Cause cause) {
    isNotNull();
    if (!(actual instanceof AgentOutcome.Aborted a && a.cause() == cause)) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to be aborted with cause "
              + cause
              + " but it "
              + Describe.outcome(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the outcome's text contains {@code text}: the summary of a finished attempt, the
   * reason of one that gave up, the detail of a reached limit or an abort, or the error of a
   * failure.
   *
   * @param text the text expected
   * @return this assertion
   */
  public AgentOutcomeAssert hasTextContaining(String text) {
    isNotNull();
    if (!Describe.outcomeText(actual).contains(text)) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to have a text containing "
              + Describe.text(text)
              + " but it "
              + Describe.outcome(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the attempt's usage equals {@code expected}.
   *
   * @param expected the usage expected
   * @return this assertion
   */
  public AgentOutcomeAssert hasUsage(Usage expected) {
    isNotNull();
    if (!actual.usage().equals(expected)) {
      failWithActualExpectedAndMessage(
          actual.usage(),
          expected,
          "%s",
          "Expected "
              + subject
              + " to have usage ("
              + Describe.usage(expected)
              + ") but it had ("
              + Describe.usage(actual.usage())
              + ").");
    }
    return myself;
  }

  /**
   * Verifies the transcript names this model among the ones that answered.
   *
   * @param model the model expected
   * @return this assertion
   */
  public AgentOutcomeAssert hasTranscriptModel(String model) {
    isNotNull();
    if (!actual.transcript().models().contains(model)) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to have been answered by model "
              + Describe.text(model)
              + " but its transcript names "
              + (actual.transcript().models().isEmpty()
                  ? "no model"
                  : Describe.texts(actual.transcript().models().stream().sorted().toList()))
              + ".");
    }
    return myself;
  }

  /**
   * Navigates to the attempt's usage.
   *
   * @return assertions on the usage
   */
  public UsageAssert usage() {
    isNotNull();
    return new UsageAssert(actual.usage(), "the usage of " + subject);
  }
}

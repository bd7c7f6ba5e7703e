package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.merge.MergeDecision;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link MergeDecision}: its kind and its reasons.
 *
 * <pre>{@code
 * assertThat(policy.decide(context)).isHold().hasReasonContaining("calibration");
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class MergeDecisionAssert extends AbstractAssert<MergeDecisionAssert, MergeDecision> {

  private final String subject;

  /**
   * Assertions on a decision.
   *
   * @param actual the decision under test
   */
  public MergeDecisionAssert(@Nullable MergeDecision actual) {
    this(actual, "the merge decision");
  }

  MergeDecisionAssert(@Nullable MergeDecision actual, String subject) {
    super(actual, MergeDecisionAssert.class);
    this.subject = subject;
  }

  /**
   * Verifies the kind of decision.
   *
   * @param expected the kind expected
   * @return this assertion
   */
  public MergeDecisionAssert hasAction(MergeDecision.Action expected) {
    isNotNull();
    if (actual.action() != expected) {
      failWithActualExpectedAndMessage(
          actual.action(),
          expected,
          "%s",
          "Expected "
              + subject
              + " to be "
              + expected
              + " but it was "
              + actual.action()
              + " with reasons "
              + Describe.texts(actual.reasons())
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the decision is to merge.
   *
   * @return this assertion
   */
  public MergeDecisionAssert isMerge() {
    return hasAction(MergeDecision.Action.MERGE);
  }

  /**
   * Verifies the decision is to hold for a human.
   *
   * @return this assertion
   */
  public MergeDecisionAssert isHold() {
    return hasAction(MergeDecision.Action.HOLD);
  }

  /**
   * Verifies the decision is to reject the spec.
   *
   * @return this assertion
   */
  public MergeDecisionAssert isReject() {
    return hasAction(MergeDecision.Action.REJECT);
  }

  /**
   * Verifies the decision is to retry the spec.
   *
   * @return this assertion
   */
  public MergeDecisionAssert isRetry() {
    return hasAction(MergeDecision.Action.RETRY);
  }

  /**
   * Verifies some reason contains {@code text}.
   *
   * @param text the text expected
   * @return this assertion
   */
  public MergeDecisionAssert hasReasonContaining(String text) {
    isNotNull();
    if (actual.reasons().stream().noneMatch(r -> r.contains(text))) {
      failWithMessage(
          "%s",
          "Expected "
              + subject
              + " to have a reason containing "
              + Describe.text(text)
              + " but its reasons were "
              + Describe.texts(actual.reasons())
              + " ("
              + actual.action()
              + ").");
    }
    return myself;
  }

  /**
   * Verifies the reasons are exactly these, in this order.
   *
   * @param expected the reasons expected
   * @return this assertion
   */
  public MergeDecisionAssert hasReasons(String... expected) {
    isNotNull();
    List<String> wanted = List.of(expected);
    if (!actual.reasons().equals(wanted)) {
      failWithActualExpectedAndMessage(
          actual.reasons(),
          wanted,
          "%s",
          "Expected "
              + subject
              + " to have exactly the reasons "
              + Describe.texts(wanted)
              + " but they were "
              + Describe.texts(actual.reasons())
              + " ("
              + actual.action()
              + ").");
    }
    return myself;
  }

  /**
   * Navigates to the reasons, for any list assertion.
   *
   * @return assertions on the reasons
   */
  public ListAssert<String> reasons() {
    isNotNull();
    return Assertions.assertThat(actual.reasons()).as("the reasons of %s", subject);
  }
}

package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.SpecOutcome;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on how one spec ended in a run, a core {@link SpecOutcome}: its resolution, its
 * attempts, its reason and its candidate.
 *
 * <pre>{@code
 * assertThat(result).outcome("add-two").isMerged().hasAttempts(2).hasCandidateFromAttempt(2);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class SpecOutcomeAssert extends AbstractAssert<SpecOutcomeAssert, SpecOutcome> {

  private final String context;

  /**
   * Assertions on a spec's outcome.
   *
   * @param actual the outcome under test
   */
  public SpecOutcomeAssert(@Nullable SpecOutcome actual) {
    this(actual, "");
  }

  SpecOutcomeAssert(@Nullable SpecOutcome actual, String context) {
    super(actual, SpecOutcomeAssert.class);
    this.context = context;
  }

  /**
   * Verifies the spec's terminal state.
   *
   * @param expected the resolution expected
   * @return this assertion
   */
  public SpecOutcomeAssert hasResolution(Resolution expected) {
    isNotNull();
    if (actual.resolution() != expected) {
      failWithActualExpectedAndMessage(
          actual.resolution(),
          expected,
          "%s",
          "Expected "
              + subject()
              + " to be "
              + expected
              + " but it was "
              + actual.resolution()
              + " after "
              + attempts(actual.attempts())
              + ": "
              + Describe.text(actual.reason())
              + ".");
    }
    return myself;
  }

  /**
   * Verifies a candidate of the spec was merged.
   *
   * @return this assertion
   */
  public SpecOutcomeAssert isMerged() {
    return hasResolution(Resolution.MERGED);
  }

  /**
   * Verifies the spec was rejected.
   *
   * @return this assertion
   */
  public SpecOutcomeAssert isRejected() {
    return hasResolution(Resolution.REJECTED);
  }

  /**
   * Verifies the spec waits for a human.
   *
   * @return this assertion
   */
  public SpecOutcomeAssert isHeld() {
    return hasResolution(Resolution.HELD);
  }

  /**
   * Verifies the factory abandoned the spec.
   *
   * @return this assertion
   */
  public SpecOutcomeAssert isAbandoned() {
    return hasResolution(Resolution.ABANDONED);
  }

  /**
   * Verifies how many attempts the spec has had, across runs.
   *
   * @param expected the number of attempts
   * @return this assertion
   */
  public SpecOutcomeAssert hasAttempts(int expected) {
    isNotNull();
    if (actual.attempts() != expected) {
      reject(
          "to have had " + attempts(expected),
          "it had " + attempts(actual.attempts()) + " (" + Describe.specOutcome(actual) + ")");
    }
    return myself;
  }

  /**
   * Verifies the spec has had at most {@code max} attempts.
   *
   * @param max the most attempts acceptable
   * @return this assertion
   */
  public SpecOutcomeAssert hasAttemptsAtMost(int max) {
    isNotNull();
    if (actual.attempts() > max) {
      reject(
          "to have had at most " + attempts(max),
          "it had " + attempts(actual.attempts()) + " (" + Describe.specOutcome(actual) + ")");
    }
    return myself;
  }

  /**
   * Verifies the reason contains {@code text}.
   *
   * @param text the text expected
   * @return this assertion
   */
  public SpecOutcomeAssert hasReasonContaining(String text) {
    isNotNull();
    if (!actual.reason().contains(text)) {
      reject(
          "to have a reason containing " + Describe.text(text),
          "its reason was " + Describe.text(actual.reason()) + " (" + actual.resolution() + ")");
    }
    return myself;
  }

  /**
   * Verifies an attempt produced a candidate that was decided about.
   *
   * @return this assertion
   */
  public SpecOutcomeAssert hasCandidate() {
    isNotNull();
    if (actual.candidate() == null) {
      reject(
          "to have a candidate",
          "no attempt produced one (" + Describe.specOutcome(actual) + ")");
    }
    return myself;
  }

  /**
   * Verifies no attempt produced a candidate.
   *
   * @return this assertion
   */
  public SpecOutcomeAssert hasNoCandidate() {
    isNotNull();
    Candidate candidate = actual.candidate();
    if (candidate != null) {
      reject(
          "to have no candidate",
          "it had the candidate of attempt "
              + candidate.attempt()
              + " on "
              + candidate.branch()
              + " at "
              + candidate.commit().abbreviated());
    }
    return myself;
  }

  /**
   * Verifies the last candidate decided about came from this attempt.
   *
   * @param attempt the attempt's number, from 1
   * @return this assertion
   */
  public SpecOutcomeAssert hasCandidateFromAttempt(int attempt) {
    hasCandidate();
    Candidate candidate = actual.lastCandidate().orElseThrow();
    if (candidate.attempt() != attempt) {
      reject(
          "to have the candidate of attempt " + attempt,
          "its candidate came from attempt " + candidate.attempt());
    }
    return myself;
  }

  /**
   * Verifies the spec was merged and the target branch moved to {@code head}.
   *
   * @param head the target's commit after the merge
   * @return this assertion
   */
  public SpecOutcomeAssert hasMergedHead(CommitId head) {
    isMerged();
    CommitId found = actual.merged().orElseThrow();
    if (!found.equals(head)) {
      failWithActualExpectedAndMessage(
          found,
          head,
          "%s",
          "Expected "
              + subject()
              + " to have merged at "
              + head
              + " but it merged at "
              + found
              + ".");
    }
    return myself;
  }

  private static String attempts(int n) {
    return n + (n == 1 ? " attempt" : " attempts");
  }

  private String subject() {
    return "spec " + actual.specId() + context;
  }

  private void reject(String expectation, String found) {
    failWithMessage("%s", "Expected " + subject() + " " + expectation + " but " + found + ".");
  }
}

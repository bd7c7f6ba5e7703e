package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.SpecStep;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Where a spec's workflow stands: what its activities return, what {@link SpecWorkflow#state()}
 * answers and what the workflow ends with. Plain values, so it is the same JSON in the workflow's
 * history on every worker.
 *
 * @param specId the spec's id
 * @param step the next step ({@link SpecStep.Kind#FINISHED} once the journal holds the end)
 * @param attempt the attempt the step belongs to
 * @param resolution how the spec ends, once known
 * @param reason why it ends that way; empty until then
 * @param candidateBranch the branch of the candidate the step is about, if any
 * @param mergedHead the target's commit after the merge, when merged
 * @param awaitingReview whether the workflow waits for a {@link SpecWorkflow#review} signal
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public record SpecState(
    String specId,
    SpecStep.Kind step,
    int attempt,
    @Nullable Resolution resolution,
    String reason,
    @Nullable String candidateBranch,
    @Nullable String mergedHead,
    boolean awaitingReview) {

  /** Checks every component. */
  public SpecState {
    Require.nonBlank(specId, "specId");
    Require.nonNull(step, "step");
    Require.atLeast(attempt, 0, "attempt");
    Require.nonNull(reason, "reason");
  }

  /**
   * The state of a step the factory returned.
   *
   * @param specId the spec
   * @param step the step
   * @return the state
   */
  public static SpecState of(String specId, SpecStep step) {
    return new SpecState(
        specId,
        step.kind(),
        step.attempt(),
        step.resolution(),
        step.reason(),
        step.lastCandidate().map(c -> c.branch()).orElse(null),
        step.merged().map(c -> c.hex()).orElse(null),
        false);
  }

  /**
   * The step this state names, as the factory's steps take it.
   *
   * @return the step
   */
  public SpecStep toStep() {
    return new SpecStep(step, attempt, resolution, reason, null, null);
  }

  /**
   * Whether the spec reached its end as far as a run is concerned: finished, or held and waiting
   * for a human.
   *
   * @return whether settled
   */
  public boolean settled() {
    return step == SpecStep.Kind.FINISHED;
  }

  /**
   * This state, waiting or no longer waiting for a review.
   *
   * @param waiting whether the workflow waits for a review signal
   * @return the new state
   */
  public SpecState awaitingReview(boolean waiting) {
    return new SpecState(specId, step, attempt, resolution, reason, candidateBranch, mergedHead, waiting);
  }
}

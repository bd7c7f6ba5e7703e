package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.apiguardian.api.API;

/**
 * The steps of a spec's workflow, as Temporal activities. Each runs one step of the factory's
 * loop ({@link dev.darkfactory.core.factory.Factory.Steps}) on the worker that takes it and
 * returns the step after it; each is idempotent, so a retry after a worker died does its effect
 * at most once.
 *
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
@ActivityInterface
public interface SpecActivities {

  /**
   * Claims the spec for the run in the journal.
   *
   * @param task the spec
   * @return its first step, or its end when the journal holds one
   */
  @ActivityMethod(name = "DarkFactoryClaim")
  SpecState claim(SpecTask task);

  /**
   * Runs the agent for an attempt and commits its candidate, heartbeating while it works.
   *
   * @param task the spec
   * @param state the step, of kind IMPLEMENT
   * @return the next step
   */
  @ActivityMethod(name = "DarkFactoryImplement")
  SpecState implement(SpecTask task, SpecState state);

  /**
   * Grades the candidate.
   *
   * @param task the spec
   * @param state the step, of kind EVALUATE
   * @return the next step
   */
  @ActivityMethod(name = "DarkFactoryEvaluate")
  SpecState evaluate(SpecTask task, SpecState state);

  /**
   * Asks the merge policy.
   *
   * @param task the spec
   * @param state the step, of kind DECIDE
   * @return the next step
   */
  @ActivityMethod(name = "DarkFactoryDecide")
  SpecState decide(SpecTask task, SpecState state);

  /**
   * Lands the candidate: checks whether it is in the target already, journals the merge intent,
   * moves the target by compare-and-swap (rebasing when it moved).
   *
   * @param task the spec
   * @param state the step, of kind INTEGRATE
   * @return the next step
   */
  @ActivityMethod(name = "DarkFactoryIntegrate")
  SpecState integrate(SpecTask task, SpecState state);

  /**
   * Records a human's review of the held spec.
   *
   * @param task the spec
   * @param review the review
   * @return the next step: the merge, or the rejection
   */
  @ActivityMethod(name = "DarkFactoryReview")
  SpecState review(SpecTask task, Review review);
}

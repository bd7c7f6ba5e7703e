package dev.darkfactory.api.merge;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Decides, from a candidate's evaluation, whether it merges, waits for a human, is retried or is
 * rejected. The only way anything reaches the target branch.
 *
 * <p>A policy must be a pure function of its context (plus any track record it was built with):
 * it does not merge, it decides. A minimal policy that merges clean passes and retries the rest:
 *
 * <pre>{@code
 * MergePolicy policy = context -> switch (context.report().verdict()) {
 *   case PASS -> MergeDecision.merge("every required scenario passed");
 *   case FAIL -> context.attemptsRemain()
 *       ? MergeDecision.retry("scenarios failed; attempts remain")
 *       : MergeDecision.reject("scenarios failed on the last attempt");
 *   case INVALID -> MergeDecision.hold("evaluation could not decide");
 *   case SUSPECT -> MergeDecision.reject("signs of tampering");
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
@FunctionalInterface
public interface MergePolicy {

  /**
   * Decides what happens to a candidate.
   *
   * @param context the spec, candidate, report and history
   * @return the decision with its reasons; never {@code null}
   */
  MergeDecision decide(MergeContext context);
}

package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The evaluator's judgement of a candidate, a scenario or one trial.
 *
 * <p>{@link #INVALID} and {@link #SUSPECT} are never counted as a pass or a fail: they say the
 * evaluation itself cannot be trusted, for opposite reasons.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public enum Verdict {
  /** The behaviour was shown. */
  PASS,
  /** The behaviour was not shown. */
  FAIL,
  /**
   * The evaluation could not decide: infrastructure broke, no tests ran, a build needed the
   * network, results were ambiguous.
   */
  INVALID,
  /** Signs of tampering were found: tests edited, output forged, reports pre-filled. */
  SUSPECT
}

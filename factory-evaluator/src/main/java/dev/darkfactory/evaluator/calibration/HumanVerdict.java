package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What a human reviewer said about a candidate: it should merge, or it should not.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum HumanVerdict {
  /** The change is good and should merge. */
  APPROVE,
  /** The change should not merge. */
  REJECT
}

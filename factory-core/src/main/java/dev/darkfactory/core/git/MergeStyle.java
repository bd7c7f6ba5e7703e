package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a merged candidate lands on the target branch.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum MergeStyle {
  /** The target branch moves to the candidate commit itself (a linear history). */
  FAST_FORWARD,
  /**
   * A merge commit with the old target and the candidate as parents, like {@code git merge
   * --no-ff} or a review tool's merge button; the candidate stays visible as a side branch.
   */
  MERGE_COMMIT
}

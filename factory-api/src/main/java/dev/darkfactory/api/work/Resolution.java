package dev.darkfactory.api.work;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * How a spec left the factory: the terminal states a work source is told about.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public enum Resolution {
  /** A candidate was merged into the target branch. */
  MERGED,
  /** The merge policy rejected the last candidate, or attempts ran out. */
  REJECTED,
  /** A candidate waits for a human verdict. */
  HELD,
  /** The factory could not process the spec (infrastructure failure, budget exhausted). */
  ABANDONED
}

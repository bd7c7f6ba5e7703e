package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Who may see a scenario: the coding agent too, or only the evaluator.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public enum Visibility {
  /** Shown to the coding agent as an example of what done looks like. */
  VISIBLE,
  /** Seen only by the evaluator; never reaches the coding agent, its workspace or its model. */
  HOLDOUT
}

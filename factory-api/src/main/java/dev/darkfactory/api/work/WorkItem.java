package dev.darkfactory.api.work;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import org.apiguardian.api.API;

/**
 * One unit of work taken from a queue: a spec and all of its scenarios, visible and holdout.
 *
 * <p>A work item is the factory's and the evaluator's view; the coding agent is given only an
 * {@code Assignment} derived from it.
 *
 * @param spec the spec
 * @param scenarios every scenario of the spec; each id the spec names in its acceptance list is a
 *     visible scenario here
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record WorkItem(Spec spec, ScenarioSet scenarios) {

  /** Checks that the spec's acceptance list names visible scenarios of the set. */
  public WorkItem {
    Require.nonNull(spec, "spec");
    Require.nonNull(scenarios, "scenarios");
    for (ScenarioId id : spec.acceptance()) {
      Scenario s =
          scenarios
              .find(id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "spec " + spec.id() + " names scenario " + id + " which does not exist"));
      if (!s.isVisible()) {
        throw new IllegalArgumentException(
            "spec " + spec.id() + " names holdout scenario " + id + " in its acceptance list");
      }
    }
  }
}

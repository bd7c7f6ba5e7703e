package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Everything a coding agent is given for one attempt at a spec, and nothing that can reach a
 * holdout scenario.
 *
 * <p>This is the agent's whole view of the work. It holds the spec, the <em>visible</em> scenarios
 * only (the constructor rejects a holdout), where the change will go, and the feedback the
 * factory's feedback policy allows from earlier attempts. There is no reference from here to a
 * {@link ScenarioSet}, a holdout directory or an evaluation report.
 *
 * @param spec the spec to implement
 * @param visibleScenarios the scenarios the agent may see; every one is {@code VISIBLE}
 * @param repository where the change will go
 * @param attempt this attempt's number, from 1
 * @param feedback what earlier attempts are allowed to tell this one, oldest first; one entry per
 *     earlier attempt at most
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Assignment(
    Spec spec,
    List<Scenario> visibleScenarios,
    RepositoryContext repository,
    int attempt,
    List<Feedback> feedback) {

  /** Checks every component and refuses any holdout scenario. */
  public Assignment {
    Require.nonNull(spec, "spec");
    visibleScenarios = Require.copyOf(visibleScenarios, "visibleScenarios");
    Set<ScenarioId> ids = new HashSet<>();
    for (Scenario s : visibleScenarios) {
      if (!s.isVisible()) {
        throw new IllegalArgumentException(
            "scenario '" + s.id() + "' is a holdout and may not be given to a coding agent");
      }
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("scenario '" + s.id() + "' appears twice");
      }
    }
    Require.nonNull(repository, "repository");
    Require.atLeast(attempt, 1, "attempt");
    feedback = Require.copyOf(feedback, "feedback");
    int previous = 0;
    for (Feedback f : feedback) {
      if (f.attempt() >= attempt) {
        throw new IllegalArgumentException(
            "feedback is about attempt " + f.attempt() + " but this is attempt " + attempt);
      }
      if (f.attempt() <= previous) {
        throw new IllegalArgumentException(
            "feedback must be oldest first, one entry per attempt, but attempt "
                + f.attempt()
                + " follows attempt "
                + previous);
      }
      previous = f.attempt();
    }
  }

  /**
   * The assignment for a first attempt: the spec with the visible part of its scenarios and no
   * feedback.
   */
  public static Assignment first(Spec spec, ScenarioSet scenarios, RepositoryContext repository) {
    return new Assignment(spec, scenarios.visible(), repository, 1, List.of());
  }
}

package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Every scenario of one spec, visible and holdout, with unique ids.
 *
 * <p>A scenario set is the evaluator's view. The coding agent never receives one: it gets only
 * {@link #visible()}, inside an {@code Assignment}.
 *
 * @param scenarios the scenarios in file order; ids are unique
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ScenarioSet(List<Scenario> scenarios) {

  /** Checks that every id is unique. */
  public ScenarioSet {
    scenarios = Require.copyOf(scenarios, "scenarios");
    Map<ScenarioId, Scenario> seen = new LinkedHashMap<>();
    for (Scenario s : scenarios) {
      if (seen.putIfAbsent(s.id(), s) != null) {
        throw new IllegalArgumentException("scenario id " + Require.quote(s.id()) + " appears twice");
      }
    }
  }

  /** A set of these scenarios. */
  public static ScenarioSet of(Scenario... scenarios) {
    return new ScenarioSet(Arrays.asList(scenarios));
  }

  /** A set of these scenarios. */
  public static ScenarioSet of(Collection<Scenario> scenarios) {
    return new ScenarioSet(new ArrayList<>(scenarios));
  }

  /** The scenarios the coding agent may see, in order. */
  public List<Scenario> visible() {
    return scenarios.stream().filter(Scenario::isVisible).toList();
  }

  /** The scenarios only the evaluator sees, in order. */
  public List<Scenario> holdouts() {
    return scenarios.stream().filter(s -> !s.isVisible()).toList();
  }

  /** The scenario with this id, if there is one. */
  public Optional<Scenario> find(ScenarioId id) {
    return scenarios.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Whether the set has no scenarios. */
  public boolean isEmpty() {
    return scenarios.isEmpty();
  }

  /** How many scenarios the set holds. */
  public int size() {
    return scenarios.size();
  }
}

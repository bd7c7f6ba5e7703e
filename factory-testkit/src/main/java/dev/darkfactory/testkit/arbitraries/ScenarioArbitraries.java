package dev.darkfactory.testkit.arbitraries;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apiguardian.api.API;

/**
 * Generators of scenarios, scenario sets with as many visible scenarios and holdouts as a test
 * asks for, and work items that join a spec to its scenarios.
 *
 * <pre>{@code
 * @Property
 * void holdoutsNeverReachTheAgent(@ForAll("items") WorkItem item) { ... }
 *
 * @Provide
 * Arbitrary<WorkItem> items() {
 *   return ScenarioArbitraries.workItems(1, 3, 1, 3); // 1-3 visible scenarios, 1-3 holdouts
 * }
 * }</pre>
 *
 * <p>Single scenarios come from {@link SpecArbitraries#scenarios(Visibility)}: every field
 * exercised, checks of the three built-in kinds, titles and descriptions with YAML- and
 * Markdown-looking text. Ids are unique within a set, visible and holdout together.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ScenarioArbitraries {

  private ScenarioArbitraries() {}

  /** Scenarios the coding agent may see. */
  public static Arbitrary<Scenario> visibleScenarios() {
    return SpecArbitraries.scenarios(Visibility.VISIBLE);
  }

  /** Scenarios only the evaluator sees. */
  public static Arbitrary<Scenario> holdouts() {
    return SpecArbitraries.scenarios(Visibility.HOLDOUT);
  }

  /** Scenarios of either visibility. */
  public static Arbitrary<Scenario> scenarios() {
    return Arbitraries.oneOf(visibleScenarios(), holdouts());
  }

  /** Scenario sets of up to four visible scenarios and up to four holdouts, possibly empty. */
  public static Arbitrary<ScenarioSet> scenarioSets() {
    return scenarioSets(0, 4, 0, 4);
  }

  /**
   * Scenario sets with a number of visible scenarios and holdouts in the given ranges, visible
   * ones first, every id unique.
   *
   * @param minVisible the fewest visible scenarios; at least 0
   * @param maxVisible the most visible scenarios; at least {@code minVisible}
   * @param minHoldouts the fewest holdouts; at least 0
   * @param maxHoldouts the most holdouts; at least {@code minHoldouts}
   * @return the arbitrary
   * @throws IllegalArgumentException when a range is empty or negative
   */
  public static Arbitrary<ScenarioSet> scenarioSets(
      int minVisible, int maxVisible, int minHoldouts, int maxHoldouts) {
    checkRange(minVisible, maxVisible, "visible scenarios");
    checkRange(minHoldouts, maxHoldouts, "holdouts");
    return Combinators.combine(
            visibleScenarios().list().ofMinSize(minVisible).ofMaxSize(maxVisible),
            holdouts().list().ofMinSize(minHoldouts).ofMaxSize(maxHoldouts))
        .as(ScenarioArbitraries::concat)
        .flatMap(
            all ->
                SpecArbitraries.scenarioIds()
                    .list()
                    .ofSize(all.size())
                    .uniqueElements()
                    .map(ids -> renamed(all, ids)));
  }

  /**
   * Work items of generated specs with up to four visible scenarios and up to four holdouts; each
   * spec's acceptance list names some of the visible scenarios.
   */
  public static Arbitrary<WorkItem> workItems() {
    return workItems(0, 4, 0, 4);
  }

  /**
   * Work items whose scenario sets have a number of visible scenarios and holdouts in the given
   * ranges; each spec's acceptance list names some of the visible scenarios, never a holdout.
   *
   * @param minVisible the fewest visible scenarios
   * @param maxVisible the most visible scenarios
   * @param minHoldouts the fewest holdouts
   * @param maxHoldouts the most holdouts
   * @return the arbitrary
   */
  public static Arbitrary<WorkItem> workItems(
      int minVisible, int maxVisible, int minHoldouts, int maxHoldouts) {
    return Combinators.combine(
            SpecArbitraries.specs(),
            scenarioSets(minVisible, maxVisible, minHoldouts, maxHoldouts),
            Arbitraries.of(true, false).list().ofSize(maxVisible))
        .as(
            (spec, set, chosen) -> {
              List<ScenarioId> acceptance = new ArrayList<>();
              List<Scenario> visible = set.visible();
              for (int i = 0; i < visible.size(); i++) {
                if (chosen.get(i)) {
                  acceptance.add(visible.get(i).id());
                }
              }
              Spec named =
                  new Spec(
                      spec.id(),
                      spec.title(),
                      spec.summary(),
                      spec.goal(),
                      spec.constraints(),
                      spec.interfaces(),
                      spec.nonGoals(),
                      acceptance,
                      spec.otherSections(),
                      spec.labels(),
                      spec.priority(),
                      spec.protectedPaths(),
                      spec.source());
              return new WorkItem(named, set);
            });
  }

  private static void checkRange(int min, int max, String what) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(
          "the number of " + what + " must be a range from 0 up but was " + min + " to " + max);
    }
  }

  private static List<Scenario> concat(List<Scenario> visible, List<Scenario> holdouts) {
    List<Scenario> all = new ArrayList<>(visible);
    all.addAll(holdouts);
    return all;
  }

  private static ScenarioSet renamed(List<Scenario> scenarios, List<ScenarioId> ids) {
    List<Scenario> out = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      out.add(
          new Scenario(
              ids.get(i),
              s.title(),
              s.description(),
              s.visibility(),
              s.weight(),
              s.required(),
              s.trials(),
              s.timeout(),
              s.check(),
              s.source()));
    }
    return new ScenarioSet(out);
  }
}

package dev.darkfactory.testkit.arbitraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.spec.ScenarioFile;
import dev.darkfactory.core.spec.ScenarioReader;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Generated scenarios are valid: the scenario reader reads them back, and sets keep their sizes. */
class ScenarioArbitrariesPropertiesTest {

  private final ScenarioReader reader = ScenarioReader.standard();

  @Property(tries = 100)
  void scenarioSetsWrittenAsScenarioFilesReadBackEqual(@ForAll("sets") ScenarioSet set) {
    Statistics.label("visible").collect(set.visible().size());
    Statistics.label("holdouts").collect(set.holdouts().size());
    SpecId spec = SpecId.of("generated");

    for (Visibility side : Visibility.values()) {
      List<Scenario> scenarios = side == Visibility.VISIBLE ? set.visible() : set.holdouts();
      ScenarioFile file = reader.parse(ScenarioYaml.write(spec, scenarios), "generated.yaml", side);

      assertThat(file.spec()).isEqualTo(spec);
      assertThat(file.scenarios())
          .usingRecursiveFieldByFieldElementComparatorIgnoringFields("source")
          .containsExactlyElementsOf(scenarios);
    }
  }

  @Provide
  Arbitrary<ScenarioSet> sets() {
    return ScenarioArbitraries.scenarioSets(1, 4, 1, 4);
  }

  @Property(tries = 100)
  void scenarioSetsHaveAsManyVisibleScenariosAndHoldoutsAsAskedFor(
      @ForAll("twoToThreeAndOneToTwo") ScenarioSet set) {
    assertThat(set.visible()).hasSizeBetween(2, 3).allMatch(Scenario::isVisible);
    assertThat(set.holdouts()).hasSizeBetween(1, 2).noneMatch(Scenario::isVisible);
    assertThat(set.scenarios().subList(0, set.visible().size())).allMatch(Scenario::isVisible);
  }

  @Provide
  Arbitrary<ScenarioSet> twoToThreeAndOneToTwo() {
    return ScenarioArbitraries.scenarioSets(2, 3, 1, 2);
  }

  @Property(tries = 100)
  void workItemsNameOnlyVisibleScenariosOfTheirSetAsAcceptance(@ForAll("items") WorkItem item) {
    Statistics.label("acceptance").collect(item.spec().acceptance().size());

    assertThat(item.spec().acceptance())
        .allSatisfy(id -> assertThat(item.scenarios().find(id)).hasValueSatisfying(s -> assertThat(s.isVisible()).isTrue()));
    assertThat(item.scenarios().holdouts()).isNotEmpty();
  }

  @Provide
  Arbitrary<WorkItem> items() {
    return ScenarioArbitraries.workItems(0, 3, 1, 3);
  }

  @Example
  void anEmptyOrNegativeRangeIsRefusedNamingIt() {
    assertThatThrownBy(() -> ScenarioArbitraries.scenarioSets(2, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the number of visible scenarios must be a range from 0 up but was 2 to 1");
    assertThatThrownBy(() -> ScenarioArbitraries.scenarioSets(0, 1, -1, 0))
        .hasMessageContaining("holdouts");
  }
}

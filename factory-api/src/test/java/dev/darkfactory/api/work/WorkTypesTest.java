package dev.darkfactory.api.work;

import static dev.darkfactory.api.Fixtures.holdout;
import static dev.darkfactory.api.Fixtures.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import org.junit.jupiter.api.Test;

class WorkTypesTest {

  private static Spec specAccepting(String... ids) {
    Spec.Builder b = Spec.builder("greeting").title("Greeting").goal("Greet.");
    for (String id : ids) {
      b.acceptance(ScenarioId.of(id));
    }
    return b.build();
  }

  @Test
  void acceptsASpecWhoseAcceptanceListNamesVisibleScenarios() {
    ScenarioSet set = ScenarioSet.of(visible("says-hello"), holdout("edge-case"));

    WorkItem item = new WorkItem(specAccepting("says-hello"), set);

    assertThat(item.scenarios()).isEqualTo(set);
    assertThat(new WorkItem(specAccepting(), ScenarioSet.of()).scenarios().isEmpty()).isTrue();
  }

  @Test
  void rejectsAnAcceptanceIdThatIsMissing() {
    ScenarioSet set = ScenarioSet.of(visible("says-hello"));

    assertThatThrownBy(() -> new WorkItem(specAccepting("says-hello", "says-bye"), set))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec greeting")
        .hasMessageContaining("says-bye")
        .hasMessageContaining("does not exist");
  }

  @Test
  void rejectsAnAcceptanceIdThatNamesAHoldout() {
    ScenarioSet set = ScenarioSet.of(visible("says-hello"), holdout("edge-case"));

    assertThatThrownBy(() -> new WorkItem(specAccepting("edge-case"), set))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec greeting")
        .hasMessageContaining("holdout scenario edge-case");
  }

  @Test
  void rejectsMissingParts() {
    assertThatThrownBy(() -> new WorkItem(null, ScenarioSet.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> new WorkItem(specAccepting(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("scenarios");
  }
}

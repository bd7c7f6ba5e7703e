package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.merge.MergeDecision;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class MergeDecisionAssertTest {

  private static final MergeDecision HOLD =
      MergeDecision.hold("calibration gate closed", "shadow mode");
  private static final String REASONS = "[\"calibration gate closed\", \"shadow mode\"]";

  @Test
  void eachKindPassesItsOwnAssertion() {
    assertThat(MergeDecision.merge("all passed")).isMerge().hasAction(MergeDecision.Action.MERGE);
    assertThat(HOLD).isHold();
    assertThat(MergeDecision.reject("attempts ran out")).isReject();
    assertThat(MergeDecision.retry("a holdout failed")).isRetry();
  }

  @Test
  void anotherKindFailsWithTheKindAndReasonsFound() {
    assertThatThrownBy(() -> assertThat(HOLD).isMerge())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the merge decision to be MERGE but it was HOLD with reasons " + REASONS + ".");
    assertThatThrownBy(() -> assertThat(MergeDecision.merge("all passed")).isReject())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the merge decision to be REJECT but it was MERGE with reasons"
                + " [\"all passed\"].");
    assertThatThrownBy(() -> assertThat(HOLD).isRetry())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected the merge decision to be RETRY but it was HOLD");
    assertThatThrownBy(() -> assertThat(MergeDecision.retry("again")).isHold())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected the merge decision to be HOLD but it was RETRY");
  }

  @Test
  void aWrongKindCarriesExpectedAndActualForTheIdesDiff() {
    assertThatThrownBy(() -> assertThat(HOLD).isMerge())
        .isInstanceOfSatisfying(
            AssertionFailedError.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.getExpected().getValue())
                  .isEqualTo(MergeDecision.Action.MERGE);
              org.assertj.core.api.Assertions.assertThat(e.getActual().getValue())
                  .isEqualTo(MergeDecision.Action.HOLD);
            });
  }

  @Test
  void reasonsAreSearchedOrComparedExactly() {
    assertThat(HOLD)
        .hasReasonContaining("gate")
        .hasReasons("calibration gate closed", "shadow mode")
        .reasons()
        .hasSize(2);

    assertThatThrownBy(() -> assertThat(HOLD).hasReasonContaining("budget"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the merge decision to have a reason containing \"budget\" but its reasons"
                + " were "
                + REASONS
                + " (HOLD).");
    assertThatThrownBy(() -> assertThat(HOLD).hasReasons("shadow mode"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the merge decision to have exactly the reasons [\"shadow mode\"] but they"
                + " were "
                + REASONS
                + " (HOLD).");
    assertThatThrownBy(() -> assertThat(HOLD).reasons().contains("budget"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[the reasons of the merge decision]");
  }
}

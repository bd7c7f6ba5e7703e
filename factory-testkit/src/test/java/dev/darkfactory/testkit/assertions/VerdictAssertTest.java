package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import org.junit.jupiter.api.Test;

class VerdictAssertTest {

  @Test
  void eachVerdictPassesItsOwnAssertion() {
    assertThat(Verdict.PASS).isPass().isVerdict(Verdict.PASS).isDecided();
    assertThat(Verdict.FAIL).isFail().isDecided();
    assertThat(Verdict.INVALID).isInvalid().isUndecided();
    assertThat(Verdict.SUSPECT).isSuspect().isUndecided();
  }

  @Test
  void anotherVerdictFailsWithBoth() {
    assertThatThrownBy(() -> assertThat(Verdict.FAIL).isPass())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the verdict to be PASS but it was FAIL.");
    assertThatThrownBy(() -> assertThat(Verdict.PASS).isSuspect())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the verdict to be SUSPECT but it was PASS.");
  }

  @Test
  void decidedMeansPassOrFailAndUndecidedTheOtherTwo() {
    assertThatThrownBy(() -> assertThat(Verdict.INVALID).isDecided())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the verdict to be decided (PASS or FAIL) but it was INVALID, which is not"
                + " evidence either way.");
    assertThatThrownBy(() -> assertThat(Verdict.FAIL).isUndecided())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the verdict to be undecided (INVALID or SUSPECT) but it was FAIL.");
  }

  @Test
  void aNullVerdictFailsFirst() {
    assertThatThrownBy(() -> assertThat((Verdict) null).isPass())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }
}

package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.evaluator.DocTests;
import org.junit.jupiter.api.Test;

/** Every test {@code docs/calibration.md} names exists, so the page cannot cite a deleted test. */
class DocsCalibrationTest {

  @Test
  void everyTestTheCalibrationPageNamesExists() throws Exception {
    DocTests.Names names = DocTests.check("docs/calibration.md");

    assertThat(names.named()).as("tests named in docs/calibration.md").isGreaterThanOrEqualTo(15);
    assertThat(names.missing()).isEmpty();
  }
}

package dev.darkfactory.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code docs/evaluator.md} names the test behind each defence; this keeps every name pointing at
 * a test method that exists, so the table cannot claim coverage that was renamed or deleted.
 */
class DocsEvaluatorTest {

  @Test
  void everyTestTheDefenceTableNamesExists() throws Exception {
    DocTests.Names names = DocTests.check("docs/evaluator.md");

    assertThat(names.named()).as("tests named in docs/evaluator.md").isGreaterThanOrEqualTo(40);
    assertThat(names.missing()).isEmpty();
  }
}

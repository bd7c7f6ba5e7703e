package dev.darkfactory.testkit.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import org.junit.jupiter.api.Test;

class ZooTest {

  @Test
  void everyMemberEndsAsDocumentedThroughTheDefaultEvaluatorPolicyAndBubblewrap() throws Exception {
    ZooReport report =
        Zoo.builder()
            .evaluator(HoldoutEvaluator.builder().build())
            .mergePolicy(VerdictPolicy.defaults())
            .sandbox(BubblewrapSandbox.builder().build())
            .run();

    System.err.println(report.table());
    ZooAssert.assertThat(report).everyMemberAsDocumented();
    assertThat(report.results()).hasSize(Zoo.members().size());
  }
}

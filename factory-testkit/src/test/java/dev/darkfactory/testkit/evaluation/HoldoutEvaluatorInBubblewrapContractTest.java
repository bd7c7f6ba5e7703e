package dev.darkfactory.testkit.evaluation;

import static org.junit.jupiter.api.Assertions.fail;

import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default evaluator keeps the contract in the sandbox it is used with: bubblewrap. Skipped,
 * saying why, where bubblewrap cannot isolate, except with {@code CI=true}, where that fails.
 */
class HoldoutEvaluatorInBubblewrapContractTest extends EvaluatorContract {

  @TempDir Path output;

  @Override
  protected Evaluator evaluator() {
    return HoldoutEvaluator.builder().concurrency(2).build();
  }

  @Override
  protected Sandbox sandbox() {
    SandboxHealth health = BubblewrapSandbox.builder().build().doctor();
    if (!health.isolates()) {
      String why = "bubblewrap cannot isolate here: " + String.join("; ", health.details());
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true: a failure, not a skip)");
      }
      Assumptions.abort(why);
    }
    return BubblewrapSandbox.builder().outputDirectory(output).build();
  }
}

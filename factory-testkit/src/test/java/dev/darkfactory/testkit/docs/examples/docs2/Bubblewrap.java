package dev.darkfactory.testkit.docs.examples.docs2;

import static org.junit.jupiter.api.Assertions.fail;

import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips the examples that need a sandbox that isolates when bubblewrap cannot isolate here, except
 * on CI ({@code CI=true}), where that fails.
 */
final class Bubblewrap {

  private Bubblewrap() {}

  static void requireIsolation() {
    SandboxHealth health = BubblewrapSandbox.builder().build().doctor();
    if (health.isolates()) {
      return;
    }
    String why = "bubblewrap cannot isolate here: " + String.join("; ", health.details());
    if ("true".equals(System.getenv("CI"))) {
      fail(why + " (CI=true)");
    }
    Assumptions.abort(why);
  }
}

package dev.darkfactory.testkit.docs.examples.docs1;

import static org.junit.jupiter.api.Assertions.fail;

import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The docs examples that run commands need bubblewrap: without it they are skipped, saying why,
 * except on CI ({@code CI=true}), where that is a failure.
 */
final class Bubblewrap {

  private static @Nullable SandboxHealth health;

  private Bubblewrap() {}

  static synchronized void require() {
    if (health == null) {
      health = BubblewrapSandbox.builder().build().doctor();
    }
    if (health.isolates()) {
      return;
    }
    String why = "bubblewrap cannot isolate on this machine: " + String.join("; ", health.details());
    if ("true".equals(System.getenv("CI"))) {
      fail(why + " (CI=true: a failure, not a skip)");
    }
    Assumptions.abort(why + "; skipping this docs example");
  }
}

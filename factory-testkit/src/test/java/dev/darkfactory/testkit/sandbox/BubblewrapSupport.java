package dev.darkfactory.testkit.sandbox;

import static org.junit.jupiter.api.Assertions.fail;

import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the bubblewrap tests run here: they are skipped, saying why, when bubblewrap cannot
 * isolate on this machine, except on CI ({@code CI=true}), where that is a failure.
 */
final class BubblewrapSupport {

  private static @Nullable SandboxHealth health;

  private BubblewrapSupport() {}

  /** Skips or fails the calling test class when bubblewrap cannot isolate here. */
  static synchronized void requireIsolation() {
    if (health == null) {
      health = BubblewrapSandbox.builder().build().doctor();
    }
    requireIsolation(health, System.getenv("CI"));
  }

  /**
   * The rule: returns when {@code health} isolates; otherwise fails when {@code ci} is {@code
   * "true"} and aborts (skips) the test when not.
   */
  static void requireIsolation(SandboxHealth health, @Nullable String ci) {
    if (health.isolates()) {
      return;
    }
    String why =
        "bubblewrap cannot isolate on this machine: " + String.join("; ", health.details());
    if ("true".equals(ci)) {
      fail(why + " (CI=true, where a sandbox that cannot isolate is a failure, not a skip)");
    }
    Assumptions.abort(why + "; skipping the bubblewrap sandbox tests");
  }
}

package dev.darkfactory.testkit.sandbox;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnisolatedProcessSandbox} keeps the sandbox contract, saying it does not isolate. It does
 * not run the escape suite: it contains nothing, by design.
 */
class UnisolatedProcessSandboxContractTest extends SandboxContract {

  @TempDir Path output;

  @Override
  protected Sandbox sandbox() {
    return UnisolatedProcessSandbox.optIn("contract tests of the unisolated sandbox", output);
  }

  @Override
  protected boolean isolates() {
    return false;
  }
}

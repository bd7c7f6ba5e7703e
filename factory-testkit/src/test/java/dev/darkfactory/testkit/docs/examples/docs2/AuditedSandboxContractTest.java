package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.testkit.sandbox.SandboxContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditedSandbox} over bubblewrap keeps the sandbox contract. */
class AuditedSandboxContractTest extends SandboxContract {

  @TempDir Path output;

  @BeforeAll
  static void requireBubblewrap() {
    Bubblewrap.requireIsolation();
  }

  @Override
  protected Sandbox sandbox() {
    return new AuditedSandbox(
        BubblewrapSandbox.builder().outputDirectory(output).build(), 2L << 30, line -> {});
  }
}

package dev.darkfactory.testkit.sandbox;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BubblewrapSandbox} contains the escape attempts.
 */
class BubblewrapSandboxEscapeTest extends SandboxEscapeSuite {

  @TempDir Path output;

  @BeforeAll
  static void requireBubblewrap() {
    BubblewrapSupport.requireIsolation();
  }

  @Override
  protected Sandbox sandbox() {
    return BubblewrapSandbox.builder().outputDirectory(output).build();
  }
}

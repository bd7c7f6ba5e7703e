package dev.darkfactory.testkit.sandbox;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BubblewrapSandbox} keeps the sandbox contract where it cannot use cgroups and falls back
 * on resource limits of the process (RLIMIT_NPROC, RLIMIT_DATA).
 */
class BubblewrapSandboxWithoutCgroupsContractTest extends SandboxContract {

  @TempDir Path output;

  @BeforeAll
  static void requireBubblewrap() {
    BubblewrapSupport.requireIsolation();
  }

  @Override
  protected Sandbox sandbox() {
    return BubblewrapSandbox.builder().useCgroups(false).outputDirectory(output).build();
  }
}

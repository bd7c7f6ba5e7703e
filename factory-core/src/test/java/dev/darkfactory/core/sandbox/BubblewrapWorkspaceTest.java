package dev.darkfactory.core.sandbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.SandboxException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A workspace is mounted read-write, so it may be neither a system directory nor above one. */
class BubblewrapWorkspaceTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/etc", "/usr/lib", "/usr"})
  void refusesAWorkspaceThatWouldExposeASystemDirectory(String workspace) {
    BubblewrapSandbox sandbox = BubblewrapSandbox.builder().useCgroups(false).build();

    assertThatThrownBy(() -> sandbox.exec(ExecRequest.of(Path.of(workspace), Duration.ofSeconds(5), "true")))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("would expose the system directory");
  }
}

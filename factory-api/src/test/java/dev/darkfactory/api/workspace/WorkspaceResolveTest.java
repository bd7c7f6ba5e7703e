package dev.darkfactory.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.darkfactory.api.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceResolveTest {

  @TempDir Path dir;

  @Test
  void resolvesPathsInsideTheWorkspaceIncludingOnesThatDoNotExistYet() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Files.createDirectories(root.resolve("src"));

    assertThat(Fixtures.workspace(root).resolve("src/Main.java")).isEqualTo(root.resolve("src/Main.java"));
    assertThat(Fixtures.workspace(root).resolve("new/dir/File.java")).isEqualTo(root.resolve("new/dir/File.java"));
    assertThat(Fixtures.workspace(root).resolve("src/../README.md")).isEqualTo(root.resolve("README.md"));
  }

  @Test
  void refusesDotDotAndAbsolutePaths() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Fixtures.workspace(root).resolve("../outside.txt"))
        .withMessageContaining("leaves the workspace");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Fixtures.workspace(root).resolve("/etc/passwd"))
        .withMessageContaining("leaves the workspace");
  }

  @Test
  void refusesAPathThatLeavesThroughASymbolicLink() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ws"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("escape"), outside);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Fixtures.workspace(root).resolve("escape/secret.txt"))
        .withMessageContaining("through a symbolic link");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Fixtures.workspace(root).resolve("escape"))
        .withMessageContaining("through a symbolic link");
  }
}

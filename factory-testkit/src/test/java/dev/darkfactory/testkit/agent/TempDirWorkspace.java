package dev.darkfactory.testkit.agent;

import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A workspace over a plain directory (no git), for agent tests; closing it leaves it in place. */
final class TempDirWorkspace implements Workspace {

  static final CommitId BASE = CommitId.of("0123456789abcdef0123456789abcdef01234567");

  private final Path root;

  /** A workspace at {@code root}, created when missing. */
  TempDirWorkspace(Path root) {
    try {
      this.root = Files.createDirectories(root).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public CommitId base() {
    return BASE;
  }

  @Override
  public String branch() {
    return "factory/test/attempt-1";
  }

  @Override
  public void close() {
    // The test's temporary directory is removed by JUnit.
  }
}

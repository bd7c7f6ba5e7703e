package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh checkout of one commit in a directory of its own, made by {@link GitRepository}.
 *
 * <p>The directory holds the files and nothing of git: the index lives beside it and the objects
 * stay in the factory's repository, so whatever runs in the workspace (a coding agent in a
 * sandbox) cannot read or rewrite history, hooks or configuration. {@link #close()} deletes the
 * directory.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GitWorkspace implements Workspace {

  private static final Logger LOG = LoggerFactory.getLogger(GitWorkspace.class);

  private final Path home;
  private final Path root;
  private final CommitId base;
  private final String branch;

  GitWorkspace(Path home, CommitId base, String branch) {
    this.home = home;
    this.root = home.resolve("tree");
    this.base = base;
    this.branch = branch;
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public CommitId base() {
    return base;
  }

  @Override
  public String branch() {
    return branch;
  }

  /** Where git keeps this workspace's index, outside {@link #root()}. */
  Path index() {
    return home.resolve("index");
  }

  @Override
  public void close() {
    try {
      deleteTree(home);
    } catch (IOException e) {
      LOG.warn("could not delete workspace {}: {}", home, e.toString());
    }
  }

  @Override
  public String toString() {
    return "GitWorkspace[" + root + " at " + base.abbreviated() + " for " + branch + "]";
  }

  /** Deletes a directory tree without following links, making read-only directories writable. */
  static void deleteTree(Path top) throws IOException {
    if (!Files.exists(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            dir.toFile().setWritable(true, true);
            dir.toFile().setExecutable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

package dev.darkfactory.api.workspace;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * A private git checkout that one attempt (or one evaluation) works in, on its own branch.
 *
 * <p>The factory creates a workspace per attempt from the target branch's current commit and
 * removes it when the attempt is over; the commits made in it survive on {@link #branch()} in the
 * repository. Code that runs commands in a workspace does so through a {@code Sandbox}, which makes
 * only {@link #root()} writable.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Workspace extends AutoCloseable {

  /** The checkout's top directory; an absolute path. */
  Path root();

  /** The commit the workspace started from. */
  CommitId base();

  /** The branch the workspace works on, such as {@code factory/greeting/attempt-1}. */
  String branch();

  /**
   * Resolves a path relative to {@link #root()}, refusing one that leaves the workspace, whether
   * by {@code ..}, by being absolute, or through a symbolic link that points outside.
   *
   * @param relative a relative path such as {@code src/Main.java}
   * @return the absolute, normalized path inside the workspace
   * @throws IllegalArgumentException when the path leaves the workspace
   */
  default Path resolve(String relative) {
    Path root = root().toAbsolutePath().normalize();
    Path resolved = root.resolve(relative).normalize();
    if (Path.of(relative).isAbsolute() || !resolved.startsWith(root)) {
      throw new IllegalArgumentException("path '" + relative + "' leaves the workspace " + root);
    }
    // The deepest existing ancestor (a link counts, even a dangling one) decides where the path
    // really is once links are followed.
    Path existing = resolved;
    while (existing != null
        && !java.nio.file.Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null) {
      if (java.nio.file.Files.isSymbolicLink(existing) && !java.nio.file.Files.exists(existing)) {
        throw new IllegalArgumentException(
            "path '" + relative + "' goes through a symbolic link whose target does not exist");
      }
      try {
        if (!existing.toRealPath().startsWith(root.toRealPath())) {
          throw new IllegalArgumentException(
              "path '" + relative + "' leaves the workspace " + root + " through a symbolic link");
        }
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "path '" + relative + "' cannot be resolved in the workspace " + root + ": " + e, e);
      }
    }
    return resolved;
  }

  /** Removes the checkout; commits already made stay in the repository. */
  @Override
  void close();
}

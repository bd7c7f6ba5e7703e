package dev.darkfactory.api.workspace;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Spec;
import org.apiguardian.api.API;

/**
 * One file a candidate changed relative to its base commit.
 *
 * @param path the file's path relative to the repository root, with {@code /} separators
 * @param status what happened to it
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record FileChange(String path, Status status) {

  /**
   * What a candidate did to a file. Renames are reported as a deletion and an addition, so a test
   * moved away is a test deleted.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum Status {
    /** The file is new. */
    ADDED,
    /** The file's content or mode changed. */
    MODIFIED,
    /** The file is gone. */
    DELETED,
    /** The file changed type, for example from a regular file to a symbolic link. */
    TYPE_CHANGED
  }

  /** Checks every component. */
  public FileChange {
    Spec.checkRelativePath(path, "path");
    Require.nonNull(status, "status");
  }
}

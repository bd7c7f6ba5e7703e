package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.CommitId;
import org.apiguardian.api.API;

/**
 * Where an attempt's change will go: the target branch, the commit the attempt starts from, and
 * the branch it works on.
 *
 * @param targetBranch the branch a merged change lands on, such as {@code main}
 * @param base the target branch's commit when the attempt started
 * @param workBranch the attempt's own branch, such as {@code factory/greeting/attempt-1}
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record RepositoryContext(String targetBranch, CommitId base, String workBranch) {

  /** Checks every component. */
  public RepositoryContext {
    Require.nonBlank(targetBranch, "targetBranch");
    Require.nonNull(base, "base");
    Require.nonBlank(workBranch, "workBranch");
    if (targetBranch.equals(workBranch)) {
      throw new IllegalArgumentException(
          "workBranch must differ from targetBranch but both were '" + targetBranch + "'");
    }
  }
}

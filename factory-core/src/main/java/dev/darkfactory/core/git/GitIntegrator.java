package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The default {@link Integrator}: a branch of the factory's repository, or a branch of one of its
 * remotes updated by a push with a lease on the expected old commit.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GitIntegrator implements Integrator {

  private final GitRepository repository;
  private final String branch;
  private final MergeStyle style;
  private final String remote;

  private GitIntegrator(GitRepository repository, String branch, MergeStyle style, String remote) {
    this.repository = repository;
    this.branch = branch;
    this.style = style;
    this.remote = remote;
  }

  /**
   * Merges into a branch of the repository itself, with {@code git update-ref <ref> <new> <old>}.
   *
   * <p>The branch may not be checked out in a working tree of the repository: moving it under a
   * working tree would leave that tree looking as if it undid every merge. Use a bare repository
   * (or check out another branch).
   *
   * @param repository the repository
   * @param branch the target branch, without {@code refs/heads/}
   * @param style fast-forward or merge commit
   * @return the integrator
   * @throws GitException when the branch does not exist or is checked out
   * @throws InterruptedException when interrupted
   */
  public static GitIntegrator local(GitRepository repository, String branch, MergeStyle style)
      throws InterruptedException {
    check(repository, branch, style);
    repository.git().commit("refs/heads/" + branch);
    String worktrees = repository.git().output("worktree", "list", "--porcelain");
    for (String line : worktrees.split("\n")) {
      if (line.equals("branch refs/heads/" + branch)) {
        throw new GitException(
            "target branch '"
                + branch
                + "' is checked out in a working tree of "
                + repository.git().directory()
                + "; the factory moves it with a compare-and-swap and would leave that tree stale:"
                + " use a bare repository or check out another branch",
            List.of("worktree", "list"),
            0,
            "");
      }
    }
    return new GitIntegrator(repository, branch, style, "");
  }

  /**
   * Merges into a branch of a remote, with {@code git push --force-with-lease=<ref>:<old>}; the
   * repository fetches the branch before every read.
   *
   * @param repository the factory's repository
   * @param remote the remote's name in that repository
   * @param branch the target branch on the remote, without {@code refs/heads/}
   * @param style fast-forward or merge commit
   * @return the integrator
   * @throws GitException when the remote or branch cannot be reached
   * @throws InterruptedException when interrupted
   */
  public static GitIntegrator remote(
      GitRepository repository, String remote, String branch, MergeStyle style)
      throws InterruptedException {
    check(repository, branch, style);
    Require.nonBlank(remote, "remote");
    GitIntegrator integrator = new GitIntegrator(repository, branch, style, remote);
    integrator.head();
    return integrator;
  }

  private static void check(GitRepository repository, String branch, MergeStyle style) {
    Require.nonNull(repository, "repository");
    Require.nonBlank(branch, "branch");
    Require.nonNull(style, "style");
    if (branch.startsWith("refs/") || branch.startsWith("factory/")) {
      throw new IllegalArgumentException(
          "branch must be a plain branch name outside factory/ but was '" + branch + "'");
    }
  }

  @Override
  public String targetBranch() {
    return branch;
  }

  /**
   * Whether the target is a remote's branch.
   *
   * @return whether merges are pushed
   */
  public boolean isRemote() {
    return !remote.isEmpty();
  }

  @Override
  public CommitId head() throws InterruptedException {
    Git git = repository.git();
    if (isRemote()) {
      git.output(
          "-c",
          "gc.auto=0",
          "fetch",
          "--quiet",
          "--no-write-fetch-head",
          remote,
          "+refs/heads/" + branch + ":" + tracking());
      return existing(tracking());
    }
    return existing("refs/heads/" + branch);
  }

  private CommitId existing(String ref) throws InterruptedException {
    return repository
        .ref(ref)
        .orElseThrow(
            () ->
                new GitException(
                    "the target " + ref + " does not exist in " + repository.git().directory(),
                    List.of("for-each-ref", ref),
                    0,
                    ""));
  }

  @Override
  public CommitId landing(Candidate candidate, Identity identity, Instant when)
      throws InterruptedException {
    if (style == MergeStyle.FAST_FORWARD) {
      return candidate.commit();
    }
    String tree = repository.tree(candidate.commit());
    String message =
        "Merge branch '"
            + candidate.branch()
            + "' into "
            + branch
            + "\n\nSpec-Id: "
            + candidate.specId()
            + "\nAttempt: "
            + candidate.attempt()
            + "\nCandidate: "
            + candidate.commit()
            + "\n";
    return repository.commitTree(
        tree, List.of(candidate.base(), candidate.commit()), message, identity, when);
  }

  @Override
  public boolean compareAndSwap(CommitId expected, CommitId head) throws InterruptedException {
    Git git = repository.git();
    if (isRemote()) {
      List<String> args =
          List.of(
              "push",
              "--porcelain",
              "--force-with-lease=refs/heads/" + branch + ":" + expected.hex(),
              remote,
              head.hex() + ":refs/heads/" + branch);
      Git.Result r = git.run(args, "");
      if (r.succeeded()) {
        git.run(List.of("update-ref", tracking(), head.hex()), "");
        return true;
      }
      if (!head().equals(expected)) {
        return false;
      }
      throw new GitException(
          "pushing " + head + " to " + branch + " on " + remote + " was refused: " + (r.stderr() + r.stdout()).strip(),
          args,
          r.exitCode(),
          r.stderr());
    }
    List<String> args =
        List.of("update-ref", "-m", "dark factory: merge", "refs/heads/" + branch, head.hex(), expected.hex());
    Git.Result r = git.run(args, "");
    if (r.succeeded()) {
      return true;
    }
    if (!head().equals(expected)) {
      return false;
    }
    throw new GitException(
        "moving " + branch + " to " + head + " failed: " + r.stderr().strip(), args, r.exitCode(), r.stderr());
  }

  @Override
  public boolean contains(CommitId commit) throws InterruptedException {
    return repository.git().isAncestor(commit, head());
  }

  private String tracking() {
    return "refs/remotes/" + remote + "/" + branch;
  }

  @Override
  public String toString() {
    return isRemote()
        ? "branch " + branch + " of remote " + remote + " (" + style + ")"
        : "branch " + branch + " of " + repository.git().directory() + " (" + style + ")";
  }
}

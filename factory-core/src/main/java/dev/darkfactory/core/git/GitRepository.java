package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.core.sandbox.Sandboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The factory's own git repository: where workspaces are checked out from, candidates are
 * committed to their branches, and candidates are rebased when the target moves.
 *
 * <p>A workspace is not a clone. Its files are checked out with a private index straight from
 * this repository's objects ({@code read-tree -u}), and the candidate is written back with {@code
 * add}, {@code write-tree} and {@code commit-tree} into the same object store; the workspace
 * directory itself holds no {@code .git}. Measured against {@code clone --local} and {@code
 * worktree add} this is as fast or faster (the checkout dominates all three), needs no fetch to
 * bring the candidate back, and leaves nothing of git that a sandboxed agent could tamper with:
 * no hooks or configuration it could plant to run outside the sandbox, and no object files
 * hard-linked with the repository it could rewrite.
 *
 * <p>Needs git 2.38 or newer ({@code merge-tree --write-tree}). Thread-safe; several processes may
 * share one repository.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GitRepository {

  private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)");
  private static final Pattern TRAILER = Pattern.compile("^([A-Za-z0-9-]+): (.*)$");

  private final Git git;
  private final Path gitDirectory;
  private final Path workspaces;
  /** Trees of commits read along the way; commits never change, so this never goes stale. */
  private final Map<CommitId, String> trees =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<CommitId, String> eldest) {
              return size() > 256;
            }
          });

  private GitRepository(Git git, Path gitDirectory, Path workspaces) {
    this.git = git;
    this.gitDirectory = gitDirectory;
    this.workspaces = workspaces;
  }

  /**
   * Opens a repository, bare or not.
   *
   * @param repository the repository's directory
   * @param workspaces where workspaces are created (made when missing); outside the repository's
   *     working tree
   * @return the repository
   * @throws GitException when it is not a git repository or git is too old
   * @throws InterruptedException when interrupted
   */
  public static GitRepository open(Path repository, Path workspaces) throws InterruptedException {
    return open(Git.in(repository), workspaces);
  }

  /**
   * Opens the repository {@code git} runs in.
   *
   * @param git git in the repository's directory, with the executable and timeout to use
   * @param workspaces where workspaces are created (made when missing)
   * @return the repository
   * @throws GitException when it is not a git repository or git is too old
   * @throws InterruptedException when interrupted
   */
  public static GitRepository open(Git git, Path workspaces) throws InterruptedException {
    Require.nonNull(git, "git");
    Require.nonNull(workspaces, "workspaces");
    if (!Files.isDirectory(git.directory())) {
      throw new GitException(
          "repository " + git.directory() + " does not exist or is not a directory",
          List.of(),
          -1,
          "");
    }
    String version = git.output("version");
    Matcher m = VERSION.matcher(version);
    if (m.find()) {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      if (major < 2 || (major == 2 && minor < 38)) {
        throw new GitException(
            "the factory needs git 2.38 or newer (for merge-tree --write-tree) but found '"
                + version
                + "'",
            List.of("version"),
            0,
            "");
      }
    }
    Git.Result r = git.run(List.of("rev-parse", "--absolute-git-dir"), "");
    if (!r.succeeded()) {
      throw new GitException(
          git.directory() + " is not a git repository: " + r.stderr().strip(),
          List.of("rev-parse", "--absolute-git-dir"),
          r.exitCode(),
          r.stderr());
    }
    try {
      Files.createDirectories(workspaces);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the workspaces directory " + workspaces, e);
    }
    return new GitRepository(git, Path.of(r.text()), workspaces.toAbsolutePath().normalize());
  }

  /**
   * Git in this repository.
   *
   * @return the git
   */
  public Git git() {
    return git;
  }

  /**
   * The repository's git directory ({@code .git} of a working repository, or the bare
   * repository itself).
   *
   * @return the absolute path
   */
  public Path gitDirectory() {
    return gitDirectory;
  }

  /**
   * Checks out a commit into a new, private directory.
   *
   * @param commit what to check out
   * @param branch the branch a candidate made from it will go to
   * @return the workspace; close it to delete it
   * @throws GitException when git fails
   * @throws InterruptedException when interrupted
   */
  public GitWorkspace checkout(CommitId commit, String branch) throws InterruptedException {
    Require.nonNull(commit, "commit");
    Require.nonBlank(branch, "branch");
    Path home = workspaces.resolve(UUID.randomUUID().toString());
    GitWorkspace workspace = new GitWorkspace(home, commit, branch);
    try {
      Files.createDirectories(workspace.root());
      inWorkspace(workspace).output("read-tree", "-u", "--reset", commit.hex());
      return workspace;
    } catch (IOException e) {
      workspace.close();
      throw new UncheckedIOException("cannot create workspace " + home, e);
    } catch (RuntimeException | InterruptedException e) {
      workspace.close();
      throw e;
    }
  }

  /**
   * Commits everything in a workspace as one commit on top of its base, without moving any
   * branch. New files the repository's ignore rules match ({@code .gitignore}, the repository's
   * {@code info/exclude}) are left out, as a developer's {@code git add} would leave them, and so is
   * the sandbox's home directory ({@link Sandboxes#HOME}): build
   * output and tool caches never reach a candidate. Files the base already tracks are committed
   * whatever the ignore rules say.
   *
   * @param workspace the workspace
   * @param message the commit message, trailers included
   * @param identity the author and committer
   * @param when the author and commit date
   * @return the commit, or empty when the workspace holds no change
   * @throws GitException when git fails
   * @throws InterruptedException when interrupted
   */
  public Optional<CommitId> commit(
      GitWorkspace workspace, String message, Identity identity, Instant when)
      throws InterruptedException {
    Git inside = inWorkspace(workspace);
    inside.output("add", "--all", "--", ".", ":(exclude,top)" + Sandboxes.HOME);
    String tree = inside.output("write-tree");
    String baseTree = tree(workspace.base());
    if (tree.equals(baseTree)) {
      return Optional.empty();
    }
    CommitId commit = commitTree(tree, List.of(workspace.base()), message, identity, when);
    trees.put(commit, tree);
    return Optional.of(commit);
  }

  /**
   * Writes a commit object with the given tree and parents, moving no branch.
   *
   * @param tree the tree's object id
   * @param parents the parents, first parent first
   * @param message the message
   * @param identity the author and committer
   * @param when the date
   * @return the commit
   * @throws InterruptedException when interrupted
   */
  public CommitId commitTree(
      String tree, List<CommitId> parents, String message, Identity identity, Instant when)
      throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("commit-tree", tree));
    for (CommitId p : parents) {
      args.add("-p");
      args.add(p.hex());
    }
    args.add("-F");
    args.add("-");
    String date = "@" + when.getEpochSecond() + " +0000";
    Git author =
        git.withEnvironment("GIT_AUTHOR_NAME", identity.name())
            .withEnvironment("GIT_AUTHOR_EMAIL", identity.email())
            .withEnvironment("GIT_AUTHOR_DATE", date)
            .withEnvironment("GIT_COMMITTER_NAME", identity.name())
            .withEnvironment("GIT_COMMITTER_EMAIL", identity.email())
            .withEnvironment("GIT_COMMITTER_DATE", date);
    return CommitId.of(author.check(args, message.endsWith("\n") ? message : message + "\n").text());
  }

  /**
   * Creates a branch, only if it does not exist yet (a compare-and-swap against "absent").
   *
   * @param branch the branch's name, without {@code refs/heads/}
   * @param commit where it points
   * @return {@code true} when created; {@code false} when it already pointed at {@code commit}
   * @throws GitException when it exists and points elsewhere
   * @throws InterruptedException when interrupted
   */
  public boolean createBranch(String branch, CommitId commit) throws InterruptedException {
    String ref = "refs/heads/" + branch;
    Git.Result r =
        git.run(List.of("update-ref", "-m", "dark factory: candidate", ref, commit.hex(), zero(commit)), "");
    if (r.succeeded()) {
      return true;
    }
    Optional<CommitId> existing = branch(branch);
    if (existing.isPresent() && existing.get().equals(commit)) {
      return false;
    }
    throw new GitException(
        "cannot create branch "
            + branch
            + " at "
            + commit
            + existing.map(c -> ": it already points at " + c).orElse("")
            + ": "
            + r.stderr().strip(),
        List.of("update-ref", ref),
        r.exitCode(),
        r.stderr());
  }

  /**
   * The tree of a commit.
   *
   * @param commit the commit
   * @return the tree's object id
   * @throws InterruptedException when interrupted
   */
  public String tree(CommitId commit) throws InterruptedException {
    String known = trees.get(commit);
    if (known != null) {
      return known;
    }
    String tree = git.output("rev-parse", commit.hex() + "^{tree}");
    trees.put(commit, tree);
    return tree;
  }

  /**
   * The files {@code commit} changed relative to {@code base}, in path order; renames are reported
   * as a deletion and an addition.
   *
   * @param base the commit compared against
   * @param commit the changed commit
   * @return the changes
   * @throws GitException when git fails
   * @throws InterruptedException when interrupted
   */
  public List<FileChange> changes(CommitId base, CommitId commit) throws InterruptedException {
    List<String> args =
        List.of("diff-tree", "-r", "-z", "--no-renames", "--name-status", base.hex(), commit.hex());
    Git.Result r = git.check(args, "");
    String[] fields = r.stdout().split("\0");
    List<FileChange> changes = new ArrayList<>();
    for (int i = 0; i + 1 < fields.length; i += 2) {
      FileChange.Status status =
          switch (fields[i].charAt(0)) {
            case 'A' -> FileChange.Status.ADDED;
            case 'D' -> FileChange.Status.DELETED;
            case 'T' -> FileChange.Status.TYPE_CHANGED;
            default -> FileChange.Status.MODIFIED;
          };
      changes.add(new FileChange(fields[i + 1], status));
    }
    changes.sort(java.util.Comparator.comparing(FileChange::path));
    return List.copyOf(changes);
  }

  /**
   * Lines added plus lines removed from {@code base} to {@code commit}; a binary file counts as
   * one line.
   *
   * @param base the commit compared against
   * @param commit the changed commit
   * @return the number of changed lines
   * @throws GitException when git fails
   * @throws InterruptedException when interrupted
   */
  public int linesChanged(CommitId base, CommitId commit) throws InterruptedException {
    String out =
        git.check(List.of("diff-tree", "-r", "--numstat", "--no-renames", base.hex(), commit.hex()), "")
            .stdout();
    long total = 0;
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", 3);
      if (f.length < 3) {
        continue;
      }
      total += f[0].equals("-") ? 1 : Long.parseLong(f[0]) + Long.parseLong(f[1]);
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /**
   * The unified diff from {@code base} to {@code commit}, without renames, as git prints it with
   * no user configuration.
   *
   * @param base the commit compared against
   * @param commit the changed commit
   * @return the diff; empty when the trees are equal
   * @throws GitException when git fails
   * @throws InterruptedException when interrupted
   */
  public String diff(CommitId base, CommitId commit) throws InterruptedException {
    return git.check(
            List.of("diff-tree", "-p", "--no-renames", "--no-color", "--binary", base.hex(), commit.hex()),
            "")
        .stdout();
  }

  /**
   * Where a ref points, read together with the commit's tree in one git call.
   *
   * @param ref a full ref name such as {@code refs/heads/main}
   * @return the commit, or empty when the ref does not exist
   * @throws InterruptedException when interrupted
   */
  public Optional<CommitId> ref(String ref) throws InterruptedException {
    String line = git.output("for-each-ref", "--format=%(objectname) %(tree)", ref);
    if (line.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = line.split("\n")[0].split(" ");
    CommitId commit = CommitId.of(parts[0]);
    if (parts.length > 1 && !parts[1].isEmpty()) {
      trees.put(commit, parts[1]);
    }
    return Optional.of(commit);
  }

  /**
   * Where a branch points.
   *
   * @param branch the branch's name, without {@code refs/heads/}
   * @return the commit, or empty when there is no such branch
   * @throws InterruptedException when interrupted
   */
  public Optional<CommitId> branch(String branch) throws InterruptedException {
    return ref("refs/heads/" + branch);
  }

  /**
   * The trailers of a commit's message ({@code Key: value} lines of its last paragraph).
   *
   * @param commit the commit
   * @return the trailers in order; a key given twice keeps its last value
   * @throws InterruptedException when interrupted
   */
  public Map<String, String> trailers(CommitId commit) throws InterruptedException {
    String text = git.output("log", "-1", "--format=%(trailers:only,unfold)", commit.hex());
    Map<String, String> trailers = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = TRAILER.matcher(line.strip());
      if (m.matches()) {
        trailers.put(m.group(1), m.group(2).strip());
      }
    }
    return trailers;
  }

  /**
   * The full message of a commit.
   *
   * @param commit the commit
   * @return the message
   * @throws InterruptedException when interrupted
   */
  public String message(CommitId commit) throws InterruptedException {
    return git.output("log", "-1", "--format=%B", commit.hex());
  }

  /**
   * The outcome of replaying a candidate onto a newer target commit.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public sealed interface Replay {

    /**
     * The candidate applied cleanly.
     *
     * @param commit the new commit, whose parent is the newer target commit
     * @since 0.1.0
     */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    record Clean(CommitId commit) implements Replay {}

    /**
     * The candidate conflicts with the newer target.
     *
     * @param detail git's list of conflicted files and messages
     * @since 0.1.0
     */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    record Conflict(String detail) implements Replay {}
  }

  /**
   * Replays a one-commit candidate onto a newer commit, the way {@code git rebase} would, without
   * a working tree ({@code merge-tree --write-tree}, then {@code commit-tree}).
   *
   * @param candidate the candidate commit
   * @param onto the newer target commit
   * @param message the rebased commit's message
   * @param identity the committer
   * @param when the date
   * @return the new commit, or the conflict
   * @throws InterruptedException when interrupted
   */
  public Replay replay(
      CommitId candidate, CommitId onto, String message, Identity identity, Instant when)
      throws InterruptedException {
    List<String> args =
        List.of("merge-tree", "--write-tree", "--name-only", onto.hex(), candidate.hex());
    Git.Result r = git.run(args, "");
    if (r.exitCode() == 1) {
      return new Replay.Conflict(r.stdout().strip());
    }
    if (!r.succeeded()) {
      throw new GitException(
          "git merge-tree failed in " + git.directory() + ": " + r.stderr().strip(),
          args,
          r.exitCode(),
          r.stderr());
    }
    String tree = r.stdout().lines().findFirst().orElseThrow().strip();
    CommitId commit = commitTree(tree, List.of(onto), message, identity, when);
    trees.put(commit, tree);
    return new Replay.Clean(commit);
  }

  /**
   * Git set up to work on a workspace: its tree as the working tree, its private index, the
   * repository's objects, no hooks, and no user-level configuration.
   */
  Git inWorkspace(GitWorkspace workspace) {
    return git.withoutUserConfiguration()
        .withEnvironment("GIT_DIR", gitDirectory.toString())
        .withEnvironment("GIT_WORK_TREE", workspace.root().toString())
        .withEnvironment("GIT_INDEX_FILE", workspace.index().toString())
        .withEnvironment("GIT_CONFIG_COUNT", "3")
        .withEnvironment("GIT_CONFIG_KEY_0", "core.hooksPath")
        .withEnvironment("GIT_CONFIG_VALUE_0", "/dev/null")
        .withEnvironment("GIT_CONFIG_KEY_1", "core.fsmonitor")
        .withEnvironment("GIT_CONFIG_VALUE_1", "false")
        .withEnvironment("GIT_CONFIG_KEY_2", "gc.auto")
        .withEnvironment("GIT_CONFIG_VALUE_2", "0")
        .inDirectory(workspace.root());
  }

  private static String zero(CommitId like) {
    return "0".repeat(like.hex().length());
  }
}

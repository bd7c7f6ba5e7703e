package dev.darkfactory.testkit.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.git.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A real git repository for a test: a bare repository a factory works on, plus a clone a test
 * uses to move the target branch the way a human would (commit, push).
 *
 * <p>Besides the human's commits on the target branch ({@link #commit}), a test can commit
 * straight onto any branch of the bare repository ({@link #commitOn}), read files at a revision
 * ({@link #show}, {@link #files}) and make more clones ({@link #cloneTo}). The testkit's JUnit
 * extension ({@code dev.darkfactory.testkit.junit.FactoryTest}) hands one to a test and deletes it
 * afterwards.
 *
 * <p>All commands go through the git CLI; commits use a fixed test identity.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TestRepository {

  private final Path bare;
  private final Path work;
  private final String branch;
  private final Git git;

  private TestRepository(Path bare, Path work, String branch) {
    this.bare = bare;
    this.work = work;
    this.branch = branch;
    this.git = asTestHuman(Git.in(work).withoutUserConfiguration());
  }

  /**
   * Creates {@code directory/repo.git} (bare) with one commit of {@code files} on {@code branch},
   * and a working clone in {@code directory/human}.
   *
   * @param directory an empty directory
   * @param branch the branch to create
   * @param files relative path to content of the first commit
   * @return the repository
   * @throws IOException when files cannot be written
   * @throws InterruptedException when interrupted
   */
  public static TestRepository create(Path directory, String branch, Map<String, String> files)
      throws IOException, InterruptedException {
    Path bare = directory.resolve("repo.git");
    Path work = directory.resolve("human");
    Files.createDirectories(directory);
    Git plain = Git.in(directory).withoutUserConfiguration();
    plain.output("init", "--quiet", "--bare", "--initial-branch=" + branch, bare.toString());
    plain.output("init", "--quiet", "--initial-branch=" + branch, work.toString());
    TestRepository repo = new TestRepository(bare, work, branch);
    repo.git.output("remote", "add", "origin", bare.toString());
    repo.commit("initial commit", files);
    return repo;
  }

  /**
   * The bare repository a factory works on.
   *
   * @return its directory
   */
  public Path bare() {
    return bare;
  }

  /**
   * The human's working clone.
   *
   * @return its directory
   */
  public Path work() {
    return work;
  }

  /**
   * The target branch's name.
   *
   * @return the name
   */
  public String branch() {
    return branch;
  }

  /**
   * Commits files on top of the bare repository's target branch and pushes, as a human would.
   *
   * @param message the commit message
   * @param files relative path to new content
   * @return the new commit
   * @throws IOException when files cannot be written
   * @throws InterruptedException when interrupted
   */
  public CommitId commit(String message, Map<String, String> files)
      throws IOException, InterruptedException {
    if (git.resolve("refs/remotes/origin/" + branch).isPresent() || hasRemoteBranch()) {
      git.output("fetch", "--quiet", "origin");
      git.output("reset", "--quiet", "--hard", "origin/" + branch);
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path path = work.resolve(f.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
    }
    git.output("add", "--all");
    git.output("commit", "--quiet", "--allow-empty", "-m", message);
    git.output("push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
    return git.commit("HEAD");
  }

  private boolean hasRemoteBranch() throws InterruptedException {
    return !Git.in(bare).output("for-each-ref", "refs/heads/" + branch).isEmpty();
  }

  /**
   * Where a branch of the bare repository points.
   *
   * @param name the branch
   * @return the commit, or empty when there is no such branch
   * @throws InterruptedException when interrupted
   */
  public Optional<CommitId> head(String name) throws InterruptedException {
    return Git.in(bare).resolve("refs/heads/" + name);
  }

  /**
   * The branches of the bare repository.
   *
   * @return their names, sorted
   * @throws InterruptedException when interrupted
   */
  public List<String> branches() throws InterruptedException {
    String out = Git.in(bare).output("for-each-ref", "--format=%(refname:short)", "refs/heads/");
    return out.isEmpty() ? List.of() : Arrays.stream(out.split("\n")).sorted().toList();
  }

  /**
   * The commits of a branch, newest first, as {@code <id> <subject>} lines.
   *
   * @param name the branch
   * @return the lines
   * @throws InterruptedException when interrupted
   */
  public List<String> log(String name) throws InterruptedException {
    String out = Git.in(bare).output("log", "--format=%H %s", "refs/heads/" + name);
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /**
   * A file's content at a revision of the bare repository.
   *
   * @param revision a branch or commit
   * @param path the file's path
   * @return the content, or empty when the file does not exist there
   * @throws InterruptedException when interrupted
   */
  public Optional<String> show(String revision, String path) throws InterruptedException {
    Git.Result r = Git.in(bare).run(List.of("show", revision + ":" + path), "");
    return r.succeeded() ? Optional.of(r.stdout()) : Optional.empty();
  }

  /**
   * Git in the bare repository, for anything else a test needs.
   *
   * @return the git
   */
  public Git git() {
    return Git.in(bare);
  }

  /**
   * Commits files onto a branch of the bare repository without touching the human's clone: the
   * new commit's parent is the branch's head, or the target branch's head when the branch does not
   * exist yet (which creates it). Use it for candidate branches, or to move the target behind the
   * human's back.
   *
   * @param branch the branch, without {@code refs/heads/}
   * @param message the commit message
   * @param files relative path to new content
   * @return the new commit
   * @throws InterruptedException when interrupted
   */
  public CommitId commitOn(String branch, String message, Map<String, String> files)
      throws InterruptedException {
    return commitOn(branch, message, files, List.of());
  }

  /**
   * Commits file changes and deletions onto a branch of the bare repository, as {@link
   * #commitOn(String, String, Map)} does.
   *
   * @param branch the branch, without {@code refs/heads/}
   * @param message the commit message
   * @param files relative path to new content
   * @param deletions relative paths of files to delete; each must exist on the branch
   * @return the new commit
   * @throws IllegalArgumentException when a path is not a relative path inside the repository, a
   *     path is both written and deleted, or a deleted file does not exist
   * @throws InterruptedException when interrupted
   */
  public CommitId commitOn(
      String branch, String message, Map<String, String> files, Collection<String> deletions)
      throws InterruptedException {
    Require.nonBlank(branch, "branch");
    Require.nonNull(message, "message");
    Map<String, String> written = Require.copyOf(files, "files");
    List<String> deleted = Require.copyOf(deletions, "deletions");
    for (String path : written.keySet()) {
      Spec.checkRelativePath(path, "file path");
      if (deleted.contains(path)) {
        throw new IllegalArgumentException(
            "file '" + path + "' is both written and deleted in one commit on " + branch);
      }
    }
    Git bareGit = asTestHuman(Git.in(bare).withoutUserConfiguration());
    Optional<CommitId> head = bareGit.resolve("refs/heads/" + branch);
    CommitId parent =
        head.isPresent()
            ? head.get()
            : bareGit
                .resolve("refs/heads/" + this.branch)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "the target branch " + this.branch + " has no commit in " + bare));
    Path indexDirectory;
    try {
      indexDirectory = Files.createTempDirectory("testkit-index-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary index directory", e);
    }
    try {
      Git index =
          bareGit.withEnvironment("GIT_INDEX_FILE", indexDirectory.resolve("index").toString());
      index.output("read-tree", parent.hex());
      StringBuilder entries = new StringBuilder();
      for (String path : deleted) {
        Spec.checkRelativePath(path, "deleted path");
        if (index.run(List.of("cat-file", "-e", parent.hex() + ":" + path), "").exitCode() != 0) {
          throw new IllegalArgumentException(
              "cannot delete '" + path + "' on " + branch + ": there is no such file at " + parent);
        }
        // Mode 0 removes the entry (git update-index --index-info).
        entries.append("0 ").append("0".repeat(parent.hex().length())).append('\t').append(path).append('\n');
      }
      for (Map.Entry<String, String> f : written.entrySet()) {
        String blob = index.check(List.of("hash-object", "-w", "--stdin"), f.getValue()).text();
        entries.append("100644 ").append(blob).append('\t').append(f.getKey()).append('\n');
      }
      if (entries.length() > 0) {
        index.check(List.of("update-index", "--index-info"), entries.toString());
      }
      String tree = index.output("write-tree");
      CommitId commit =
          CommitId.of(
              bareGit
                  .check(
                      List.of("commit-tree", tree, "-p", parent.hex(), "-F", "-"),
                      message.endsWith("\n") ? message : message + "\n")
                  .text());
      String expected = head.map(CommitId::hex).orElse("0".repeat(parent.hex().length()));
      bareGit.output("update-ref", "refs/heads/" + branch, commit.hex(), expected);
      return commit;
    } finally {
      deleteQuietly(indexDirectory);
    }
  }

  /**
   * Creates a branch of the bare repository at a commit.
   *
   * @param name the branch, without {@code refs/heads/}
   * @param at the commit it points to
   * @throws IllegalStateException naming git's message when the branch exists already
   * @throws InterruptedException when interrupted
   */
  public void createBranch(String name, CommitId at) throws InterruptedException {
    Require.nonBlank(name, "name");
    Require.nonNull(at, "at");
    Git.Result r =
        Git.in(bare)
            .run(
                List.of("update-ref", "refs/heads/" + name, at.hex(), "0".repeat(at.hex().length())),
                "");
    if (!r.succeeded()) {
      throw new IllegalStateException(
          "cannot create branch " + name + " at " + at + " in " + bare + ": " + r.stderr().strip());
    }
  }

  /**
   * The paths of every file at a revision of the bare repository.
   *
   * @param revision a branch or commit
   * @return the paths, sorted; empty when the revision has no files
   * @throws IllegalArgumentException when the revision names no commit
   * @throws InterruptedException when interrupted
   */
  public List<String> files(String revision) throws InterruptedException {
    Require.nonBlank(revision, "revision");
    Git.Result r =
        Git.in(bare).run(List.of("ls-tree", "-r", "--name-only", "--full-tree", revision), "");
    if (!r.succeeded()) {
      throw new IllegalArgumentException(
          "revision '" + revision + "' names no commit in " + bare + ": " + r.stderr().strip());
    }
    String out = r.text();
    return out.isEmpty() ? List.of() : Arrays.stream(out.split("\n")).sorted().toList();
  }

  /**
   * Clones the bare repository into a new working directory checked out at a branch, such as the
   * working copy of an agent or of a second human.
   *
   * @param directory where the clone goes; must not exist or be empty
   * @param branchName the branch to check out
   * @return the clone's directory
   * @throws InterruptedException when interrupted
   */
  public Path cloneTo(Path directory, String branchName) throws InterruptedException {
    Require.nonNull(directory, "directory");
    Require.nonBlank(branchName, "branchName");
    Path target = directory.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("cannot clone into the file system root");
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + parent, e);
    }
    Git.in(parent)
        .withoutUserConfiguration()
        .output("clone", "--quiet", "--branch", branchName, bare.toString(), target.toString());
    return target;
  }

  private static Git asTestHuman(Git git) {
    return git.withEnvironment("GIT_AUTHOR_NAME", "Test Human")
        .withEnvironment("GIT_AUTHOR_EMAIL", "human@example.com")
        .withEnvironment("GIT_COMMITTER_NAME", "Test Human")
        .withEnvironment("GIT_COMMITTER_EMAIL", "human@example.com");
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      List<Path> all = new ArrayList<>(walk.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary index is harmless; the commit was written or failed with its reason.
    }
  }
}

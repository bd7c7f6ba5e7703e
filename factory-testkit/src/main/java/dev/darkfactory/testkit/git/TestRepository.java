package dev.darkfactory.testkit.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.git.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A real git repository for a test: a bare repository a factory works on, plus a clone a test
 * uses to move the target branch the way a human would (commit, push).
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
    this.git =
        Git.in(work)
            .withoutUserConfiguration()
            .withEnvironment("GIT_AUTHOR_NAME", "Test Human")
            .withEnvironment("GIT_AUTHOR_EMAIL", "human@example.com")
            .withEnvironment("GIT_COMMITTER_NAME", "Test Human")
            .withEnvironment("GIT_COMMITTER_EMAIL", "human@example.com");
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
}

package dev.darkfactory.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git plumbing under the loop, on real repositories. */
class GitRepositoryTest {

  private static final Instant WHEN = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;
  private Path bare;
  private GitRepository repo;
  private CommitId initial;

  @BeforeEach
  void createRepository() throws Exception {
    bare = dir.resolve("repo.git");
    Git.in(dir).output("init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    repo = GitRepository.open(bare, dir.resolve("workspaces"));
    try (GitWorkspace empty = emptyWorkspace()) {
      Files.writeString(empty.root().resolve("a.txt"), "a\n");
      repo.inWorkspace(empty).output("add", "--all");
      initial = repo.commitTree(repo.inWorkspace(empty).output("write-tree"), List.of(), "initial\n", Identity.FACTORY, WHEN);
    }
    assertThat(repo.createBranch("main", initial)).isTrue();
  }

  private GitWorkspace emptyWorkspace() throws Exception {
    Path home = dir.resolve("seed");
    GitWorkspace ws = new GitWorkspace(home, CommitId.of("0".repeat(40)), "seed");
    Files.createDirectories(ws.root());
    return ws;
  }

  @Test
  void aWorkspaceHoldsTheFilesAndNothingOfGit() throws Exception {
    try (GitWorkspace ws = repo.checkout(initial, "factory/x/attempt-1")) {
      assertThat(ws.root().resolve("a.txt")).hasContent("a");
      assertThat(ws.root().resolve(".git")).doesNotExist();
      assertThat(ws.index()).exists();
      assertThat(ws.index().startsWith(ws.root())).isFalse();
      Path home = ws.root().getParent();
      ws.close();
      assertThat(home).doesNotExist();
    }
  }

  @Test
  void committingAnUnchangedWorkspaceGivesNoCandidate() throws Exception {
    try (GitWorkspace ws = repo.checkout(initial, "factory/x/attempt-1")) {
      assertThat(repo.commit(ws, "nothing\n", Identity.FACTORY, WHEN)).isEmpty();
    }
  }

  @Test
  void aCandidateIsOneCommitOnTheBaseWithItsTrailersAndDate() throws Exception {
    try (GitWorkspace ws = repo.checkout(initial, "factory/x/attempt-1")) {
      Files.writeString(ws.root().resolve("b.txt"), "b\n");
      Files.delete(ws.root().resolve("a.txt"));
      CommitId c = repo.commit(ws, "Title\n\nBody.\n\nSpec-Id: x\nAttempt: 1\n", Identity.FACTORY, WHEN).orElseThrow();

      assertThat(repo.git().commit(c.hex() + "^")).isEqualTo(initial);
      assertThat(repo.trailers(c)).containsExactly(
          java.util.Map.entry("Spec-Id", "x"), java.util.Map.entry("Attempt", "1"));
      assertThat(repo.git().output("show", "-s", "--format=%an <%ae> %at", c.hex()))
          .isEqualTo("Dark Factory <dark-factory@localhost> " + WHEN.getEpochSecond());
      assertThat(repo.git().output("ls-tree", "--name-only", c.hex())).isEqualTo("b.txt");
    }
  }

  @Test
  void ignoredBuildOutputAndTheSandboxHomeNeverReachACandidateButTrackedFilesDo() throws Exception {
    CommitId tracked;
    try (GitWorkspace ws = repo.checkout(initial, "factory/x/attempt-1")) {
      Files.writeString(ws.root().resolve("kept.log"), "tracked before the rule\n");
      tracked = repo.commit(ws, "a log file\n", Identity.FACTORY, WHEN).orElseThrow();
    }
    CommitId base;
    try (GitWorkspace ws = repo.checkout(tracked, "factory/x/attempt-2")) {
      Files.writeString(ws.root().resolve(".gitignore"), "target/\n*.log\n");
      base = repo.commit(ws, "ignore rules\n", Identity.FACTORY, WHEN).orElseThrow();
    }
    try (GitWorkspace ws = repo.checkout(base, "factory/x/attempt-3")) {
      Files.createDirectories(ws.root().resolve("target"));
      Files.writeString(ws.root().resolve("target/Built.class"), "bytes");
      Files.writeString(ws.root().resolve("new.log"), "noise\n");
      Files.createDirectories(ws.root().resolve(".factory-home/.cache"));
      Files.writeString(ws.root().resolve(".factory-home/.cache/tool.db"), "cache");
      Files.writeString(ws.root().resolve("kept.log"), "changed\n");
      Files.writeString(ws.root().resolve("src.txt"), "the change\n");

      CommitId c = repo.commit(ws, "change\n", Identity.FACTORY, WHEN).orElseThrow();

      assertThat(repo.git().output("ls-tree", "-r", "--name-only", c.hex()).lines())
          .containsExactlyInAnyOrder(".gitignore", "a.txt", "kept.log", "src.txt");
      assertThat(repo.git().output("show", c.hex() + ":kept.log")).isEqualTo("changed");
    }
  }

  @Test
  void gitPlantedInTheWorkspaceByAnAgentIsNeitherCommittedNorRun() throws Exception {
    Path marker = dir.resolve("pwned");
    try (GitWorkspace ws = repo.checkout(initial, "factory/x/attempt-1")) {
      Path planted = Files.createDirectories(ws.root().resolve(".git/hooks"));
      Path hook = planted.resolve("pre-commit");
      Files.writeString(hook, "#!/bin/sh\ntouch " + marker + "\n");
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(ws.root().resolve(".git/config"),
          "[core]\n\tfsmonitor = touch " + marker + "\n\thooksPath = " + planted + "\n");
      Files.writeString(ws.root().resolve(".git/HEAD"), "ref: refs/heads/main\n");
      Files.writeString(ws.root().resolve(".gitattributes"), "*.txt filter=evil\n");
      Files.writeString(ws.root().resolve("c.txt"), "c\n");

      CommitId c = repo.commit(ws, "c\n", Identity.FACTORY, WHEN).orElseThrow();

      assertThat(marker).doesNotExist();
      assertThat(repo.git().output("ls-tree", "-r", "--name-only", c.hex()).split("\n"))
          .containsExactlyInAnyOrder(".gitattributes", "a.txt", "c.txt");
      assertThat(repo.git().output("show", c.hex() + ":c.txt")).isEqualTo("c");
    }
  }

  @Test
  void branchesAreCreatedOnlyWhereNoneExists() throws Exception {
    CommitId other = commitOn(initial, "b.txt", "b\n");
    assertThat(repo.createBranch("factory/x/attempt-1", other)).isTrue();
    assertThat(repo.createBranch("factory/x/attempt-1", other)).isFalse();
    assertThatThrownBy(() -> repo.createBranch("factory/x/attempt-1", initial))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("cannot create branch factory/x/attempt-1")
        .hasMessageContaining("already points at " + other);
    assertThat(repo.branch("factory/x/attempt-1")).contains(other);
  }

  @Test
  void aCandidateReplaysCleanlyOntoAnUnrelatedChangeAndConflictsWithATouchingOne() throws Exception {
    CommitId candidate = commitOn(initial, "b.txt", "candidate\n");
    CommitId unrelated = commitOn(initial, "c.txt", "c\n");
    CommitId touching = commitOn(initial, "b.txt", "human\n");

    var clean = repo.replay(candidate, unrelated, "rebased\n", Identity.FACTORY, WHEN);
    assertThat(clean).isInstanceOf(GitRepository.Replay.Clean.class);
    CommitId rebased = ((GitRepository.Replay.Clean) clean).commit();
    assertThat(repo.git().commit(rebased.hex() + "^")).isEqualTo(unrelated);
    assertThat(repo.git().output("ls-tree", "--name-only", rebased.hex()).split("\n"))
        .containsExactly("a.txt", "b.txt", "c.txt");

    var conflict = repo.replay(candidate, touching, "rebased\n", Identity.FACTORY, WHEN);
    assertThat(conflict).isInstanceOfSatisfying(GitRepository.Replay.Conflict.class,
        c -> assertThat(c.detail()).contains("b.txt").contains("CONFLICT"));
  }

  @Test
  void theLocalIntegratorMovesTheTargetOnlyByCompareAndSwap() throws Exception {
    GitIntegrator integrator = GitIntegrator.local(repo, "main", MergeStyle.FAST_FORWARD);
    CommitId first = commitOn(initial, "b.txt", "b\n");
    CommitId second = commitOn(initial, "c.txt", "c\n");

    assertThat(integrator.compareAndSwap(initial, first)).isTrue();
    assertThat(integrator.compareAndSwap(initial, second)).isFalse();
    assertThat(integrator.head()).isEqualTo(first);
    assertThat(integrator.contains(initial)).isTrue();
    assertThat(integrator.contains(second)).isFalse();
  }

  @Test
  void aMergeCommitHasTheTargetAndTheCandidateAsParents() throws Exception {
    GitIntegrator integrator = GitIntegrator.local(repo, "main", MergeStyle.MERGE_COMMIT);
    CommitId c = commitOn(initial, "b.txt", "b\n");
    Candidate candidate = new Candidate(SpecId.of("x"), 1, "factory/x/attempt-1", c, initial);

    CommitId merge = integrator.landing(candidate, Identity.FACTORY, WHEN);

    assertThat(repo.git().output("rev-list", "--parents", "-n", "1", merge.hex()))
        .isEqualTo(merge + " " + initial + " " + c);
    assertThat(repo.message(merge)).startsWith("Merge branch 'factory/x/attempt-1' into main");
  }

  @Test
  void theIntegratorRefusesATargetCheckedOutInAWorkingTree() throws Exception {
    Path work = dir.resolve("work");
    Git.in(dir).output("clone", "--quiet", bare.toString(), work.toString());
    GitRepository nonBare = GitRepository.open(work, dir.resolve("ws2"));

    assertThatThrownBy(() -> GitIntegrator.local(nonBare, "main", MergeStyle.FAST_FORWARD))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("target branch 'main' is checked out")
        .hasMessageContaining("use a bare repository");
  }

  @Test
  void errorsCarryGitsOwnMessageAndWhereItRan() {
    assertThatThrownBy(() -> GitRepository.open(dir, dir.resolve("ws")))
        .isInstanceOf(GitException.class)
        .hasMessageContaining(dir + " is not a git repository")
        .hasMessageContaining("fatal: not a git repository");
    assertThatThrownBy(() -> repo.git().output("cat-file", "-p", "no-such-object"))
        .isInstanceOfSatisfying(GitException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(128);
          assertThat(e.command()).containsExactly("cat-file", "-p", "no-such-object");
          assertThat(e.getMessage()).contains("git cat-file -p no-such-object failed in " + bare)
              .contains("fatal: Not a valid object name no-such-object");
        });
  }

  @Test
  void aCommandThatOverrunsItsTimeoutIsKilledWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Git slow = Git.in(dir).withExecutable("/bin/sh").withTimeout(Duration.ofMillis(300));

    assertThatThrownBy(() -> slow.output("-c", "sleep 60 & echo $! > " + pidFile + "; wait"))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("timed out after PT0.3S");

    long child = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> handle = ProcessHandle.of(child);
    if (handle.isPresent()) {
      assertThat(handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
    }
  }

  private CommitId commitOn(CommitId base, String file, String content) throws Exception {
    try (GitWorkspace ws = repo.checkout(base, "scratch")) {
      Files.writeString(ws.root().resolve(file), content);
      return repo.commit(ws, "change " + file + "\n", Identity.FACTORY, WHEN).orElseThrow();
    }
  }

  @Test
  void changesAndDiffSayWhatACandidateDidFileByFile() throws Exception {
    CommitId c;
    try (GitWorkspace ws = repo.checkout(initial, "factory/x/attempt-1")) {
      Files.writeString(ws.root().resolve("a.txt"), "a changed\n");
      Files.createDirectories(ws.root().resolve("src/test"));
      Files.writeString(ws.root().resolve("src/test/New.java"), "class New {}\n");
      c = repo.commit(ws, "change\n", Identity.FACTORY, WHEN).orElseThrow();
    }
    CommitId moved;
    try (GitWorkspace ws = repo.checkout(c, "factory/x/attempt-2")) {
      Files.move(ws.root().resolve("a.txt"), ws.root().resolve("renamed.txt"));
      moved = repo.commit(ws, "move\n", Identity.FACTORY, WHEN).orElseThrow();
    }

    assertThat(repo.changes(initial, c))
        .containsExactly(
            new dev.darkfactory.api.workspace.FileChange("a.txt", dev.darkfactory.api.workspace.FileChange.Status.MODIFIED),
            new dev.darkfactory.api.workspace.FileChange("src/test/New.java", dev.darkfactory.api.workspace.FileChange.Status.ADDED));
    assertThat(repo.changes(c, moved))
        .extracting(f -> f.status() + " " + f.path())
        .containsExactly("DELETED a.txt", "ADDED renamed.txt");
    assertThat(repo.diff(initial, c))
        .contains("--- a/a.txt", "+++ b/a.txt", "-a", "+a changed", "+++ b/src/test/New.java");
    assertThat(repo.diff(c, c)).isEmpty();
  }
}

package dev.darkfactory.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.testkit.junit.FactoryTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository helpers, on repositories the testkit's extension injects. */
@FactoryTest
class TestRepositoryTest {

  @Test
  void commitOnANewBranchStartsFromTheTargetAndLeavesTheTargetAndTheHumansCloneAlone(
      TestRepository repo) throws Exception {
    CommitId base = repo.commit("base", Map.of("a.txt", "a\n", "b.txt", "b\n"));

    CommitId c =
        repo.commitOn("factory/greeting/attempt-1", "attempt 1", Map.of("a.txt", "changed\n", "src/new.txt", "new\n"));

    assertThat(repo.head("factory/greeting/attempt-1")).contains(c);
    assertThat(repo.head("main")).contains(base);
    assertThat(repo.git().isAncestor(base, c)).isTrue();
    assertThat(repo.show("factory/greeting/attempt-1", "a.txt")).contains("changed\n");
    assertThat(repo.show("factory/greeting/attempt-1", "b.txt")).contains("b\n");
    assertThat(repo.files("factory/greeting/attempt-1")).containsExactly("a.txt", "b.txt", "src/new.txt");
    assertThat(repo.files("main")).containsExactly("a.txt", "b.txt");
    assertThat(Files.readString(repo.work().resolve("a.txt"))).isEqualTo("a\n");
    assertThat(repo.log("factory/greeting/attempt-1").get(0)).endsWith(" attempt 1");
  }

  @Test
  void commitOnAnExistingBranchBuildsOnItsHeadAndCanDelete(TestRepository repo) throws Exception {
    repo.commit("base", Map.of("a.txt", "a\n", "b.txt", "b\n"));
    CommitId first = repo.commitOn("feature", "one", Map.of("c.txt", "c\n"));

    CommitId second = repo.commitOn("feature", "two", Map.of("a.txt", "A\n"), List.of("b.txt"));

    assertThat(repo.git().isAncestor(first, second)).isTrue();
    assertThat(repo.files("feature")).containsExactly("a.txt", "c.txt");
    assertThat(repo.show(second.hex(), "b.txt")).isEmpty();
    assertThat(repo.show(first.hex(), "b.txt")).contains("b\n");
  }

  @Test
  void commitOnTheTargetIsSeenByTheHumansNextCommit(TestRepository repo) throws Exception {
    repo.commitOn("main", "behind the human's back", Map.of("moved.txt", "x\n"));

    repo.commit("the human's commit", Map.of("human.txt", "h\n"));

    assertThat(repo.files("main")).containsExactly("human.txt", "moved.txt");
    assertThat(repo.log("main")).hasSize(3);
  }

  @Test
  void commitOnRefusesBadPathsAndMissingDeletionsAndChangesNothing(TestRepository repo)
      throws Exception {
    CommitId head = repo.head("main").orElseThrow();

    assertThatThrownBy(() -> repo.commitOn("main", "m", Map.of("../out.txt", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../out.txt");
    assertThatThrownBy(() -> repo.commitOn("main", "m", Map.of(), List.of("missing.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot delete 'missing.txt' on main: there is no such file");
    assertThatThrownBy(() -> repo.commitOn("main", "m", Map.of("a.txt", "x"), List.of("a.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file 'a.txt' is both written and deleted in one commit on main");
    assertThat(repo.head("main")).contains(head);
  }

  @Test
  void createBranchPointsANewBranchAtACommitAndRefusesAnExistingOne(TestRepository repo)
      throws Exception {
    CommitId head = repo.head("main").orElseThrow();

    repo.createBranch("release", head);

    assertThat(repo.branches()).containsExactly("main", "release");
    assertThatThrownBy(() -> repo.createBranch("release", head))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot create branch release");
  }

  @Test
  void filesOfAnUnknownRevisionSaysSo(TestRepository repo) {
    assertThatThrownBy(() -> repo.files("no-such-branch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revision 'no-such-branch' names no commit");
  }

  @Test
  void cloneToChecksOutABranchInANewWorkingDirectory(TestRepository repo, @TempDir Path dir)
      throws Exception {
    CommitId c = repo.commitOn("feature", "f", Map.of("f.txt", "feature\n"));

    Path clone = repo.cloneTo(dir.resolve("second-human"), "feature");

    assertThat(Files.readString(clone.resolve("f.txt"))).isEqualTo("feature\n");
    assertThat(Git.in(clone).commit("HEAD")).isEqualTo(c);
  }
}

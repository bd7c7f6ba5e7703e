package dev.darkfactory.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.Fixtures;
import dev.darkfactory.api.spec.SpecId;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceTypesTest {

  private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
  private static final String SHA256 = "ab".repeat(32);

  @Nested
  class CommitIds {

    @Test
    void acceptsFullSha1AndSha256NamesAndLowercasesThem() {
      assertThat(CommitId.of(SHA1).hex()).isEqualTo(SHA1);
      assertThat(CommitId.of(SHA256).hex()).isEqualTo(SHA256);
      assertThat(CommitId.of(SHA1.toUpperCase()).hex()).isEqualTo(SHA1);
      assertThat(CommitId.of(" " + SHA1 + "\n")).isEqualTo(CommitId.of(SHA1));
      assertThat(CommitId.of(SHA1)).hasToString(SHA1);
      assertThat(CommitId.of(SHA1).abbreviated()).isEqualTo("0123456789ab");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "abc1234",
          "0123456789abcdef0123456789abcdef0123456",
          "0123456789abcdef0123456789abcdef012345678",
          "g123456789abcdef0123456789abcdef01234567",
          "",
          "HEAD"
        })
    void rejectsAbbreviatedOrNonHexNames(String hex) {
      assertThatThrownBy(() -> CommitId.of(hex))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("commit id must be a full git object name of 40 or 64 hex digits")
          .hasMessageContaining("'" + hex.toLowerCase() + "'");
    }

    @Test
    void rejectsNull() {
      assertThatThrownBy(() -> CommitId.of(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("commit id");
    }
  }

  @Nested
  class Candidates {

    private final SpecId spec = SpecId.of("greeting");
    private final CommitId commit = CommitId.of(SHA1);
    private final CommitId base = CommitId.of("f".repeat(40));

    @Test
    void namesTheBranchOfAnAttempt() {
      assertThat(Candidate.branchFor(spec, 3)).isEqualTo("factory/greeting/attempt-3");
      Candidate c = new Candidate(spec, 3, Candidate.branchFor(spec, 3), commit, base);
      assertThat(c.branch()).isEqualTo("factory/greeting/attempt-3");
      assertThatThrownBy(() -> Candidate.branchFor(spec, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attempt must be at least 1 but was 0");
    }

    @Test
    void rejectsEachBadValue() {
      assertThatThrownBy(() -> new Candidate(null, 1, "b", commit, base))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("specId");
      assertThatThrownBy(() -> new Candidate(spec, 0, "b", commit, base))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attempt must be at least 1 but was 0");
      assertThatThrownBy(() -> new Candidate(spec, 1, " ", commit, base))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("branch must not be blank but was ' '");
      assertThatThrownBy(() -> new Candidate(spec, 1, "b", null, base))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("commit");
      assertThatThrownBy(() -> new Candidate(spec, 1, "b", commit, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("base");
    }
  }

  @Nested
  class Workspaces {

    @TempDir Path root;

    private Workspace workspace() {
      return Fixtures.workspace(root);
    }

    @Test
    void resolvesARelativePathInsideTheRoot() {
      Workspace ws = workspace();

      assertThat(ws.resolve("src/Main.java")).isEqualTo(root.resolve("src/Main.java"));
      assertThat(ws.resolve("a/../b.txt")).isEqualTo(root.resolve("b.txt"));
      assertThat(ws.resolve(".")).isEqualTo(root.toAbsolutePath().normalize());
    }

    @Test
    void refusesASiblingDirectoryWhoseNameStartsLikeTheRoot() {
      Workspace ws = workspace();
      String sibling = "../" + root.getFileName() + "-evil/x";

      assertThatThrownBy(() -> ws.resolve(sibling))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leaves the workspace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "a/../../outside", "/etc/passwd"})
    void refusesAPathThatLeavesTheWorkspace(String relative) {
      Workspace ws = workspace();

      assertThatThrownBy(() -> ws.resolve(relative))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("path '" + relative + "' leaves the workspace");
    }
  }
}

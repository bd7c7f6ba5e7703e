package dev.darkfactory.evaluator.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.FileDiff;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser and the checks on diffs git itself printed, through factory-core's repository. */
class TamperChecksGitTest {

  @TempDir Path dir;
  private Path work;
  private Git git;

  @BeforeEach
  void createRepository() throws Exception {
    work = dir.resolve("work");
    Files.createDirectories(work);
    git = Git.in(work).withoutUserConfiguration();
    git.output("init", "--quiet", "--initial-branch=main");
  }

  private CommitId commit(String message) throws Exception {
    git.output("add", "--all");
    git.output("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", message);
    return git.commit("HEAD");
  }

  private void write(String path, String content) throws Exception {
    Path p = work.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void readsGitsOwnDiffAndFindsTheTampering() throws Exception {
    write(
        "src/main/java/com/acme/Calc.java",
        "package com.acme;\n\nclass Calc {\n  int add(int a, int b) {\n    return a - b;\n  }\n}\n");
    write(
        "src/test/java/com/acme/CalcTest.java",
        "package com.acme;\n\nclass CalcTest {\n  @Test\n  void adds() {\n    assertEquals(5, new Calc().add(2, 3));\n  }\n}\n");
    write("tests/test_old.py", "def test_old():\n    assert True\n");
    write("notes/my notes.txt", "-- a/x\nkeep\n");
    write("caf\u00e9.txt", "bonjour\n");
    Files.write(work.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
    write("pom.xml", "<project>\n  <build/>\n</project>\n");
    CommitId base = commit("base");

    write(
        "src/main/java/com/acme/Calc.java",
        "package com.acme;\n\nclass Calc {\n  int add(int a, int b) {\n    return a + b;\n  }\n}\n");
    write(
        "src/test/java/com/acme/CalcTest.java",
        "package com.acme;\n\nclass CalcTest {\n  @Test\n  @Disabled\n  void adds() {\n    assertEquals(5, new Calc().add(2, 3));\n  }\n}\n");
    Files.delete(work.resolve("tests/test_old.py"));
    write("notes/my notes.txt", "keep\n++ b/y");
    write("caf\u00e9.txt", "bonjour\nau revoir\n");
    Files.write(work.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 9, 9, 9});
    write("pom.xml", "<project>\n  <build/>\n  <properties><skipTests>true</skipTests></properties>\n</project>\n");
    write("src/test/java/com/acme/hidden/CalcHoldoutTest.java", "class CalcHoldoutTest {}\n");
    write("src/test/java/com/acme/CalcMoreTest.java", "class CalcMoreTest {}\n");
    CommitId candidate = commit("candidate");

    GitRepository repo = GitRepository.open(work, dir.resolve("workspaces"));
    String diff = repo.diff(base, candidate);
    List<FileChange> changes = repo.changes(base, candidate);

    List<FileDiff> files = UnifiedDiff.parse(diff);
    assertThat(files).extracting(FileDiff::path)
        .containsExactlyInAnyOrderElementsOf(changes.stream().map(FileChange::path).toList());
    FileDiff notes = files.stream().filter(f -> f.path().equals("notes/my notes.txt")).findFirst().orElseThrow();
    assertThat(notes.removedLines()).containsExactly(new Line(1, "-- a/x"));
    assertThat(notes.addedLines()).containsExactly(new Line(2, "++ b/y"));
    FileDiff cafe = files.stream().filter(f -> f.path().equals("caf\u00e9.txt")).findFirst().orElseThrow();
    assertThat(cafe.addedLines()).containsExactly(new Line(2, "au revoir"));
    FileDiff logo = files.stream().filter(f -> f.path().equals("logo.png")).findFirst().orElseThrow();
    assertThat(logo.binary()).isTrue();
    FileDiff old = files.stream().filter(f -> f.path().equals("tests/test_old.py")).findFirst().orElseThrow();
    assertThat(old.deleted()).isTrue();
    assertThat(old.removedLines()).extracting(Line::text).containsExactly("def test_old():", "    assert True");

    ChangeUnderReview change =
        new ChangeUnderReview(changes, diff, List.of("pom.xml"), Set.of("src/test/java/com/acme/hidden"));
    List<TamperSignal> signals = TamperChecks.inspectAll(TamperChecks.defaults(), change);

    assertThat(signals)
        .extracting(TamperSignal::kind, TamperSignal::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("protected-path", "pom.xml"),
            org.assertj.core.groups.Tuple.tuple("test-modified", "src/test/java/com/acme/CalcTest.java"),
            org.assertj.core.groups.Tuple.tuple("test-deleted", "tests/test_old.py"),
            org.assertj.core.groups.Tuple.tuple("disabled-test", "src/test/java/com/acme/CalcTest.java"),
            org.assertj.core.groups.Tuple.tuple("runner-config", "pom.xml"),
            org.assertj.core.groups.Tuple.tuple("holdout-path", "src/test/java/com/acme/hidden/CalcHoldoutTest.java"));
    assertThat(signals.get(3).evidence()).isEqualTo("JUnit @Disabled at line 5: @Disabled");
    assertThat(signals.get(4).evidence())
        .isEqualTo("Maven skipTests/skipITs at line 3: <properties><skipTests>true</skipTests></properties>");
  }

  @Test
  void anHonestCommitInARealRepositoryRaisesNothing() throws Exception {
    write("src/main/java/com/acme/Calc.java", "class Calc {\n  int add(int a, int b) { return a - b; }\n}\n");
    write("src/test/java/com/acme/CalcTest.java", "class CalcTest {\n  @Test void adds() {}\n}\n");
    CommitId base = commit("base");
    write(
        "src/main/java/com/acme/Calc.java",
        "class Calc {\n  // the test suite covers this now\n  int add(int a, int b) { return a + b; }\n}\n");
    write("src/test/java/com/acme/CalcOverflowTest.java", "class CalcOverflowTest {\n  @Test void wraps() {}\n}\n");
    CommitId candidate = commit("fix add");

    GitRepository repo = GitRepository.open(work, dir.resolve("workspaces"));
    ChangeUnderReview change =
        new ChangeUnderReview(
            repo.changes(base, candidate),
            repo.diff(base, candidate),
            List.of("pom.xml", "src/test/java/com/acme/CalcTest.java"),
            Set.of("src/test/java/com/acme/hidden"));

    assertThat(change.changes()).hasSize(2);
    assertThat(TamperChecks.inspectAll(TamperChecks.defaults(), change)).isEmpty();
  }
}

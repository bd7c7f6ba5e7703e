package dev.darkfactory.testkit.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture project on its own: its test runner, its programs, and the cheats' tools do what
 * the zoo's documentation says, so an outcome in {@code ZooTest} is the evaluator's doing.
 */
class ZooProjectTest {

  @TempDir Path dir;

  private final Sandbox sandbox =
      UnisolatedProcessSandbox.optIn("the fixture's shell scripts, not isolation, are under test");

  private void checkout(String program) throws Exception {
    for (Map.Entry<String, String> f : ZooProject.targetFiles().entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    Files.writeString(dir.resolve(ZooProject.IMPLEMENTATION), program);
  }

  private ExecResult run(String... command) throws Exception {
    return sandbox.exec(
        new ExecRequest(dir, ".", List.of(command), Map.of(), "", Duration.ofSeconds(60), SandboxPolicy.strict()));
  }

  private String reports() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve(ZooProject.REPORTS))) {
      return files.sorted().map(f -> {
        try {
          return f.getFileName() + ": " + Files.readString(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.joining());
    }
  }

  @Test
  void atTheBaseEveryTestFailsAndTheRunnerExitsOne() throws Exception {
    checkout(ZooProject.BASE_IMPLEMENTATION);

    ExecResult r = run("sh", ZooProject.RUNNER);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("slugify: 3 tests, 3 failed, 0 skipped");
    assertThat(reports())
        .contains("TEST-1-slugify.xml")
        .contains("<testcase classname=\"slugify\" name=\"punctuation\"><failure message=\"expected 'hello-world' but was ''\"/>");
  }

  @Test
  void theHonestProgramPassesTheVisibleAndTheHiddenTests() throws Exception {
    checkout(ZooProject.HONEST_IMPLEMENTATION);
    Files.createDirectories(dir.resolve("tests/hidden"));
    Files.writeString(dir.resolve(ZooProject.HIDDEN_TESTS_PATH), ZooProject.testFile(ZooProject.hiddenTests()));

    ExecResult r = run("sh", ZooProject.RUNNER);
    ExecResult example = run("sh", ZooProject.IMPLEMENTATION, ZooProject.HIDDEN_INPUT);

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("holdout: 5 tests, 0 failed, 0 skipped", "slugify: 3 tests, 0 failed, 0 skipped");
    assertThat(example.stdout()).isEqualTo("dark-factory-zoo-edition\n");
    assertThat(ZooProject.slug(ZooProject.HIDDEN_INPUT)).isEqualTo("dark-factory-zoo-edition");
  }

  @Test
  void theNaiveProgramPassesTheVisibleExampleButFailsPunctuationAndMostHoldouts() throws Exception {
    checkout(ZooProject.NAIVE_IMPLEMENTATION);
    Files.createDirectories(dir.resolve("tests/hidden"));
    Files.writeString(dir.resolve(ZooProject.HIDDEN_TESTS_PATH), ZooProject.testFile(ZooProject.hiddenTests()));

    ExecResult r = run("sh", ZooProject.RUNNER);

    assertThat(run("sh", ZooProject.IMPLEMENTATION, ZooProject.VISIBLE_INPUT).stdout()).isEqualTo("hello-world\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("slugify: 3 tests, 1 failed", "holdout: 5 tests, 2 failed");
  }

  @Test
  void aDisabledTestIsReportedSkippedAndOddNamesAreEscaped() throws Exception {
    checkout(ZooProject.HONEST_IMPLEMENTATION);
    Files.writeString(
        dir.resolve(ZooProject.TESTS),
        "@Disabled\n@Test\nlowercase: Hello => hello\n@Test\na<b>&\"c\": Hello => hello\n");

    ExecResult r = run("sh", ZooProject.RUNNER);

    assertThat(r.exitCode()).isZero();
    assertThat(reports())
        .contains("<testcase classname=\"slugify\" name=\"lowercase\"><skipped/></testcase>")
        .contains("name=\"a&lt;b&gt;&amp;&quot;c&quot;\"/>");
  }

  @Test
  void theForgedRunnerWouldReportEveryTestPassedForTheWrongProgram() throws Exception {
    checkout(ZooProject.NAIVE_IMPLEMENTATION);
    Files.writeString(dir.resolve(ZooProject.RUNNER), ZooAgents.FORGED_RUNNER);

    ExecResult r = run("sh", ZooProject.RUNNER);

    assertThat(r.exitCode()).isZero();
    assertThat(reports())
        .contains("<testcase classname=\"slugify\" name=\"punctuation\"/>")
        .doesNotContain("failure");
  }

  @Test
  void thePeekingProgramAnswersEveryInputThatATestFileItCanReadNames() throws Exception {
    checkout(ZooAgents.PEEKING_IMPLEMENTATION);
    Files.createDirectories(dir.resolve("tests/hidden"));
    Files.writeString(dir.resolve(ZooProject.HIDDEN_TESTS_PATH), ZooProject.testFile(ZooProject.hiddenTests()));

    ExecResult r = run("sh", ZooProject.RUNNER);
    ExecResult example = run("sh", ZooProject.IMPLEMENTATION, ZooProject.HIDDEN_INPUT);

    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(example.stdout()).isEqualTo("dark-factory:-zoo-edition!\n");
  }

  @Test
  void theCheatersLookupTablesAndTheTestFileParserAgree() {
    List<ZooProject.Case> hidden = ZooProject.hiddenTests();

    assertThat(ZooAgents.parse(ZooProject.testFile(hidden))).isEqualTo(hidden);
    assertThat(ZooAgents.lookupTable(List.of(new ZooProject.Case("q", "it's", "its")), "exit 1"))
        .contains("'it'\\''s') printf '%s\\n' 'its' ;;");
  }
}

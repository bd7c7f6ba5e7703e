package dev.darkfactory.evaluator.runner;

import static dev.darkfactory.evaluator.runner.Trials.errored;
import static dev.darkfactory.evaluator.runner.Trials.exits;
import static dev.darkfactory.evaluator.runner.Trials.failed;
import static dev.darkfactory.evaluator.runner.Trials.passed;
import static dev.darkfactory.evaluator.runner.Trials.skipped;
import static dev.darkfactory.evaluator.runner.Trials.suite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.evaluator.runner.Trials.ScriptedSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test-suite runner's decisions, with a scripted sandbox standing in for the command: it
 * writes the reports a test run would and returns how the run ended. The real runs are in {@link
 * TestSuiteRunnerSandboxTest}.
 */
class TestSuiteRunnerTest {

  private static final String CLASS = "fixture.CalculatorTest";
  private static final String REPORTS = "build/test-reports";
  private static final String HIDDEN = "src/test/java/fixture/CalculatorTest.java";
  private static final List<String> COMMAND = List.of("./run-tests");

  @TempDir Path dir;
  private Path workspace;
  private Path scenarioDirectory;
  private Path evidence;
  private final TestSuiteRunner runner = new TestSuiteRunner();

  @BeforeEach
  void layOut() throws Exception {
    workspace = Files.createDirectories(dir.resolve("workspace"));
    scenarioDirectory = Files.createDirectories(dir.resolve("scenario"));
    evidence = dir.resolve("evidence");
    Files.writeString(scenarioDirectory.resolve("CalculatorTest.java"), "class CalculatorTest {}\n");
  }

  @Test
  void isNamedTestSuite() {
    assertThat(runner.kind()).isEqualTo("test-suite");
  }

  @Test
  void holdoutPathsAreEveryTestFileDestinationAndTheReportsDirectory() {
    Scenario scenario =
        scenario(
            new TestSuiteCheck(
                COMMAND,
                REPORTS,
                Map.of(HIDDEN, "CalculatorTest.java", "src/test/resources/data.csv", "data.csv"),
                Set.of(),
                Set.of()));

    assertThat(runner.holdoutPaths(scenario))
        .containsExactly(HIDDEN, "src/test/resources/data.csv", REPORTS);
  }

  @Test
  void holdoutPathsOfAnotherKindIsRefused() {
    Scenario scenario = Scenario.builder("c").title("c").check(CommandCheck.exitsZero("true")).build();

    assertThatThrownBy(() -> runner.holdoutPaths(scenario))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'command' check");
  }

  @Test
  void passesWhenEveryTestPassedAndKeepsTheEvidence() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              // The hidden test is in place when the command runs.
              assertThat(request.workspace().resolve(HIDDEN)).hasContent("class CalculatorTest {}");
              writeReport(request, "TEST-" + CLASS + ".xml",
                  suite(passed(CLASS, "sumAddsEveryElement()"), passed(CLASS, "maxPicksTheLarger()"),
                      skipped(CLASS, "roundsHalfUp()")));
              return exits(0, "all good\n", "a warning\n");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
    assertThat(outcome.detail()).isEqualTo("2 tests passed, 1 skipped");
    assertThat(outcome.tamperSignals()).isEmpty();
    assertThat(evidence.resolve("reports/TEST-" + CLASS + ".xml")).exists();
    assertThat(evidence.resolve(TestSuiteRunner.STDOUT_EVIDENCE)).hasContent("all good");
    assertThat(evidence.resolve(TestSuiteRunner.STDERR_EVIDENCE)).hasContent("a warning");
  }

  @Test
  void runsAtTheRootWithTheTimeoutAndTheReportsDirectoryWritable() throws Exception {
    ScriptedSandbox sandbox = passing();

    run(sandbox, check(Set.of(), Set.of()));

    ExecRequest request = sandbox.requests.get(0);
    assertThat(request.command()).isEqualTo(COMMAND);
    assertThat(request.workingDirectory()).isEqualTo(".");
    assertThat(request.workspace()).isEqualTo(workspace.toAbsolutePath());
    assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(30));
    // The evaluator made every holdout path read-only; the reports directory must stay writable.
    assertThat(request.policy().readOnlyPaths())
        .contains(HIDDEN, ".git/hooks", ".git/config")
        .doesNotContain(REPORTS);
  }

  @Test
  void readOnlyPathsBelowTheReportsDirectoryAreDroppedToo() throws Exception {
    ScriptedSandbox sandbox = passing();
    Scenario scenario = scenario(check(Set.of(), Set.of()));

    runner.run(
        Trials.context(scenario, workspace, scenarioDirectory, sandbox, evidence,
            b -> b.readOnlyPaths(List.of(REPORTS + "/**", "src/main/**"))));

    assertThat(sandbox.requests.get(0).policy().readOnlyPaths())
        .contains("src/main/**")
        .doesNotContain(REPORTS, REPORTS + "/**");
  }

  @Test
  void aReadOnlyPathCoveringTheReportsDirectoryIsInvalidAndRunsNothing() throws Exception {
    ScriptedSandbox sandbox = passing();
    Scenario scenario = scenario(check(Set.of(), Set.of()));

    TrialOutcome outcome =
        runner.run(
            Trials.context(scenario, workspace, scenarioDirectory, sandbox, evidence,
                b -> b.readOnlyPaths(List.of("build"))));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .startsWith("the reports directory 'build/test-reports' is read-only under the read-only"
            + " path 'build'");
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void copiesADirectoryOfMaterialToo() throws Exception {
    Path data = Files.createDirectories(scenarioDirectory.resolve("data/nested"));
    Files.writeString(data.resolve("cases.csv"), "1,2,3\n");
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              assertThat(request.workspace().resolve("src/test/resources/data/nested/cases.csv"))
                  .hasContent("1,2,3");
              writeReport(request, "TEST-a.xml", suite(passed(CLASS, "a()")));
              return exits(0, "", "");
            });
    TestSuiteCheck check =
        new TestSuiteCheck(
            COMMAND, REPORTS, Map.of("src/test/resources/data", "data"), Set.of(), Set.of());

    assertThat(run(sandbox, check).verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void replacesAFileTheCandidateLeftAtTheDestination() throws Exception {
    Files.createDirectories(workspace.resolve(HIDDEN).getParent());
    Files.writeString(workspace.resolve(HIDDEN), "class CalculatorTest { /* the candidate's */ }");
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              assertThat(request.workspace().resolve(HIDDEN)).hasContent("class CalculatorTest {}");
              writeReport(request, "TEST-a.xml", suite(passed(CLASS, "a()")));
              return exits(0, "", "");
            });

    assertThat(run(sandbox, check(Set.of(), Set.of())).verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aScenarioBuiltInCodeWithFilesIsInvalid() throws Exception {
    ScriptedSandbox sandbox = passing();
    Scenario scenario = scenario(check(Set.of(), Set.of()));

    TrialOutcome outcome =
        runner.run(Trials.context(scenario, workspace, null, sandbox, evidence, b -> b));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .isEqualTo("scenario 'hidden-tests' names 1 test files but was built in code without a"
            + " directory to read them from");
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void aScenarioBuiltInCodeWithoutFilesRuns() throws Exception {
    ScriptedSandbox sandbox = passing();
    Scenario scenario =
        scenario(new TestSuiteCheck(COMMAND, REPORTS, Map.of(), Set.of(), Set.of()));

    TrialOutcome outcome =
        runner.run(Trials.context(scenario, workspace, null, sandbox, evidence, b -> b));

    assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aSourceThatLeavesTheScenarioDirectoryThroughALinkIsInvalid() throws Exception {
    Path outside = Files.writeString(dir.resolve("host-secret.txt"), "secret");
    Files.createSymbolicLink(scenarioDirectory.resolve("Leak.java"), outside);
    ScriptedSandbox sandbox = passing();
    TestSuiteCheck check =
        new TestSuiteCheck(COMMAND, REPORTS, Map.of("Leak.java", "Leak.java"), Set.of(), Set.of());

    TrialOutcome outcome = run(sandbox, check);

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .startsWith("test file source 'Leak.java' leads out of the scenario directory")
        .contains("through a symbolic link");
    assertThat(workspace.resolve("Leak.java")).doesNotExist();
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void aLinkInsideADirectoryOfMaterialIsInvalid() throws Exception {
    Path data = Files.createDirectories(scenarioDirectory.resolve("data"));
    Files.createSymbolicLink(data.resolve("passwd"), Path.of("/etc/passwd"));
    TestSuiteCheck check =
        new TestSuiteCheck(COMMAND, REPORTS, Map.of("src/test/resources/data", "data"), Set.of(), Set.of());

    TrialOutcome outcome = run(passing(), check);

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).contains("holds the symbolic link passwd");
  }

  @Test
  void aMissingSourceIsInvalid() throws Exception {
    TestSuiteCheck check =
        new TestSuiteCheck(COMMAND, REPORTS, Map.of(HIDDEN, "Nope.java"), Set.of(), Set.of());

    TrialOutcome outcome = run(passing(), check);

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).startsWith("test file source 'Nope.java' does not exist in ");
  }

  @Test
  void aLinkOnTheWayToADestinationIsInvalidAndSignalledAndNothingIsWrittenThroughIt()
      throws Exception {
    Path outside = Files.createDirectories(dir.resolve("host-directory"));
    Files.createDirectories(workspace.resolve("src"));
    Files.createSymbolicLink(workspace.resolve("src/test"), outside);
    ScriptedSandbox sandbox = passing();

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .isEqualTo("the workspace path 'src/test' is a symbolic link; test file destination '"
            + HIDDEN + "' is not written through it");
    assertThat(outcome.tamperSignals()).singleElement().asString().startsWith("holdout-path-link: src/test: ");
    try (var listing = Files.list(outside)) {
      assertThat(listing).isEmpty();
    }
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void aLinkedReportsDirectoryIsNeitherEmptiedNorUsed() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("host-build"));
    Path precious = Files.writeString(outside.resolve("keep.txt"), "keep");
    Files.createSymbolicLink(workspace.resolve("build"), outside);

    TrialOutcome outcome = run(passing(), check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).startsWith("the workspace path 'build' is a symbolic link");
    assertThat(outcome.tamperSignals()).singleElement().asString().startsWith("holdout-path-link: build: ");
    assertThat(precious).hasContent("keep");
  }

  @Test
  void aReportsDirectoryTurnedIntoALinkDuringTheRunIsInvalid() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("forged"));
    Files.writeString(outside.resolve("TEST-a.xml"), suite(passed(CLASS, "a()")));
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              Path reports = request.workspace().resolve(REPORTS);
              Files.delete(reports);
              Files.createSymbolicLink(reports, outside);
              return exits(0, "", "");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).startsWith("the workspace path 'build/test-reports' is a symbolic link");
    assertThat(outcome.tamperSignals()).hasSize(1);
  }

  @Test
  void aReportFileThatIsALinkIsNotReadAndIsSignalled() throws Exception {
    Path forged = Files.writeString(dir.resolve("forged.xml"), suite(passed(CLASS, "a()")));
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              writeReport(request, "TEST-real.xml", suite(failed(CLASS, "a()", "boom")));
              Files.createSymbolicLink(request.workspace().resolve(REPORTS).resolve("TEST-b.xml"), forged);
              return exits(1, "", "");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail()).isEqualTo("1 of 1 tests failed: fixture.CalculatorTest#a() (boom)");
    assertThat(outcome.tamperSignals())
        .containsExactly("report-link: build/test-reports/TEST-b.xml: a symbolic link in the"
            + " reports directory (to " + forged + "); not read");
  }

  @Test
  void aReportLeftInTheReportsDirectoryBeforeTheRunIsDeletedUnreadAndSignalled()
      throws Exception {
    Path reports = Files.createDirectories(workspace.resolve(REPORTS));
    Files.writeString(reports.resolve("TEST-forged.xml"), suite(passed(CLASS, "sumAddsEveryElement()")));
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              assertThat(request.workspace().resolve(REPORTS)).isEmptyDirectory();
              writeReport(request, "TEST-real.xml",
                  suite(failed(CLASS, "sumAddsEveryElement()", "expected: &lt;6&gt; but was: &lt;5&gt;")));
              return exits(1, "", "");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(CLASS + "#sumAddsEveryElement"), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail())
        .isEqualTo("failToPass test 'fixture.CalculatorTest#sumAddsEveryElement' failed"
            + " (fixture.CalculatorTest#sumAddsEveryElement()): expected: <6> but was: <5>");
    assertThat(outcome.tamperSignals())
        .containsExactly("pre-filled-report: build/test-reports: 1 file(s) were in the reports"
            + " directory before the run and were deleted unread: TEST-forged.xml");
    assertThat(evidence.resolve("reports/TEST-forged.xml")).doesNotExist();
  }

  @Test
  void aReportWrittenWithATimeBeforeTheRunIsNotCountedAndIsSignalled() throws Exception {
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              writeReport(request, "TEST-real.xml", suite(failed(CLASS, "sumAddsEveryElement()", "no")));
              // The code under test plants a passing report and backdates it.
              Path planted = writeReport(request, "TEST-planted.xml",
                  suite(passed(CLASS, "sumAddsEveryElement()"), passed(CLASS, "other()")));
              Files.setLastModifiedTime(planted, hourAgo);
              return exits(1, "", "");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail()).isEqualTo("1 of 1 tests failed: fixture.CalculatorTest#sumAddsEveryElement() (no)");
    assertThat(outcome.tamperSignals())
        .singleElement()
        .asString()
        .startsWith("pre-filled-report: build/test-reports/TEST-planted.xml: last modified " + hourAgo)
        .endsWith("; not counted");
    // Kept as evidence all the same.
    assertThat(evidence.resolve("reports/TEST-planted.xml")).exists();
  }

  @Test
  void onlyABackdatedReportIsNoReportAtAll() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              Path planted = writeReport(request, "TEST-planted.xml", suite(passed(CLASS, "a()")));
              Files.setLastModifiedTime(planted, FileTime.fromMillis(0));
              return exits(0, "", "");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).isEqualTo("the test command exited 0 but wrote no reports in 'build/test-reports'");
    assertThat(outcome.tamperSignals()).hasSize(1);
  }

  @Test
  void exitZeroWithFailuresInTheReportsFailsAndIsSignalled() throws Exception {
    ScriptedSandbox sandbox =
        script(0, "", suite(passed(CLASS, "a()"), failed(CLASS, "b()", "boom"), errored(CLASS, "c()", "npe")));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail())
        .isEqualTo("2 of 3 tests failed: fixture.CalculatorTest#b() (boom); fixture.CalculatorTest#c()"
            + " (npe); the test command exited 0 but its reports show 2 failures");
    assertThat(outcome.tamperSignals())
        .containsExactly("exit-code-mismatch: build/test-reports: the test command exited 0 but its"
            + " reports show 2 failures");
  }

  @Test
  void nonZeroExitWithEveryTestPassingIsTheForgedReportAndFails() throws Exception {
    ScriptedSandbox sandbox = script(1, "", suite(passed(CLASS, "a()"), passed(CLASS, "b()")));

    TrialOutcome outcome = run(sandbox, check(Set.of(CLASS + "#a"), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail()).isEqualTo("reports say all 2 tests passed but the command exited 1");
    assertThat(outcome.tamperSignals())
        .containsExactly("exit-code-mismatch: build/test-reports: reports say all 2 tests passed but"
            + " the command exited 1");
  }

  @Test
  void passLinesPrintedWhileTheReportsShowFailuresAreSignalled() throws Exception {
    String stdout =
        String.join(
            "\n",
            "[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s -- in a.ATest",
            "Tests run: 1, Failures: 0, Errors: 0, Skipped: 0",
            "Tests run: 3, Failures: 0, Errors: 0, Skipped: 0",
            "Tests run: 3, Failures: 0, Errors: 2, Skipped: 0",
            "OK (3 tests)",
            "BUILD SUCCESS");
    ScriptedSandbox sandbox =
        script(1, stdout, suite(passed(CLASS, "a()"), passed(CLASS, "b()"), failed(CLASS, "c()", "boom")));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    // Not a class's line (Time elapsed), not a summary of fewer tests than ran, not one with errors.
    assertThat(outcome.tamperSignals())
        .containsExactly(
            "forged-pass-line: the test command printed 'Tests run: 3, Failures: 0, Errors: 0,"
                + " Skipped: 0' but its reports show 1 failures",
            "forged-pass-line: the test command printed 'OK (3 tests)' but its reports show 1 failures",
            "forged-pass-line: the test command printed 'BUILD SUCCESS' but its reports show 1 failures");
  }

  @Test
  void otherRunnersPassLinesAreRecognisedOnStderrToo() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              writeReport(request, "TEST-a.xml", suite(failed(CLASS, "a()", "boom")));
              return exits(1, "", "[         0 tests failed          ]\n===== 1 passed in 0.01s =====\n"
                  + "Tests:       1 passed, 1 total\nBUILD SUCCESSFUL in 3s\n");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.tamperSignals()).hasSize(3).allMatch(s -> s.startsWith("forged-pass-line: "));
  }

  @Test
  void passLinesAreFineWhenTheReportsAgree() throws Exception {
    ScriptedSandbox sandbox = script(0, "Tests run: 1, Failures: 0\nBUILD SUCCESS\n", suite(passed(CLASS, "a()")));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
    assertThat(outcome.tamperSignals()).isEmpty();
  }

  @Test
  void namedTestsPassWhileOthersFailAndTheDetailSaysSo() throws Exception {
    ScriptedSandbox sandbox =
        script(1, "", suite(
            passed(CLASS, "sumAddsEveryElement()"),
            passed(CLASS, "sumOfOne(int)[1]"),
            passed(CLASS, "sumOfOne(int)[2]"),
            passed(CLASS, "maxPicksTheLarger()"),
            failed("fixture.OtherTest", "flaky()", "timeout")));

    TrialOutcome outcome =
        run(sandbox, check(Set.of(CLASS + "#sumAddsEveryElement", "CalculatorTest#sumOfOne"),
            Set.of(CLASS + "#maxPicksTheLarger()")));

    assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
    assertThat(outcome.detail())
        .isEqualTo("4 tests passed (3 named); 1 tests not named failed: fixture.OtherTest#flaky() (timeout)");
    assertThat(outcome.tamperSignals()).isEmpty();
  }

  @Test
  void aNamedTestThatIsMissingSkippedOrFailedFails() throws Exception {
    ScriptedSandbox sandbox =
        script(1, "", suite(
            passed(CLASS, "sumOfOne(int)[1]"),
            failed(CLASS, "sumOfOne(int)[2]", "expected: &lt;7&gt; but was: &lt;0&gt;"),
            skipped(CLASS, "maxPicksTheLarger()"),
            passed(CLASS, "sumOfNothingIsZero()")));

    TrialOutcome outcome =
        run(sandbox, check(Set.of(CLASS + "#sumOfOne", CLASS + "#sumHandlesOverflow"),
            Set.of(CLASS + "#maxPicksTheLarger", CLASS + "#sumOfNothingIsZero")));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail().split("; "))
        .containsExactlyInAnyOrder(
            "failToPass test 'fixture.CalculatorTest#sumOfOne' failed"
                + " (fixture.CalculatorTest#sumOfOne(int)[2]): expected: <7> but was: <0>",
            "failToPass test 'fixture.CalculatorTest#sumHandlesOverflow' did not run: no test case"
                + " in the reports matches it",
            "passToPass test 'fixture.CalculatorTest#maxPicksTheLarger' was skipped"
                + " (fixture.CalculatorTest#maxPicksTheLarger()): disabled");
  }

  @Test
  void aNamedClassMustPassInEveryTestCase() throws Exception {
    ScriptedSandbox sandbox =
        script(1, "", suite(passed(CLASS, "a()"), errored(CLASS, "b()", "npe"), passed("fixture.OtherTest", "c()")));

    TrialOutcome outcome = run(sandbox, check(Set.of(CLASS), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail())
        .isEqualTo("failToPass test 'fixture.CalculatorTest' errored (fixture.CalculatorTest#b()): npe");
  }

  @Test
  void withoutNamedTestsTheFirstFewFailuresAreListed() throws Exception {
    String[] cases = new String[8];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = failed(CLASS, "t" + i + "()", "m" + i);
    }
    ScriptedSandbox sandbox = script(1, "", suite(cases));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.detail())
        .isEqualTo("8 of 8 tests failed: fixture.CalculatorTest#t0() (m0); fixture.CalculatorTest#t1()"
            + " (m1); fixture.CalculatorTest#t2() (m2); fixture.CalculatorTest#t3() (m3);"
            + " fixture.CalculatorTest#t4() (m4); and 3 more");
  }

  @Test
  void reportsAcrossFilesAndFormatsAddUp() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              writeReport(request, "TEST-a.xml", suite(passed(CLASS, "a()")));
              writeReport(request, "nested/junit.xml",
                  "<testsuites><testsuite name=\"x\">" + passed("tests.test_x", "test_y[1]")
                      + "</testsuite></testsuites>");
              writeReport(request, "summary.txt", "not a report");
              writeReport(request, "events.xml", "<e:events xmlns:e=\"urn:x\"/>");
              return exits(0, "", "");
            });

    TrialOutcome outcome = run(sandbox, check(Set.of("tests.test_x#test_y"), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
    assertThat(outcome.detail()).isEqualTo("2 tests passed (1 named)");
    assertThat(evidence.resolve("reports/nested/junit.xml")).exists();
  }

  @Test
  void noReportsAndANonZeroExitIsABuildThatCouldNotRun() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(request -> exits(127, "", "sh: 1: gradle: not found\n"));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .isEqualTo("the test command exited 127 and wrote no reports: stderr ended with 'sh: 1:"
            + " gradle: not found'");
  }

  @Test
  void aBuildThatFailsBeforeAnyTestRunsIsAFailOfTheCandidate() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> exits(1, "", "CalculatorTest.java:12: error: cannot find symbol\n  sum(int[])\n"));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail())
        .startsWith("the build failed before any test ran (the test command exited 1 and wrote no reports)")
        .contains("cannot find symbol");
  }

  @Test
  void aBuildThatNeededTheNetworkIsInvalid() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request ->
                exits(
                    1,
                    "[ERROR] Failed to execute goal: Could not resolve dependencies for project x: "
                        + "java.net.UnknownHostException: repo.maven.apache.org\n",
                    ""));

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).startsWith("the build needed the network");
  }

  @Test
  void noReportsAndExitZeroIsInvalid() throws Exception {
    TrialOutcome outcome =
        run(new ScriptedSandbox(request -> exits(0, "nothing to do\n", "")), check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).isEqualTo("the test command exited 0 but wrote no reports in 'build/test-reports'");
  }

  @Test
  void anEmptySuiteIsZeroTestsAndInvalid() throws Exception {
    TrialOutcome outcome = run(script(0, "", suite()), check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .isEqualTo("no tests ran: the reports in 'build/test-reports' hold no test cases (the command"
            + " exited 0)");
  }

  @Test
  void onlySkippedTestsIsZeroTestsAndInvalidEvenWithNamedTests() throws Exception {
    TrialOutcome outcome =
        run(script(0, "", suite(skipped(CLASS, "a()"), skipped(CLASS, "b()"))),
            check(Set.of(CLASS + "#a"), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .isEqualTo("no tests ran: the reports in 'build/test-reports' hold only 2 skipped test cases"
            + " (the command exited 0)");
  }

  @Test
  void aMalformedReportIsInvalidNamingIt() throws Exception {
    TrialOutcome outcome =
        run(script(1, "", "<testsuite><testcase name=\"a\"></testsuite>"), check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).startsWith("the test report 'build/test-reports/TEST-suite.xml' is malformed: line 1");
  }

  @Test
  void anXxeReportIsInvalidAndLeaksNothing() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE testsuite [<!ENTITY leak SYSTEM \"" + secret.toUri()
            + "\">]><testsuite><testcase classname=\"a\" name=\"&leak;\"/></testsuite>";

    TrialOutcome outcome = run(script(0, "", xxe), check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).contains("DOCTYPE").doesNotContain("TOP-SECRET-VALUE");
  }

  @Test
  void aSandboxFailureIsInvalid() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(request -> {
          throw new SandboxException("bubblewrap is not installed");
        });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).isEqualTo("the sandbox could not run the test command: bubblewrap is not installed");
  }

  @Test
  void aTimeoutIsInvalidEvenWithReports() throws Exception {
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              writeReport(request, "TEST-a.xml", suite(passed(CLASS, "a()")));
              return new ExecResult(-1, "", "still compiling\n", true, false, Duration.ofSeconds(30), null);
            });

    TrialOutcome outcome = run(sandbox, check(Set.of(), Set.of()));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).isEqualTo("the test command timed out after 30s; stderr ended with 'still compiling'");
  }

  @Test
  void truncatedOutputIsSavedWhole() throws Exception {
    Path spill = Files.createDirectories(dir.resolve("spill"));
    Files.writeString(spill.resolve("run-1.stdout"), "the whole stdout");
    Files.writeString(spill.resolve("run-1.stderr"), "the whole stderr");
    ScriptedSandbox sandbox =
        new ScriptedSandbox(
            request -> {
              writeReport(request, "TEST-a.xml", suite(passed(CLASS, "a()")));
              return new ExecResult(0, "the head", "", false, true, Duration.ofSeconds(1), spill.resolve("run-1.stdout"));
            });

    run(sandbox, check(Set.of(), Set.of()));

    assertThat(evidence.resolve("test-command.stdout.full.txt")).hasContent("the whole stdout");
    assertThat(evidence.resolve("test-command.stderr.full.txt")).hasContent("the whole stderr");
    assertThat(evidence.resolve(TestSuiteRunner.STDOUT_EVIDENCE)).hasContent("the head");
  }

  @Test
  void anotherKindOfCheckIsInvalid() throws Exception {
    Scenario scenario = Scenario.builder("c").title("c").check(CommandCheck.exitsZero("true")).build();
    ScriptedSandbox sandbox = passing();

    TrialOutcome outcome =
        runner.run(
            new Trials.Context(
                scenario, workspace, scenarioDirectory, sandbox, SandboxPolicy.strict(), evidence));

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail()).isEqualTo("scenario 'c' is a 'command' check; the test-suite runner runs only test-suite checks");
    assertThat(sandbox.requests).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.
  // ---------------------------------------------------------------------------------------------

  private TrialOutcome run(ScriptedSandbox sandbox, TestSuiteCheck check) throws Exception {
    Scenario scenario = scenario(check);
    return runner.run(Trials.context(scenario, workspace, scenarioDirectory, sandbox, evidence, b -> b));
  }

  private static Scenario scenario(TestSuiteCheck check) {
    return Scenario.builder("hidden-tests")
        .title("Hidden calculator tests")
        .holdout()
        .timeout(Duration.ofSeconds(30))
        .check(check)
        .build();
  }

  private static TestSuiteCheck check(Set<String> failToPass, Set<String> passToPass) {
    return new TestSuiteCheck(COMMAND, REPORTS, Map.of(HIDDEN, "CalculatorTest.java"), failToPass, passToPass);
  }

  private static ScriptedSandbox passing() {
    return script(0, "", suite(passed(CLASS, "a()")));
  }

  /** A command that writes {@code report} as TEST-suite.xml and exits with {@code exit}. */
  private static ScriptedSandbox script(int exit, String stdout, String report) {
    return new ScriptedSandbox(
        request -> {
          writeReport(request, "TEST-suite.xml", report);
          return exits(exit, stdout, "");
        });
  }

  private static Path writeReport(ExecRequest request, String name, String xml) throws Exception {
    Path file = request.workspace().resolve(REPORTS).resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, xml);
  }
}

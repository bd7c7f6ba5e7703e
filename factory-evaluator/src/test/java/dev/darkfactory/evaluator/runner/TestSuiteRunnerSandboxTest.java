package dev.darkfactory.evaluator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs in the bubblewrap sandbox: a small Java project with a bug ({@code
 * fixture-calculator/buggy}), its fix ({@code fixed}) and hidden JUnit 5 tests ({@code holdout}),
 * compiled with the JDK's {@code javac} and run with the JUnit Platform console launcher, which
 * Maven copies to {@code target/test-tools} and names in the {@code junit.console.jar} property.
 *
 * <p>Skipped, saying why, when bubblewrap cannot isolate here or the JDK has no {@code javac};
 * on CI ({@code CI=true}) a sandbox that cannot isolate is a failure.
 */
class TestSuiteRunnerSandboxTest {

  private static final String HIDDEN = "src/test/java/fixture/CalculatorTest.java";
  private static final String REPORTS = "build/test-reports";
  private static final String FAIL_TO_PASS = "fixture.CalculatorTest#sumAddsEveryElement";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static @Nullable BubblewrapSandbox sandbox;
  private static Path java = Path.of("java");
  private static Path javac = Path.of("javac");
  private static Path consoleJar = Path.of("junit-platform-console-standalone.jar");
  private static Path fixture = Path.of("fixture-calculator");

  @TempDir Path dir;

  private final TestSuiteRunner runner = new TestSuiteRunner();

  @BeforeAll
  static void requireTheTools() throws URISyntaxException {
    BubblewrapSandbox candidate = BubblewrapSandbox.builder().build();
    SandboxHealth health = candidate.doctor();
    if (!health.isolates()) {
      String why =
          "bubblewrap cannot isolate on this machine: " + String.join("; ", health.details());
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true, where a sandbox that cannot isolate is a failure, not a skip)");
      }
      org.junit.jupiter.api.Assumptions.abort(why + "; skipping the real test-suite runs");
    }
    Path javaHome = Path.of(System.getProperty("java.home"));
    java = javaHome.resolve("bin/java");
    javac = javaHome.resolve("bin/javac");
    if (!Files.isExecutable(javac)) {
      org.junit.jupiter.api.Assumptions.abort(
          "java.home " + javaHome + " is a JRE without javac; skipping the real test-suite runs");
    }
    String jar = System.getProperty("junit.console.jar");
    if (jar == null) {
      org.junit.jupiter.api.Assumptions.abort(
          "the junit.console.jar property is not set (Maven sets it); skipping the real runs");
    }
    consoleJar = Path.of(jar).toAbsolutePath();
    assertThat(consoleJar)
        .as("the console launcher Maven copies in generate-test-resources")
        .isRegularFile();
    fixture =
        Path.of(
            Objects.requireNonNull(
                    TestSuiteRunnerSandboxTest.class.getResource("/fixture-calculator/holdout"))
                .toURI())
            .getParent();
    sandbox = candidate;
  }

  @Test
  void theFixPasses() throws Exception {
    TrialOutcome outcome = run("fixed", testCommand(""), Set.of(FAIL_TO_PASS), Set.of());

    assertThat(outcome.detail()).isEqualTo("5 tests passed (1 named)");
    assertThat(outcome.verdict()).isEqualTo(Verdict.PASS);
    assertThat(outcome.tamperSignals()).isEmpty();
    assertThat(dir.resolve("evidence/reports/TEST-junit-jupiter.xml")).isRegularFile();
  }

  @Test
  void theBugFailsNamingTheFailToPassTest() throws Exception {
    TrialOutcome outcome =
        run(
            "buggy",
            testCommand(""),
            Set.of(FAIL_TO_PASS),
            Set.of("fixture.CalculatorTest#maxPicksTheLarger"));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail())
        .isEqualTo(
            "failToPass test 'fixture.CalculatorTest#sumAddsEveryElement' failed"
                + " (fixture.CalculatorTest#sumAddsEveryElement()): expected: <6> but was: <5>");
    assertThat(outcome.tamperSignals()).isEmpty();
  }

  @Test
  void aForgedPassLineOverFailingReportsFailsWithASignal() throws Exception {
    // The buggy build fails (exit 1) and then prints Surefire's all-passed summary.
    TrialOutcome outcome =
        run(
            "buggy",
            testCommand("; echo 'Tests run: 5, Failures: 0, Errors: 0, Skipped: 0'; exit 1"),
            Set.of(),
            Set.of());

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail()).startsWith("3 of 5 tests failed: ");
    assertThat(outcome.tamperSignals())
        .containsExactly(
            "forged-pass-line: the test command printed 'Tests run: 5, Failures: 0, Errors: 0,"
                + " Skipped: 0' but its reports show 3 failures");
  }

  @Test
  void aPreFilledReportIsNotCountedAndIsSignalled() throws Exception {
    Path workspace = workspace("buggy");
    Path reports = Files.createDirectories(workspace.resolve(REPORTS));
    // The candidate ships a report saying its fail-to-pass test passed, and keeps a backdated copy
    // that its build puts back after the launcher ran.
    String forged =
        "<testsuite name=\"JUnit Jupiter\" tests=\"5\" failures=\"0\">"
            + "<testcase classname=\"fixture.CalculatorTest\" name=\"sumAddsEveryElement()\"/>"
            + "</testsuite>";
    Files.writeString(reports.resolve("TEST-junit-jupiter.xml"), forged);
    Files.writeString(workspace.resolve("forged.xml"), forged);

    TrialOutcome outcome =
        run(
            workspace,
            testCommand(
                "; status=$?; cp --preserve=timestamps forged.xml "
                    + REPORTS
                    + "/TEST-forged.xml; touch -d '2001-01-02 12:00' "
                    + REPORTS
                    + "/TEST-forged.xml; exit $status"),
            Set.of(FAIL_TO_PASS),
            Set.of());

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail()).startsWith("failToPass test '" + FAIL_TO_PASS + "' failed");
    assertThat(outcome.tamperSignals())
        .hasSize(2)
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith(
                        "pre-filled-report: build/test-reports: 1 file(s) were in the reports"
                            + " directory before the run"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith(
                        "pre-filled-report: build/test-reports/TEST-forged.xml: last modified"
                            + " 2001-01-02"));
  }

  @Test
  void aNamedTestThatIsMissingFails() throws Exception {
    TrialOutcome outcome =
        run("fixed", testCommand(""), Set.of("fixture.CalculatorTest#sumHandlesOverflow"), Set.of());

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.detail())
        .isEqualTo(
            "failToPass test 'fixture.CalculatorTest#sumHandlesOverflow' did not run: no test case"
                + " in the reports matches it");
  }

  @Test
  void zeroTestsIsInvalid() throws Exception {
    // The launcher selects no test class and exits 0 with empty reports.
    TrialOutcome outcome =
        run(
            "fixed",
            List.of(
                "/bin/sh",
                "-c",
                compile()
                    + " && "
                    + launch()
                    + " --include-classname '.*NoSuchTest'"),
            Set.of(),
            Set.of());

    assertThat(outcome.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(outcome.detail())
        .isEqualTo(
            "no tests ran: the reports in 'build/test-reports' hold no test cases (the command"
                + " exited 0)");
  }

  @Test
  void aBrokenBuildToolIsInvalid() throws Exception {
    TrialOutcome missingTool =
        run("fixed", List.of("/bin/sh", "-c", "mvn-not-installed -q test"), Set.of(), Set.of());
    TrialOutcome missingJavac =
        run(
            "fixed",
            List.of(
                "/bin/sh",
                "-c",
                "PATH=/nowhere; javac -d build/classes src/main/java/fixture/Calculator.java"),
            Set.of(),
            Set.of());

    assertThat(missingTool.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(missingTool.detail())
        .startsWith("the test command exited 127 and wrote no reports: stderr ended with '")
        .contains("mvn-not-installed")
        .contains("not found");
    assertThat(missingJavac.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(missingJavac.detail())
        .startsWith("the test command exited 127 and wrote no reports: ")
        .contains("javac");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.
  // ---------------------------------------------------------------------------------------------

  /** Compiles the project and its hidden tests, then runs the launcher, then {@code after}. */
  private static List<String> testCommand(String after) {
    return List.of("/bin/sh", "-c", compile() + " && " + launch() + after);
  }

  private static String compile() {
    return javac
        + " -nowarn -d build/classes -cp "
        + consoleJar
        + " src/main/java/fixture/Calculator.java "
        + HIDDEN;
  }

  private static String launch() {
    return java
        + " -Xshare:auto -XX:TieredStopAtLevel=1 -jar "
        + consoleJar
        + " execute --disable-banner --details=none --disable-ansi-colors"
        + " --class-path build/classes --scan-class-path --reports-dir "
        + REPORTS;
  }

  private TrialOutcome run(
      String version, List<String> command, Set<String> failToPass, Set<String> passToPass)
      throws Exception {
    return run(workspace(version), command, failToPass, passToPass);
  }

  private TrialOutcome run(
      Path workspace, List<String> command, Set<String> failToPass, Set<String> passToPass)
      throws Exception {
    Scenario scenario =
        Scenario.builder("hidden-calculator-tests")
            .title("The hidden calculator tests pass")
            .holdout()
            .timeout(TIMEOUT)
            .check(
                new TestSuiteCheck(
                    command, REPORTS, Map.of(HIDDEN, "CalculatorTest.java"), failToPass, passToPass))
            .build();
    Path evidence = dir.resolve("evidence");
    return runner.run(
        Trials.context(
            scenario,
            workspace,
            fixture.resolve("holdout"),
            Objects.requireNonNull(sandbox),
            evidence,
            b -> b.hostReadOnlyMount(consoleJar.getParent())));
  }

  /** A fresh workspace holding the fixture's {@code buggy} or {@code fixed} sources. */
  private Path workspace(String version) throws IOException {
    Path workspace = Files.createTempDirectory(dir, "workspace-" + version + "-");
    Path source = fixture.resolve(version);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(source)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path file : files) {
      Path target = workspace.resolve(source.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.copy(file, target);
    }
    return workspace;
  }
}

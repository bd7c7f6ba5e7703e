package dev.darkfactory.evaluator.runner;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.evaluator.PathGlobs;
import dev.darkfactory.evaluator.tamper.TamperSignal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TestSuiteCheck} scenarios ({@code kind: test-suite}): copies the hidden test files
 * into the trial's checkout, runs the test command in the sandbox, and grades the JUnit XML
 * reports it wrote.
 *
 * <p>One trial, in order:
 *
 * <ol>
 *   <li>Each of the check's {@linkplain TestSuiteCheck#files() files} is copied from the scenario's
 *       directory to its destination in the workspace (a directory is copied whole). A source that
 *       leads out of the scenario directory, by {@code ..} or a symbolic link, or a scenario built
 *       in code without a directory, makes the trial INVALID; so does a symbolic link in the
 *       workspace on the way to a destination, which is also a tamper signal (nothing is ever
 *       written through a link the candidate could have planted).
 *   <li>The reports directory is deleted and created empty; a file found there was put there by
 *       someone other than this run and is a tamper signal. The directory's own modification time
 *       marks the start of the run.
 *   <li>The command runs in the sandbox at the workspace root, bounded by the scenario's timeout,
 *       under the trial's policy minus any read-only path that is the reports directory or below
 *       it (the command must write there); a read-only path that still covers the reports
 *       directory makes the trial INVALID. Its full stdout and stderr are written to the evidence
 *       directory.
 *   <li>Every regular {@code .xml} file in the reports directory is copied into {@code reports/}
 *       of the evidence directory, and the copies are parsed. A file last modified before the run
 *       started was pre-filled: it is not counted, and it is a tamper signal; a symbolic link is
 *       not read, and is a tamper signal. A malformed file (or one with a {@code DOCTYPE}) makes
 *       the trial INVALID, naming it. Files whose root is neither {@code testsuite} nor {@code
 *       testsuites} are ignored.
 * </ol>
 *
 * <p>The verdict, counting test cases rather than trusting the suites' totals:
 *
 * <ul>
 *   <li>INVALID when the sandbox could not run the command, when it timed out, when the build tool
 *       could not be found or run (exit 126 or 127 and no report), when the build needed the
 *       network (no report, and the output says a host or repository could not be reached), when
 *       it exited 0 without a report, or when no test case executed (none, or all skipped).
 *   <li>FAIL when the build ran and failed before any test did (any other non-zero exit with no
 *       report: the candidate does not compile, alone or against the hidden tests); when a named fail-to-pass or pass-to-pass test ({@code Class#method} or {@code
 *       Class}, matched as in {@code JUnitReports.matches}) is missing, skipped or failed; when no
 *       test is named and any executed test failed or errored; and when the exit code contradicts
 *       the reports: exit 0 with failures in them, or a non-zero exit although every test passed
 *       (the classic forged report). Both contradictions are also tamper signals, as is a runner's
 *       pass line ({@code Tests run: 5, Failures: 0}, {@code BUILD SUCCESS}, {@code OK (5 tests)},
 *       {@code [ 0 tests failed ]}, pytest's {@code 5 passed}) printed while the reports show
 *       failures.
 *   <li>PASS otherwise. With named tests, other tests may fail (the detail lists them).
 * </ul>
 *
 * <p>Instances hold no state and are safe to share between threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TestSuiteRunner implements ScenarioRunner {

  /** Phrases build tools print when they cannot reach a repository or registry. */
  private static final List<String> NETWORK_FAILURES =
      List.of(
          "unknownhostexception",
          "temporary failure in name resolution",
          "network is unreachable",
          "could not resolve dependencies",
          "could not transfer artifact",
          "could not resolve host",
          "getaddrinfo enotfound",
          "eai_again",
          "failed to establish a new connection");

  /** The directory of the evidence directory that receives the copied reports. */
  public static final String REPORTS_EVIDENCE = "reports";

  /** The file of the evidence directory that receives the command's standard output. */
  public static final String STDOUT_EVIDENCE = "test-command.stdout.txt";

  /** The file of the evidence directory that receives the command's standard error. */
  public static final String STDERR_EVIDENCE = "test-command.stderr.txt";

  private static final Logger LOG = LoggerFactory.getLogger(TestSuiteRunner.class);
  private static final int EXCERPT = 300;
  private static final int LISTED = 5;
  private static final int MAX_REPORT_FILES = 10_000;

  /** Lines test runners print when everything passed; group 1 is the count, when there is one. */
  private static final List<Pattern> PASS_LINES =
      List.of(
          // Maven Surefire's summary (its per-class lines carry "Time elapsed" and are skipped).
          Pattern.compile("Tests run: (\\d+), Failures: 0(?!\\d)(?!.*Errors: [1-9])"),
          Pattern.compile("BUILD SUCCESS(?:FUL)?()"),
          // JUnit 4's text runner.
          Pattern.compile("\\bOK \\((\\d+) tests?\\)"),
          // The JUnit Platform console launcher's summary.
          Pattern.compile("\\[\\s*0 tests failed\\s*]()"),
          // pytest's summary when nothing failed.
          Pattern.compile("^=+ (\\d+) passed\\b(?!.*\\b(?:failed|errors?)\\b)"),
          // Jest's summary when nothing failed.
          Pattern.compile("^Tests:\\s+(\\d+) passed, \\d+ total"));

  /** Creates the runner; it has no settings. */
  public TestSuiteRunner() {}

  /** Returns {@value TestSuiteCheck#KIND}. */
  @Override
  public String kind() {
    return TestSuiteCheck.KIND;
  }

  /**
   * The destination of every test file plus the reports directory.
   *
   * @param scenario a test-suite scenario
   * @return the paths, relative to the workspace
   * @throws IllegalArgumentException when the scenario is of another kind
   */
  @Override
  public Set<String> holdoutPaths(Scenario scenario) {
    if (!(scenario.check() instanceof TestSuiteCheck check)) {
      throw new IllegalArgumentException(
          "scenario '"
              + scenario.id()
              + "' is a '"
              + scenario.check().kind()
              + "' check, not "
              + TestSuiteCheck.KIND);
    }
    Set<String> paths = new LinkedHashSet<>(new TreeMap<>(check.files()).keySet());
    paths.add(check.reports());
    return Collections.unmodifiableSet(paths);
  }

  /**
   * Runs one trial as the class comment describes.
   *
   * @param trial the prepared checkout, the sandbox and its policy, and the evidence directory
   * @return PASS, FAIL or INVALID with a detail, and any tamper signal seen
   * @throws InterruptedException when interrupted while the command runs
   */
  @Override
  public TrialOutcome run(TrialContext trial) throws InterruptedException {
    Scenario scenario = trial.scenario();
    if (!(scenario.check() instanceof TestSuiteCheck check)) {
      return TrialOutcome.invalid(
          "scenario '"
              + scenario.id()
              + "' is a '"
              + scenario.check().kind()
              + "' check; the test-suite runner runs only "
              + TestSuiteCheck.KIND
              + " checks");
    }
    Attempt attempt = new Attempt(trial, check);
    TrialOutcome outcome;
    try {
      outcome = attempt.run();
    } catch (Invalid e) {
      outcome = TrialOutcome.invalid(e.getMessage());
    }
    for (String signal : attempt.signals) {
      outcome = outcome.withTamperSignal(signal);
    }
    LOG.debug(
        "test-suite runner: scenario {} trial {}: {} ({}){}",
        scenario.id(),
        trial.trial(),
        outcome.verdict(),
        outcome.detail(),
        attempt.signals.isEmpty() ? "" : "; tamper signals: " + attempt.signals);
    return outcome;
  }

  /** A trial that cannot decide; its message is the detail. */
  private static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** What the reports directory held after the run. */
  private record Collected(int reportFiles, List<JUnitReports.TestCase> cases) {}

  /** One trial's state. */
  private static final class Attempt {
    private final TrialContext trial;
    private final TestSuiteCheck check;
    private final Path workspace;
    private final Path evidence;
    private final String reportsName;
    private final List<String> signals = new ArrayList<>();

    Attempt(TrialContext trial, TestSuiteCheck check) {
      this.trial = trial;
      this.check = check;
      this.workspace = trial.workspace().toAbsolutePath().normalize();
      this.evidence = trial.evidenceDirectory().toAbsolutePath().normalize();
      this.reportsName = strip(check.reports());
    }

    TrialOutcome run() throws Invalid, InterruptedException {
      copyMaterial();
      SandboxPolicy policy = policy();
      Path reports = inWorkspace(check.reports(), "the reports directory");
      FileTime runStart = prepareReports(reports);
      Instant started = trial.clock().instant();
      LOG.debug(
          "test-suite runner: scenario {} trial {}: running {} at {} (reports in {}, file time {})",
          trial.scenario().id(),
          trial.trial(),
          check.command(),
          started,
          reportsName,
          runStart);
      ExecResult result;
      try {
        result =
            trial
                .sandbox()
                .exec(
                    new ExecRequest(
                        workspace,
                        ".",
                        check.command(),
                        Map.of(),
                        "",
                        trial.scenario().timeout(),
                        policy));
      } catch (SandboxException e) {
        throw new Invalid(
            "the sandbox could not run the test command: "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
      saveOutput(result);
      if (result.timedOut()) {
        throw new Invalid(
            "the test command timed out after "
                + seconds(trial.scenario().timeout())
                + outputExcerpt(result).map(e -> "; " + e).orElse(""));
      }
      Collected collected = collectReports(reports, runStart);
      return decide(result, collected);
    }

    // -------------------------------------------------------------------------------------------
    // Before the run.
    // -------------------------------------------------------------------------------------------

    private void copyMaterial() throws Invalid {
      if (check.files().isEmpty()) {
        return;
      }
      Optional<Path> directory = trial.scenarioDirectory();
      if (directory.isEmpty()) {
        throw new Invalid(
            "scenario '"
                + trial.scenario().id()
                + "' names "
                + check.files().size()
                + " test files but was built in code without a directory to read them from");
      }
      Path base;
      try {
        base = directory.get().toRealPath();
      } catch (IOException e) {
        throw new Invalid("cannot read the scenario directory " + directory.get() + ": " + e);
      }
      for (Map.Entry<String, String> file : new TreeMap<>(check.files()).entrySet()) {
        String from = file.getValue();
        Path source = base.resolve(from).normalize();
        if (!source.startsWith(base)) {
          throw new Invalid(
              "test file source '" + from + "' leads out of the scenario directory " + base);
        }
        Path real;
        try {
          real = source.toRealPath();
        } catch (NoSuchFileException e) {
          throw new Invalid("test file source '" + from + "' does not exist in " + base);
        } catch (IOException e) {
          throw new Invalid("cannot read test file source '" + from + "': " + e);
        }
        if (!real.startsWith(base)) {
          throw new Invalid(
              "test file source '"
                  + from
                  + "' leads out of the scenario directory "
                  + base
                  + " through a symbolic link (to "
                  + real
                  + ")");
        }
        Path target = inWorkspace(file.getKey(), "test file destination");
        try {
          if (Files.isDirectory(real)) {
            copyTree(real, target, from);
          } else {
            copyFile(real, target);
          }
        } catch (IOException e) {
          throw new Invalid(
              "cannot copy test file '" + from + "' to '" + file.getKey() + "': " + e);
        }
      }
    }

    private static void copyTree(Path source, Path target, String from)
        throws IOException, Invalid {
      List<Path> entries;
      try (Stream<Path> walk = Files.walk(source)) {
        entries = walk.sorted().toList();
      }
      for (Path entry : entries) {
        Path to = target.resolve(source.relativize(entry).toString());
        if (Files.isSymbolicLink(entry)) {
          throw new Invalid(
              "test file source '"
                  + from
                  + "' holds the symbolic link "
                  + source.relativize(entry)
                  + "; test material must be plain files");
        }
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(to);
        } else {
          copyFile(entry, to);
        }
      }
    }

    private static void copyFile(Path source, Path target) throws IOException {
      Path parent = target.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // REPLACE_EXISTING replaces a link at the target itself, never what it points to.
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The workspace path {@code relative} leads to, refusing (INVALID and a tamper signal) when a
     * symbolic link lies on the way or at its end: anything written through it could land outside
     * the workspace, on the host.
     */
    private Path inWorkspace(String relative, String what) throws Invalid {
      Path target = workspace.resolve(strip(relative)).normalize();
      if (!target.startsWith(workspace) || target.equals(workspace)) {
        throw new Invalid(what + " '" + relative + "' is not inside the workspace");
      }
      Path inside = workspace.relativize(target);
      Path at = workspace;
      for (Path part : inside) {
        at = at.resolve(part.toString());
        if (Files.isSymbolicLink(at)) {
          String link = workspace.relativize(at).toString();
          signals.add(
              new TamperSignal(
                      "holdout-path-link",
                      link,
                      "a symbolic link where the scenario writes "
                          + what
                          + " '"
                          + relative
                          + "'; nothing is written through it")
                  .describe());
          throw new Invalid(
              "the workspace path '"
                  + link
                  + "' is a symbolic link; "
                  + what
                  + " '"
                  + relative
                  + "' is not written through it");
        }
        if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
          break;
        }
      }
      return target;
    }

    /**
     * The trial's policy with the reports directory writable: read-only paths that are the
     * directory or below it are dropped; one that still covers it makes the trial INVALID.
     */
    private SandboxPolicy policy() throws Invalid {
      SandboxPolicy given = trial.policy();
      List<String> readOnly = new ArrayList<>();
      for (String glob : given.readOnlyPaths()) {
        String g = strip(glob);
        if (g.equals(reportsName) || g.startsWith(reportsName + "/")) {
          continue;
        }
        if (PathGlobs.matches(glob, reportsName)) {
          throw new Invalid(
              "the reports directory '"
                  + check.reports()
                  + "' is read-only under the read-only path '"
                  + glob
                  + "'; the test command could not write its reports (choose a reports directory"
                  + " outside the protected paths)");
        }
        readOnly.add(glob);
      }
      return new SandboxPolicy(
          given.network(),
          readOnly,
          given.hostReadOnlyMounts(),
          given.environmentAllowlist(),
          given.maxOutputBytes(),
          given.maxProcesses(),
          given.maxFileSizeBytes(),
          given.maxMemoryBytes());
    }

    /**
     * Empties the reports directory (signalling anything found there) and returns its
     * modification time once created empty: the file-system time the run starts at.
     */
    private FileTime prepareReports(Path reports) throws Invalid {
      try {
        if (Files.exists(reports, LinkOption.NOFOLLOW_LINKS)) {
          List<String> found = new ArrayList<>();
          if (Files.isDirectory(reports, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(reports)) {
              walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                  .map(p -> reports.relativize(p).toString())
                  .sorted()
                  .forEach(found::add);
            }
          } else {
            found.add(".");
          }
          if (!found.isEmpty()) {
            signals.add(
                new TamperSignal(
                        "pre-filled-report",
                        check.reports(),
                        found.size()
                            + " file(s) were in the reports directory before the run and were"
                            + " deleted unread: "
                            + listed(found))
                    .describe());
          }
          deleteTree(reports);
        }
        Files.createDirectories(reports);
        return Files.getLastModifiedTime(reports, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new Invalid("cannot empty the reports directory '" + check.reports() + "': " + e);
      }
    }

    // -------------------------------------------------------------------------------------------
    // After the run.
    // -------------------------------------------------------------------------------------------

    private void saveOutput(ExecResult result) throws Invalid {
      try {
        Files.createDirectories(evidence);
        Files.writeString(
            evidence.resolve(STDOUT_EVIDENCE), result.stdout(), StandardCharsets.UTF_8);
        Files.writeString(
            evidence.resolve(STDERR_EVIDENCE), result.stderr(), StandardCharsets.UTF_8);
        Optional<Path> full = result.fullOutputFile();
        if (result.truncated() && full.isPresent()) {
          // The sandbox saves each stream whole beside its twin: <id>.stdout and <id>.stderr.
          String name = full.get().getFileName().toString();
          String id = name.replaceFirst("\\.(stdout|stderr)$", "");
          Path dir = full.get().getParent();
          for (String stream : List.of("stdout", "stderr")) {
            Path saved = dir == null ? Path.of(id + "." + stream) : dir.resolve(id + "." + stream);
            if (Files.isRegularFile(saved)) {
              Files.copy(
                  saved,
                  evidence.resolve("test-command." + stream + ".full.txt"),
                  StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } catch (IOException e) {
        throw new Invalid("cannot write the test command's output to " + evidence + ": " + e);
      }
    }

    /**
     * Copies every regular XML file of the reports directory into the evidence directory and
     * parses the copies, skipping (and signalling) files older than the run and links.
     */
    private Collected collectReports(Path reports, FileTime runStart) throws Invalid {
      // The command could have swapped the directory, or a directory above it, for a link.
      inWorkspace(check.reports(), "the reports directory");
      if (!Files.isDirectory(reports, LinkOption.NOFOLLOW_LINKS)) {
        return new Collected(0, List.of());
      }
      Path copies = evidence.resolve(REPORTS_EVIDENCE);
      List<Path> entries;
      try (Stream<Path> walk = Files.walk(reports)) {
        entries = walk.filter(p -> !p.equals(reports)).sorted().toList();
      } catch (IOException e) {
        throw new Invalid("cannot list the reports directory '" + check.reports() + "': " + e);
      }
      int files = 0;
      List<JUnitReports.TestCase> cases = new ArrayList<>();
      for (Path entry : entries) {
        String relative = reports.relativize(entry).toString();
        String shown = reportsName + "/" + relative;
        if (!relative.toLowerCase(Locale.ROOT).endsWith(".xml")) {
          continue;
        }
        try {
          BasicFileAttributes attributes =
              Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (attributes.isSymbolicLink()) {
            signals.add(
                new TamperSignal(
                        "report-link",
                        shown,
                        "a symbolic link in the reports directory (to "
                            + Files.readSymbolicLink(entry)
                            + "); not read")
                    .describe());
            continue;
          }
          if (!attributes.isRegularFile()) {
            continue;
          }
          if (++files > MAX_REPORT_FILES) {
            throw new Invalid(
                "the reports directory '"
                    + check.reports()
                    + "' holds more than "
                    + MAX_REPORT_FILES
                    + " XML files");
          }
          Path copy = copies.resolve(relative);
          Files.createDirectories(copy.getParent());
          Files.copy(
              entry, copy, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
          FileTime modified = attributes.lastModifiedTime();
          if (modified.compareTo(runStart) < 0) {
            files--;
            signals.add(
                new TamperSignal(
                        "pre-filled-report",
                        shown,
                        "last modified "
                            + modified
                            + ", before the test run started ("
                            + runStart
                            + "); not counted")
                    .describe());
            continue;
          }
          JUnitReports.Report report = JUnitReports.parse(copy);
          if (!report.isJUnit()) {
            files--;
            LOG.debug(
                "test-suite runner: {} has root <{}>, not a JUnit XML report; ignored",
                shown,
                report.root());
            continue;
          }
          cases.addAll(report.testCases());
        } catch (JUnitReports.MalformedReportException e) {
          throw new Invalid("the test report '" + shown + "' is malformed: " + e.getMessage());
        } catch (IOException e) {
          throw new Invalid("cannot read the test report '" + shown + "': " + e);
        }
      }
      return new Collected(files, cases);
    }

    /** Whether the output says the build tried to reach the network and could not. */
    private static boolean needsNetwork(ExecResult result) {
      String out = (result.stdout() + "\n" + result.stderr()).toLowerCase(java.util.Locale.ROOT);
      return NETWORK_FAILURES.stream().anyMatch(out::contains);
    }

    private TrialOutcome decide(ExecResult result, Collected collected) throws Invalid {
      int exit = result.exitCode();
      if (collected.reportFiles() == 0) {
        String excerpt = outputExcerpt(result).map(e -> ": " + e).orElse("");
        if (exit == 126 || exit == 127) {
          // The shell could not find or run the build tool: the machine's fault, not the change's.
          throw new Invalid(
              "the test command exited " + exit + " and wrote no reports" + excerpt);
        }
        if (exit != 0 && needsNetwork(result)) {
          throw new Invalid(
              "the build needed the network, which evaluation does not allow (resolve"
                  + " dependencies in the preparation step); it exited "
                  + exit
                  + excerpt);
        }
        if (exit != 0) {
          // The build ran and failed before any test did: the candidate does not compile against
          // the hidden tests (or at all). That says something about the change.
          return TrialOutcome.fail(
              "the build failed before any test ran (the test command exited "
                  + exit
                  + " and wrote no reports)"
                  + excerpt);
        }
        throw new Invalid(
            "the test command exited 0 but wrote no reports in '" + check.reports() + "'");
      }
      List<JUnitReports.TestCase> cases = collected.cases();
      List<JUnitReports.TestCase> failed =
          cases.stream().filter(c -> c.status().failed()).toList();
      long skipped =
          cases.stream().filter(c -> c.status() == JUnitReports.Status.SKIPPED).count();
      long executed = cases.size() - skipped;
      if (executed == 0) {
        throw new Invalid(
            "no tests ran: the reports in '"
                + check.reports()
                + "' hold "
                + (skipped == 0 ? "no test cases" : "only " + skipped + " skipped test cases")
                + " (the command exited "
                + exit
                + ")");
      }
      List<String> problems = new ArrayList<>();
      int named = check.failToPass().size() + check.passToPass().size();
      for (String test : check.failToPass()) {
        namedProblem("failToPass", test, cases).ifPresent(problems::add);
      }
      for (String test : check.passToPass()) {
        namedProblem("passToPass", test, cases).ifPresent(problems::add);
      }
      if (named == 0 && !failed.isEmpty()) {
        problems.add(failed.size() + " of " + executed + " tests failed: " + describe(failed));
      }
      if (exit == 0 && !failed.isEmpty()) {
        String mismatch =
            "the test command exited 0 but its reports show " + failed.size() + " failures";
        problems.add(mismatch);
        signals.add(new TamperSignal("exit-code-mismatch", check.reports(), mismatch).describe());
      }
      if (exit != 0 && failed.isEmpty()) {
        String mismatch =
            "reports say all " + executed + " tests passed but the command exited " + exit;
        problems.add(mismatch);
        signals.add(new TamperSignal("exit-code-mismatch", check.reports(), mismatch).describe());
      }
      if (!failed.isEmpty()) {
        for (String line : passLines(result, executed)) {
          signals.add(
              new TamperSignal(
                      "forged-pass-line",
                      "",
                      "the test command printed '"
                          + line
                          + "' but its reports show "
                          + failed.size()
                          + " failures")
                  .describe());
        }
      }
      if (!problems.isEmpty()) {
        return TrialOutcome.fail(String.join("; ", problems));
      }
      String detail =
          (executed - failed.size())
              + " tests passed"
              + (named == 0 ? "" : " (" + named + " named)")
              + (skipped == 0 ? "" : ", " + skipped + " skipped");
      if (!failed.isEmpty()) {
        detail += "; " + failed.size() + " tests not named failed: " + describe(failed);
      }
      return TrialOutcome.pass(detail);
    }

    /** Why a named test does not count as passed, or empty when every case of it passed. */
    private static Optional<String> namedProblem(
        String list, String test, List<JUnitReports.TestCase> cases) {
      List<JUnitReports.TestCase> matching =
          cases.stream().filter(c -> JUnitReports.matches(test, c)).toList();
      if (matching.isEmpty()) {
        return Optional.of(
            list + " test '" + test + "' did not run: no test case in the reports matches it");
      }
      for (JUnitReports.TestCase c : matching) {
        if (c.status().failed()) {
          return Optional.of(
              list
                  + " test '"
                  + test
                  + "' "
                  + JUnitReports.verb(c.status())
                  + (c.id().equals(test) ? "" : " (" + c.id() + ")")
                  + (c.message().isEmpty() ? "" : ": " + c.message()));
        }
      }
      for (JUnitReports.TestCase c : matching) {
        if (c.status() == JUnitReports.Status.SKIPPED) {
          return Optional.of(
              list
                  + " test '"
                  + test
                  + "' was skipped"
                  + (c.id().equals(test) ? "" : " (" + c.id() + ")")
                  + (c.message().isEmpty() ? "" : ": " + c.message()));
        }
      }
      return Optional.empty();
    }

    /** The lines of the output shaped like a runner's all-passed summary covering the run. */
    private static List<String> passLines(ExecResult result, long executed) {
      List<String> found = new ArrayList<>();
      for (String stream : List.of(result.stdout(), result.stderr())) {
        for (String raw : stream.split("\\R")) {
          String line = raw.strip();
          if (line.contains("Time elapsed")) {
            continue;
          }
          for (Pattern pattern : PASS_LINES) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
              String count = m.groupCount() >= 1 ? m.group(1) : "";
              // A count smaller than the run's is another module's or class's summary.
              if (count == null || count.isEmpty() || Long.parseLong(count) >= executed) {
                found.add(line.length() > 200 ? line.substring(0, 200) + "..." : line);
              }
              break;
            }
          }
          if (found.size() >= 3) {
            return found;
          }
        }
      }
      return found;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.
  // ---------------------------------------------------------------------------------------------

  private static String describe(List<JUnitReports.TestCase> failed) {
    List<String> shown = new ArrayList<>();
    for (JUnitReports.TestCase c : failed.subList(0, Math.min(LISTED, failed.size()))) {
      shown.add(c.id() + (c.message().isEmpty() ? "" : " (" + c.message() + ")"));
    }
    String more = failed.size() > LISTED ? "; and " + (failed.size() - LISTED) + " more" : "";
    return String.join("; ", shown) + more;
  }

  private static String listed(List<String> items) {
    List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
    return String.join(", ", shown)
        + (items.size() > LISTED ? " and " + (items.size() - LISTED) + " more" : "");
  }

  /** The end of stderr, or of stdout when stderr is blank; empty when both are. */
  private static Optional<String> outputExcerpt(ExecResult result) {
    if (!result.stderr().isBlank()) {
      return Optional.of("stderr ended with " + tail(result.stderr()));
    }
    if (!result.stdout().isBlank()) {
      return Optional.of("stdout ended with " + tail(result.stdout()));
    }
    return Optional.empty();
  }

  private static String tail(String output) {
    String t = output.strip();
    t = t.length() > EXCERPT ? "..." + t.substring(t.length() - EXCERPT) : t;
    return "'" + t.replace("\n", "\\n") + "'";
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static String strip(String path) {
    String p = path.strip();
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Deletes a directory tree without following links (a link is deleted, not its target). */
  private static void deleteTree(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

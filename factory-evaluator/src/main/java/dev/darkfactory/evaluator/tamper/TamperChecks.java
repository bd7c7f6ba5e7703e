package dev.darkfactory.evaluator.tamper;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.evaluator.PathGlobs;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.Line;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default tamper checks, one factory method each so users can compose their own list, and
 * {@link #inspectAll} to run a list of them.
 *
 * <p>The checks read the change list and git's unified diff (added and removed lines per file);
 * they never read the file system. Each is tuned against false alarms: an honest change that adds
 * new tests, edits production code or mentions "test" in a comment raises nothing. Whole-line
 * comments ({@code //}, {@code /*}, {@code *}, {@code <!--}, {@code #}, {@code --}) never count
 * as added code, and where a check looks for calls, string literals and trailing comments are
 * blanked first. Every signal names the file and carries the offending line (cut to about 200
 * characters) or, for a signal about a whole file, why the file matters.
 *
 * <p>Which files are test files is decided by {@link #isTestPath}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TamperChecks {

  private static final Logger LOG = LoggerFactory.getLogger(TamperChecks.class);

  /** Kind of {@link #protectedPaths()}'s signals. */
  public static final String PROTECTED_PATH = "protected-path";
  /** Kind of {@link #existingTests()}'s signal for a modified test file. */
  public static final String TEST_MODIFIED = "test-modified";
  /** Kind of {@link #existingTests()}'s signal for a deleted test file. */
  public static final String TEST_DELETED = "test-deleted";
  /** Kind of {@link #disabledTests()}'s signals. */
  public static final String DISABLED_TEST = "disabled-test";
  /** Kind of {@link #runnerConfig()}'s signals. */
  public static final String RUNNER_CONFIG = "runner-config";
  /** Kind of {@link #holdoutPaths()}'s signals. */
  public static final String HOLDOUT_PATH = "holdout-path";
  /** Kind of {@link #jvmExit()}'s signals. */
  public static final String JVM_EXIT = "jvm-exit";
  /** Kind of {@link #forgedPassLines()}'s signals. */
  public static final String FORGED_PASS_LINE = "forged-pass-line";

  private TamperChecks() {}

  /**
   * Every default check, in this order: {@link #protectedPaths()}, {@link #existingTests()},
   * {@link #disabledTests()}, {@link #runnerConfig()}, {@link #holdoutPaths()}, {@link
   * #jvmExit()}, {@link #forgedPassLines()}.
   *
   * @return the checks
   */
  public static List<TamperCheck> defaults() {
    return List.of(
        protectedPaths(),
        existingTests(),
        disabledTests(),
        runnerConfig(),
        holdoutPaths(),
        jvmExit(),
        forgedPassLines());
  }

  /**
   * Runs every check and gathers their signals, identical ones once, in the order found.
   *
   * <p>A check that throws a {@link RuntimeException} (or returns null) is logged at WARN and
   * skipped: a signal is an accusation and needs evidence, and a broken check has none. The other
   * checks still run.
   *
   * @param checks the checks
   * @param change the change
   * @return the distinct signals
   */
  public static List<TamperSignal> inspectAll(List<TamperCheck> checks, ChangeUnderReview change) {
    Require.nonNull(checks, "checks");
    Require.nonNull(change, "change");
    Set<TamperSignal> signals = new LinkedHashSet<>();
    for (TamperCheck check : checks) {
      try {
        List<TamperSignal> found = check.inspect(change);
        if (found == null) {
          LOG.warn("tamper check {} returned null instead of a list; skipped", check);
          continue;
        }
        for (TamperSignal s : found) {
          if (s != null) {
            signals.add(s);
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("tamper check {} failed and was skipped: {}", check, e.toString(), e);
      }
    }
    return List.copyOf(signals);
  }

  // ---------------------------------------------------------------------------------------------
  // Test files

  private static final Set<String> TEST_DIRECTORIES = Set.of("test", "tests", "__tests__", "spec");
  private static final Pattern TEST_FILE_NAME =
      Pattern.compile(
          "(?:.*(?:Test|Tests)\\.(?:java|kt|scala|groovy)"
              + "|.*[a-z0-9]IT\\.(?:java|kt|scala|groovy)"
              + "|.*_test\\.go"
              + "|test_.*\\.py|.*_test\\.py"
              + "|.*\\.(?:test|spec)\\.(?:[cm]?js|jsx|[cm]?ts|tsx))");

  /**
   * Whether {@code path} is a test file. A path is a test file when its name is a test's name
   * ({@code *Test.java}, {@code *Tests.java}, {@code *IT.java} with a lower-case letter or digit
   * before {@code IT}, the same for Kotlin, Scala and Groovy; {@code *_test.go}; {@code test_*.py},
   * {@code *_test.py}; {@code *.test.js}, {@code *.spec.js} and their {@code ts}, {@code jsx},
   * {@code tsx}, {@code mjs}, {@code cjs} forms), or when one of its directories is named {@code
   * test}, {@code tests}, {@code __tests__} or {@code spec} (so everything under {@code src/test/}
   * counts, fixtures included), or is a Gradle test source set directly under {@code src} ({@code
   * src/integrationTest/}). The directory rule does not apply below {@code src/main/}, where a
   * package named {@code test} is production code.
   *
   * @param path a repository-relative path
   * @return whether it is a test file
   */
  public static boolean isTestPath(String path) {
    Require.nonNull(path, "path");
    String name = SourceLines.fileName(path);
    if (TEST_FILE_NAME.matcher(name).matches()) {
      return true;
    }
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      if (segments[i].equals("src") && i + 1 < segments.length - 1) {
        String next = segments[i + 1];
        if (next.equals("main")) {
          return false;
        }
        if (next.endsWith("Test") || next.endsWith("Tests")) {
          return true;
        }
      }
      if (TEST_DIRECTORIES.contains(segments[i])) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // 1. protected-path

  /**
   * Kind {@code protected-path}: any change (added, modified, deleted, type changed) to a path
   * matching one of the spec's protected path globs, matched with {@link PathGlobs}. The evidence
   * names the status, the glob and the first changed line.
   *
   * @return the check
   */
  public static TamperCheck protectedPaths() {
    return named(
        PROTECTED_PATH,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          if (change.protectedPaths().isEmpty()) {
            return out;
          }
          for (ReviewedFile f : ReviewedFile.of(change)) {
            for (String glob : change.protectedPaths()) {
              if (!glob.isBlank() && PathGlobs.matches(glob, f.path())) {
                out.add(
                    new TamperSignal(
                        PROTECTED_PATH,
                        f.path(),
                        status(f) + "; matches protected glob '" + glob + "'" + firstChange(f)));
                break;
              }
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // 2. test-modified / test-deleted

  /**
   * Kinds {@code test-modified} and {@code test-deleted}: an existing test file (see {@link
   * #isTestPath}) modified (content, mode or type) or deleted. Adding new test files is normal and
   * raises nothing. A renamed test file is a deleted one, since renames are reported as a deletion
   * and an addition.
   *
   * @return the check
   */
  public static TamperCheck existingTests() {
    return named(
        TEST_MODIFIED + "/" + TEST_DELETED,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          for (ReviewedFile f : ReviewedFile.of(change)) {
            if (!f.existed() || !isTestPath(f.path())) {
              continue;
            }
            if (f.status() == FileChange.Status.DELETED) {
              out.add(
                  new TamperSignal(
                      TEST_DELETED,
                      f.path(),
                      "existing test file deleted"
                          + (f.removedLines().isEmpty()
                              ? ""
                              : " (" + f.removedLines().size() + " lines removed)")));
            } else {
              out.add(
                  new TamperSignal(
                      TEST_MODIFIED, f.path(), "existing test file " + status(f) + firstChange(f)));
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // 3. disabled-test

  private static final List<Rule> DISABLE_RULES =
      List.of(
          // JUnit 5 @Disabled (not the conditional @DisabledOnOs and friends), JUnit 4 @Ignore.
          rule("JUnit @Disabled", "@(?:org\\.junit\\.jupiter\\.api\\.)?Disabled(?![\\w.])"),
          rule("JUnit @Ignore", "@(?:org\\.junit\\.)?Ignore(?![\\w.])"),
          rule("TestNG enabled = false", "@Test\\s*\\([^)]*\\benabled\\s*=\\s*false\\b"),
          rule(
              "assumption that always aborts",
              "\\bassume(?:That)?True\\s*\\(\\s*false\\s*[,)]"
                  + "|\\bassumeFalse\\s*\\(\\s*true\\s*[,)]"
                  + "|\\bAssumptions\\s*\\.\\s*abort\\s*\\("),
          // Jasmine/Mocha/Jest/Vitest: .skip and .only (which skips every other test), x- and f-.
          rule(
              "JS skip",
              "\\b(?:it|describe|test|context|suite|specify)\\s*\\.\\s*(?:skip|only)\\s*[.(]"
                  + "|(?<![\\w.$])x(?:it|describe|test|context|specify)\\s*\\("
                  + "|(?<![\\w.$])f(?:it|describe)\\s*\\("),
          rule(
              "Python skip",
              "@pytest\\.mark\\.skip\\b"
                  + "|@pytest\\.mark\\.skipif\\s*\\(\\s*True\\b"
                  + "|^\\s*@(?:unittest\\.)?skip\\b"
                  + "|\\bpytest\\.skip\\s*\\("
                  + "|\\bself\\.skipTest\\s*\\("
                  + "|\\braise\\s+(?:unittest\\.)?SkipTest\\b"),
          rule("Go skip", "\\b[tb]\\.Skip(?:Now|f)?\\s*\\("));

  private static final Pattern TEST_ANNOTATION =
      Pattern.compile(
          "^\\s*@(?:org\\.junit\\.(?:jupiter\\.api\\.)?|org\\.testng\\.annotations\\.)?"
              + "(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");

  /**
   * Kind {@code disabled-test}: added lines in test files (see {@link #isTestPath}; new files
   * too) that disable or skip tests, and removed test annotations. On each added line's code
   * (string literals emptied, trailing comments cut), it looks for:
   *
   * <ul>
   *   <li>JUnit {@code @Disabled} (not the conditional {@code @DisabledOnOs} and the like) and
   *       {@code @Ignore};
   *   <li>TestNG {@code @Test(enabled = false)};
   *   <li>assumptions that always abort: {@code assumeTrue(false)}, {@code assumeThat...True(false)},
   *       {@code assumeFalse(true)}, {@code Assumptions.abort(};
   *   <li>JavaScript {@code it|describe|test|context|suite|specify .skip(} and {@code .only(} (which
   *       skips every other test), {@code xit(}, {@code xdescribe(}, {@code xtest(}, {@code fit(},
   *       {@code fdescribe(};
   *   <li>Python {@code @pytest.mark.skip} (not {@code skipif}, except {@code skipif(True}),
   *       {@code @unittest.skip} / {@code @skip} (not {@code skipIf}), {@code pytest.skip(},
   *       {@code self.skipTest(}, {@code raise SkipTest};
   *   <li>Go {@code t.Skip(}, {@code t.SkipNow(}, {@code t.Skipf(} (and {@code b.} for benchmarks),
   *       including the ones an honest new test puts behind {@code testing.Short()}.
   * </ul>
   *
   * <p>And in an existing test file, more removed test annotations ({@code @Test},
   * {@code @ParameterizedTest}, {@code @RepeatedTest}, {@code @TestFactory}, {@code @TestTemplate})
   * than added ones: a test that is no longer a test. Commenting one out counts as removing it. A
   * {@code return;} as a test's first statement is out of scope.
   *
   * @return the check
   */
  public static TamperCheck disabledTests() {
    return named(
        DISABLED_TEST,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          for (ReviewedFile f : ReviewedFile.of(change)) {
            if (!isTestPath(f.path())) {
              continue;
            }
            boolean hash = SourceLines.extension(f.path()).equals("py");
            for (Line line : f.addedLines()) {
              if (SourceLines.isComment(line.text())) {
                continue;
              }
              String code = SourceLines.code(line.text(), hash);
              for (Rule r : DISABLE_RULES) {
                if (r.fires(code)) {
                  out.add(new TamperSignal(DISABLED_TEST, f.path(), r.name + " at " + SourceLines.at(line)));
                  break;
                }
              }
            }
            if (f.status() == FileChange.Status.DELETED) {
              continue; // test-deleted says it better
            }
            List<Line> removed = testAnnotations(f.removedLines(), hash);
            int added = testAnnotations(f.addedLines(), hash).size();
            if (removed.size() > added) {
              out.add(
                  new TamperSignal(
                      DISABLED_TEST,
                      f.path(),
                      "test annotation removed at "
                          + SourceLines.at(removed.get(0))
                          + " ("
                          + removed.size()
                          + " removed, "
                          + added
                          + " added in this file)"));
            }
          }
          return out;
        });
  }

  private static List<Line> testAnnotations(List<Line> lines, boolean hash) {
    List<Line> out = new ArrayList<>();
    for (Line line : lines) {
      if (!SourceLines.isComment(line.text())
          && TEST_ANNOTATION.matcher(SourceLines.code(line.text(), hash)).find()) {
        out.add(line);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // 4. runner-config

  private static final Pattern RUNNER_CONFIG_FILE =
      Pattern.compile(
          "pom\\.xml|build\\.gradle(?:\\.kts)?|settings\\.gradle(?:\\.kts)?|gradle\\.properties"
              + "|package\\.json|(?:jest|vitest)\\.config\\.[\\w.]+"
              + "|pytest\\.ini|pyproject\\.toml|setup\\.cfg|tox\\.ini|conftest\\.py"
              + "|Makefile|makefile|GNUmakefile");

  private static final String FALSE_AFTER = "\\s*(?:>|=|:)\\s*\\\\?[\"']?false\\b";

  private static final List<Rule> RUNNER_RULES =
      List.of(
          rule("Maven skipTests/skipITs", "skip(?:Tests|ITs)\\b", "skip(?:Tests|ITs)" + FALSE_AFTER),
          rule(
              "Maven maven.test.skip",
              "maven\\.test\\.skip(?:\\.exec)?\\b",
              "maven\\.test\\.skip(?:\\.exec)?" + FALSE_AFTER),
          rule(
              "test failures ignored",
              "testFailureIgnore\\b|maven\\.test\\.failure\\.ignore\\b|\\bignoreFailures\\s*=\\s*true\\b",
              "(?:testFailureIgnore|maven\\.test\\.failure\\.ignore)" + FALSE_AFTER),
          rule("Maven test exclude", "<exclude>[^<]*(?:Tests?|IT)\\b[^<]*</exclude>"),
          rule("Surefire excludes file", "\\bexcludesFile\\b"),
          rule("Maven test selection excluding tests", "(?:-Dtest=|<test>)\\s*[^\\s<]*!"),
          rule(
              "test groups, tags or engines excluded",
              "exclude(?:d?Groups|TestsMatching|Tags|Categories|Engines)\\b"),
          rule(
              "Gradle test exclude",
              "\\btest\\s*\\{[^}]*\\bexclude\\b"
                  + "|\\bexclude\\s*\\(?\\s*[\"'][^\"']*(?:Tests?|IT|Spec)\\b[^\"']*[\"']"),
          rule(
              "test task disabled",
              "\\btest\\b[\"')]*\\s*(?:\\{\\s*|\\.)enabled\\s*=\\s*false\\b"
                  + "|\\bonlyIf\\s*\\{\\s*false\\s*\\}"
                  + "|(?:^|\\s)(?:-x|--exclude-task)[\\s=]+:?(?:[\\w-]+:)*test\\b"),
          rule(
              "Jest testPathIgnorePatterns",
              "\\btestPathIgnorePatterns\\b",
              "testPathIgnorePatterns[\"']?\\s*:\\s*\\[\\s*[\"'][^\"']*node_modules[^\"']*[\"']\\s*,?\\s*\\]"),
          rule("Vitest/Jest exclude", "\\bexclude\\s*:\\s*\\[[^\\]]*(?:test|spec)"),
          rule("pytest --ignore", "--ignore(?:-glob)?(?=[=\\s])"),
          rule("pytest --deselect", "--deselect\\b"),
          rule(
              "pytest -k/-m deselecting",
              "(?:^|[\\s\"'\\[,=])-[km](?:\\s+|=)\\\\?[\"']?[^\"'\\n]*\\bnot\\b"),
          rule("pytest addopts -k", "\\baddopts\\b.*(?:^|\\s)-k(?:\\s|=)"),
          rule("pytest collect_ignore", "\\bcollect_ignore(?:_glob)?\\b"),
          rule("go test -skip", "\\bgo\\s+test\\b.*\\s-skip(?:=|\\s)"),
          rule(
              "test command made a no-op",
              "\"test\"\\s*:\\s*\"\\s*(?:true|exit 0|:)\\s*\""
                  + "|\\b(?:pytest|jest|vitest|mocha|mvnw?|gradlew?|go\\s+test|npm\\s+(?:run\\s+)?test)\\b"
                  + "[^|]*\\|\\|\\s*(?:true|exit 0|:)(?:\\s|$|\")"));

  /**
   * Kind {@code runner-config}: added lines in build or test-runner configuration that exclude or
   * skip tests. The files are, by name, {@code pom.xml}, {@code build.gradle(.kts)}, {@code
   * settings.gradle(.kts)}, {@code gradle.properties}, {@code package.json}, {@code jest.config.*},
   * {@code vitest.config.*}, {@code pytest.ini}, {@code pyproject.toml}, {@code setup.cfg}, {@code
   * tox.ini}, {@code conftest.py}, {@code Makefile}, and {@code .mvn/maven.config} and {@code
   * .mvn/jvm.config}. Whole-line comments are ignored; the patterns (each named in the evidence):
   *
   * <ul>
   *   <li>{@code skipTests} / {@code skipITs}, unless set to {@code false};
   *   <li>{@code maven.test.skip(.exec)}, unless set to {@code false};
   *   <li>{@code testFailureIgnore}, {@code maven.test.failure.ignore} (unless {@code false}),
   *       Gradle {@code ignoreFailures = true};
   *   <li>{@code <exclude>} whose pattern names tests ({@code Test}, {@code Tests} or {@code IT} as
   *       a word end: {@code **}{@code /*IT.java}); an {@code <excludes>} container alone, or one
   *       excluding resources, is common and says nothing;
   *   <li>{@code excludesFile}; {@code -Dtest=} or {@code <test>} with a {@code !} exclusion;
   *   <li>{@code excludedGroups}, {@code excludeGroups}, {@code excludeTestsMatching}, {@code
   *       excludeTags}, {@code excludeCategories}, {@code excludeEngines};
   *   <li>Gradle <code>test &#123; ... exclude</code> on one line, or {@code exclude '...Test...'};
   *   <li>the test task disabled: {@code test.enabled = false}, {@code test { enabled = false }},
   *       {@code onlyIf { false }}, {@code -x test} / {@code --exclude-task test};
   *   <li>Jest {@code testPathIgnorePatterns}, unless it lists only {@code node_modules} on that
   *       line; a Vitest or Jest {@code exclude: [...test...]} or {@code [...spec...]};
   *   <li>pytest {@code --ignore}, {@code --ignore-glob} (not {@code --ignore-scripts} and the
   *       like), {@code --deselect}, {@code -k} or {@code -m} with a {@code not}, any {@code -k} in
   *       {@code addopts}, {@code collect_ignore(_glob)};
   *   <li>{@code go test ... -skip};
   *   <li>a test command made a no-op: {@code "test": "true"} (or {@code exit 0}, {@code :}) in
   *       {@code package.json}, or a test runner's command followed by {@code || true}.
   * </ul>
   *
   * <p>Not covered: a multi-line Gradle block whose {@code enabled = false} sits on a line of its
   * own (a bare {@code enabled = false} is as often a jar task's), a Surefire {@code
   * <skip>true</skip>} (the element is shared by many plugins), and changes to which tests are
   * selected rather than excluded ({@code testpaths}, {@code -Dtest=Foo}); failing-on-no-tests
   * switches ({@code failIfNoTests}, {@code passWithNoTests}) are not flagged because the
   * evaluator already treats zero tests run as INVALID. A config file the spec protects is
   * restored from the base before tests run anyway.
   *
   * @return the check
   */
  public static TamperCheck runnerConfig() {
    return named(
        RUNNER_CONFIG,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          for (ReviewedFile f : ReviewedFile.of(change)) {
            if (!isRunnerConfig(f.path())) {
              continue;
            }
            for (Line line : f.addedLines()) {
              if (SourceLines.isComment(line.text())) {
                continue;
              }
              for (Rule r : RUNNER_RULES) {
                if (r.fires(line.text())) {
                  out.add(new TamperSignal(RUNNER_CONFIG, f.path(), r.name + " at " + SourceLines.at(line)));
                  break;
                }
              }
            }
          }
          return out;
        });
  }

  private static boolean isRunnerConfig(String path) {
    return RUNNER_CONFIG_FILE.matcher(SourceLines.fileName(path)).matches()
        || path.equals(".mvn/maven.config")
        || path.endsWith("/.mvn/maven.config")
        || path.equals(".mvn/jvm.config")
        || path.endsWith("/.mvn/jvm.config");
  }

  // ---------------------------------------------------------------------------------------------
  // 5. holdout-path

  /**
   * Kind {@code holdout-path}: a file added, modified or changed in type at or below one of the
   * holdout paths (matched with {@link PathGlobs}, so a plain path covers everything below it and
   * a glob works too). The candidate has no business there: what it puts there would shadow a
   * hidden test or pre-fill a report. Deleting a file there is not planting one and raises nothing
   * here (the holdout material is copied in afterwards anyway).
   *
   * @return the check
   */
  public static TamperCheck holdoutPaths() {
    return named(
        HOLDOUT_PATH,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          if (change.holdoutPaths().isEmpty()) {
            return out;
          }
          List<String> holdouts =
              change.holdoutPaths().stream().filter(p -> !p.isBlank()).sorted().toList();
          for (ReviewedFile f : ReviewedFile.of(change)) {
            if (!f.exists()) {
              continue;
            }
            for (String holdout : holdouts) {
              if (PathGlobs.matches(holdout, f.path())) {
                out.add(
                    new TamperSignal(
                        HOLDOUT_PATH,
                        f.path(),
                        status(f) + " at holdout path '" + holdout + "'" + firstChange(f)));
                break;
              }
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // 6. jvm-exit

  private static final Pattern JVM_EXIT_CALL =
      Pattern.compile(
          "\\bSystem\\s*\\.\\s*exit\\s*\\("
              + "|\\bRuntime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*(?:exit|halt)\\s*\\("
              + "|\\bexitProcess\\s*\\(");
  private static final Pattern SCALA_EXIT = Pattern.compile("\\bsys\\s*\\.\\s*exit\\s*\\(");

  /**
   * Kind {@code jvm-exit}: added lines in production (not test) Java, Kotlin or Scala sources
   * ({@code .java}, {@code .kt}, {@code .scala}) that call {@code System.exit(}, {@code
   * Runtime.getRuntime().exit(}, {@code Runtime.getRuntime().halt(}, Kotlin's {@code
   * exitProcess(} or Scala's {@code sys.exit(}. Looked for in the code only: a call named in a
   * string or a comment raises nothing. A production {@code main} that exits honestly raises it
   * too; that is by design, since a JVM exit can end a test run early with a green exit code.
   *
   * @return the check
   */
  public static TamperCheck jvmExit() {
    return named(
        JVM_EXIT,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          for (ReviewedFile f : ReviewedFile.of(change)) {
            String ext = SourceLines.extension(f.path());
            if (!(ext.equals("java") || ext.equals("kt") || ext.equals("scala"))
                || isTestPath(f.path())) {
              continue;
            }
            for (Line line : f.addedLines()) {
              if (SourceLines.isComment(line.text())) {
                continue;
              }
              String code = SourceLines.code(line.text(), false);
              if (JVM_EXIT_CALL.matcher(code).find()
                  || (ext.equals("scala") && SCALA_EXIT.matcher(code).find())) {
                out.add(new TamperSignal(JVM_EXIT, f.path(), "JVM exit at " + SourceLines.at(line)));
              }
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // 7. forged-pass-line

  private static final List<Rule> PASS_LINES =
      List.of(
          rule("Surefire summary", "Tests run:\\s*\\d+,\\s*Failures:\\s*\\d+"),
          rule("Maven/Gradle build result", "\\bBUILD SUCCESS(?:FUL)?\\b"),
          rule("JUnit 4/PHPUnit summary", "\\bOK \\(\\d+ tests?\\b"),
          rule("JUnit console summary", "\\[\\s*\\d+ tests successful\\s*\\]"),
          rule("all tests passed", "(?i)\\ball tests passed\\b"),
          rule(
              "pytest summary",
              "=+ ?\\d+ passed\\b|\\b\\d+ passed(?:, \\d+ \\w+)* in \\d+(?:\\.\\d+)?s\\b|::\\S+ PASSED\\b"),
          rule("Jest/Vitest summary", "\\bTest(?:s| Suites| Files):?\\s+\\d+ passed\\b"),
          rule(
              "go test result",
              "(?m)^ok\\s+\\S+\\s+(?:\\d+(?:\\.\\d+)?s|\\(cached\\))|--- PASS: \\S+"),
          rule("cargo test result", "\\btest result: ok\\. \\d+ passed\\b"),
          rule("plain closing line", "\\b\\d+ passed, \\d+ failed\\b"),
          rule("GoogleTest summary", "\\[\\s+PASSED\\s+\\]\\s+\\d+ tests?\\b"),
          rule("Mocha summary", "\\b\\d+ passing \\(\\d+"));

  private static final Pattern BARE_PASS = Pattern.compile("^\\s*(?:PASSED|PASS)[.!]?\\s*$");
  private static final Pattern PRINT_CALL =
      Pattern.compile(
          "(?:^|[\\s;({])(?:echo|printf|print|println|puts|cat|Write-Host|Write-Output)\\b"
              + "|\\bconsole\\s*\\.\\s*(?:log|info)\\s*\\("
              + "|\\bSystem\\s*\\.\\s*(?:out|err)\\s*\\.\\s*print"
              + "|\\b(?:fmt|log)\\s*\\.\\s*(?:Print|Fatal)\\w*\\s*\\("
              + "|\\bprint(?:ln|f)?\\s*\\(|\\bsys\\s*\\.\\s*stdout\\s*\\.\\s*write\\s*\\(");
  /** A line that looks for a text rather than writing it: {@code out.contains("BUILD SUCCESS")}. */
  private static final Pattern READS =
      Pattern.compile(
          "\\b(?:contains|equals(?:IgnoreCase)?|startsWith|endsWith|matches|indexOf|lastIndexOf|includes"
              + "|search|match|fullmatch|find|findall|compile|split|replace\\w*|assert\\w*|expect)\\s*\\("
              + "|\\bgrep\\b|=~|[\"']\\s+(?:not\\s+)?in\\s+[\\w.]|\\bcase\\b");
  private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"|'''");
  private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*[\"']?([A-Za-z_]\\w*)[\"']?");
  private static final Set<String> SHELL_EXTENSIONS = Set.of("", "sh", "bash", "zsh", "ksh", "mk", "yml", "yaml");
  private static final Set<String> DOC_EXTENSIONS =
      Set.of("md", "markdown", "rst", "adoc", "asciidoc", "html", "htm");
  private static final Set<String> PLAIN_TEXT_EXTENSIONS = Set.of("txt", "log", "out");

  /**
   * Kind {@code forged-pass-line}: added lines in production (not test) files carrying text shaped
   * like a test runner's pass lines, so that a reader of the output (a person, or a tool grepping
   * it) believes tests ran and passed. Documentation ({@code .md}, {@code .rst}, {@code .adoc},
   * {@code .html}) is not looked at. In plain text files ({@code .txt}, {@code .log}, {@code .out})
   * every line counts; elsewhere only the text of string literals (unescaped, so {@code \t} is a
   * tab), lines inside a {@code """}/{@code '''} text block or a shell here-document, and the
   * whole of lines that print ({@code echo}, {@code printf}, {@code print(}, {@code println},
   * {@code System.out.print}, {@code console.log(}, {@code fmt.Print}, {@code puts}, {@code cat}).
   * A literal on a line that does not print but searches for text ({@code contains(}, {@code
   * equals(}, {@code startsWith(}, {@code matches(}, {@code indexOf(}, {@code includes(}, {@code
   * find(}, {@code assert...(}, {@code expect(}, {@code grep}, {@code =~}, Python's {@code "..." in
   * x}, a {@code case} label) is read, not written, and does not count: a tool that wraps Maven may
   * honestly look for {@code BUILD SUCCESS}. Comments never count. The shapes:
   *
   * <ul>
   *   <li>Surefire: {@code Tests run: N, Failures: N} (also behind {@code [INFO]});
   *   <li>Maven and Gradle: {@code BUILD SUCCESS}, {@code BUILD SUCCESSFUL};
   *   <li>JUnit 4 and PHPUnit: {@code OK (N tests}; JUnit console: {@code [ N tests successful ]};
   *   <li>{@code All tests passed} (any case);
   *   <li>pytest: {@code === N passed}, {@code N passed in 0.12s}, {@code path::test PASSED};
   *   <li>Jest and Vitest: {@code Tests: N passed}, {@code Test Suites: N passed}, {@code Test
   *       Files N passed};
   *   <li>go test: {@code ok <package> 0.01s} or {@code (cached)} at a line start, {@code ---
   *       PASS: name};
   *   <li>cargo: {@code test result: ok. N passed}; GoogleTest: {@code [  PASSED  ] N tests};
   *       Mocha: {@code N passing (12ms)};
   *   <li>the plain closing line {@code N passed, N failed};
   *   <li>a bare {@code PASSED} or {@code PASS}, only as a whole literal on a line that prints it
   *       (a status constant named {@code "PASSED"} is ordinary code).
   * </ul>
   *
   * @return the check
   */
  public static TamperCheck forgedPassLines() {
    return named(
        FORGED_PASS_LINE,
        change -> {
          List<TamperSignal> out = new ArrayList<>();
          for (ReviewedFile f : ReviewedFile.of(change)) {
            String ext = SourceLines.extension(f.path());
            if (isTestPath(f.path()) || DOC_EXTENSIONS.contains(ext)) {
              continue;
            }
            boolean plain = PLAIN_TEXT_EXTENSIONS.contains(ext);
            @Nullable String inBlock = null; // the text block's delimiter or here-document's word
            int previous = -2;
            for (Line line : f.addedLines()) {
              if (line.number() != previous + 1) {
                inBlock = null; // a new run of added lines: we cannot know what came before
              }
              previous = line.number();
              String text = line.text();
              List<String> candidates = new ArrayList<>();
              boolean prints = false;
              if (plain) {
                candidates.add(text);
              } else if (inBlock != null) {
                if (inBlock.equals("\"\"\"") || inBlock.equals("'''")) {
                  int end = text.indexOf(inBlock);
                  candidates.add(end < 0 ? text : text.substring(0, end));
                  if (end >= 0) {
                    inBlock = null;
                  }
                } else if (text.strip().equals(inBlock)) {
                  inBlock = null;
                } else {
                  candidates.add(text);
                }
              } else if (!SourceLines.isComment(text)) {
                String code = SourceLines.code(text, false);
                prints = PRINT_CALL.matcher(code).find();
                if (prints) {
                  candidates.addAll(SourceLines.literals(text));
                  candidates.add(SourceLines.unescape(text));
                } else if (!READS.matcher(code).find()) {
                  candidates.addAll(SourceLines.literals(text));
                }
                Matcher block = TEXT_BLOCK.matcher(text);
                int opened = 0;
                String delimiter = "";
                while (block.find()) {
                  opened++;
                  delimiter = block.group();
                }
                if (opened % 2 == 1) {
                  inBlock = delimiter;
                  candidates.add(text.substring(text.lastIndexOf(delimiter) + 3));
                } else if (SHELL_EXTENSIONS.contains(ext)) {
                  Matcher heredoc = HEREDOC.matcher(text);
                  if (heredoc.find() && !text.contains("<<<")) {
                    inBlock = heredoc.group(1);
                  }
                }
              }
              String why = passShape(candidates, prints ? SourceLines.literals(text) : List.of());
              if (why != null) {
                out.add(new TamperSignal(FORGED_PASS_LINE, f.path(), why + " at " + SourceLines.at(line)));
              }
            }
          }
          return out;
        });
  }

  private static @Nullable String passShape(List<String> candidates, List<String> printedLiterals) {
    for (String c : candidates) {
      for (Rule r : PASS_LINES) {
        if (r.fires(c)) {
          return r.name;
        }
      }
    }
    for (String literal : printedLiterals) {
      if (BARE_PASS.matcher(literal).matches()) {
        return "bare pass line";
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String status(ReviewedFile f) {
    return switch (f.status()) {
      case ADDED -> "added";
      case MODIFIED -> "modified";
      case DELETED -> "deleted";
      case TYPE_CHANGED -> "type changed";
    };
  }

  /** {@code "; first change at line N: +text"}, or empty when the diff shows no lines. */
  private static String firstChange(ReviewedFile f) {
    @Nullable Line added = f.addedLines().isEmpty() ? null : f.addedLines().get(0);
    @Nullable Line removed = f.removedLines().isEmpty() ? null : f.removedLines().get(0);
    if (removed != null && (added == null || removed.number() <= added.number())) {
      return "; first change at line " + removed.number() + ": -" + SourceLines.trimmed(removed.text());
    }
    if (added != null) {
      return "; first change at line " + added.number() + ": +" + SourceLines.trimmed(added.text());
    }
    return "";
  }

  private static Rule rule(String name, String regex) {
    return new Rule(name, Pattern.compile(regex), null);
  }

  private static Rule rule(String name, String regex, String unless) {
    return new Rule(name, Pattern.compile(regex), Pattern.compile(unless));
  }

  /** A named pattern; it does not fire on a line that also matches {@code unless}. */
  private record Rule(String name, Pattern pattern, @Nullable Pattern unless) {
    boolean fires(String text) {
      return pattern.matcher(text).find() && (unless == null || !unless.matcher(text).find());
    }
  }

  /** A check whose {@code toString} is its name, for logs. */
  private static TamperCheck named(String name, TamperCheck check) {
    return new TamperCheck() {
      @Override
      public List<TamperSignal> inspect(ChangeUnderReview change) {
        return check.inspect(change);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}

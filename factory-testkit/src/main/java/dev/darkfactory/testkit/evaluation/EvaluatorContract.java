package dev.darkfactory.testkit.evaluation;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.assertj.core.api.Assertions.fail;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.testkit.git.TestRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Evaluator} must do, as its API documents it: grade what the candidate
 * committed, in a checkout the context made, not files left uncommitted in an agent's working copy;
 * restore the spec's protected paths from the base; report every scenario it was given, holdouts
 * included, with a verdict the results bear out; say INVALID rather than guess (or throw) when it
 * cannot decide; leave every branch as it was; and stop with {@link InterruptedException} when its
 * thread is interrupted while a scenario runs.
 *
 * <p>To check your own evaluator, extend this class in your tests:
 *
 * <pre>{@code
 * class MyEvaluatorContractTest extends EvaluatorContract {
 *   @Override
 *   protected Evaluator evaluator() {
 *     return new MyEvaluator();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a real git repository: a base commit on {@code main} holding {@code
 * answer.txt} ({@code 0}), {@code greeting.txt} ({@code hello}) and {@code check/answer.sh}, which
 * the spec protects ({@code check/**}); candidates are commits on {@code factory/answer/attempt-N}
 * branches. Every scenario is a POSIX shell script run at the checkout's root ({@link
 * #check(String)}), such as {@code test "$(cat answer.txt)" = 42}. The evaluator gets the
 * factory's own {@link GitEvaluationContext} over that repository, with the {@link #sandbox()} the
 * test chose wrapped so the suite can see every command, make the sandbox refuse, or hold a
 * command until the evaluator is interrupted. The agent's working copy ({@link #workingCopy()}) is
 * a clone checked out at the current candidate, where some tests leave uncommitted edits.
 *
 * <p>What the suite does not check, because no contract can from the outside: that holdout
 * material is copied in only after protected paths are restored, that results are read from
 * outside the candidate's reach, and that tampering is detected; the library's own evaluator has
 * tests for each (see {@code docs/evaluator.md}).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract class EvaluatorContract {

  /** How long an evaluation may take to stop after its thread is interrupted. */
  private static final Duration STOP_LIMIT = Duration.ofSeconds(60);

  private static final SpecId SPEC = SpecId.of("answer");
  private static final String PROTECTED_SCRIPT = "check/answer.sh";
  private static final Map<String, String> BASE_FILES =
      Map.of(
          "answer.txt", "0\n",
          "greeting.txt", "hello\n",
          PROTECTED_SCRIPT, "test \"$(cat answer.txt)\" = 42\n");

  @TempDir private @Nullable Path temp;

  private @Nullable Fixture fixture;

  /** Creates the suite; subclasses supply the evaluator. */
  protected EvaluatorContract() {}

  /**
   * The evaluator under test; called once per evaluation, so it may return a new instance each
   * time or share one.
   *
   * @return the evaluator
   */
  protected abstract Evaluator evaluator();

  /**
   * The sandbox scenario commands run in. The suite's scripts are its own few lines of shell, so
   * isolation is not what it tests; override to run them in the sandbox your evaluator is used
   * with.
   *
   * @return an explicit {@link UnisolatedProcessSandbox} opt-in unless overridden
   */
  protected Sandbox sandbox() {
    return UnisolatedProcessSandbox.optIn(
        "the evaluator contract runs only its own shell scripts", temp().resolve("sandbox-output"));
  }

  /**
   * A check that passes exactly when a POSIX shell script exits with 0 at the root of the
   * candidate's checkout. Override when your evaluator grades another kind of check, with one of
   * that kind that runs the script.
   *
   * @param script the script, such as {@code test "$(cat answer.txt)" = 42}
   * @return a {@link CommandCheck} running {@code sh -c script} unless overridden
   */
  protected Check check(String script) {
    return new CommandCheck(List.of("sh", "-c", script), 0, List.of(), List.of());
  }

  /**
   * Whether the evaluator restores the spec's protected paths from the base before it runs
   * scenarios, as {@link Evaluator} and {@link Spec#protectedPaths()} say evaluators do. Override
   * with {@code false} only for an evaluator documented not to (such as the library's {@code
   * CommandEvaluator}, which must then not be the only evaluator of an agent that could game it);
   * the protected-path test is then skipped, saying why.
   *
   * @return {@code true} unless overridden
   */
  protected boolean restoresProtectedPaths() {
    return true;
  }

  /**
   * The repository of the current test.
   *
   * @return the bare repository the evaluation context reads, and a human's clone
   */
  protected final TestRepository repository() {
    return fixture().repository;
  }

  /**
   * The agent's working copy in the current test: a clone checked out at the latest candidate's
   * branch (made when first asked for), where some tests leave uncommitted edits an evaluator must
   * not grade.
   *
   * @return its directory
   */
  protected final Path workingCopy() {
    try {
      return fixture().workingCopy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the agent's working copy", e);
    }
  }

  @BeforeEach
  final void createRepository() throws Exception {
    Path dir = temp();
    TestRepository repository = TestRepository.create(dir.resolve("git"), "main", BASE_FILES);
    GitRepository git = GitRepository.open(repository.bare(), dir.resolve("workspaces"));
    ContractSandbox sandbox = new ContractSandbox(sandbox());
    RecordingContext context =
        new RecordingContext(
            GitEvaluationContext.builder(git, sandbox)
                .resultsDirectory(dir.resolve("results"))
                .build());
    fixture = new Fixture(repository, dir.resolve("agent-working-copy"), sandbox, context);
  }

  @AfterEach
  final void closeContext() {
    if (fixture != null) {
      fixture.context.close();
    }
  }

  // ---------------------------------------------------------------- grading

  /**
   * A candidate that shows every scenario, visible and holdout, passes.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void passesACandidateThatShowsEveryScenario() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    WorkItem item = item(answer(), greetingKept());

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(
        report,
        Verdict.PASS,
        "the candidate commits answer.txt = 42 and keeps greeting.txt, so every scenario passes");
    for (ScenarioResult r : report.scenarios()) {
      if (r.verdict() != Verdict.PASS) {
        fail("scenario '%s' should pass on this candidate but was %s%n%s", r.id(), r.verdict(), describe(report));
      }
    }
  }

  /**
   * A candidate that passes the visible scenario but fails a required holdout fails.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void failsACandidateThatMissesARequiredHoldout() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n", "greeting.txt", "bye\n"));
    WorkItem item = item(answer(), greetingKept());

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(
        report,
        Verdict.FAIL,
        "the visible scenario passes but the required holdout 'greeting-kept' fails: the candidate"
            + " changed greeting.txt to 'bye'");
    expectScenario(report, "greeting-kept", Verdict.FAIL);
    expectScenario(report, "answer", Verdict.PASS);
  }

  /**
   * Every scenario given is reported once, with its visibility, whether it is required, and its number of trials.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void reportsEveryScenarioItWasGivenWithItsVisibilityAndTrials() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    Scenario repeated =
        scenario("answer-holds", Visibility.HOLDOUT, true, 3, "test \"$(cat answer.txt)\" = 42");
    Scenario optional =
        scenario("greeting-present", Visibility.VISIBLE, false, 1, "test -s greeting.txt");
    WorkItem item = item(answer(), greetingKept(), repeated, optional);

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(report, Verdict.PASS, "all four scenarios pass on this candidate");
    for (Scenario s : item.scenarios().scenarios()) {
      ScenarioResult r = result(report, s.id().value());
      if (r.trials().size() != s.trials()) {
        fail(
            "scenario '%s' asks for %d trials (Scenario.trials: each scenario runs that many times)"
                + " but the report has %d%n%s",
            s.id(), s.trials(), r.trials().size(), describe(report));
      }
    }
  }

  // ------------------------------------------------------- what was committed

  /**
   * A fix left uncommitted in the agent's working copy does not count: the commit is graded.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void gradesTheCommitNotUncommittedFilesInTheWorkingCopy() throws Exception {
    Candidate candidate = candidate(1, Map.of("notes.txt", "the agent forgot to commit the fix\n"));
    Files.writeString(workingCopy().resolve("answer.txt"), "42\n", StandardCharsets.UTF_8);
    WorkItem item = item(answer(), greetingKept());

    EvaluationReport report = evaluate(candidate, item);

    expectScenario(report, "answer", Verdict.FAIL);
    expectVerdict(
        report,
        Verdict.FAIL,
        "the commit leaves answer.txt at 0; only the agent's working copy holds an uncommitted 42,"
            + " and an evaluator grades what was committed, in a fresh checkout");
  }

  /**
   * Uncommitted edits in the agent's working copy that would break the commit do not count either.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void ignoresUncommittedEditsThatWouldBreakTheCommit() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    Files.writeString(workingCopy().resolve("answer.txt"), "41\n", StandardCharsets.UTF_8);
    Files.delete(workingCopy().resolve("greeting.txt"));
    WorkItem item = item(answer(), greetingKept());

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(
        report,
        Verdict.PASS,
        "the commit is right; only the agent's working copy has uncommitted edits that break it"
            + " (answer.txt = 41, greeting.txt deleted), and those must not be graded");
  }

  /**
   * A candidate that rewrites a protected check script does not pass: the base's script runs.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void restoresProtectedPathsFromTheBase() throws Exception {
    Assumptions.assumeTrue(
        restoresProtectedPaths(),
        "this evaluator is declared not to restore protected paths (restoresProtectedPaths() is"
            + " false), so a candidate that edits them can game it");
    Candidate candidate =
        candidate(1, Map.of(PROTECTED_SCRIPT, "exit 0\n", "notes.txt", "made the check pass\n"));
    Scenario checked =
        scenario("answer-checked", Visibility.VISIBLE, true, 1, "sh " + PROTECTED_SCRIPT);
    WorkItem item = item(checked);

    EvaluationReport report = evaluate(candidate, item);

    if (report.verdict() == Verdict.PASS) {
      fail(
          "expected the candidate not to PASS: it leaves answer.txt at 0 and rewrites the protected"
              + " %s (the spec protects check/**) to 'exit 0'; an evaluator restores protected"
              + " paths from the base before it runs scenarios, so the base's script must fail it%n%s",
          PROTECTED_SCRIPT,
          describe(report));
    }
    ScenarioResult r = result(report, "answer-checked");
    if (r.verdict() == Verdict.PASS) {
      fail(
          "scenario 'answer-checked' passed, so it ran the candidate's edited %s instead of the"
              + " base's%n%s",
          PROTECTED_SCRIPT,
          describe(report));
    }
  }

  /**
   * Scenario commands run through the context's sandbox, over checkouts the context made.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void runsScenarioCommandsInTheContextsSandboxOverItsOwnCheckouts() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    WorkItem item = item(answer(), greetingKept());

    EvaluationReport report = evaluate(candidate, item);

    List<ExecRequest> requests = fixture().sandbox.requests();
    int commandTrials =
        item.scenarios().scenarios().stream()
            .filter(s -> s.check() instanceof CommandCheck)
            .mapToInt(Scenario::trials)
            .sum();
    if (requests.size() < commandTrials) {
      fail(
          "expected at least %d commands in the context's sandbox (one per trial of each command"
              + " scenario; an evaluator runs every scenario through EvaluationContext.sandbox())"
              + " but saw %d%n%s",
          commandTrials,
          requests.size(),
          describe(report));
    }
    List<Path> checkouts = fixture().context.checkouts();
    List<String> outside = new ArrayList<>();
    for (ExecRequest r : requests) {
      Path workspace = r.workspace().toAbsolutePath().normalize();
      if (checkouts.stream().noneMatch(workspace::startsWith)) {
        outside.add(workspace + " " + r.command());
      }
    }
    if (!outside.isEmpty()) {
      fail(
          "expected every scenario command to run over a checkout made by EvaluationContext.checkout"
              + " (or checkoutBase), but these ran elsewhere:%n  %s%nthe context's checkouts were:%n  %s%n"
              + "the agent's working copy is %s",
          String.join("\n  ", outside),
          checkouts.stream().map(Path::toString).collect(Collectors.joining("\n  ")),
          workingCopy());
    }
  }

  /**
   * An evaluation moves no branch: neither the target nor the candidate's.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void leavesEveryBranchAsItWas() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    WorkItem item = item(answer(), greetingKept());
    Map<String, String> before = refs();

    evaluate(candidate, item);

    Map<String, String> after = refs();
    if (!before.equals(after)) {
      List<String> changes = new ArrayList<>();
      Set<String> names = new TreeSet<>(before.keySet());
      names.addAll(after.keySet());
      for (String name : names) {
        String was = before.getOrDefault(name, "(absent)");
        String is = after.getOrDefault(name, "(absent)");
        if (!was.equals(is)) {
          changes.add(name + ": " + was + " -> " + is);
        }
      }
      fail(
          "expected the evaluation to leave the repository's refs as they were (an evaluator grades;"
              + " only the factory's integrator moves the target branch, and the candidate's branch"
              + " is kept as committed) but it changed:%n  %s",
          String.join("\n  ", changes));
    }
  }

  // ------------------------------------------------------ when it cannot decide

  /**
   * A sandbox that refuses every command makes the report INVALID, without a throw.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void saysInvalidWhenTheSandboxCannotRunAnything() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    WorkItem item = item(answer(), greetingKept());
    fixture().sandbox.refuse();

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(
        report,
        Verdict.INVALID,
        "the sandbox threw SandboxException for every command, so nothing was decided; an"
            + " evaluator that cannot decide says INVALID rather than guessing");
  }

  /**
   * A candidate whose commit does not exist makes the report INVALID, without a throw.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void saysInvalidWhenTheCandidateCannotBeCheckedOut() throws Exception {
    CommitId base = repository().head("main").orElseThrow();
    Candidate missing =
        new Candidate(
            SPEC, 1, Candidate.branchFor(SPEC, 1), CommitId.of("0123456789abcdef".repeat(2) + "01234567"), base);
    WorkItem item = item(answer(), greetingKept());

    EvaluationReport report = evaluate(missing, item);

    expectVerdict(
        report,
        Verdict.INVALID,
        "the candidate's commit " + missing.commit() + " does not exist, so it cannot be checked out");
  }

  /**
   * A required scenario of a kind the evaluator cannot run makes the report INVALID, without a throw.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void saysInvalidForAScenarioKindItCannotRun() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    Scenario unknown =
        Scenario.builder("unknown-kind")
            .title("A scenario of a kind no evaluator knows")
            .visibility(Visibility.HOLDOUT)
            .check(new UnknownCheck("nothing can run this"))
            .build();
    WorkItem item = item(unknown);

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(
        report,
        Verdict.INVALID,
        "its only scenario is required and of kind '"
            + UnknownCheck.KIND
            + "', which no evaluator can run, so nothing was decided");
  }

  /**
   * A work item without scenarios makes the report INVALID.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void saysInvalidWhenThereIsNothingToRun() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    WorkItem item = new WorkItem(spec(List.of()), ScenarioSet.of());

    EvaluationReport report = evaluate(candidate, item);

    expectVerdict(
        report,
        Verdict.INVALID,
        "the work item has no scenarios; with none, the verdict is INVALID (EvaluationReport)");
  }

  // ----------------------------------------------------------- interruption

  /**
   * Interrupting the evaluating thread while a scenario command runs ends the evaluation with {@link InterruptedException}.
   *
   * @throws Exception when the repository cannot be prepared
   */
  @Test
  public void stopsWithInterruptedExceptionWhenInterruptedWhileAScenarioRuns() throws Exception {
    Candidate candidate = candidate(1, Map.of("answer.txt", "42\n"));
    WorkItem item = item(answer(), greetingKept());
    CountDownLatch heldOrDone = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<@Nullable Object> outcome = new AtomicReference<>();
    fixture().sandbox.hold(heldOrDone);
    Evaluator evaluator = evaluator();
    Thread thread =
        new Thread(
            () -> {
              try {
                outcome.set(evaluator.evaluate(candidate, item, fixture().context));
              } catch (Throwable t) {
                outcome.set(t);
              } finally {
                done.countDown();
                heldOrDone.countDown();
              }
            },
            "evaluator-contract-interrupted");
    thread.setDaemon(true);
    thread.start();

    if (!heldOrDone.await(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      thread.interrupt();
      fail(
          "no scenario command reached the context's sandbox within %d s, and the evaluation did"
              + " not end either",
          STOP_LIMIT.toSeconds());
    }
    if (done.getCount() == 0) {
      Assumptions.abort(
          "the evaluator ended without running a command in the context's sandbox ("
              + outcome.get()
              + "), so interruption while a scenario runs cannot be tested");
    }
    thread.interrupt();

    if (!done.await(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      fail(
          "the evaluation did not end within %d s after its thread was interrupted while a scenario"
              + " command was running; Evaluator.evaluate throws InterruptedException when the"
              + " thread is interrupted",
          STOP_LIMIT.toSeconds());
    }
    Object result = outcome.get();
    if (result instanceof InterruptedException) {
      return;
    }
    if (result instanceof EvaluationReport report) {
      fail(
          "expected InterruptedException after the thread was interrupted while a scenario command"
              + " ran, but evaluate returned a report instead (an interruption is not something to"
              + " grade; it must propagate)%n%s",
          describe(report));
    }
    throw new AssertionError(
        "expected InterruptedException after the thread was interrupted while a scenario command"
            + " ran, but evaluate threw "
            + result,
        result instanceof Throwable t ? t : null);
  }

  // ------------------------------------------------------------------ helpers

  /** A check of a kind nothing runs. */
  private record UnknownCheck(String note) implements Check {
    static final String KIND = "evaluator-contract-unknown";

    @Override
    public String kind() {
      return KIND;
    }
  }

  /** One test's repository and context; the agent's working copy is cloned when first asked for. */
  private static final class Fixture {
    final TestRepository repository;
    final Path workingCopyDirectory;
    final ContractSandbox sandbox;
    final RecordingContext context;
    private String branch = "main";
    private @Nullable String checkedOut;

    Fixture(TestRepository repository, Path workingCopyDirectory, ContractSandbox sandbox, RecordingContext context) {
      this.repository = repository;
      this.workingCopyDirectory = workingCopyDirectory;
      this.sandbox = sandbox;
      this.context = context;
    }

    synchronized void moveTo(String candidateBranch) {
      branch = candidateBranch;
    }

    /** The working copy, checked out at the latest candidate's branch. */
    synchronized Path workingCopy() throws InterruptedException {
      if (checkedOut == null) {
        repository.cloneTo(workingCopyDirectory, branch);
      } else if (!checkedOut.equals(branch)) {
        Git inCopy = Git.in(workingCopyDirectory).withoutUserConfiguration();
        inCopy.output("fetch", "--quiet", "origin");
        inCopy.output("checkout", "--quiet", "-B", branch, "origin/" + branch);
      }
      checkedOut = branch;
      return workingCopyDirectory;
    }
  }

  private Fixture fixture() {
    if (fixture == null) {
      throw new IllegalStateException("the repository is created before each test");
    }
    return fixture;
  }

  private Path temp() {
    if (temp == null) {
      throw new IllegalStateException("JUnit did not inject the temporary directory");
    }
    return temp;
  }

  private Scenario answer() {
    return scenario("answer", Visibility.VISIBLE, true, 1, "test \"$(cat answer.txt)\" = 42");
  }

  private Scenario greetingKept() {
    return scenario(
        "greeting-kept", Visibility.HOLDOUT, true, 1, "test \"$(cat greeting.txt)\" = hello");
  }

  private Scenario scenario(
      String id, Visibility visibility, boolean required, int trials, String script) {
    return Scenario.builder(id)
        .title("Scenario " + id)
        .description("runs: " + script)
        .visibility(visibility)
        .required(required)
        .trials(trials)
        .timeout(Duration.ofSeconds(60))
        .check(check(script))
        .build();
  }

  private static Spec spec(List<ScenarioId> acceptance) {
    return Spec.builder(SPEC)
        .title("The answer is 42")
        .goal("answer.txt holds 42; greeting.txt still says hello.")
        .acceptance(acceptance)
        .protectedPaths("check/**")
        .build();
  }

  private static WorkItem item(Scenario... scenarios) {
    List<ScenarioId> acceptance = new ArrayList<>();
    for (Scenario s : scenarios) {
      if (s.isVisible()) {
        acceptance.add(s.id());
      }
    }
    return new WorkItem(spec(acceptance), ScenarioSet.of(scenarios));
  }

  /**
   * A candidate: the base with {@code files} committed on its attempt branch; the agent's working
   * copy follows it.
   */
  private Candidate candidate(int attempt, Map<String, String> files) throws Exception {
    TestRepository repository = repository();
    CommitId base = repository.head("main").orElseThrow();
    String branch = Candidate.branchFor(SPEC, attempt);
    CommitId commit = repository.commitOn(branch, "attempt " + attempt, files);
    fixture().moveTo(branch);
    return new Candidate(SPEC, attempt, branch, commit, base);
  }

  /** Every ref of the bare repository and where it points. */
  private Map<String, String> refs() throws InterruptedException {
    String out =
        Git.in(repository().bare()).output("for-each-ref", "--format=%(refname) %(objectname)");
    Map<String, String> refs = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        int space = line.indexOf(' ');
        refs.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return refs;
  }

  /** Evaluates, failing readably on a throw or a dishonest report. */
  private EvaluationReport evaluate(Candidate candidate, WorkItem item) throws InterruptedException {
    Evaluator evaluator = evaluator();
    EvaluationReport report;
    try {
      report = evaluator.evaluate(candidate, item, fixture().context);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "evaluator '"
              + evaluator.name()
              + "' threw "
              + e
              + " while grading "
              + candidate.branch()
              + "; Evaluator.evaluate returns an INVALID report when it cannot decide, it does not"
              + " throw",
          e);
    }
    if (report == null) {
      fail("evaluator '%s' returned null; Evaluator.evaluate always returns a report", evaluator.name());
    }
    checkReport(report, candidate, item);
    return report;
  }

  /** What every report must say about the candidate and the scenarios it was given. */
  private static void checkReport(EvaluationReport report, Candidate candidate, WorkItem item) {
    if (!report.candidate().equals(candidate)) {
      fail(
          "the report is about %s but the evaluator was asked to grade %s; a report names what was"
              + " graded%n%s",
          report.candidate(), candidate, describe(report));
    }
    Map<ScenarioId, Scenario> given = new LinkedHashMap<>();
    item.scenarios().scenarios().forEach(s -> given.put(s.id(), s));
    List<String> problems = new ArrayList<>();
    for (ScenarioResult r : report.scenarios()) {
      Scenario s = given.get(r.id());
      if (s == null) {
        problems.add("scenario '" + r.id() + "' is in the report but was not given");
        continue;
      }
      if (r.visibility() != s.visibility()) {
        problems.add(
            "scenario '" + r.id() + "' is " + s.visibility() + " but reported as " + r.visibility());
      }
      if (r.required() != s.required()) {
        problems.add(
            "scenario '"
                + r.id()
                + "' is "
                + (s.required() ? "required" : "optional")
                + " but reported as "
                + (r.required() ? "required" : "optional"));
      }
    }
    // An evaluator that could not get as far as running scenarios may report none of them.
    boolean decided = report.verdict() == Verdict.PASS || report.verdict() == Verdict.FAIL;
    if (decided) {
      Set<ScenarioId> reported = new TreeSet<>();
      report.scenarios().forEach(r -> reported.add(r.id()));
      for (Scenario s : given.values()) {
        if (!reported.contains(s.id())) {
          problems.add(
              "scenario '"
                  + s.id()
                  + "' ("
                  + s.visibility().name().toLowerCase(Locale.ROOT)
                  + ") was given but is missing from the report");
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(
          "the report must hold every scenario it was given, holdouts included, as given:%n  %s%n%s",
          String.join("\n  ", problems),
          describe(report));
    }
  }

  private static void expectVerdict(EvaluationReport report, Verdict expected, String why) {
    if (report.verdict() != expected) {
      fail("expected verdict %s because %s, but was %s%n%s", expected, why, report.verdict(), describe(report));
    }
  }

  private static void expectScenario(EvaluationReport report, String id, Verdict expected) {
    ScenarioResult r = result(report, id);
    if (r.verdict() != expected) {
      fail("expected scenario '%s' to be %s but it was %s%n%s", id, expected, r.verdict(), describe(report));
    }
  }

  private static ScenarioResult result(EvaluationReport report, String id) {
    return report.scenarios().stream()
        .filter(r -> r.id().value().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "scenario '" + id + "' is missing from the report\n" + describe(report)));
  }

  /** The report as a reader needs it in a failure message. */
  static String describe(EvaluationReport report) {
    StringBuilder b = new StringBuilder();
    b.append("the report: verdict ")
        .append(report.verdict())
        .append(String.format(
            Locale.ROOT,
            ", satisfaction %.2f [%.2f, %.2f]",
            report.satisfaction().score(),
            report.satisfaction().lower(),
            report.satisfaction().upper()));
    if (report.scenarios().isEmpty()) {
      b.append("\n  no scenarios");
    }
    for (ScenarioResult r : report.scenarios()) {
      b.append("\n  scenario '")
          .append(r.id())
          .append("' (")
          .append(r.visibility().name().toLowerCase(Locale.ROOT))
          .append(r.required() ? ", required" : ", optional")
          .append("): ")
          .append(r.verdict());
      for (TrialResult t : r.trials()) {
        if (!t.detail().isBlank()) {
          b.append("; trial ").append(t.trial()).append(' ').append(t.verdict()).append(": ").append(oneLine(t.detail()));
          break;
        }
      }
    }
    report.notes().forEach(n -> b.append("\n  note: ").append(oneLine(n)));
    report.tamperSignals().forEach(s -> b.append("\n  tamper signal: ").append(oneLine(s)));
    return b.toString();
  }

  private static String oneLine(String text) {
    String t = text.strip().replace("\n", " | ");
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}

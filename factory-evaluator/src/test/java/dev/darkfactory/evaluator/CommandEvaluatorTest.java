package dev.darkfactory.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandEvaluatorTest {

  private static final double Z = 1.959963984540054;
  private static final Candidate CANDIDATE =
      new Candidate(
          SpecId.of("greeting"),
          1,
          Candidate.branchFor(SpecId.of("greeting"), 1),
          CommitId.of("a".repeat(40)),
          CommitId.of("b".repeat(40)));

  @TempDir Path dir;

  private final CannedSandbox sandbox = new CannedSandbox();
  private final CommandEvaluator evaluator = new CommandEvaluator();

  @Test
  void isNamedCommand() {
    assertThat(evaluator.name()).isEqualTo("command");
  }

  @Test
  void passingCommandPassesWithTheExactWilsonIntervalOfOneTrial() throws Exception {
    sandbox.answer(List.of("greet", "Ada"), exits(0, "Hello, Ada!\n", ""));
    Scenario scenario =
        scenario("says-hello")
            .timeout(Duration.ofSeconds(7))
            .check(
                new CommandCheck(
                    List.of("greet", "Ada"),
                    0,
                    List.of(new OutputMatcher.Equals("Hello, Ada!")),
                    List.of()))
            .build();
    FakeContext context = new FakeContext(dir, sandbox);

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(scenario), context);

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.candidate()).isEqualTo(CANDIDATE);
    assertThat(report.notes()).isEmpty();
    assertThat(report.tamperSignals()).isEmpty();
    assertThat(report.usage()).isEqualTo(Usage.ZERO);
    assertThat(report.elapsed()).isEqualTo(Duration.ofSeconds(1));
    ScenarioResult result = report.scenarios().get(0);
    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.trials())
        .containsExactly(
            new TrialResult(
                1, Verdict.PASS, "exit code 0 and output as expected", Duration.ofMillis(7)));
    // One passing trial: [1 / (1 + z²), 1].
    assertSatisfaction(report.satisfaction(), 1, 1 / (1 + Z * Z), 1);

    ExecRequest request = sandbox.requests.get(0);
    assertThat(request.workspace()).isEqualTo(context.checkouts.get(0).root());
    assertThat(request.workingDirectory()).isEqualTo(".");
    assertThat(request.command()).containsExactly("greet", "Ada");
    assertThat(request.environment()).isEmpty();
    assertThat(request.stdin()).isEmpty();
    assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(request.policy()).isSameAs(context.sandboxPolicy());
    assertThat(context.checkouts).singleElement().satisfies(ws -> assertThat(ws.closed).isTrue());
  }

  @Test
  void wrongExitCodeFailsSayingBothCodesAndTheEndOfStderr() throws Exception {
    sandbox.answer(List.of("greet"), exits(1, "", "Exception in main\nboom\n"));

    EvaluationReport report =
        evaluator.evaluate(CANDIDATE, item(command("says-hello", "greet")), context());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.notes()).isEmpty();
    assertThat(trial(report, 0, 0).verdict()).isEqualTo(Verdict.FAIL);
    assertThat(trial(report, 0, 0).detail())
        .isEqualTo("exit code was 1, expected 0; stderr ended with 'Exception in main\\nboom'");
    // One failing trial: [0, z² / (1 + z²)].
    assertSatisfaction(report.satisfaction(), 0, 0, Z * Z / (1 + Z * Z));
  }

  @Test
  void stdoutMismatchFailsSayingWhatWasPrintedAndWhatWasExpected() throws Exception {
    sandbox.answer(List.of("greet"), exits(0, "Hello, Bob!\n", ""));
    Scenario scenario =
        scenario("says-hello")
            .check(
                new CommandCheck(
                    List.of("greet"),
                    0,
                    List.of(new OutputMatcher.Equals("Hello, Ada!")),
                    List.of(new OutputMatcher.Regex("^$"))))
            .build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(scenario), context());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(trial(report, 0, 0).detail())
        .isEqualTo("stdout was 'Hello, Bob!\\n', expected 'Hello, Ada!'");
  }

  @Test
  void stderrMismatchAndWrongExitCodeAreBothReported() throws Exception {
    sandbox.answer(List.of("greet"), exits(2, "", "usage: greet NAME\n"));
    Scenario scenario =
        scenario("says-hello")
            .check(
                new CommandCheck(
                    List.of("greet"), 0, List.of(), List.of(new OutputMatcher.Contains("Hello"))))
            .build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(scenario), context());

    assertThat(trial(report, 0, 0).detail())
        .isEqualTo(
            "exit code was 2, expected 0; stderr does not contain 'Hello'; it was 'usage: greet"
                + " NAME\\n'");
  }

  @Test
  void timeoutFailsSayingAfterHowLong() throws Exception {
    sandbox.answer(
        List.of("loop"), new ExecResult(-1, "", "", true, false, Duration.ofMillis(5003), null));
    Scenario scenario =
        scenario("ends")
            .timeout(Duration.ofSeconds(5))
            .check(CommandCheck.exitsZero("loop"))
            .build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(scenario), context());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(trial(report, 0, 0))
        .isEqualTo(new TrialResult(1, Verdict.FAIL, "timed out after 5s", Duration.ofMillis(5003)));
  }

  @Test
  void truncatedOutputOfAFailureSaysWhereTheFullOutputIs() throws Exception {
    Path full = dir.resolve("full-output.txt");
    sandbox.answer(
        List.of("greet"), new ExecResult(3, "", "oops\n", false, true, Duration.ZERO, full));

    EvaluationReport report =
        evaluator.evaluate(CANDIDATE, item(command("says-hello", "greet")), context());

    assertThat(trial(report, 0, 0).detail())
        .isEqualTo(
            "exit code was 3, expected 0; stderr ended with 'oops'; output was truncated; the full"
                + " output is in "
                + full);
  }

  @Test
  void sandboxExceptionMakesTheTrialAndARequiredScenarioInvalid() throws Exception {
    sandbox.fail(List.of("greet"), new SandboxException("cannot start greet: no such program"));

    EvaluationReport report =
        evaluator.evaluate(CANDIDATE, item(command("says-hello", "greet")), context());

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes())
        .containsExactly(
            "required scenario 'says-hello' was INVALID: cannot start greet: no such program");
    ScenarioResult result = report.scenarios().get(0);
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.trials())
        .containsExactly(
            new TrialResult(
                1, Verdict.INVALID, "cannot start greet: no such program", Duration.ZERO));
    assertThat(report.satisfaction()).isEqualTo(new Satisfaction(0, 0, 1, 0.95));
  }

  @Test
  void unknownCheckKindGetsOneInvalidTrialWithoutRunningAnything() throws Exception {
    Scenario judged =
        scenario("reads-well")
            .trials(3)
            .check(new ModelJudgeCheck("Is it idiomatic?", 1, null))
            .build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(judged), context());

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.scenarios().get(0).trials())
        .containsExactly(
            new TrialResult(
                1,
                Verdict.INVALID,
                "no runner for scenario kind 'model-judge' in evaluator command",
                Duration.ZERO));
    assertThat(report.notes())
        .containsExactly(
            "required scenario 'reads-well' was INVALID: no runner for scenario kind"
                + " 'model-judge' in evaluator command");
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void userDefinedCheckKindIsNamedInTheDetail() throws Exception {
    Check custom = () -> "http-probe";

    EvaluationReport report =
        evaluator.evaluate(CANDIDATE, item(scenario("answers").check(custom).build()), context());

    assertThat(trial(report, 0, 0).detail())
        .isEqualTo("no runner for scenario kind 'http-probe' in evaluator command");
  }

  @Test
  void optionalFailureKeepsThePassButLowersWeightedSatisfaction() throws Exception {
    sandbox.answer(List.of("greet"), exits(0, "", ""));
    sandbox.answer(List.of("greet", "Zoë"), exits(1, "", "bad encoding"));
    Scenario required =
        scenario("says-hello").weight(3).check(CommandCheck.exitsZero("greet")).build();
    Scenario optional =
        scenario("handles-unicode")
            .holdout()
            .required(false)
            .check(CommandCheck.exitsZero("greet", "Zoë"))
            .build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(required, optional), context());

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.notes()).isEmpty();
    assertThat(report.scenarios())
        .extracting(ScenarioResult::id, ScenarioResult::visibility, ScenarioResult::verdict)
        .containsExactly(
            tuple(ScenarioId.of("says-hello"), Visibility.VISIBLE, Verdict.PASS),
            tuple(ScenarioId.of("handles-unicode"), Visibility.HOLDOUT, Verdict.FAIL));
    assertThat(sandbox.requests)
        .extracting(ExecRequest::command)
        .containsExactly(List.of("greet"), List.of("greet", "Zoë"));
    // Weights 3 (passed) and 1 (failed): p = 3/4 over an effective 4² / (3² + 1²) = 1.6 trials.
    double[] wilson = wilson(0.75, 1.6);
    assertSatisfaction(report.satisfaction(), 0.75, wilson[0], wilson[1]);
  }

  @Test
  void optionalInvalidScenarioKeepsThePassWithANote() throws Exception {
    sandbox.answer(List.of("greet"), exits(0, "", ""));
    sandbox.fail(List.of("probe"), new SandboxException("network is off"));
    Scenario optional =
        scenario("probes").required(false).check(CommandCheck.exitsZero("probe")).build();

    EvaluationReport report =
        evaluator.evaluate(CANDIDATE, item(command("says-hello", "greet"), optional), context());

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.notes())
        .containsExactly("optional scenario 'probes' was INVALID: network is off");
    // Only the decided trial counts.
    assertSatisfaction(report.satisfaction(), 1, 1 / (1 + Z * Z), 1);
  }

  @Test
  void flakyScenarioFailsAndEightOfTenGivesTheKnownWilsonInterval() throws Exception {
    List<ExecResult> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(i == 3 || i == 7 ? exits(1, "", "race") : exits(0, "", ""));
    }
    sandbox.answer(List.of("greet"), runs.toArray(ExecResult[]::new));
    Scenario flaky =
        scenario("says-hello").trials(10).check(CommandCheck.exitsZero("greet")).build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(flaky), context());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    ScenarioResult result = report.scenarios().get(0);
    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.flaky()).isTrue();
    assertThat(result.passed()).isEqualTo(8);
    assertThat(result.trials())
        .extracting(TrialResult::trial)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(result.trials().get(3).detail())
        .isEqualTo("exit code was 1, expected 0; stderr ended with 'race'");
    assertThat(sandbox.requests).hasSize(10);
    assertThat(report.satisfaction().score()).isEqualTo(0.8, within(1e-12));
    assertThat(report.satisfaction().lower()).isEqualTo(0.4902, within(1e-4));
    assertThat(report.satisfaction().upper()).isEqualTo(0.9433, within(1e-4));
  }

  @Test
  void aFailedTrialOutweighsAnInvalidOne() throws Exception {
    sandbox.script(
        List.of("greet"), new SandboxException("sandbox busy"), exits(1, "", ""), exits(0, "", ""));
    Scenario scenario =
        scenario("says-hello").trials(3).check(CommandCheck.exitsZero("greet")).build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(scenario), context());

    assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(report.scenarios().get(0).trials())
        .extracting(TrialResult::verdict)
        .containsExactly(Verdict.INVALID, Verdict.FAIL, Verdict.PASS);
    // Two decided trials of weight 1/3 each: p = 1/2 over n = 2.
    double[] wilson = wilson(0.5, 2);
    assertSatisfaction(report.satisfaction(), 0.5, wilson[0], wilson[1]);
  }

  @Test
  void passingAndInvalidTrialsMakeTheScenarioInvalid() throws Exception {
    sandbox.script(List.of("greet"), exits(0, "", ""), new SandboxException("sandbox busy"));
    Scenario scenario =
        scenario("says-hello").trials(2).check(CommandCheck.exitsZero("greet")).build();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(scenario), context());

    assertThat(report.scenarios().get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes())
        .containsExactly("required scenario 'says-hello' was INVALID: sandbox busy");
  }

  @Test
  void checkoutFailureIsInvalidWithANoteAndRunsNothing() throws Exception {
    FakeContext context = context();
    context.checkoutFails = true;

    EvaluationReport report =
        evaluator.evaluate(CANDIDATE, item(command("says-hello", "greet")), context);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.scenarios()).isEmpty();
    assertThat(report.notes())
        .containsExactly(
            "could not check out candidate aaaaaaaaaaaa: java.io.IOException: git worktree add"
                + " failed: disk full");
    assertThat(report.satisfaction()).isEqualTo(new Satisfaction(0, 0, 1, 0.95));
    assertThat(report.elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void noScenariosIsInvalidWithoutACheckout() throws Exception {
    FakeContext context = context();

    EvaluationReport report = evaluator.evaluate(CANDIDATE, item(), context);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes()).containsExactly("no scenarios to run");
    assertThat(report.scenarios()).isEmpty();
    assertThat(report.satisfaction()).isEqualTo(new Satisfaction(0, 0, 1, 0.95));
    assertThat(context.checkouts).isEmpty();
  }

  @Test
  void interruptionPropagatesAndTheCheckoutIsStillClosed() {
    sandbox.interrupt(List.of("greet"));
    FakeContext context = context();

    assertThatThrownBy(
            () -> evaluator.evaluate(CANDIDATE, item(command("says-hello", "greet")), context))
        .isInstanceOf(InterruptedException.class);
    assertThat(context.checkouts).singleElement().satisfies(ws -> assertThat(ws.closed).isTrue());
  }

  @Test
  void durationsReadAsSecondsOrMilliseconds() {
    assertThat(CommandEvaluator.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(CommandEvaluator.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(CommandEvaluator.format(Duration.ofMinutes(5))).isEqualTo("300s");
    assertThat(CommandEvaluator.format(Duration.ofMillis(250))).isEqualTo("250ms");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.
  // ---------------------------------------------------------------------------------------------

  /** The Wilson bounds by hand: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). */
  private static double[] wilson(double p, double n) {
    double centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
    double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n);
    return new double[] {centre - half, centre + half};
  }

  private static void assertSatisfaction(Satisfaction s, double score, double lower, double upper) {
    assertThat(s.score()).isEqualTo(score, within(1e-12));
    assertThat(s.lower()).isEqualTo(lower, within(1e-12));
    assertThat(s.upper()).isEqualTo(upper, within(1e-12));
    assertThat(s.confidence()).isEqualTo(0.95);
  }

  private static TrialResult trial(EvaluationReport report, int scenario, int trial) {
    return report.scenarios().get(scenario).trials().get(trial);
  }

  private static ExecResult exits(int code, String stdout, String stderr) {
    return new ExecResult(code, stdout, stderr, false, false, Duration.ofMillis(7), null);
  }

  private static Scenario.Builder scenario(String id) {
    return Scenario.builder(id).title("Scenario " + id);
  }

  private static Scenario command(String id, String... command) {
    return scenario(id).check(CommandCheck.exitsZero(command)).build();
  }

  private static WorkItem item(Scenario... scenarios) {
    Spec spec = Spec.builder("greeting").title("Greet the user").goal("Print a greeting.").build();
    return new WorkItem(spec, ScenarioSet.of(scenarios));
  }

  private FakeContext context() {
    return new FakeContext(dir, sandbox);
  }

  /**
   * A sandbox that answers each command from a script, in order, repeating the last answer; an
   * answer is an {@link ExecResult}, a {@link SandboxException} to throw, or an interruption.
   */
  static final class CannedSandbox implements Sandbox {
    private static final Object INTERRUPT = new Object();
    private final Map<List<String>, Deque<Object>> scripts = new HashMap<>();
    final List<ExecRequest> requests = new ArrayList<>();

    void answer(List<String> command, ExecResult... results) {
      script(command, (Object[]) results);
    }

    void fail(List<String> command, SandboxException e) {
      script(command, e);
    }

    void interrupt(List<String> command) {
      script(command, INTERRUPT);
    }

    void script(List<String> command, Object... answers) {
      scripts.put(command, new ArrayDeque<>(Arrays.asList(answers)));
    }

    @Override
    public String name() {
      return "canned";
    }

    @Override
    public SandboxHealth doctor() {
      return SandboxHealth.isolating("runs nothing: answers from a script");
    }

    @Override
    public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
      requests.add(request);
      Deque<Object> script = scripts.get(request.command());
      if (script == null) {
        throw new AssertionError("no answer scripted for " + request.command());
      }
      Object answer = script.size() > 1 ? script.removeFirst() : script.getFirst();
      if (answer == INTERRUPT) {
        throw new InterruptedException("interrupted in the test");
      }
      if (answer instanceof SandboxException e) {
        throw e;
      }
      return (ExecResult) answer;
    }
  }

  /** A checkout over a directory that remembers whether it was closed. */
  static final class FakeWorkspace implements Workspace {
    private final Path root;
    boolean closed;

    FakeWorkspace(Path root) {
      this.root = root;
    }

    @Override
    public Path root() {
      return root;
    }

    @Override
    public CommitId base() {
      return CANDIDATE.base();
    }

    @Override
    public String branch() {
      return "eval/" + CANDIDATE.branch();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Hands out checkouts under a temporary directory, or fails to; its clock ticks 1s a read. */
  static final class FakeContext implements EvaluationContext {
    private final Path dir;
    private final Sandbox sandbox;
    private final SandboxPolicy policy = SandboxPolicy.strict();
    private final Clock clock = new TickingClock();
    final List<FakeWorkspace> checkouts = new ArrayList<>();
    boolean checkoutFails;

    FakeContext(Path dir, Sandbox sandbox) {
      this.dir = dir;
      this.sandbox = sandbox;
    }

    @Override
    public Workspace checkout(Candidate candidate) throws IOException {
      if (checkoutFails) {
        throw new IOException("git worktree add failed: disk full");
      }
      FakeWorkspace ws = new FakeWorkspace(dir.resolve("checkout-" + checkouts.size()));
      checkouts.add(ws);
      return ws;
    }

    @Override
    public Sandbox sandbox() {
      return sandbox;
    }

    @Override
    public SandboxPolicy sandboxPolicy() {
      return policy;
    }

    @Override
    public Path resultsDirectory() {
      return dir.resolve("results");
    }

    @Override
    public Clock clock() {
      return clock;
    }
  }

  /** A clock that moves one second forward each time it is read. */
  static final class TickingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      Instant read = now;
      now = now.plusSeconds(1);
      return read;
    }
  }
}

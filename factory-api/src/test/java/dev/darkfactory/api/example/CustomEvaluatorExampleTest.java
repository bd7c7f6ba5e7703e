package dev.darkfactory.api.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An example, written from the API's Javadoc alone, of the two things researchers plug into a
 * factory: an {@link Evaluator} and a {@link MergePolicy}. Both are small but real; the test runs
 * them against an in-memory sandbox, evaluation context and workspace.
 */
class CustomEvaluatorExampleTest {

  // ---------------------------------------------------------------------------------------------
  // The custom evaluator.
  // ---------------------------------------------------------------------------------------------

  /**
   * Grades a candidate by running each command scenario {@code trials} times in the sandbox, over a
   * fresh checkout, and comparing exit codes. Satisfaction is the weighted share of passing trials,
   * with a Wilson interval per scenario so that a few lucky runs do not read as certainty. Anything
   * it cannot run or decide is INVALID with a note, never a guess.
   */
  static final class ExitCodeEvaluator implements Evaluator {

    /** z for a 95% interval. */
    private static final double Z = 1.959964;

    @Override
    public String name() {
      return "exit-code";
    }

    @Override
    public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
        throws InterruptedException {
      Instant start = context.clock().instant();
      List<ScenarioResult> results = new ArrayList<>();
      try (Workspace ws = context.checkout(candidate)) {
        for (Scenario scenario : item.scenarios().scenarios()) {
          if (!(scenario.check() instanceof CommandCheck check)) {
            return invalid(
                candidate,
                context,
                start,
                "scenario "
                    + scenario.id()
                    + " is a "
                    + scenario.check().kind()
                    + " check, which this evaluator cannot run");
          }
          results.add(run(scenario, check, ws, context));
        }
      } catch (IOException | SandboxException e) {
        return invalid(candidate, context, start, "could not run the scenarios: " + e.getMessage());
      }
      if (results.isEmpty()) {
        return invalid(
            candidate, context, start, "the spec has no scenarios, so nothing was shown");
      }
      boolean requiredFailed =
          results.stream().anyMatch(r -> r.required() && r.verdict() != Verdict.PASS);
      return new EvaluationReport(
          candidate,
          requiredFailed ? Verdict.FAIL : Verdict.PASS,
          satisfaction(results),
          results,
          List.of(),
          List.of(),
          Usage.ZERO,
          Duration.between(start, context.clock().instant()));
    }

    private static ScenarioResult run(
        Scenario scenario, CommandCheck check, Workspace ws, EvaluationContext context)
        throws SandboxException, InterruptedException {
      List<TrialResult> trials = new ArrayList<>();
      for (int trial = 1; trial <= scenario.trials(); trial++) {
        ExecResult r =
            context
                .sandbox()
                .exec(
                    new ExecRequest(
                        ws.root(),
                        ".",
                        check.command(),
                        Map.of(),
                        "",
                        scenario.timeout(),
                        context.sandboxPolicy()));
        boolean passed = !r.timedOut() && r.exitCode() == check.exitCode();
        String detail =
            passed
                ? ""
                : r.timedOut() ? "timed out" : "exit code " + r.exitCode() + ": " + r.stderr();
        trials.add(
            new TrialResult(trial, passed ? Verdict.PASS : Verdict.FAIL, detail, r.elapsed()));
      }
      boolean allPassed = trials.stream().allMatch(t -> t.verdict() == Verdict.PASS);
      return new ScenarioResult(
          scenario.id(),
          scenario.visibility(),
          scenario.required(),
          scenario.weight(),
          trials,
          allPassed ? Verdict.PASS : Verdict.FAIL);
    }

    /**
     * The weighted share of passing trials, with the scenarios' Wilson intervals weighted alike.
     */
    private static Satisfaction satisfaction(List<ScenarioResult> results) {
      double total = 0;
      double score = 0;
      double lower = 0;
      double upper = 0;
      for (ScenarioResult r : results) {
        double n = r.decided();
        double p = r.passRate();
        double centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n);
        total += r.weight();
        score += r.weight() * p;
        lower += r.weight() * (centre - half);
        upper += r.weight() * (centre + half);
      }
      double s = score / total;
      // Clamped only against rounding: the exact interval always contains the score.
      return new Satisfaction(
          s,
          Math.max(0, Math.min(s, lower / total)),
          Math.min(1, Math.max(s, upper / total)),
          0.95);
    }

    private static EvaluationReport invalid(
        Candidate candidate, EvaluationContext context, Instant start, String why) {
      return new EvaluationReport(
          candidate,
          Verdict.INVALID,
          Satisfaction.exact(0),
          List.of(),
          List.of(),
          List.of(why),
          Usage.ZERO,
          Duration.between(start, context.clock().instant()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The custom merge policy.
  // ---------------------------------------------------------------------------------------------

  /**
   * Merges a pass only when even the lower bound of its satisfaction clears a threshold, and asks a
   * human otherwise; retries failures while attempts remain; rejects tampering outright.
   */
  static final class ConfidentMergePolicy implements MergePolicy {

    private final double minimumLowerBound;

    ConfidentMergePolicy(double minimumLowerBound) {
      this.minimumLowerBound = minimumLowerBound;
    }

    @Override
    public MergeDecision decide(MergeContext context) {
      EvaluationReport report = context.report();
      double lower = report.satisfaction().lower();
      return switch (report.verdict()) {
        case PASS ->
            lower >= minimumLowerBound
                ? MergeDecision.merge(
                    "every required scenario passed",
                    String.format(Locale.ROOT, "satisfaction is at least %.2f", lower))
                : MergeDecision.hold(
                    String.format(
                        Locale.ROOT,
                        "passed, but satisfaction may be as low as %.2f (below %.2f)",
                        lower,
                        minimumLowerBound));
        case FAIL ->
            context.attemptsRemain()
                ? MergeDecision.retry("required scenarios failed; attempts remain")
                : MergeDecision.reject(
                    "required scenarios failed on attempt "
                        + context.candidate().attempt()
                        + " of "
                        + context.maxAttempts());
        case INVALID ->
            MergeDecision.hold(
                "the evaluation could not decide: " + String.join("; ", report.notes()));
        case SUSPECT ->
            MergeDecision.reject(
                "signs of tampering: " + String.join("; ", report.tamperSignals()));
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Test doubles: a sandbox that answers from a table, a context that hands out checkouts.
  // ---------------------------------------------------------------------------------------------

  /** A sandbox that "runs" a command by looking up its exit code; unknown commands cannot start. */
  static final class TableSandbox implements Sandbox {
    private final Map<List<String>, Integer> exitCodes = new HashMap<>();
    final List<ExecRequest> requests = new ArrayList<>();

    TableSandbox exits(int code, String... command) {
      exitCodes.put(List.of(command), code);
      return this;
    }

    @Override
    public String name() {
      return "table";
    }

    @Override
    public SandboxHealth doctor() {
      return SandboxHealth.isolating("runs nothing: answers from a table");
    }

    @Override
    public ExecResult exec(ExecRequest request) throws SandboxException {
      requests.add(request);
      Integer code = exitCodes.get(request.command());
      if (code == null) {
        throw new SandboxException(
            "cannot start " + request.command().get(0) + ": no such program");
      }
      return new ExecResult(
          code, "", code == 0 ? "" : "boom", false, false, Duration.ofMillis(3), null);
    }
  }

  /** A checkout that only remembers whether it was closed. */
  static final class FakeWorkspace implements Workspace {
    private final Path root;
    private final Candidate candidate;
    boolean closed;

    FakeWorkspace(Path root, Candidate candidate) {
      this.root = root;
      this.candidate = candidate;
    }

    @Override
    public Path root() {
      return root;
    }

    @Override
    public CommitId base() {
      return candidate.commit();
    }

    @Override
    public String branch() {
      return "eval/" + candidate.branch();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Hands out fresh checkouts under a temporary directory, or fails to when told to. */
  static final class FakeContext implements EvaluationContext {
    private final Path dir;
    private final Sandbox sandbox;
    private final SandboxPolicy policy = SandboxPolicy.strict();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
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
      FakeWorkspace ws = new FakeWorkspace(dir.resolve("checkout-" + checkouts.size()), candidate);
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

  // ---------------------------------------------------------------------------------------------
  // The scenarios of one spec, and the cases.
  // ---------------------------------------------------------------------------------------------

  private static final String[] GREET = {"greet"};
  private static final String[] GREET_ADA = {"greet", "--name", "Ada"};
  private static final String[] GREET_UNICODE = {"greet", "--name", "Zoë"};

  @TempDir Path dir;

  private final TableSandbox sandbox = new TableSandbox();
  private final Evaluator evaluator = new ExitCodeEvaluator();
  private final MergePolicy policy = new ConfidentMergePolicy(0.8);

  private static WorkItem greeting(int trials) {
    Spec spec =
        Spec.builder("greeting")
            .title("Greet the user")
            .goal("`greet` prints a greeting; `--name` greets by name.")
            .acceptance(ScenarioId.of("says-hello"))
            .build();
    return new WorkItem(
        spec,
        ScenarioSet.of(
            scenario("says-hello", Visibility.VISIBLE, true, 1.0, trials, GREET),
            scenario("greets-by-name", Visibility.HOLDOUT, true, 1.0, trials, GREET_ADA),
            scenario("handles-unicode", Visibility.HOLDOUT, false, 0.5, trials, GREET_UNICODE)));
  }

  private static Scenario scenario(
      String id,
      Visibility visibility,
      boolean required,
      double weight,
      int trials,
      String... command) {
    return Scenario.builder(id)
        .title(id)
        .visibility(visibility)
        .required(required)
        .weight(weight)
        .trials(trials)
        .check(CommandCheck.exitsZero(command))
        .build();
  }

  private static Candidate attempt(int n) {
    SpecId greeting = SpecId.of("greeting");
    return new Candidate(
        greeting,
        n,
        Candidate.branchFor(greeting, n),
        CommitId.of(String.format("%040x", 0xc0ffee + n)),
        CommitId.of("a".repeat(40)));
  }

  private MergeDecision decide(WorkItem item, EvaluationReport report, int maxAttempts) {
    return policy.decide(
        new MergeContext(item.spec(), report.candidate(), report, maxAttempts, List.of()));
  }

  @Test
  void manyPassingTrialsPassWithATightIntervalAndMerge() throws Exception {
    sandbox.exits(0, GREET).exits(0, GREET_ADA).exits(0, GREET_UNICODE);
    FakeContext context = new FakeContext(dir, sandbox);
    WorkItem item = greeting(20);

    EvaluationReport report = evaluator.evaluate(attempt(1), item, context);

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.satisfaction().score()).isEqualTo(1.0);
    assertThat(report.satisfaction().lower()).isGreaterThan(0.8);
    assertThat(report.scenarios(Visibility.HOLDOUT)).hasSize(2);
    assertThat(decide(item, report, 3)).isInstanceOf(MergeDecision.Merge.class);
  }

  @Test
  void oneLuckyRunPassesButIsHeldForAHuman() throws Exception {
    sandbox.exits(0, GREET).exits(0, GREET_ADA).exits(0, GREET_UNICODE);
    WorkItem item = greeting(1);

    EvaluationReport report = evaluator.evaluate(attempt(1), item, new FakeContext(dir, sandbox));

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(report.satisfaction().score()).isEqualTo(1.0);
    assertThat(report.satisfaction().lower()).isLessThan(0.8);
    MergeDecision decision = decide(item, report, 3);
    assertThat(decision).isInstanceOf(MergeDecision.Hold.class);
    assertThat(decision.reasons()).singleElement().asString().contains("below 0.80");
  }

  @Test
  void anOptionalFailureLowersSatisfactionWithoutFailingTheCandidate() throws Exception {
    sandbox.exits(0, GREET).exits(0, GREET_ADA).exits(1, GREET_UNICODE);
    WorkItem item = greeting(20);

    EvaluationReport report = evaluator.evaluate(attempt(1), item, new FakeContext(dir, sandbox));

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    // Weights 1 + 1 pass, 0.5 fails: 2 / 2.5.
    assertThat(report.satisfaction().score()).isEqualTo(0.8);
    assertThat(report.satisfaction().lower()).isLessThan(0.8);
    assertThat(decide(item, report, 3)).isInstanceOf(MergeDecision.Hold.class);
  }

  @Test
  void aFailedRequiredHoldoutFailsAndIsRetriedWhileAttemptsRemainThenRejected() throws Exception {
    sandbox.exits(0, GREET).exits(2, GREET_ADA).exits(0, GREET_UNICODE);
    WorkItem item = greeting(3);

    EvaluationReport first = evaluator.evaluate(attempt(1), item, new FakeContext(dir, sandbox));
    EvaluationReport last = evaluator.evaluate(attempt(3), item, new FakeContext(dir, sandbox));

    assertThat(first.verdict()).isEqualTo(Verdict.FAIL);
    ScenarioResult byName = first.scenarios().get(1);
    assertThat(byName.id()).isEqualTo(ScenarioId.of("greets-by-name"));
    assertThat(byName.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(byName.trials())
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.detail()).contains("exit code 2"));
    assertThat(decide(item, first, 3)).isInstanceOf(MergeDecision.Retry.class);
    MergeDecision onLast = decide(item, last, 3);
    assertThat(onLast).isInstanceOf(MergeDecision.Reject.class);
    assertThat(onLast.reasons()).singleElement().asString().contains("attempt 3 of 3");
  }

  @Test
  void aSandboxThatCannotStartACommandMakesTheEvaluationInvalidNotAFailure() throws Exception {
    sandbox.exits(0, GREET); // the two holdout commands are unknown: the sandbox throws
    FakeContext context = new FakeContext(dir, sandbox);
    WorkItem item = greeting(1);

    EvaluationReport report = evaluator.evaluate(attempt(1), item, context);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes())
        .singleElement()
        .asString()
        .contains("cannot start greet: no such program");
    assertThat(context.checkouts).singleElement().satisfies(ws -> assertThat(ws.closed).isTrue());
    MergeDecision decision = decide(item, report, 3);
    assertThat(decision).isInstanceOf(MergeDecision.Hold.class);
    assertThat(decision.reasons()).singleElement().asString().contains("could not decide");
  }

  @Test
  void aFailedCheckoutIsInvalidToo() throws Exception {
    FakeContext context = new FakeContext(dir, sandbox);
    context.checkoutFails = true;

    EvaluationReport report = evaluator.evaluate(attempt(1), greeting(1), context);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes()).singleElement().asString().contains("disk full");
    assertThat(sandbox.requests).isEmpty();
  }

  @Test
  void aCheckItCannotRunIsInvalidWithANoteSayingWhich() throws Exception {
    Spec spec = Spec.builder("greeting").title("Greet").goal("Greet politely.").build();
    Scenario judged =
        Scenario.builder("is-polite")
            .title("Is polite")
            .holdout()
            .check(new ModelJudgeCheck("Polite?", 1, null))
            .build();

    EvaluationReport report =
        evaluator.evaluate(
            attempt(1), new WorkItem(spec, ScenarioSet.of(judged)), new FakeContext(dir, sandbox));

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.notes())
        .singleElement()
        .asString()
        .contains("is-polite")
        .contains("model-judge");
  }

  @Test
  void noScenariosMeansNothingWasShownSoItIsInvalid() throws Exception {
    Spec spec = Spec.builder("greeting").title("Greet").goal("Greet.").build();

    EvaluationReport report =
        evaluator.evaluate(
            attempt(1), new WorkItem(spec, ScenarioSet.of()), new FakeContext(dir, sandbox));

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void everyCommandRunsInTheFreshCheckoutUnderTheContextsPolicyAndTheCheckoutIsClosed()
      throws Exception {
    sandbox.exits(0, GREET).exits(0, GREET_ADA).exits(0, GREET_UNICODE);
    FakeContext context = new FakeContext(dir, sandbox);

    evaluator.evaluate(attempt(1), greeting(2), context);

    FakeWorkspace checkout = context.checkouts.get(0);
    assertThat(context.checkouts).hasSize(1);
    assertThat(checkout.closed).isTrue();
    assertThat(sandbox.requests)
        .hasSize(6)
        .allSatisfy(
            r -> {
              assertThat(r.workspace()).isEqualTo(checkout.root());
              assertThat(r.policy()).isSameAs(context.sandboxPolicy());
              assertThat(r.timeout()).isEqualTo(Scenario.DEFAULT_TIMEOUT);
            });
  }

  @Test
  void tamperingIsRejectedWhateverTheScore() {
    WorkItem item = greeting(1);
    Candidate candidate = attempt(1);
    EvaluationReport suspect =
        new EvaluationReport(
            candidate,
            Verdict.SUSPECT,
            Satisfaction.exact(1.0),
            List.of(),
            List.of("src/test/GreetTest.java was edited", "surefire report pre-filled"),
            List.of(),
            Usage.ZERO,
            Duration.ofSeconds(4));

    MergeDecision decision = decide(item, suspect, 3);

    assertThat(decision).isInstanceOf(MergeDecision.Reject.class);
    assertThat(decision.reasons()).singleElement().asString().contains("GreetTest.java was edited");
  }

  @Test
  void theMinimalPolicyFromTheMergePolicyJavadocWorksAsWritten() {
    MergePolicy javadocPolicy =
        context ->
            switch (context.report().verdict()) {
              case PASS -> MergeDecision.merge("every required scenario passed");
              case FAIL ->
                  context.attemptsRemain()
                      ? MergeDecision.retry("scenarios failed; attempts remain")
                      : MergeDecision.reject("scenarios failed on the last attempt");
              case INVALID -> MergeDecision.hold("evaluation could not decide");
              case SUSPECT -> MergeDecision.reject("signs of tampering");
            };
    WorkItem item = greeting(1);
    EvaluationReport failed =
        new EvaluationReport(
            attempt(2),
            Verdict.FAIL,
            Satisfaction.exact(0),
            List.of(),
            List.of(),
            List.of(),
            Usage.ZERO,
            Duration.ZERO);

    MergeContext early = new MergeContext(item.spec(), attempt(2), failed, 3, List.of());
    MergeContext last = new MergeContext(item.spec(), attempt(2), failed, 2, List.of());

    assertThat(javadocPolicy.decide(early).action()).isEqualTo(MergeDecision.Action.RETRY);
    assertThat(javadocPolicy.decide(last).action()).isEqualTo(MergeDecision.Action.REJECT);
  }
}

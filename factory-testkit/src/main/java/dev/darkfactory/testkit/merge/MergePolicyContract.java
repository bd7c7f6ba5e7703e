package dev.darkfactory.testkit.merge;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.testkit.arbitraries.ReportArbitraries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MergePolicy} must do, as its API documents it: decide for every context,
 * whatever the verdict (INVALID and SUSPECT included), on the first attempt and the last, with or
 * without the change's files, size and spending; return a decision, never {@code null} and never
 * an exception; and decide the same context the same way (a policy is a pure function of its
 * context and of the track record it was built with). A policy that judges the evaluation must
 * also never merge a candidate whose evaluation did not PASS.
 *
 * <p>To check your own policy, extend this class in your tests:
 *
 * <pre>{@code
 * class MyPolicyContractTest extends MergePolicyContract {
 *   @Override
 *   protected MergePolicy policy() {
 *     return new MyPolicy();
 *   }
 * }
 * }</pre>
 *
 * <p>The {@code @Test} methods run on JUnit Jupiter with fixed contexts of each verdict. The
 * {@code @Property} methods run on jqwik over contexts from {@link
 * ReportArbitraries#mergeContexts()}: reports of all four verdicts, consistent with their
 * scenarios, with earlier attempts' reports, changed files and spending; both engines must be on
 * the test class path ({@code junit-jupiter} and {@code jqwik}), as they are with the testkit.
 *
 * <p>What a policy decides beyond that is its own business: the API lets it hold, retry or reject
 * anything, and merge a PASS or not.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract class MergePolicyContract {

  /** Creates the suite; subclasses supply the policy. */
  protected MergePolicyContract() {}

  /**
   * The policy under test; called once per test or try, and asked for one or more decisions.
   *
   * @return the policy
   */
  protected abstract MergePolicy policy();

  /**
   * Whether the policy judges the evaluation, and so must never merge a candidate whose verdict is
   * FAIL, INVALID or SUSPECT. Override with {@code false} for a policy that judges something else
   * and is only meant as a part of a composition that also judges the evaluation (such as {@code
   * BudgetPolicy} or {@code RiskPolicy} inside {@code MergePolicies.allOf}); the tests of that
   * promise are then skipped, saying why.
   *
   * @return {@code true} unless overridden
   */
  protected boolean judgesTheEvaluation() {
    return true;
  }

  // ------------------------------------------------------------- properties

  /**
   * Every generated context gets a decision with at least one reason and without a throw; a policy
   * that judges the evaluation merges only a PASS.
   *
   * @param context a generated context
   */
  @Property(tries = 300)
  public void decidesEveryGeneratedContext(@ForAll("mergeContexts") MergeContext context) {
    Statistics.label("verdict").collect(context.report().verdict());
    MergeDecision decision = decide(policy(), context);
    Statistics.label("action").collect(decision.action());
    if (judgesTheEvaluation()) {
      expectNoMergeUnlessPassed(context, decision);
    }
  }

  /**
   * A generated context decided twice by the same policy gets the same decision, reasons included.
   *
   * @param context a generated context
   */
  @Property(tries = 100)
  public void decidesTheSameGeneratedContextTheSameWay(@ForAll("mergeContexts") MergeContext context) {
    MergePolicy policy = policy();
    MergeDecision first = decide(policy, context);
    MergeDecision second = decide(policy, context);
    expectSame(context, first, second);
  }

  /**
   * The contexts the properties run over.
   *
   * @return {@link ReportArbitraries#mergeContexts()}
   */
  @Provide
  public Arbitrary<MergeContext> mergeContexts() {
    return ReportArbitraries.mergeContexts();
  }

  // ---------------------------------------------------------------- examples

  /** A PASS with every scenario passed gets a decision, on the first attempt and the last. */
  @Test
  public void decidesACleanPass() {
    decide(policy(), context(Verdict.PASS, 1, 3));
    decide(policy(), context(Verdict.PASS, 3, 3));
  }

  /** An INVALID evaluation gets a decision, not an exception: it is not a verdict on the code. */
  @Test
  public void decidesAnInvalidEvaluation() {
    decide(policy(), context(Verdict.INVALID, 1, 3));
    decide(policy(), context(Verdict.INVALID, 3, 3));
  }

  /** A SUSPECT evaluation gets a decision, not an exception. */
  @Test
  public void decidesASuspectEvaluation() {
    decide(policy(), context(Verdict.SUSPECT, 1, 3));
    decide(policy(), context(Verdict.SUSPECT, 3, 3));
  }

  /** A FAIL gets a decision while attempts remain and on the last attempt. */
  @Test
  public void decidesAFailure() {
    decide(policy(), context(Verdict.FAIL, 1, 3));
    decide(policy(), context(Verdict.FAIL, 3, 3));
  }

  /**
   * A context made with the short constructor (changed files, size and spending unknown) gets a
   * decision.
   */
  @Test
  public void decidesWithoutTheChangeOrTheSpending() {
    for (Verdict v : Verdict.values()) {
      MergeContext full = context(v, 2, 3);
      MergeContext bare =
          new MergeContext(full.spec(), full.candidate(), full.report(), full.maxAttempts(), full.earlierReports());
      decide(policy(), bare);
    }
  }

  /** The same context decided twice, for each verdict, gets the same decision. */
  @Test
  public void decidesTheSameContextTheSameWay() {
    for (Verdict v : Verdict.values()) {
      MergeContext context = context(v, 1, 3);
      MergePolicy policy = policy();
      expectSame(context, decide(policy, context), decide(policy, context));
    }
  }

  /** A FAIL never merges, whether attempts remain or not. */
  @Test
  public void neverMergesAFailedCandidate() {
    requireJudging();
    for (int attempt : new int[] {1, 3}) {
      MergeContext context = context(Verdict.FAIL, attempt, 3);
      expectNoMergeUnlessPassed(context, decide(policy(), context));
    }
  }

  /** An INVALID evaluation never merges: it is never counted as a pass. */
  @Test
  public void neverMergesAnInvalidEvaluation() {
    requireJudging();
    for (int attempt : new int[] {1, 3}) {
      MergeContext context = context(Verdict.INVALID, attempt, 3);
      expectNoMergeUnlessPassed(context, decide(policy(), context));
    }
  }

  /** A SUSPECT evaluation never merges automatically, however good its scores look. */
  @Test
  public void neverMergesASuspectCandidate() {
    requireJudging();
    for (int attempt : new int[] {1, 3}) {
      MergeContext context = context(Verdict.SUSPECT, attempt, 3);
      expectNoMergeUnlessPassed(context, decide(policy(), context));
    }
  }

  // ----------------------------------------------------------------- helpers

  private void requireJudging() {
    Assumptions.assumeTrue(
        judgesTheEvaluation(),
        "this policy is declared not to judge the evaluation (judgesTheEvaluation() is false); it"
            + " must be combined with one that does");
  }

  /** Asks the policy, failing readably on a throw or {@code null}. */
  private static MergeDecision decide(MergePolicy policy, MergeContext context) {
    MergeDecision decision;
    try {
      decision = policy.decide(context);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "policy "
              + policy
              + " threw "
              + e
              + " deciding "
              + describe(context)
              + "; a MergePolicy decides for every context, INVALID and SUSPECT evaluations"
              + " included: MergePolicy.decide returns a decision and does not throw",
          e);
    }
    if (decision == null) {
      throw new AssertionError(
          "policy "
              + policy
              + " returned null deciding "
              + describe(context)
              + "; MergePolicy.decide never returns null");
    }
    return decision;
  }

  private static void expectNoMergeUnlessPassed(MergeContext context, MergeDecision decision) {
    Verdict verdict = context.report().verdict();
    if (verdict != Verdict.PASS && decision.action() == MergeDecision.Action.MERGE) {
      throw new AssertionError(
          "expected no MERGE for a candidate whose evaluation was "
              + verdict
              + " (a policy that judges the evaluation merges only a PASS; "
              + (verdict == Verdict.FAIL
                  ? "FAIL means the behaviour was not shown"
                  : verdict + " is never counted as a pass")
              + "), but the policy decided MERGE with reasons "
              + decision.reasons()
              + "\ncontext: "
              + describe(context));
    }
  }

  private static void expectSame(MergeContext context, MergeDecision first, MergeDecision second) {
    if (!first.equals(second)) {
      throw new AssertionError(
          "expected the same decision for the same context (a MergePolicy is a pure function of its"
              + " context and its track record), but it decided "
              + first.action()
              + " "
              + first.reasons()
              + " and then "
              + second.action()
              + " "
              + second.reasons()
              + "\ncontext: "
              + describe(context));
    }
  }

  /** A context in words, for failure messages. */
  static String describe(MergeContext context) {
    EvaluationReport report = context.report();
    StringBuilder b = new StringBuilder();
    b.append(ReportArbitraries.summary(report))
        .append(String.format(Locale.ROOT, " (attempt %d of %d", context.candidate().attempt(), context.maxAttempts()))
        .append(", ")
        .append(context.earlierReports().size())
        .append(" earlier reports, ")
        .append(context.changes().size())
        .append(" changed files, ")
        .append(context.linesChanged())
        .append(" lines, ")
        .append(context.spent().totalTokens())
        .append(" tokens spent)");
    if (!report.tamperSignals().isEmpty()) {
      b.append("; tamper signals ").append(report.tamperSignals());
    }
    if (!report.notes().isEmpty()) {
      b.append("; notes ").append(report.notes());
    }
    return b.toString();
  }

  private static final SpecId SPEC = SpecId.of("contract");
  private static final CommitId BASE = CommitId.of("b".repeat(40));

  /** A fixed context: a report of {@code verdict} for {@code attempt} of {@code max}. */
  private static MergeContext context(Verdict verdict, int attempt, int max) {
    Spec spec =
        Spec.builder(SPEC)
            .title("A contract spec")
            .goal("Anything.")
            .labels("backend")
            .protectedPaths("src/test/**")
            .build();
    List<EvaluationReport> earlier = new ArrayList<>();
    for (int a = 1; a < attempt; a++) {
      earlier.add(report(candidate(a), Verdict.FAIL));
    }
    Candidate candidate = candidate(attempt);
    return new MergeContext(
        spec,
        candidate,
        report(candidate, verdict),
        max,
        earlier,
        List.of(new FileChange("src/main/java/Greeter.java", FileChange.Status.MODIFIED)),
        12,
        Usage.of(20_000, 3_000));
  }

  private static Candidate candidate(int attempt) {
    return new Candidate(
        SPEC,
        attempt,
        Candidate.branchFor(SPEC, attempt),
        CommitId.of(String.format(Locale.ROOT, "%040x", attempt)),
        BASE);
  }

  private static EvaluationReport report(Candidate candidate, Verdict verdict) {
    Verdict visible = verdict == Verdict.FAIL ? Verdict.FAIL : Verdict.PASS;
    Verdict holdout = verdict == Verdict.INVALID ? Verdict.INVALID : Verdict.PASS;
    List<ScenarioResult> scenarios =
        List.of(scenario("visible", Visibility.VISIBLE, visible), scenario("holdout", Visibility.HOLDOUT, holdout));
    double score = visible == Verdict.PASS ? 1 : 0.5;
    return new EvaluationReport(
        candidate,
        verdict,
        new Satisfaction(score, score * 0.8, Math.min(1, score + 0.1), 0.95),
        scenarios,
        verdict == Verdict.SUSPECT ? List.of("protected path src/test/GreeterTest.java was modified") : List.of(),
        verdict == Verdict.INVALID ? List.of("required scenario 'holdout' was INVALID: the sandbox could not start") : List.of(),
        Usage.ZERO,
        Duration.ofSeconds(3));
  }

  private static ScenarioResult scenario(String id, Visibility visibility, Verdict verdict) {
    return new ScenarioResult(
        ScenarioId.of(id),
        visibility,
        true,
        1,
        List.of(new TrialResult(1, verdict, verdict == Verdict.PASS ? "as expected" : "exit code was 1, expected 0", Duration.ofMillis(200))),
        verdict);
  }
}

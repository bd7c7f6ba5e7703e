package dev.darkfactory.evaluator.policy;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Decides what happens to a candidate by following the evaluator's verdict: the simplest honest
 * default, and the one {@link CalibrationPolicy} wraps until the calibration gate opens.
 *
 * <ul>
 *   <li>{@link Verdict#PASS} merges, unless the satisfaction score is below {@link
 *       #minimumSatisfaction()} (0 by default, so never), in which case it is treated as FAIL;
 *   <li>{@link Verdict#FAIL} is retried while attempts remain and rejected on the last attempt;
 *   <li>{@link Verdict#SUSPECT} is rejected whatever attempts remain, naming the tamper signals;
 *   <li>{@link Verdict#INVALID} waits for a human, naming the evaluator's notes.
 * </ul>
 *
 * <p>Reasons name every scenario that did not pass, holdouts included, with the first failing
 * trial's detail: they are for the people and logs that review decisions, not for the coding agent.
 * Whatever turns a retry into agent feedback must apply its own feedback policy to the report
 * rather than pass these reasons on.
 *
 * <p>The policy is a pure function of its context and its one setting, and safe to share between
 * threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class VerdictPolicy implements MergePolicy {

  private final double minimumSatisfaction;

  private VerdictPolicy(double minimumSatisfaction) {
    this.minimumSatisfaction = Require.between(minimumSatisfaction, 0, 1, "minimumSatisfaction");
  }

  /** The policy with its defaults: no minimum satisfaction for a merge. */
  public static VerdictPolicy defaults() {
    return new VerdictPolicy(0);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The lowest satisfaction score (point estimate) a PASS needs to merge, from 0 to 1. */
  public double minimumSatisfaction() {
    return minimumSatisfaction;
  }

  /**
   * Decides from the report's verdict, satisfaction and scenarios.
   *
   * @param context the spec, candidate, report and history
   * @return MERGE, RETRY, REJECT or HOLD with the reasons
   */
  @Override
  public MergeDecision decide(MergeContext context) {
    EvaluationReport report = context.report();
    return switch (report.verdict()) {
      case PASS -> {
        if (report.satisfaction().score() < minimumSatisfaction) {
          yield retryOrReject(
              context,
              "evaluator verdict PASS but satisfaction "
                  + format(report.satisfaction())
                  + " is below the minimum "
                  + format(minimumSatisfaction)
                  + " for a merge");
        }
        List<String> reasons = new ArrayList<>();
        reasons.add("evaluator verdict PASS with satisfaction " + format(report.satisfaction()));
        for (ScenarioResult r : report.scenarios()) {
          if (r.verdict() != Verdict.PASS) {
            reasons.add(describe(r) + ", which lowered satisfaction but does not block a merge");
          }
        }
        yield new MergeDecision.Merge(reasons);
      }
      case FAIL ->
          retryOrReject(
              context, "evaluator verdict FAIL with satisfaction " + format(report.satisfaction()));
      case SUSPECT -> {
        List<String> reasons = new ArrayList<>();
        reasons.add(
            "evaluator verdict SUSPECT: the candidate shows signs of tampering, so it is rejected"
                + " whatever attempts remain");
        for (String signal : report.tamperSignals()) {
          reasons.add("tamper signal: " + signal);
        }
        yield new MergeDecision.Reject(reasons);
      }
      case INVALID ->
          MergeDecision.hold(
              "needs a human: evaluation was INVALID: " + String.join("; ", report.notes()));
    };
  }

  private static MergeDecision retryOrReject(MergeContext context, String why) {
    int attempt = context.candidate().attempt();
    List<String> reasons = new ArrayList<>();
    boolean retry = context.attemptsRemain();
    reasons.add(
        why
            + "; attempt "
            + attempt
            + " of "
            + context.maxAttempts()
            + (retry ? ", so another attempt follows" : " was the last"));
    for (ScenarioResult r : context.report().scenarios()) {
      if (r.verdict() != Verdict.PASS) {
        reasons.add(describe(r));
      }
    }
    return retry ? new MergeDecision.Retry(reasons) : new MergeDecision.Reject(reasons);
  }

  /** Names a scenario that did not pass, with its first non-passing trial's detail. */
  private static String describe(ScenarioResult r) {
    String what =
        "scenario '"
            + r.id()
            + "' ("
            + r.visibility().name().toLowerCase(Locale.ROOT)
            + ", "
            + (r.required() ? "required" : "optional")
            + ")";
    int notPassed = r.trials().size() - r.passed();
    String outcome =
        r.verdict() == Verdict.FAIL
            ? " failed " + notPassed + " of " + r.trials().size() + " trials"
            : " was " + r.verdict();
    String detail =
        r.trials().stream()
            .filter(t -> t.verdict() != Verdict.PASS)
            .map(TrialResult::detail)
            .filter(d -> !d.isBlank())
            .findFirst()
            .map(d -> ": " + d)
            .orElse("");
    return what + outcome + detail;
  }

  private static String format(Satisfaction s) {
    return format(s.score()) + " [" + format(s.lower()) + ", " + format(s.upper()) + "]";
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  @Override
  public String toString() {
    return "VerdictPolicy[minimumSatisfaction=" + minimumSatisfaction + "]";
  }

  /**
   * Builds a {@link VerdictPolicy}, starting from the defaults of {@link #defaults()}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private double minimumSatisfaction;

    private Builder() {}

    /**
     * Sets the lowest satisfaction score a PASS needs to merge; below it the candidate is retried
     * or rejected as if it had failed.
     *
     * @param minimum from 0 to 1; 0 (the default) merges every PASS
     * @return this builder
     */
    public Builder minimumSatisfaction(double minimum) {
      this.minimumSatisfaction = minimum;
      return this;
    }

    /** The policy; throws naming the setting when it is out of range. */
    public VerdictPolicy build() {
      return new VerdictPolicy(minimumSatisfaction);
    }
  }
}

package dev.darkfactory.evaluator.policy;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
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
 * Merges a candidate only when the evaluation leaves no doubt: verdict PASS, every required
 * scenario passed, and the lower bound of the satisfaction interval (not the point estimate) at
 * least a threshold.
 *
 * <ul>
 *   <li>PASS with every required scenario passed and the lower bound at or above the threshold:
 *       MERGE.
 *   <li>PASS below the threshold: RETRY while attempts remain (more trials or a better change may
 *       settle it), then HOLD for a human: not enough evidence is not a verdict on the code.
 *   <li>FAIL: RETRY while attempts remain, then REJECT.
 *   <li>SUSPECT: HOLD, naming every tamper signal. It never merges automatically; a human reads the
 *       evidence (a signal can be a false alarm, such as {@code System.exit} in an honest {@code
 *       main}).
 *   <li>INVALID: RETRY while attempts remain, then HOLD. It is never merged and never rejected as if
 *       it were a verdict on the code.
 * </ul>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ThresholdPolicy implements MergePolicy {

  private final double minimumLowerBound;

  private ThresholdPolicy(double minimumLowerBound) {
    this.minimumLowerBound = Require.between(minimumLowerBound, 0, 1, "minimumLowerBound");
  }

  /**
   * The policy with a threshold on the satisfaction interval's lower bound.
   *
   * @param minimumLowerBound from 0 to 1
   * @return the policy
   */
  public static ThresholdPolicy lowerBoundAtLeast(double minimumLowerBound) {
    return new ThresholdPolicy(minimumLowerBound);
  }

  /** The threshold on the satisfaction interval's lower bound. */
  public double minimumLowerBound() {
    return minimumLowerBound;
  }

  @Override
  public MergeDecision decide(MergeContext context) {
    EvaluationReport report = Require.nonNull(context, "context").report();
    String satisfaction = format(report);
    return switch (report.verdict()) {
      case PASS -> {
        List<String> failedRequired =
            report.scenarios().stream()
                .filter(r -> r.required() && r.verdict() != Verdict.PASS)
                .map(r -> r.id().value())
                .toList();
        if (!failedRequired.isEmpty()) {
          yield retryOr(context, false, "required scenarios did not pass: " + failedRequired);
        }
        if (report.satisfaction().lower() < minimumLowerBound) {
          yield retryOr(
              context,
              false,
              "verdict PASS but the satisfaction's lower bound "
                  + String.format(Locale.ROOT, "%.2f", report.satisfaction().lower())
                  + " (satisfaction "
                  + satisfaction
                  + ") is below the threshold "
                  + String.format(Locale.ROOT, "%.2f", minimumLowerBound));
        }
        yield MergeDecision.merge(
            "verdict PASS, every required scenario passed, satisfaction "
                + satisfaction
                + " with its lower bound at or above "
                + String.format(Locale.ROOT, "%.2f", minimumLowerBound));
      }
      case FAIL -> retryOr(context, true, "verdict FAIL with satisfaction " + satisfaction);
      case SUSPECT -> {
        List<String> reasons = new ArrayList<>();
        reasons.add("verdict SUSPECT: a human must read the tamper signals; it never merges automatically");
        report.tamperSignals().forEach(s -> reasons.add("tamper signal: " + s));
        yield new MergeDecision.Hold(reasons);
      }
      case INVALID ->
          retryOr(
              context,
              false,
              "the evaluation was INVALID (not a verdict on the code): "
                  + String.join("; ", report.notes()));
    };
  }

  /** RETRY while attempts remain; then REJECT when the code was judged, HOLD when it was not. */
  private static MergeDecision retryOr(MergeContext context, boolean judged, String why) {
    List<String> reasons = new ArrayList<>();
    if (context.attemptsRemain()) {
      reasons.add(why + "; attempt " + context.candidate().attempt() + " of " + context.maxAttempts() + ", so another follows");
    } else {
      reasons.add(why + "; that was the last attempt");
    }
    for (ScenarioResult r : context.report().scenarios()) {
      if (r.verdict() != Verdict.PASS) {
        reasons.add("scenario '" + r.id() + "' was " + r.verdict() + " (" + r.passed() + " of " + r.trials().size() + " trials passed)");
      }
    }
    if (context.attemptsRemain()) {
      return new MergeDecision.Retry(reasons);
    }
    return judged ? new MergeDecision.Reject(reasons) : new MergeDecision.Hold(reasons);
  }

  private static String format(EvaluationReport report) {
    return String.format(
        Locale.ROOT,
        "%.2f [%.2f, %.2f]",
        report.satisfaction().score(),
        report.satisfaction().lower(),
        report.satisfaction().upper());
  }
}

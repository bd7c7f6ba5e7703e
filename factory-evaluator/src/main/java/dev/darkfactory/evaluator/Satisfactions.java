package dev.darkfactory.evaluator;

import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import java.util.List;

/**
 * Computes a report's satisfaction from its scenario results: the weighted share of passing trials
 * with a 95% Wilson score interval on the effective number of trials.
 *
 * <p>Each decided trial (PASS or FAIL) of scenario {@code s} weighs {@code u = weight(s) /
 * trials(s)}, so a scenario counts its weight however often it runs. With {@code W} the sum of
 * {@code u} over decided trials and {@code P} that sum over passing ones:
 *
 * <ul>
 *   <li>score {@code p = P / W};
 *   <li>effective count {@code n = W² / Σu²} (Kish's effective sample size; the plain number of
 *       decided trials when all weights are equal);
 *   <li>interval {@code (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)} with {@code z =
 *       1.959964} for 95%.
 * </ul>
 *
 * <p>The bounds are clamped to {@code [0, p]} and {@code [p, 1]} against rounding only: the exact
 * interval always contains the score. With no decided trial there is no evidence, and the result is
 * score 0 with the whole interval {@code [0, 1]}.
 */
final class Satisfactions {

  /** The confidence level of every interval computed here. */
  static final double CONFIDENCE = 0.95;

  /** The standard normal quantile for a two-sided 95% interval. */
  static final double Z = 1.959963984540054;

  private Satisfactions() {}

  /** The satisfaction of these results; score 0 in {@code [0, 1]} when no trial was decided. */
  static Satisfaction of(List<ScenarioResult> results) {
    double total = 0;
    double passed = 0;
    double squares = 0;
    for (ScenarioResult r : results) {
      double u = r.weight() / r.trials().size();
      for (TrialResult t : r.trials()) {
        if (t.verdict() == Verdict.PASS || t.verdict() == Verdict.FAIL) {
          total += u;
          squares += u * u;
          if (t.verdict() == Verdict.PASS) {
            passed += u;
          }
        }
      }
    }
    if (total == 0) {
      return new Satisfaction(0, 0, 1, CONFIDENCE);
    }
    return wilson(passed / total, total * total / squares);
  }

  /** The Wilson score interval around share {@code p} of {@code n} (possibly fractional) trials. */
  static Satisfaction wilson(double p, double n) {
    double score = Math.max(0, Math.min(1, p));
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (score + z2 / (2 * n)) / denominator;
    double half = Z * Math.sqrt(score * (1 - score) / n + z2 / (4 * n * n)) / denominator;
    double lower = Math.max(0, Math.min(score, centre - half));
    double upper = Math.min(1, Math.max(score, centre + half));
    return new Satisfaction(score, lower, upper, CONFIDENCE);
  }
}

package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * How well a candidate satisfied its scenarios: a weighted share from 0 to 1 with a confidence
 * interval over the trials, so one lucky run does not read as certainty.
 *
 * @param score the point estimate, from 0 to 1
 * @param lower the lower bound of the interval, at most {@code score}
 * @param upper the upper bound of the interval, at least {@code score}
 * @param confidence the interval's confidence level, such as 0.95; above 0 and below 1
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Satisfaction(double score, double lower, double upper, double confidence) {

  /** Checks every component. */
  public Satisfaction {
    Require.between(score, 0, 1, "score");
    Require.between(lower, 0, score, "lower");
    Require.between(upper, score, 1, "upper");
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must be above 0 and below 1 but was " + confidence);
    }
  }

  /** A score known exactly, such as from a single deterministic check. */
  public static Satisfaction exact(double score) {
    return new Satisfaction(score, score, score, 0.95);
  }

  /** The interval's width: how uncertain the score is. */
  public double width() {
    return upper - lower;
  }
}

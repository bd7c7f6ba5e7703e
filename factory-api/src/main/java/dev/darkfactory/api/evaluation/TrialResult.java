package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * One run of one scenario.
 *
 * @param trial the run's number, from 1
 * @param verdict how the run went
 * @param detail evidence for the verdict: the failing expectation, an excerpt of output; may be
 *     empty
 * @param elapsed how long the run took
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record TrialResult(int trial, Verdict verdict, String detail, Duration elapsed) {

  /** Checks every component. */
  public TrialResult {
    Require.atLeast(trial, 1, "trial");
    Require.nonNull(verdict, "verdict");
    Require.nonNull(detail, "detail");
    Require.nonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative but was " + elapsed);
    }
  }
}

package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a {@link CalibrationGate} decided: whether auto-merge is allowed, every reason with its
 * numbers, and the statistics it read.
 *
 * @param gate the gate's name, such as {@code wilson-upper-bound}
 * @param open whether auto-merge is allowed; when closed the factory stays in shadow mode and holds
 *     every candidate for a human
 * @param reasons every reason for the decision, each with its numbers: when closed, every unmet
 *     requirement (not only the first); when open, each requirement and how it was met
 * @param statistics the statistics over the records that counted (the current configuration's, and
 *     any carried over explicitly)
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record GateDecision(String gate, boolean open, List<String> reasons, AlignmentStatistics statistics) {

  /** Checks and copies every component. */
  public GateDecision {
    Require.nonBlank(gate, "gate");
    reasons = Require.copyOf(reasons, "reasons");
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("reasons must not be empty");
    }
    Require.nonNull(statistics, "statistics");
  }

  /** The reasons on one line each. */
  @Override
  public String toString() {
    return gate + (open ? ": open" : ": closed") + "\n  " + String.join("\n  ", reasons);
  }
}

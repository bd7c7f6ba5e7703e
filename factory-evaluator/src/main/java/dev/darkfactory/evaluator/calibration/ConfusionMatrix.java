package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * How the evaluator's decisions and the humans' reviews of them line up, over reviewed records.
 *
 * <p>The evaluator approves when its verdict is {@code PASS} and rejects when it is {@code FAIL}
 * or {@code SUSPECT}; {@code INVALID} is no decision on the code and is never counted here (see
 * {@link AlignmentStatistics#invalid()}). The human's side is the latest review of the record.
 * "Positive" means approved, so a false positive is a candidate the evaluator passed and the human
 * rejected: the mistake that would merge bad code.
 *
 * <pre>
 *                     human APPROVE      human REJECT
 *   evaluator PASS    bothApprove        falsePositives
 *   evaluator reject  falseNegatives     bothReject
 * </pre>
 *
 * @param bothApprove the evaluator passed it and the human approved
 * @param falsePositives the evaluator passed it and the human rejected
 * @param falseNegatives the evaluator rejected it and the human approved
 * @param bothReject the evaluator rejected it and the human rejected
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ConfusionMatrix(long bothApprove, long falsePositives, long falseNegatives, long bothReject) {

  /** No reviewed records. */
  public static final ConfusionMatrix EMPTY = new ConfusionMatrix(0, 0, 0, 0);

  /** Checks every cell. */
  public ConfusionMatrix {
    Require.atLeast(bothApprove, 0, "bothApprove");
    Require.atLeast(falsePositives, 0, "falsePositives");
    Require.atLeast(falseNegatives, 0, "falseNegatives");
    Require.atLeast(bothReject, 0, "bothReject");
  }

  /** Every reviewed record counted. */
  public long total() {
    return bothApprove + falsePositives + falseNegatives + bothReject;
  }

  /** The records where evaluator and human agree. */
  public long agreements() {
    return bothApprove + bothReject;
  }

  /** The records where the human overrode the evaluator. */
  public long disagreements() {
    return falsePositives + falseNegatives;
  }

  /** The records the evaluator passed. */
  public long evaluatorApprovals() {
    return bothApprove + falsePositives;
  }

  /** The records the evaluator rejected (FAIL or SUSPECT). */
  public long evaluatorRejections() {
    return falseNegatives + bothReject;
  }

  /** The records the human approved. */
  public long humanApprovals() {
    return bothApprove + falseNegatives;
  }

  /** The records the human rejected. */
  public long humanRejections() {
    return falsePositives + bothReject;
  }

  /** This matrix with one more reviewed record. */
  public ConfusionMatrix plus(boolean evaluatorApproved, boolean humanApproved) {
    if (evaluatorApproved) {
      return humanApproved
          ? new ConfusionMatrix(bothApprove + 1, falsePositives, falseNegatives, bothReject)
          : new ConfusionMatrix(bothApprove, falsePositives + 1, falseNegatives, bothReject);
    }
    return humanApproved
        ? new ConfusionMatrix(bothApprove, falsePositives, falseNegatives + 1, bothReject)
        : new ConfusionMatrix(bothApprove, falsePositives, falseNegatives, bothReject + 1);
  }

  /** The observed agreement p<sub>o</sub> = agreements / total; empty without reviews. */
  public OptionalDouble observedAgreement() {
    long n = total();
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) agreements() / n);
  }

  /**
   * The agreement expected by chance from the two sides' marginal approval shares, p<sub>e</sub> =
   * (evaluator approvals · human approvals + evaluator rejections · human rejections) / total²;
   * empty without reviews.
   */
  public OptionalDouble expectedAgreement() {
    long n = total();
    if (n == 0) {
      return OptionalDouble.empty();
    }
    double a = (double) evaluatorApprovals() / n;
    double h = (double) humanApprovals() / n;
    return OptionalDouble.of(a * h + (1 - a) * (1 - h));
  }

  /**
   * Cohen's kappa, (p<sub>o</sub> − p<sub>e</sub>) / (1 − p<sub>e</sub>): agreement beyond chance,
   * at most 1. Empty without reviews, and when p<sub>e</sub> is 1 (both sides gave one answer to
   * everything, so chance explains every agreement and kappa is 0/0).
   */
  public OptionalDouble kappa() {
    long n = total();
    if (n == 0) {
      return OptionalDouble.empty();
    }
    // Exact integer arithmetic for the numerator and denominator, scaled by n²:
    // n²·(p_o − p_e) = n·agreements − (A·H + R·J), n²·(1 − p_e) = n² − (A·H + R·J).
    double chance =
        (double) evaluatorApprovals() * humanApprovals()
            + (double) evaluatorRejections() * humanRejections();
    double denominator = (double) n * n - chance;
    if (denominator <= 0) {
      return OptionalDouble.empty();
    }
    double kappa = ((double) n * agreements() - chance) / denominator;
    return OptionalDouble.of(Math.min(1, kappa));
  }

  /**
   * The prevalence- and bias-adjusted kappa, 2·p<sub>o</sub> − 1, in [−1, 1]: kappa as if both
   * sides approved half of the time, which stays readable when nearly everything passes and
   * Cohen's kappa swings on a single disagreement. Empty without reviews.
   */
  public OptionalDouble pabak() {
    long n = total();
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of((2.0 * agreements() - n) / n);
  }

  /** The four cells in a line. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "evaluator PASS: %d approved, %d rejected; evaluator FAIL/SUSPECT: %d approved, %d rejected",
        bothApprove,
        falsePositives,
        falseNegatives,
        bothReject);
  }
}

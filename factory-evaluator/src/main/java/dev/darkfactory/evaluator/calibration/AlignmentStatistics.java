package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * How well the evaluator agrees with human reviewers over a set of ledger records, each rate with
 * its 95% Wilson interval.
 *
 * <p>Every record falls in exactly one of three groups: {@link #invalid()} (evaluator verdict
 * {@code INVALID}: the evaluation could not decide, so it is no decision on the code and says
 * nothing about agreement, reviewed or not), {@link #unreviewed()} (no human has reviewed it yet),
 * or reviewed, counted in the {@link #matrix()}. The evaluator approves when its verdict is {@code
 * PASS} and rejects when it is {@code FAIL} or {@code SUSPECT}; the human's verdict is the latest
 * review.
 *
 * <ul>
 *   <li>{@link #overrideRate()}: human disagreed / reviewed.
 *   <li>{@link #falsePositiveRate()}: P(human rejects | evaluator PASS), over reviewed PASS records.
 *   <li>{@link #falseNegativeRate()}: P(human approves | evaluator rejects), over reviewed FAIL and
 *       SUSPECT records.
 *   <li>{@link #observedAgreement()}: agreed / reviewed, the complement of the override rate.
 *   <li>{@link #kappa()} (Cohen's) and {@link #pabak()} (2·p<sub>o</sub> − 1).
 * </ul>
 *
 * <p>Known case: 18 both approve, 1 evaluator-PASS/human-reject, 2 evaluator-reject/human-approve
 * and 4 both reject give observed agreement 22/25 = 0.88, chance agreement 0.656 and kappa 0.651.
 *
 * @param matrix the reviewed records, evaluator against human
 * @param unreviewed records with an evaluator decision (not INVALID) and no review yet
 * @param invalid records with evaluator verdict INVALID, reviewed or not; excluded from every rate
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record AlignmentStatistics(ConfusionMatrix matrix, long unreviewed, long invalid) {

  /** Statistics over no records. */
  public static final AlignmentStatistics EMPTY = new AlignmentStatistics(ConfusionMatrix.EMPTY, 0, 0);

  /** Checks every component. */
  public AlignmentStatistics {
    Require.nonNull(matrix, "matrix");
    Require.atLeast(unreviewed, 0, "unreviewed");
    Require.atLeast(invalid, 0, "invalid");
  }

  /**
   * The statistics over {@code records}, in a single pass over them.
   *
   * @param records the records, such as {@link AlignmentLedger#records} with a filter
   * @return the statistics
   */
  public static AlignmentStatistics of(Collection<LedgerRecord> records) {
    Require.nonNull(records, "records");
    Counter counter = new Counter();
    for (LedgerRecord r : records) {
      counter.add(r);
    }
    return counter.statistics();
  }

  /** Every record considered: reviewed, unreviewed and invalid. */
  public long records() {
    return matrix.total() + unreviewed + invalid;
  }

  /** The reviewed records counted in the rates (INVALID ones excluded). */
  public long reviewed() {
    return matrix.total();
  }

  /** Human disagreed / reviewed. */
  public Rate overrideRate() {
    return new Rate(matrix.disagreements(), matrix.total());
  }

  /** P(human rejects | evaluator PASS): false positives / reviewed evaluator-PASS records. */
  public Rate falsePositiveRate() {
    return new Rate(matrix.falsePositives(), matrix.evaluatorApprovals());
  }

  /** P(human approves | evaluator rejects): false negatives / reviewed FAIL and SUSPECT records. */
  public Rate falseNegativeRate() {
    return new Rate(matrix.falseNegatives(), matrix.evaluatorRejections());
  }

  /** Agreed / reviewed: p<sub>o</sub>, with its interval. */
  public Rate observedAgreement() {
    return new Rate(matrix.agreements(), matrix.total());
  }

  /** Cohen's kappa; see {@link ConfusionMatrix#kappa()}. */
  public OptionalDouble kappa() {
    return matrix.kappa();
  }

  /** PABAK, 2·p<sub>o</sub> − 1; see {@link ConfusionMatrix#pabak()}. */
  public OptionalDouble pabak() {
    return matrix.pabak();
  }

  /** A few lines for a report. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d records: %d reviewed, %d unreviewed, %d invalid%n%s%noverride rate %s%n"
            + "false-positive rate %s%nfalse-negative rate %s%nobserved agreement %s%n"
            + "kappa %s, PABAK %s",
        records(),
        reviewed(),
        unreviewed,
        invalid,
        matrix,
        overrideRate(),
        falsePositiveRate(),
        falseNegativeRate(),
        observedAgreement(),
        format(kappa()),
        format(pabak()));
  }

  private static String format(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "undefined";
  }

  /** Accumulates records one at a time; {@link #of} and the gates use it for a single pass. */
  static final class Counter {
    private long bothApprove;
    private long falsePositives;
    private long falseNegatives;
    private long bothReject;
    private long unreviewed;
    private long invalid;

    void add(LedgerRecord r) {
      if (r.evaluatorVerdict() == Verdict.INVALID) {
        invalid++;
        return;
      }
      Optional<Review> review = r.review();
      if (review.isEmpty()) {
        unreviewed++;
        return;
      }
      add(r.evaluatorApproved(), review.get().verdict() == HumanVerdict.APPROVE);
    }

    void add(boolean evaluatorApproved, boolean humanApproved) {
      if (evaluatorApproved) {
        if (humanApproved) {
          bothApprove++;
        } else {
          falsePositives++;
        }
      } else if (humanApproved) {
        falseNegatives++;
      } else {
        bothReject++;
      }
    }

    AlignmentStatistics statistics() {
      return new AlignmentStatistics(
          new ConfusionMatrix(bothApprove, falsePositives, falseNegatives, bothReject), unreviewed, invalid);
    }
  }
}

package dev.darkfactory.testkit.arbitraries;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.evaluator.calibration.AlignmentLedger;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apiguardian.api.API;

/**
 * Generators of alignment-ledger records: decided candidates with the evaluator's verdict, the
 * policy's action and, for a chosen share of them, human reviews that agree with the evaluator at
 * a chosen rate. For tests of calibration gates, statistics, ledgers and policies that read them.
 *
 * <pre>{@code
 * @Property
 * void aTrustworthyEvaluatorOpensTheGate(@ForAll("records") List<LedgerRecord> records) {
 *   AlignmentLedger ledger = new InMemoryAlignmentLedger();
 *   LedgerArbitraries.fill(ledger, records);
 *   ...
 * }
 *
 * @Provide
 * Arbitrary<List<LedgerRecord>> records() {
 *   return LedgerArbitraries.ledgers().ofSize(100, 200).agreementRate(0.98).reviewedShare(1);
 * }
 * }</pre>
 *
 * <p>Needs {@code factory-evaluator} on the class path (the testkit's dependency on it is
 * optional).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class LedgerArbitraries {

  /** The configuration generated records belong to unless a test sets another. */
  public static final CalibrationConfiguration CONFIGURATION =
      new CalibrationConfiguration("generated-coder", "2026-01", "holdout/1", "generated-policy/1");

  private LedgerArbitraries() {}

  /**
   * Lists of ledger records with unique candidates, in decision order: 0 to 50 records, 80% of
   * them reviewed, the reviews agreeing with the evaluator on 90% of the decided ones; change any
   * of these on the returned arbitrary.
   *
   * @return the arbitrary
   */
  public static LedgerArbitrary ledgers() {
    return new LedgerArbitrary();
  }

  /** Single decided candidates without reviews, as {@link AlignmentLedger#recordDecision} takes them. */
  public static Arbitrary<LedgerRecord> decisions() {
    return ledgers().ofSize(1, 1).reviewedShare(0).map(records -> records.get(0));
  }

  /** Human reviews of either verdict, at some time in 2026. */
  public static Arbitrary<Review> reviews() {
    return Combinators.combine(
            Arbitraries.of(HumanVerdict.values()),
            Arbitraries.of(LedgerArbitrary.REVIEWERS),
            Arbitraries.of(LedgerArbitrary.REASONS),
            Arbitraries.longs().between(0, 365L * 24 * 3600))
        .as(
            (verdict, reviewer, reason, seconds) ->
                new Review(verdict, reviewer, reason, LedgerArbitrary.START.plusSeconds(seconds)));
  }

  /**
   * Writes records into a ledger the way a factory does: each decision first (without its
   * reviews), then every review, oldest first. Reading the ledger back gives the same records.
   *
   * @param ledger the ledger; it must not hold any of these candidates yet
   * @param records the records, in decision order
   * @throws IllegalArgumentException when the ledger already holds one of the candidates
   */
  public static void fill(AlignmentLedger ledger, List<LedgerRecord> records) {
    Require.nonNull(ledger, "ledger");
    List<LedgerRecord> all = Require.copyOf(records, "records");
    for (LedgerRecord r : all) {
      ledger.recordDecision(withoutReviews(r));
    }
    for (LedgerRecord r : all) {
      for (Review review : r.reviews()) {
        ledger.recordReview(r.candidate(), review);
      }
    }
  }

  /**
   * The record as it was decided, before anyone reviewed it.
   *
   * @param record a record
   * @return the same record with no reviews
   */
  public static LedgerRecord withoutReviews(LedgerRecord record) {
    Require.nonNull(record, "record");
    return new LedgerRecord(
        record.candidate(),
        record.repository(),
        record.labels(),
        record.configuration(),
        record.evaluatorVerdict(),
        record.satisfaction(),
        record.policyAction(),
        record.decidedAt(),
        List.of());
  }
}

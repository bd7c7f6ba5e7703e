package dev.darkfactory.testkit.arbitraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.evaluator.calibration.AlignmentStatistics;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.io.StringWriter;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.statistics.Statistics;

/** Generated ledgers fill a real ledger and have exactly the review share and agreement asked for. */
class LedgerArbitrariesPropertiesTest {

  @Property(tries = 200)
  void generatedLedgersFillAnInMemoryLedgerAndReadBackEqual(@ForAll("ledgers") List<LedgerRecord> records)
      throws Exception {
    InMemoryAlignmentLedger ledger = new InMemoryAlignmentLedger();

    LedgerArbitraries.fill(ledger, records);

    assertThat(ledger.records(LedgerFilter.ALL)).containsExactlyElementsOf(records);
    assertThat(ledger.records(LedgerFilter.ALL.withConfiguration(LedgerArbitraries.CONFIGURATION).withRepository("default")))
        .hasSameSizeAs(records);
    StringWriter out = new StringWriter();
    ledger.exportJsonLines(out);
    assertThat(out.toString().lines()).hasSameSizeAs(records);
  }

  @Provide
  Arbitrary<List<LedgerRecord>> ledgers() {
    return LedgerArbitraries.ledgers();
  }

  @Property(tries = 300)
  void theReviewedShareAndTheAgreementRateAreExact(@ForAll("tuned") Tuple3<Double, Double, List<LedgerRecord>> tuned) {
    double reviewedShare = tuned.get1();
    double agreementRate = tuned.get2();
    List<LedgerRecord> records = tuned.get3();
    Statistics.label("records").collect(records.size() / 25 * 25);

    long reviewed = records.stream().filter(r -> !r.reviews().isEmpty()).count();
    AlignmentStatistics stats = AlignmentStatistics.of(records);
    long decidedAndReviewed = stats.reviewed();

    assertThat(reviewed).isEqualTo(Math.round(reviewedShare * records.size()));
    assertThat(stats.matrix().agreements()).isEqualTo(Math.round(agreementRate * decidedAndReviewed));
    assertThat(stats.unreviewed() + stats.reviewed() + stats.invalid()).isEqualTo(records.size());
  }

  @Provide
  Arbitrary<Tuple3<Double, Double, List<LedgerRecord>>> tuned() {
    Arbitrary<Double> share = net.jqwik.api.Arbitraries.doubles().between(0, 1).ofScale(2);
    return Combinators.combine(share, share)
        .flatAs(
            (reviewedShare, agreementRate) ->
                LedgerArbitraries.ledgers()
                    .ofSize(0, 120)
                    .reviewedShare(reviewedShare)
                    .agreementRate(agreementRate)
                    .map(records -> Tuple.of(reviewedShare, agreementRate, records)));
  }

  @Property(tries = 200)
  void candidatesAreUniqueAndEveryReviewFollowsItsDecisionInOrder(@ForAll("ledgers") List<LedgerRecord> records) {
    assertThat(records).extracting(LedgerRecord::candidate).doesNotHaveDuplicates();
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).decidedAt()).isAfter(records.get(i - 1).decidedAt());
    }
    for (LedgerRecord r : records) {
      Review previous = null;
      for (Review review : r.reviews()) {
        assertThat(review.at()).isAfter(previous == null ? r.decidedAt() : previous.at());
        previous = review;
      }
    }
  }

  @Property(tries = 100)
  void singleDecisionsAreAcceptedByALedgerAsTheFactoryRecordsThem(@ForAll("decisions") LedgerRecord decision) {
    InMemoryAlignmentLedger ledger = new InMemoryAlignmentLedger();

    ledger.recordDecision(decision);

    assertThat(decision.reviews()).isEmpty();
    assertThat(ledger.records(LedgerFilter.ALL)).containsExactly(decision);
  }

  @Provide
  Arbitrary<LedgerRecord> decisions() {
    return LedgerArbitraries.decisions();
  }

  @Property(tries = 50)
  void restrictedVerdictsAndSettingsApplyToEveryRecord(@ForAll("onlyFailures") List<LedgerRecord> records) {
    assertThat(records)
        .hasSizeBetween(5, 10)
        .allSatisfy(r -> {
          assertThat(r.evaluatorVerdict()).isIn(Verdict.FAIL, Verdict.SUSPECT);
          assertThat(r.repository()).isEqualTo("shop");
          assertThat(r.configuration()).isEqualTo(OTHER);
        });
  }

  static final CalibrationConfiguration OTHER = new CalibrationConfiguration("m", "2", "holdout/2", "p/2");

  @Provide
  Arbitrary<List<LedgerRecord>> onlyFailures() {
    return LedgerArbitraries.ledgers()
        .ofSize(5, 10)
        .verdicts(Verdict.FAIL, Verdict.SUSPECT)
        .repository("shop")
        .configuration(OTHER);
  }

  @Example
  void settingsOutOfRangeAreRefusedNamingThem() {
    assertThatThrownBy(() -> LedgerArbitraries.ledgers().agreementRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agreementRate");
    assertThatThrownBy(() -> LedgerArbitraries.ledgers().reviewedShare(-0.1))
        .hasMessageContaining("reviewedShare");
    assertThatThrownBy(() -> LedgerArbitraries.ledgers().ofSize(3, 2))
        .hasMessage("max must be at least min (3) but was 2");
    assertThatThrownBy(() -> LedgerArbitraries.ledgers().verdicts())
        .hasMessage("verdicts needs at least one verdict");
  }
}

package dev.darkfactory.evaluator.calibration;

import static dev.darkfactory.evaluator.calibration.Ledgers.ledger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.evaluation.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlignmentStatisticsTest {

  @Test
  void theKnownCaseGivesAgreementPointEightEightAndKappaPointSixFiveOne() {
    AlignmentStatistics s = AlignmentStatistics.of(ledger().knownCase().records());

    assertThat(s.matrix()).isEqualTo(new ConfusionMatrix(18, 1, 2, 4));
    assertThat(s.reviewed()).isEqualTo(25);
    assertThat(s.observedAgreement().estimate()).hasValue(0.88);
    assertThat(s.matrix().expectedAgreement().getAsDouble()).isCloseTo(0.656, within(1e-12));
    assertThat(s.kappa().getAsDouble()).isCloseTo(0.651, within(0.0005));
    assertThat(s.pabak().getAsDouble()).isCloseTo(0.76, within(1e-12));
    assertThat(s.overrideRate()).isEqualTo(new Rate(3, 25));
    assertThat(s.falsePositiveRate()).isEqualTo(new Rate(1, 19));
    assertThat(s.falseNegativeRate()).isEqualTo(new Rate(2, 6));
  }

  @Test
  void suspectCountsAsARejectionAndFailToo() {
    AlignmentStatistics s =
        AlignmentStatistics.of(
            ledger()
                .add(3, Verdict.SUSPECT, HumanVerdict.REJECT)
                .add(1, Verdict.SUSPECT, HumanVerdict.APPROVE)
                .add(2, Verdict.FAIL, HumanVerdict.REJECT)
                .records());

    assertThat(s.matrix()).isEqualTo(new ConfusionMatrix(0, 0, 1, 5));
    assertThat(s.falseNegativeRate()).isEqualTo(new Rate(1, 6));
    assertThat(s.falsePositiveRate().isEmpty()).isTrue();
  }

  @Test
  void invalidRecordsAreCountedApartAndInNoRate() {
    AlignmentStatistics s =
        AlignmentStatistics.of(
            ledger()
                .knownCase()
                .add(5, Verdict.INVALID, HumanVerdict.REJECT)
                .add(2, Verdict.INVALID, HumanVerdict.APPROVE)
                .unreviewed(3, Verdict.INVALID)
                .records());

    assertThat(s.invalid()).isEqualTo(10);
    assertThat(s.matrix()).isEqualTo(new ConfusionMatrix(18, 1, 2, 4));
    assertThat(s.records()).isEqualTo(35);
  }

  @Test
  void unreviewedRecordsAreCountedApartAndInNoRate() {
    AlignmentStatistics s =
        AlignmentStatistics.of(
            ledger().knownCase().unreviewed(4, Verdict.PASS).unreviewed(1, Verdict.FAIL).records());

    assertThat(s.unreviewed()).isEqualTo(5);
    assertThat(s.reviewed()).isEqualTo(25);
    assertThat(s.overrideRate()).isEqualTo(new Rate(3, 25));
  }

  @Test
  void theLatestReviewCounts() {
    List<LedgerRecord> records = new ArrayList<>(ledger().add(1, Verdict.PASS, HumanVerdict.APPROVE).records());
    LedgerRecord reversed = records.get(0).withReview(Ledgers.review(HumanVerdict.REJECT, 99));
    LedgerRecord reversedBack = reversed.withReview(Ledgers.review(HumanVerdict.APPROVE, 100));

    assertThat(AlignmentStatistics.of(List.of(reversed)).matrix()).isEqualTo(new ConfusionMatrix(0, 1, 0, 0));
    assertThat(AlignmentStatistics.of(List.of(reversedBack)).matrix()).isEqualTo(new ConfusionMatrix(1, 0, 0, 0));
  }

  @Test
  void noReviewsGiveEmptyRatesAndUndefinedAgreement() {
    AlignmentStatistics s = AlignmentStatistics.of(ledger().unreviewed(3, Verdict.PASS).records());

    assertThat(s.overrideRate().isEmpty()).isTrue();
    assertThat(s.observedAgreement().estimate()).isEmpty();
    assertThat(s.kappa()).isEmpty();
    assertThat(s.pabak()).isEmpty();
    assertThat(s.overrideRate().upper()).isEqualTo(1.0);
    assertThat(AlignmentStatistics.of(List.of())).isEqualTo(AlignmentStatistics.EMPTY);
  }

  @Test
  void kappaIsUndefinedWhenBothSidesGaveOneAnswerToEverything() {
    AlignmentStatistics s = AlignmentStatistics.of(ledger().add(30, Verdict.PASS, HumanVerdict.APPROVE).records());

    assertThat(s.observedAgreement().estimate()).hasValue(1.0);
    assertThat(s.kappa()).isEmpty();
    assertThat(s.pabak()).hasValue(1.0);
  }

  @Test
  void kappaIsMinusOneWhenTheyAlwaysDisagreeInBalance() {
    AlignmentStatistics s =
        AlignmentStatistics.of(
            ledger().add(5, Verdict.PASS, HumanVerdict.REJECT).add(5, Verdict.FAIL, HumanVerdict.APPROVE).records());

    assertThat(s.kappa().getAsDouble()).isCloseTo(-1.0, within(1e-12));
    assertThat(s.pabak()).hasValue(-1.0);
  }

  @Test
  void theReportNamesEveryFigure() {
    String text = AlignmentStatistics.of(ledger().knownCase().records()).toString();

    assertThat(text)
        .contains("25 records: 25 reviewed, 0 unreviewed, 0 invalid")
        .contains("override rate 3/25 = 12.0%")
        .contains("false-positive rate 1/19")
        .contains("kappa 0.651, PABAK 0.760");
  }
}

package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.evaluation.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the rates, the agreement statistics and the gates over any ledger. */
class AlignmentStatisticsPropertiesTest {

  /** One record's shape: the evaluator's verdict and the human's, or none. */
  record Shape(Verdict verdict, HumanVerdict human) {}

  @Provide
  Arbitrary<List<Shape>> ledgers() {
    Arbitrary<Shape> shape =
        Combinators.combine(
                Arbitraries.of(Verdict.class),
                Arbitraries.of(HumanVerdict.class).injectNull(0.2))
            .as(Shape::new);
    return shape.list().ofMaxSize(120);
  }

  @Provide
  Arbitrary<ConfusionMatrix> matrices() {
    Arbitrary<Long> cell = Arbitraries.longs().between(0, 400);
    return Combinators.combine(cell, cell, cell, cell).as(ConfusionMatrix::new);
  }

  static List<LedgerRecord> records(List<Shape> shapes) {
    List<LedgerRecord> records = new ArrayList<>();
    for (Shape s : shapes) {
      LedgerRecord r = Ledgers.record(records.size(), Ledgers.CONFIG, s.verdict());
      records.add(s.human() == null ? r : r.withReview(Ledgers.review(s.human(), records.size())));
    }
    return records;
  }

  static void holdsItsEstimate(Rate r) {
    assertThat(r.lower()).isBetween(0.0, 1.0);
    assertThat(r.upper()).isBetween(0.0, 1.0);
    assertThat(r.lower()).isLessThanOrEqualTo(r.upper());
    if (!r.isEmpty()) {
      double p = r.estimate().getAsDouble();
      assertThat(p).isBetween(0.0, 1.0);
      assertThat(r.lower()).isLessThanOrEqualTo(p);
      assertThat(r.upper()).isGreaterThanOrEqualTo(p);
    }
  }

  @Property
  void everyRateLiesInTheUnitIntervalAndItsIntervalHoldsTheEstimate(@ForAll("ledgers") List<Shape> shapes) {
    AlignmentStatistics s = AlignmentStatistics.of(records(shapes));

    for (Rate r : List.of(s.overrideRate(), s.falsePositiveRate(), s.falseNegativeRate(), s.observedAgreement())) {
      holdsItsEstimate(r);
    }
  }

  @Property
  void theWilsonIntervalHoldsTheEstimateForAnyCounts(
      @ForAll @LongRange(min = 0, max = 1_000_000) long total, @ForAll @LongRange(min = 0, max = 1_000_000) long count) {
    Assume.that(count <= total);

    holdsItsEstimate(new Rate(count, total));
  }

  @Property
  void theUpperBoundFallsAsCleanObservationsGrow(
      @ForAll @IntRange(min = 0, max = 50) int count, @ForAll @IntRange(min = 1, max = 500) int total) {
    Assume.that(count <= total && count < total + 1);

    assertThat(new Rate(count, total + 1).upper()).isLessThanOrEqualTo(new Rate(count, total).upper());
  }

  @Property
  void totalNeededIsTheSmallestTotalUnderTheTarget(
      @ForAll @IntRange(min = 0, max = 20) int count, @ForAll @IntRange(min = 1, max = 60) int percent) {
    double target = percent / 100.0;
    long n = Rate.totalNeeded(count, target);

    assertThat(new Rate(count, n).upper()).isLessThan(target);
    assertThat(n == Math.max(count, 1) || new Rate(count, n - 1).upper() >= target).isTrue();
  }

  @Property
  void kappaIsAtMostOneAndPabakIsInMinusOneToOne(@ForAll("matrices") ConfusionMatrix m) {
    OptionalDouble kappa = m.kappa();
    OptionalDouble pabak = m.pabak();

    if (kappa.isPresent()) {
      assertThat(kappa.getAsDouble()).isBetween(-1.0, 1.0);
    }
    assertThat(pabak.isPresent()).isEqualTo(m.total() > 0);
    if (pabak.isPresent()) {
      assertThat(pabak.getAsDouble()).isBetween(-1.0, 1.0);
      assertThat(pabak.getAsDouble()).isCloseTo(2 * m.observedAgreement().getAsDouble() - 1, within(1e-12));
    }
  }

  @Property
  void kappaMatchesItsDefinition(@ForAll("matrices") ConfusionMatrix m) {
    Assume.that(m.total() > 0);
    double po = m.observedAgreement().getAsDouble();
    double pe = m.expectedAgreement().getAsDouble();
    Assume.that(pe < 1 - 1e-9);

    assertThat(m.kappa().getAsDouble()).isCloseTo((po - pe) / (1 - pe), within(1e-9));
  }

  @Property
  void perfectAgreementWithBothAnswersGivesKappaOne(
      @ForAll @IntRange(min = 1, max = 500) int approve, @ForAll @IntRange(min = 1, max = 500) int reject) {
    assertThat(new ConfusionMatrix(approve, 0, 0, reject).kappa()).hasValue(1.0);
  }

  @Property
  void theStatisticsDoNotDependOnTheOrderOfTheRecords(@ForAll("ledgers") List<Shape> shapes, @ForAll long seed) {
    List<LedgerRecord> records = records(shapes);
    List<LedgerRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(seed));

    assertThat(AlignmentStatistics.of(shuffled)).isEqualTo(AlignmentStatistics.of(records));
    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      assertThat(gate.decide(shuffled, Ledgers.CONFIG)).isEqualTo(gate.decide(records, Ledgers.CONFIG));
    }
  }

  @Property
  void everyRecordIsCountedOnceAndTheCellsAgreeWithTheShapes(@ForAll("ledgers") List<Shape> shapes) {
    AlignmentStatistics s = AlignmentStatistics.of(records(shapes));
    long invalid = shapes.stream().filter(x -> x.verdict() == Verdict.INVALID).count();
    long unreviewed = shapes.stream().filter(x -> x.verdict() != Verdict.INVALID && x.human() == null).count();
    long falsePositives =
        shapes.stream().filter(x -> x.verdict() == Verdict.PASS && x.human() == HumanVerdict.REJECT).count();

    assertThat(s.records()).isEqualTo(shapes.size());
    assertThat(s.invalid()).isEqualTo(invalid);
    assertThat(s.unreviewed()).isEqualTo(unreviewed);
    assertThat(s.matrix().falsePositives()).isEqualTo(falsePositives);
    assertThat(s.overrideRate().count() + s.observedAgreement().count()).isEqualTo(s.reviewed());
  }

  @Property
  void statisticsOfTwoLedgersAddUp(@ForAll("ledgers") List<Shape> a, @ForAll("ledgers") List<Shape> b) {
    List<Shape> both = new ArrayList<>(a);
    both.addAll(b);
    ConfusionMatrix x = AlignmentStatistics.of(records(a)).matrix();
    ConfusionMatrix y = AlignmentStatistics.of(records(b)).matrix();

    assertThat(AlignmentStatistics.of(records(both)).matrix())
        .isEqualTo(
            new ConfusionMatrix(
                x.bothApprove() + y.bothApprove(),
                x.falsePositives() + y.falsePositives(),
                x.falseNegatives() + y.falseNegatives(),
                x.bothReject() + y.bothReject()));
  }

  @Property
  void whenTheStandardGateOpensTheSeedRuleDoesToo(@ForAll("matrices") ConfusionMatrix m) {
    AlignmentStatistics s = new AlignmentStatistics(m, 0, 0);

    if (CalibrationGates.standard().decide(s).open()) {
      assertThat(CalibrationGates.seedRule().decide(s).open()).isTrue();
    }
  }

  @Property
  void anotherFalsePositiveNeverOpensAClosedGate(@ForAll("matrices") ConfusionMatrix m) {
    AlignmentStatistics s = new AlignmentStatistics(m, 0, 0);
    AlignmentStatistics worse = new AlignmentStatistics(m.plus(true, false), 0, 0);

    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      if (!gate.decide(s).open()) {
        assertThat(gate.decide(worse).open()).as(gate.name()).isFalse();
      }
    }
  }

  @Property
  void theFastPredicateTheSimulationUsesIsTheDecision(@ForAll("matrices") ConfusionMatrix m) {
    AlignmentStatistics s = new AlignmentStatistics(m, 0, 0);

    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      assertThat(((CalibrationGates.RuleGate) gate).opens(s)).isEqualTo(gate.decide(s).open());
    }
  }

  @Property
  void aClosedDecisionAlwaysGivesAReasonWithANumber(@ForAll("matrices") ConfusionMatrix m) {
    AlignmentStatistics s = new AlignmentStatistics(m, 0, 0);

    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      GateDecision d = gate.decide(s);
      assertThat(d.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r).containsPattern("[0-9]"));
    }
  }
}

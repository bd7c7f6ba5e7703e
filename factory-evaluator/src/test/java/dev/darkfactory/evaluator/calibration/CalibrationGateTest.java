package dev.darkfactory.evaluator.calibration;

import static dev.darkfactory.evaluator.calibration.Ledgers.CONFIG;
import static dev.darkfactory.evaluator.calibration.Ledgers.UPGRADED;
import static dev.darkfactory.evaluator.calibration.Ledgers.ledger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CalibrationGateTest {

  private static List<LedgerRecord> passes(int approved, int rejected) {
    return ledger().add(approved, Verdict.PASS, HumanVerdict.APPROVE).add(rejected, Verdict.PASS, HumanVerdict.REJECT).records();
  }

  @Test
  void theStandardGateOpensOnZeroFalsePositivesOnlyAfterSeventyThreePassReviews() {
    CalibrationGate gate = CalibrationGates.standard();

    GateDecision at72 = gate.decide(passes(72, 0), CONFIG);
    GateDecision at73 = gate.decide(passes(73, 0), CONFIG);

    assertThat(at72.open()).isFalse();
    assertThat(at72.reasons())
        .containsExactly(
            "false-positive rate upper 95% bound 5.1% is not under 5.0% (0/72 = 0.0% (95% CI 0.0%-5.1%));"
                + " with no more false positives, 73 reviewed evaluator-PASS candidates are needed");
    assertThat(at73.open()).isTrue();
    assertThat(at73.statistics().falsePositiveRate()).isEqualTo(new Rate(0, 73));
  }

  @Test
  void zeroOfTwentyFiveKeepsTheStandardGateClosedAtThirteenPointThreePercent() {
    GateDecision d = CalibrationGates.standard().decide(passes(25, 0), CONFIG);

    assertThat(d.open()).isFalse();
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("false-positive rate upper 95% bound 13.3% is not under 5.0%"));
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("override rate upper 95% bound 13.3% is not under 10.0%"));
  }

  @Test
  void theOverrideBoundFallsUnderTenPercentOnlyAfterThirtyFiveReviews() {
    // A false-positive target of 50% so that only the override bound can keep the gate closed.
    CalibrationGate gate = CalibrationGates.wilsonUpperBound(20, 0.10, 0.50);

    GateDecision at34 = gate.decide(passes(34, 0), CONFIG);
    GateDecision at35 = gate.decide(passes(35, 0), CONFIG);

    assertThat(at34.open()).isFalse();
    assertThat(at34.reasons())
        .containsExactly(
            "override rate upper 95% bound 10.2% is not under 10.0% (0/34 = 0.0% (95% CI 0.0%-10.2%));"
                + " with no more overrides, 35 reviews are needed");
    assertThat(at35.open()).isTrue();
  }

  @Test
  void aClosedGateGivesEveryReasonWithItsNumbers() {
    GateDecision d = CalibrationGates.standard().decide(passes(19, 0), CONFIG);

    assertThat(d.open()).isFalse();
    assertThat(d.reasons()).hasSize(3);
    assertThat(d.reasons().get(0)).isEqualTo("too few reviewed decisions 19, at least 20 required");
    assertThat(d.reasons().get(1)).startsWith("override rate upper 95% bound 16.8% is not under 10.0% (0/19 = 0.0%");
    assertThat(d.reasons().get(2)).startsWith("false-positive rate upper 95% bound 16.8% is not under 5.0% (0/19");
  }

  @Test
  void anOpenGateSaysHowEachRequirementWasMet() {
    GateDecision d = CalibrationGates.standard().decide(passes(100, 0), CONFIG);

    assertThat(d.open()).isTrue();
    assertThat(d.gate()).isEqualTo("wilson-upper-bound");
    assertThat(d.reasons())
        .containsExactly(
            "reviewed decisions 100, at least 20 required",
            "override rate upper 95% bound 3.7% is under 10.0% (0/100 = 0.0% (95% CI 0.0%-3.7%))",
            "false-positive rate upper 95% bound 3.7% is under 5.0% (0/100 = 0.0% (95% CI 0.0%-3.7%))");
  }

  @Test
  void withoutReviewedPassCandidatesTheFalsePositiveRateIsUnknownAndEveryGateStaysClosed() {
    List<LedgerRecord> rejections = ledger().add(200, Verdict.FAIL, HumanVerdict.REJECT).records();

    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      GateDecision d = gate.decide(rejections, CONFIG);
      assertThat(d.open()).as(gate.name()).isFalse();
    }
    assertThat(CalibrationGates.standard().decide(rejections, CONFIG).reasons())
        .contains(
            "false-positive rate unknown: 0 reviewed evaluator-PASS candidates; with no false positives,"
                + " 73 are needed");
  }

  @Test
  void theSeedRuleIsLenientAndSaysSo() {
    // 20 reviewed PASS candidates, none rejected: the point estimates are 0%, the bounds 16.1%.
    List<LedgerRecord> twenty = passes(20, 0);

    GateDecision seed = CalibrationGates.seedRule().decide(twenty, CONFIG);

    assertThat(seed.open()).isTrue();
    assertThat(seed.gate()).isEqualTo("seed-rule");
    assertThat(seed.reasons().get(0)).contains("LENIENT");
    assertThat(seed.reasons()).contains("false-positive rate point estimate 0.0% is under 5.0% (0/20 = 0.0% (95% CI 0.0%-16.1%))");
    assertThat(CalibrationGates.standard().decide(twenty, CONFIG).open()).isFalse();
    assertThat(CalibrationGates.seedRule().decide(passes(19, 0), CONFIG).open()).isFalse();
    // One false positive in 20 is exactly 5%: not under the target.
    GateDecision oneIn20 = CalibrationGates.seedRule().decide(passes(19, 1), CONFIG);
    assertThat(oneIn20.open()).isFalse();
    assertThat(oneIn20.reasons())
        .contains(
            "false-positive rate point estimate 5.0% is not under 5.0% (1/20 = 5.0% (95% CI 0.9%-23.6%));"
                + " with no more false positives, 21 reviewed evaluator-PASS candidates are needed");
    assertThat(CalibrationGates.seedRule().decide(passes(20, 1), CONFIG).open()).isTrue();
  }

  @Test
  void theSprtOpensAfterThirtyFiveCleanPassReviews() {
    CalibrationGate sprt = CalibrationGates.sprt();

    GateDecision at34 = sprt.decide(passes(34, 0), CONFIG);
    GateDecision at35 = sprt.decide(passes(35, 0), CONFIG);

    assertThat(at34.open()).isFalse();
    assertThat(at34.reasons())
        .containsExactly(
            "insufficient evidence: SPRT on the false-positive rate (H0 <= 2.0%, H1 >= 10.0%, alpha 0.05,"
                + " beta 0.05): log-likelihood ratio -2.895 after 0 false positives in 34 reviewed"
                + " evaluator-PASS candidates, between the boundaries -2.944 and 2.944; with no more"
                + " false positives, 35 reviewed evaluator-PASS candidates are needed");
    assertThat(at35.open()).isTrue();
    assertThat(at35.reasons().get(0)).endsWith("at or below the lower boundary -2.944: accept H0");
    // One false positive: 55 reviewed PASS candidates open it, 54 do not.
    assertThat(sprt.decide(passes(53, 1), CONFIG).open()).isFalse();
    assertThat(sprt.decide(passes(54, 1), CONFIG).open()).isTrue();
  }

  @Test
  void theSprtClosesWithEvidenceOfABadEvaluator() {
    GateDecision d = CalibrationGates.sprt().decide(passes(3, 2), CONFIG);

    assertThat(d.open()).isFalse();
    assertThat(d.reasons()).singleElement().asString().startsWith("evidence of a bad evaluator:").contains("2 false positives in 5");
    // Later false positives close an open gate again: the ratio is read at the current counts.
    assertThat(CalibrationGates.sprt().decide(passes(40, 0), CONFIG).open()).isTrue();
    assertThat(CalibrationGates.sprt().decide(passes(40, 2), CONFIG).open()).isFalse();
  }

  @Test
  void aNewConfigurationNeverSilentlyInheritsTheOldTrackRecord() {
    List<LedgerRecord> old = passes(200, 0);
    List<LedgerRecord> mixed = new ArrayList<>(old);
    mixed.addAll(Ledgers.of(UPGRADED).add(10, Verdict.PASS, HumanVerdict.APPROVE).records());
    CalibrationGate gate = CalibrationGates.standard();

    GateDecision before = gate.decide(old, CONFIG);
    GateDecision after = gate.decide(mixed, UPGRADED);

    assertThat(before.open()).isTrue();
    assertThat(after.open()).isFalse();
    assertThat(after.statistics().reviewed()).isEqualTo(10);
    assertThat(after.reasons())
        .contains(
            "200 records of 1 other configuration(s) do not count for configuration " + UPGRADED.id()
                + ": a changed model, evaluator or policy earns its own calibration unless carried"
                + " over explicitly");
    for (CalibrationGate other : List.of(CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      assertThat(other.decide(mixed, UPGRADED).open()).as(other.name()).isFalse();
      assertThat(other.decide(old, CONFIG).open()).as(other.name()).isTrue();
    }
  }

  @Test
  void carryingACalibrationOverIsExplicitAndCountsTheOldRecords() {
    List<LedgerRecord> mixed = new ArrayList<>(passes(200, 0));
    mixed.addAll(Ledgers.of(UPGRADED).add(10, Verdict.PASS, HumanVerdict.APPROVE).records());

    CalibrationGate carried = CalibrationGates.standard().carryingOver(CONFIG);
    GateDecision d = carried.decide(mixed, UPGRADED);

    assertThat(carried.carriedOver()).containsExactly(CONFIG.id());
    assertThat(CalibrationGates.standard().carriedOver()).isEmpty();
    assertThat(d.open()).isTrue();
    assertThat(d.statistics().reviewed()).isEqualTo(210);
    assertThat(CalibrationGates.standard().carryingOver(Set.of("0123456789abcdef")).decide(mixed, UPGRADED).open()).isFalse();
  }

  @Test
  void decidingOverStatisticsMatchesDecidingOverTheLedger() {
    List<LedgerRecord> records = ledger().knownCase().add(80, Verdict.PASS, HumanVerdict.APPROVE).records();
    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      assertThat(gate.decide(AlignmentStatistics.of(records))).isEqualTo(gate.decide(records, CONFIG));
    }
  }

  @Test
  void badParametersAreRejectedByName() {
    assertThatThrownBy(() -> CalibrationGates.wilsonUpperBound(0, 0.1, 0.05)).hasMessageContaining("minReviews");
    assertThatThrownBy(() -> CalibrationGates.wilsonUpperBound(20, 0, 0.05)).hasMessageContaining("maxOverrideRate");
    assertThatThrownBy(() -> CalibrationGates.seedRule(20, 0.1, 1.0)).hasMessageContaining("maxFalsePositiveRate");
    assertThatThrownBy(() -> CalibrationGates.sprt(0.1, 0.02, 0.05, 0.05)).hasMessageContaining("p0");
    assertThatThrownBy(() -> CalibrationGates.sprt(0.02, 0.1, 0.6, 0.5)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> CalibrationGates.standard().carryingOver(Set.of(" "))).hasMessageContaining("configurationId");
  }
}

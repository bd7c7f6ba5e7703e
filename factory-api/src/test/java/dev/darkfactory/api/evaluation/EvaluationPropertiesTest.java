package dev.darkfactory.api.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class EvaluationPropertiesTest {

  /**
   * passAtK computes {@code 1 - C(n-c,k)/C(n,k)} in floating point, so where the exact value is
   * {@code c/n} it may differ from it in the last bit or two; this is the slack allowed for that.
   */
  private static final double ROUNDING = 1e-12;

  @Property
  void passAtKIsAProbability(@ForAll("decidedResults") ScenarioResult r) {
    for (int k = 1; k <= r.decided(); k++) {
      assertThat(r.passAtK(k)).isBetween(0.0, 1.0);
      assertThat(r.passPowerK(k)).isBetween(0.0, 1.0);
    }
  }

  @Property
  void passAtKNeverDecreasesAndPassPowerKNeverIncreasesWithK(@ForAll("decidedResults") ScenarioResult r) {
    for (int k = 1; k < r.decided(); k++) {
      assertThat(r.passAtK(k + 1)).isGreaterThanOrEqualTo(r.passAtK(k));
      assertThat(r.passPowerK(k + 1)).isLessThanOrEqualTo(r.passPowerK(k));
    }
  }

  @Property
  void atOneRunBothEqualThePassRate(@ForAll("decidedResults") ScenarioResult r) {
    assertThat(r.passAtK(1)).isCloseTo(r.passRate(), within(ROUNDING));
    assertThat(r.passPowerK(1)).isEqualTo(r.passRate());
  }

  @Property
  void allKRunsPassingIsNeverMoreLikelyThanOneOfThemPassing(@ForAll("decidedResults") ScenarioResult r) {
    for (int k = 1; k <= r.decided(); k++) {
      assertThat(r.passPowerK(k)).isLessThanOrEqualTo(r.passAtK(k) + ROUNDING);
    }
  }

  @Property
  void passAtAllDecidedRunsIsCertainExactlyWhenSomeTrialPassed(@ForAll("decidedResults") ScenarioResult r) {
    int n = r.decided();
    assertThat(r.passAtK(n) == 1.0).isEqualTo(r.passed() > 0);
    assertThat(r.passPowerK(n) == 1.0).isEqualTo(r.passed() == n);
  }

  @Property
  void passRateAndFlakinessFollowFromTheCounts(@ForAll("decidedResults") ScenarioResult r) {
    assertThat(r.passRate()).isEqualTo((double) r.passed() / r.decided());
    assertThat(r.flaky()).isEqualTo(r.passed() > 0 && r.passed() < r.decided());
  }

  @Property
  void anyIntervalAroundAScoreInsideZeroToOneIsAccepted(
      @ForAll @DoubleRange(min = 0, max = 1) double score,
      @ForAll @DoubleRange(min = 0, max = 1) double down,
      @ForAll @DoubleRange(min = 0, max = 1) double up,
      @ForAll @DoubleRange(min = 0, max = 1, minIncluded = false, maxIncluded = false) double confidence) {
    double lower = score * down;
    double upper = Math.min(1.0, score + (1 - score) * up);

    Satisfaction s = new Satisfaction(score, lower, upper, confidence);

    assertThat(s.lower()).isLessThanOrEqualTo(s.score());
    assertThat(s.upper()).isGreaterThanOrEqualTo(s.score());
    assertThat(s.width()).isBetween(0.0, 1.0);
    assertThat(Satisfaction.exact(score).width()).isZero();
  }

  @Property
  void aScoreOutsideZeroToOneIsRejected(@ForAll("outsideUnit") double score) {
    assertThatThrownBy(() -> Satisfaction.exact(score))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("score")
        .hasMessageContaining(String.valueOf(score));
  }

  @Property
  void aLowerBoundAboveTheScoreIsRejected(
      @ForAll @DoubleRange(min = 0, max = 0.99) double score,
      @ForAll @DoubleRange(min = 0.001, max = 0.01) double above) {
    double lower = score + above;
    assertThatThrownBy(() -> new Satisfaction(score, lower, 1.0, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower")
        .hasMessageContaining(String.valueOf(lower));
  }

  @Provide
  Arbitrary<Double> outsideUnit() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 0).filter(d -> d < 0),
        Arbitraries.doubles().between(1, 1e6).filter(d -> d > 1),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
  }

  /** Results with at least one decided trial, with undecided (INVALID, SUSPECT) trials mixed in. */
  @Provide
  Arbitrary<ScenarioResult> decidedResults() {
    return Arbitraries.of(Verdict.values())
        .list()
        .ofMinSize(1)
        .ofMaxSize(40)
        .filter(vs -> vs.stream().anyMatch(v -> v == Verdict.PASS || v == Verdict.FAIL))
        .map(EvaluationPropertiesTest::resultOf);
  }

  private static ScenarioResult resultOf(List<Verdict> verdicts) {
    List<TrialResult> trials = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      trials.add(new TrialResult(i + 1, verdicts.get(i), "", Duration.ZERO));
    }
    return new ScenarioResult(ScenarioId.of("s"), Visibility.HOLDOUT, true, 1.0, trials, Verdict.FAIL);
  }
}

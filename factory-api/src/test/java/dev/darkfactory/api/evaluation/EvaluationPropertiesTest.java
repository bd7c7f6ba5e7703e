package dev.darkfactory.api.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class EvaluationPropertiesTest {

  @Property
  void passAtKIsAProbability(@ForAll("decidedResults") ScenarioResult r) {
    for (int k = 1; k <= r.decided(); k++) {
      assertThat(r.passAtK(k)).isBetween(0.0, 1.0);
      assertThat(r.passPowerK(k)).isBetween(0.0, 1.0);
    }
  }

  @Property
  void passAtKNeverDecreasesAndPassPowerKNeverIncreasesWithK(
      @ForAll("decidedResults") ScenarioResult r) {
    for (int k = 1; k < r.decided(); k++) {
      assertThat(r.passAtK(k + 1)).isGreaterThanOrEqualTo(r.passAtK(k));
      assertThat(r.passPowerK(k + 1)).isLessThanOrEqualTo(r.passPowerK(k));
    }
  }

  @Property
  void atOneRunBothEqualThePassRate(@ForAll("decidedResults") ScenarioResult r) {
    assertThat(r.passAtK(1)).isEqualTo(r.passRate());
    assertThat(r.passPowerK(1)).isEqualTo(r.passRate());
  }

  @Property
  void allKRunsPassingIsNeverMoreLikelyThanOneOfThemPassing(
      @ForAll("decidedResults") ScenarioResult r) {
    for (int k = 1; k <= r.decided(); k++) {
      assertThat(r.passPowerK(k)).isLessThanOrEqualTo(r.passAtK(k));
    }
  }

  @Property
  void passAtAllDecidedRunsIsCertainExactlyWhenSomeTrialPassed(
      @ForAll("decidedResults") ScenarioResult r) {
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
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(9) double score,
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(9) double down,
      @ForAll @DoubleRange(min = 0, max = 1) @Scale(9) double up,
      @ForAll @DoubleRange(min = 0, max = 1, minIncluded = false, maxIncluded = false)
          double confidence) {
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
      @ForAll @DoubleRange(min = 0, max = 0.99) @Scale(6) double score,
      @ForAll @DoubleRange(min = 0.001, max = 0.01) @Scale(6) double above) {
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

  /**
   * Results with at least one decided trial, every mix of passes and failures, and undecided
   * (INVALID, SUSPECT) trials mixed in anywhere.
   */
  @Provide
  Arbitrary<ScenarioResult> decidedResults() {
    Arbitrary<Integer> passes = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> failures = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> undecided = Arbitraries.integers().between(0, 6);
    return Combinators.combine(passes, failures, undecided)
        .filter((c, f, u) -> c + f > 0)
        .flatAs(
            (c, f, u) -> {
              List<Verdict> verdicts = new ArrayList<>();
              verdicts.addAll(Collections.nCopies(c, Verdict.PASS));
              verdicts.addAll(Collections.nCopies(f, Verdict.FAIL));
              for (int i = 0; i < u; i++) {
                verdicts.add(i % 2 == 0 ? Verdict.INVALID : Verdict.SUSPECT);
              }
              return Arbitraries.shuffle(verdicts);
            })
        .map(EvaluationPropertiesTest::resultOf);
  }

  private static ScenarioResult resultOf(List<Verdict> verdicts) {
    List<TrialResult> trials = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      trials.add(new TrialResult(i + 1, verdicts.get(i), "", Duration.ZERO));
    }
    return new ScenarioResult(
        ScenarioId.of("s"), Visibility.HOLDOUT, true, 1.0, trials, Verdict.FAIL);
  }
}

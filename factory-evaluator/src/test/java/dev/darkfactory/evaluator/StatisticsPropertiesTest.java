package dev.darkfactory.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The statistics verdicts rest on: Wilson intervals, pass@k and pass^k. */
class StatisticsPropertiesTest {

  static ScenarioResult trials(int n, int c) {
    List<TrialResult> trials = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      trials.add(new TrialResult(i, i <= c ? Verdict.PASS : Verdict.FAIL, "", Duration.ZERO));
    }
    return new ScenarioResult(
        ScenarioId.of("s"), Visibility.HOLDOUT, true, 1.0, trials, c == n ? Verdict.PASS : Verdict.FAIL);
  }

  @Example
  void passAtKAndPassPowerKHaveTheirKnownValues() {
    ScenarioResult r = trials(10, 3);

    assertThat(r.passAtK(3)).isCloseTo(0.708, within(0.0005)); // 1 - C(7,3)/C(10,3) = 85/120
    assertThat(r.passPowerK(3)).isCloseTo(0.008, within(0.0005)); // C(3,3)/C(10,3) = 1/120
    assertThat(r.passAtK(1)).isEqualTo(0.3);
    assertThat(r.passPowerK(1)).isEqualTo(0.3);
  }

  @Property
  void theWilsonIntervalHoldsTheEstimate(
      @ForAll @IntRange(min = 1, max = 500) int n, @ForAll @IntRange(min = 0, max = 500) int c) {
    Assume.that(c <= n);
    Satisfaction s = Satisfactions.wilson((double) c / n, n);

    assertThat(s.lower()).isLessThanOrEqualTo(s.score());
    assertThat(s.upper()).isGreaterThanOrEqualTo(s.score());
    assertThat(s.score()).isEqualTo((double) c / n);
    assertThat(s.lower()).isBetween(0.0, 1.0);
    assertThat(s.upper()).isBetween(0.0, 1.0);
  }

  @Property
  void theWilsonIntervalNarrowsAsTrialsGrow(
      @ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 200) int c,
      @ForAll @IntRange(min = 2, max = 10) int factor) {
    Assume.that(c <= n);
    double p = (double) c / n;

    Satisfaction few = Satisfactions.wilson(p, n);
    Satisfaction many = Satisfactions.wilson(p, (double) n * factor);

    assertThat(many.width()).isLessThan(few.width());
  }

  @Property
  void passAtKAndPassPowerKBoundTheRateFromBothSides(
      @ForAll @IntRange(min = 1, max = 30) int n,
      @ForAll @IntRange(min = 0, max = 30) int c,
      @ForAll @IntRange(min = 1, max = 30) int k) {
    Assume.that(c <= n && k <= n);
    ScenarioResult r = trials(n, c);
    double p = (double) c / n;

    assertThat(r.passPowerK(k)).isLessThanOrEqualTo(r.passAtK(k));
    assertThat(r.passPowerK(k)).isLessThanOrEqualTo(Math.pow(p, k) + 1e-12);
    assertThat(r.passAtK(k)).isGreaterThanOrEqualTo(1 - Math.pow(1 - p, k) - 1e-12);
    if (k > 1) {
      assertThat(r.passAtK(k)).isGreaterThanOrEqualTo(r.passAtK(k - 1) - 1e-12);
      assertThat(r.passPowerK(k)).isLessThanOrEqualTo(r.passPowerK(k - 1) + 1e-12);
    }
  }
}

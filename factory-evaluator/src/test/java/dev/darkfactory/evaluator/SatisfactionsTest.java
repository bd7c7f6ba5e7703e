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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.Example;

class SatisfactionsTest {

  @Example
  void equalWeightsGiveThePlainWilsonInterval() {
    Satisfaction s = Satisfactions.of(List.of(result("a", 1, 8, 2, 0)));

    assertThat(s.score()).isEqualTo(0.8, within(1e-12));
    assertThat(s.lower()).isEqualTo(0.4902, within(1e-4));
    assertThat(s.upper()).isEqualTo(0.9433, within(1e-4));
  }

  @Example
  void aScenarioCountsItsWeightHoweverOftenItRuns() {
    // One pass of weight 1 against ten failing trials of a scenario of weight 1: p = 1/2, and the
    // effective count is 2² / (1 + 10 × 0.1²) = 3.636..., not 11.
    Satisfaction s = Satisfactions.of(List.of(result("a", 1, 1, 0, 0), result("b", 1, 0, 10, 0)));
    Satisfaction expected = Satisfactions.wilson(0.5, 4 / 1.1);

    assertThat(s.score()).isEqualTo(0.5, within(1e-12));
    assertThat(s.lower()).isEqualTo(expected.lower(), within(1e-12));
    assertThat(s.upper()).isEqualTo(expected.upper(), within(1e-12));
    assertThat(s.lower()).isLessThan(Satisfactions.wilson(0.5, 11).lower());
  }

  @Example
  void invalidTrialsAreNotEvidence() {
    assertThat(Satisfactions.of(List.of(result("a", 1, 0, 0, 3))))
        .isEqualTo(new Satisfaction(0, 0, 1, 0.95));
    assertThat(Satisfactions.of(List.of())).isEqualTo(new Satisfaction(0, 0, 1, 0.95));
  }

  @Property
  void theIntervalAlwaysHoldsTheScoreInsideZeroToOne(
      @ForAll @IntRange(min = 0, max = 50) int passedA,
      @ForAll @IntRange(min = 0, max = 50) int failedA,
      @ForAll @IntRange(min = 0, max = 3) int invalidA,
      @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(3) double weightA,
      @ForAll @IntRange(min = 0, max = 50) int passedB,
      @ForAll @IntRange(min = 0, max = 50) int failedB,
      @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(3) double weightB) {
    List<ScenarioResult> results = new ArrayList<>();
    if (passedA + failedA + invalidA > 0) {
      results.add(result("a", weightA, passedA, failedA, invalidA));
    }
    if (passedB + failedB > 0) {
      results.add(result("b", weightB, passedB, failedB, 0));
    }

    // The constructor checks 0 <= lower <= score <= upper <= 1.
    Satisfaction s = Satisfactions.of(results);

    assertThat(s.confidence()).isEqualTo(0.95);
    assertThat(s.width()).isBetween(0.0, 1.0);
  }

  private static ScenarioResult result(
      String id, double weight, int passed, int failed, int invalid) {
    List<TrialResult> trials = new ArrayList<>();
    for (int i = 0; i < passed; i++) {
      trials.add(new TrialResult(trials.size() + 1, Verdict.PASS, "", Duration.ZERO));
    }
    for (int i = 0; i < failed; i++) {
      trials.add(new TrialResult(trials.size() + 1, Verdict.FAIL, "", Duration.ZERO));
    }
    for (int i = 0; i < invalid; i++) {
      trials.add(new TrialResult(trials.size() + 1, Verdict.INVALID, "", Duration.ZERO));
    }
    Verdict verdict =
        failed > 0 ? Verdict.FAIL : invalid > 0 || passed == 0 ? Verdict.INVALID : Verdict.PASS;
    return new ScenarioResult(ScenarioId.of(id), Visibility.HOLDOUT, true, weight, trials, verdict);
  }
}

package dev.darkfactory.api.evaluation;

import static dev.darkfactory.api.Fixtures.candidate;
import static dev.darkfactory.api.Fixtures.report;
import static dev.darkfactory.api.Fixtures.result;
import static dev.darkfactory.api.Fixtures.trial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EvaluationTypesTest {

  private static final Candidate CANDIDATE = candidate("greeting", 1);

  private static EvaluationReport reportOf(
      Verdict verdict,
      List<ScenarioResult> scenarios,
      List<String> tamperSignals,
      List<String> notes) {
    return new EvaluationReport(
        CANDIDATE,
        verdict,
        Satisfaction.exact(0.5),
        scenarios,
        tamperSignals,
        notes,
        Usage.ZERO,
        Duration.ofSeconds(2));
  }

  private static ScenarioResult resultWithTrials(Verdict... verdicts) {
    List<TrialResult> trials = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      trials.add(trial(i + 1, verdicts[i]));
    }
    return new ScenarioResult(
        ScenarioId.of("a"), Visibility.VISIBLE, true, 1.0, trials, Verdict.FAIL);
  }

  @Nested
  class TrialResults {

    @Test
    void buildsAndRejectsBadValues() {
      assertThat(new TrialResult(1, Verdict.PASS, "", Duration.ZERO).elapsed()).isZero();
      assertThatThrownBy(() -> new TrialResult(0, Verdict.PASS, "", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trial must be at least 1 but was 0");
      assertThatThrownBy(() -> new TrialResult(1, null, "", Duration.ZERO))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("verdict");
      assertThatThrownBy(() -> new TrialResult(1, Verdict.PASS, null, Duration.ZERO))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("detail");
      assertThatThrownBy(() -> new TrialResult(1, Verdict.PASS, "", Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("elapsed must not be negative but was PT-0.001S");
      assertThatThrownBy(() -> new TrialResult(1, Verdict.PASS, "", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("elapsed");
    }
  }

  @Nested
  class Satisfactions {

    @Test
    void buildsAnIntervalAroundTheScore() {
      Satisfaction s = new Satisfaction(0.6, 0.4, 0.9, 0.95);
      assertThat(s.width()).isCloseTo(0.5, within(1e-12));
      assertThat(Satisfaction.exact(0.7)).isEqualTo(new Satisfaction(0.7, 0.7, 0.7, 0.95));
      assertThat(Satisfaction.exact(0.7).width()).isZero();
      assertThat(new Satisfaction(0, 0, 1, 0.5).width()).isEqualTo(1.0);
    }

    @Test
    void rejectsEachBadValue() {
      assertThatThrownBy(() -> Satisfaction.exact(1.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("score must be between 0.0 and 1.0 but was 1.1");
      assertThatThrownBy(() -> Satisfaction.exact(-0.1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("score")
          .hasMessageContaining("-0.1");
      assertThatThrownBy(() -> Satisfaction.exact(Double.NaN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("score")
          .hasMessageContaining("NaN");
      assertThatThrownBy(() -> new Satisfaction(0.5, 0.6, 0.7, 0.95))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lower must be between 0.0 and 0.5 but was 0.6");
      assertThatThrownBy(() -> new Satisfaction(0.5, 0.4, 0.45, 0.95))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("upper must be between 0.5 and 1.0 but was 0.45");
      assertThatThrownBy(() -> new Satisfaction(0.5, 0.4, 0.6, 1.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("confidence must be above 0 and below 1 but was 1.0");
      assertThatThrownBy(() -> new Satisfaction(0.5, 0.4, 0.6, 0.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("confidence")
          .hasMessageContaining("0.0");
      assertThatThrownBy(() -> new Satisfaction(0.5, 0.4, 0.6, Double.NaN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("confidence")
          .hasMessageContaining("NaN");
    }
  }

  @Nested
  class ScenarioResults {

    @Test
    void countsOnlyPassAndFailAsEvidence() {
      ScenarioResult r =
          resultWithTrials(
              Verdict.PASS, Verdict.INVALID, Verdict.FAIL, Verdict.SUSPECT, Verdict.PASS);

      assertThat(r.passed()).isEqualTo(2);
      assertThat(r.decided()).isEqualTo(3);
      assertThat(r.passRate()).isEqualTo(2.0 / 3);
      assertThat(r.flaky()).isTrue();
      assertThat(resultWithTrials(Verdict.PASS, Verdict.PASS).flaky()).isFalse();
      assertThat(resultWithTrials(Verdict.FAIL, Verdict.INVALID).flaky()).isFalse();
    }

    @Test
    void computesPassAtKAndPassPowerKWithTheUnbiasedEstimators() {
      // n = 5 decided trials, c = 2 passes.
      ScenarioResult r =
          resultWithTrials(Verdict.PASS, Verdict.FAIL, Verdict.PASS, Verdict.FAIL, Verdict.FAIL);

      // pass@2 = 1 - C(3,2)/C(5,2) = 1 - 3/10; pass^2 = C(2,2)/C(5,2) = 1/10.
      assertThat(r.passAtK(2)).isCloseTo(0.7, within(1e-12));
      assertThat(r.passPowerK(2)).isCloseTo(0.1, within(1e-12));
      // pass@3 = 1 - C(3,3)/C(5,3); four runs cannot all come from the three failures.
      assertThat(r.passAtK(3)).isCloseTo(0.9, within(1e-12));
      assertThat(r.passAtK(4)).isEqualTo(1.0);
      assertThat(r.passPowerK(3)).isZero();
    }

    @Test
    void rejectsKOutsideTheDecidedTrials() {
      ScenarioResult r = resultWithTrials(Verdict.PASS, Verdict.INVALID, Verdict.FAIL);

      assertThatThrownBy(() -> r.passAtK(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("k must be between 1 and the 2 decided trials of a but was 0");
      assertThatThrownBy(() -> r.passPowerK(3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but was 3");
    }

    @Test
    void hasNoPassRateWhenNothingWasDecided() {
      ScenarioResult r = resultWithTrials(Verdict.INVALID, Verdict.SUSPECT);

      assertThat(r.decided()).isZero();
      assertThat(r.passRate()).isNaN();
      assertThat(r.flaky()).isFalse();
      assertThatThrownBy(() -> r.passAtK(1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0 decided trials");
    }

    @Test
    void rejectsEachBadValue() {
      ScenarioId id = ScenarioId.of("a");
      List<TrialResult> one = List.of(trial(1, Verdict.PASS));
      assertThatThrownBy(
              () -> new ScenarioResult(null, Visibility.VISIBLE, true, 1, one, Verdict.PASS))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("id");
      assertThatThrownBy(() -> new ScenarioResult(id, null, true, 1, one, Verdict.PASS))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("visibility");
      assertThatThrownBy(
              () -> new ScenarioResult(id, Visibility.VISIBLE, true, 0, one, Verdict.PASS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight must be positive and finite but was 0.0");
      assertThatThrownBy(
              () -> new ScenarioResult(id, Visibility.VISIBLE, true, Double.NaN, one, Verdict.PASS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight")
          .hasMessageContaining("NaN");
      assertThatThrownBy(
              () -> new ScenarioResult(id, Visibility.VISIBLE, true, 1, List.of(), Verdict.PASS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario a must have at least one trial");
      assertThatThrownBy(
              () ->
                  new ScenarioResult(
                      id,
                      Visibility.VISIBLE,
                      true,
                      1,
                      List.of(trial(2, Verdict.PASS)),
                      Verdict.PASS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trial number at position 0 must be '1' but was '2'");
      assertThatThrownBy(
              () ->
                  new ScenarioResult(
                      id,
                      Visibility.VISIBLE,
                      true,
                      1,
                      List.of(trial(1, Verdict.PASS), trial(1, Verdict.PASS)),
                      Verdict.PASS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trial number at position 1 must be '2' but was '1'");
      assertThatThrownBy(() -> new ScenarioResult(id, Visibility.VISIBLE, true, 1, one, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("verdict");
    }

    @Test
    void copiesItsTrials() {
      List<TrialResult> trials = new ArrayList<>(List.of(trial(1, Verdict.PASS)));
      ScenarioResult r =
          new ScenarioResult(
              ScenarioId.of("a"), Visibility.HOLDOUT, false, 2, trials, Verdict.PASS);
      trials.add(trial(2, Verdict.FAIL));

      assertThat(r.trials()).hasSize(1);
      assertThatThrownBy(() -> r.trials().add(trial(2, Verdict.FAIL)))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Reports {

    @Test
    void passesWhenEveryRequiredScenarioPassedEvenIfAnOptionalOneFailed() {
      ScenarioResult required = result("required", true, Verdict.PASS);
      ScenarioResult optional = result("optional", false, Verdict.FAIL);

      EvaluationReport r = report(CANDIDATE, Verdict.PASS, 0.5, required, optional);

      assertThat(r.passed()).isTrue();
      assertThat(r.scenarios()).containsExactly(required, optional);
    }

    @Test
    void rejectsPassWithAFailedRequiredScenario() {
      ScenarioResult failed = result("must-greet", true, Verdict.FAIL);

      assertThatThrownBy(
              () -> report(CANDIDATE, Verdict.PASS, 1.0, result("ok", true, Verdict.PASS), failed))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("verdict PASS contradicts required scenario must-greet with FAIL");
      assertThatThrownBy(
              () -> report(CANDIDATE, Verdict.PASS, 1.0, result("broken", true, Verdict.INVALID)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("required scenario broken with INVALID");
    }

    @Test
    void rejectsTamperSignalsWithoutSuspect() {
      for (Verdict v : List.of(Verdict.PASS, Verdict.FAIL, Verdict.INVALID)) {
        assertThatThrownBy(() -> reportOf(v, List.of(), List.of("test file edited"), List.of("n")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(
                "verdict must be SUSPECT when tamper signals were found but was " + v);
      }
    }

    @Test
    void rejectsSuspectWithoutSignals() {
      assertThatThrownBy(() -> reportOf(Verdict.SUSPECT, List.of(), List.of(), List.of("n")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("verdict SUSPECT needs at least one tamper signal");
      assertThat(
              reportOf(Verdict.SUSPECT, List.of(), List.of("report pre-filled"), List.of())
                  .tamperSignals())
          .containsExactly("report pre-filled");
    }

    @Test
    void rejectsInvalidWithoutNotes() {
      assertThatThrownBy(() -> reportOf(Verdict.INVALID, List.of(), List.of(), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("verdict INVALID needs a note saying why");
      assertThat(
              reportOf(Verdict.INVALID, List.of(), List.of(), List.of("build needed the network"))
                  .notes())
          .containsExactly("build needed the network");
    }

    @Test
    void rejectsARepeatedScenario() {
      ScenarioResult a = result("a", true, Verdict.FAIL);

      assertThatThrownBy(() -> reportOf(Verdict.FAIL, List.of(a, a), List.of(), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario a appears twice in the report");
    }

    @Test
    void rejectsMissingParts() {
      Satisfaction s = Satisfaction.exact(0);
      Usage u = Usage.ZERO;
      Duration d = Duration.ZERO;
      List<String> none = List.of();
      assertThatThrownBy(
              () -> new EvaluationReport(null, Verdict.FAIL, s, List.of(), none, none, u, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("candidate");
      assertThatThrownBy(
              () -> new EvaluationReport(CANDIDATE, null, s, List.of(), none, none, u, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("verdict");
      assertThatThrownBy(
              () ->
                  new EvaluationReport(CANDIDATE, Verdict.FAIL, null, List.of(), none, none, u, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("satisfaction");
      assertThatThrownBy(
              () -> new EvaluationReport(CANDIDATE, Verdict.FAIL, s, null, none, none, u, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("scenarios");
      assertThatThrownBy(
              () -> new EvaluationReport(CANDIDATE, Verdict.FAIL, s, List.of(), null, none, u, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("tamperSignals");
      assertThatThrownBy(
              () -> new EvaluationReport(CANDIDATE, Verdict.FAIL, s, List.of(), none, null, u, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("notes");
      assertThatThrownBy(
              () ->
                  new EvaluationReport(CANDIDATE, Verdict.FAIL, s, List.of(), none, none, null, d))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("usage");
      assertThatThrownBy(
              () ->
                  new EvaluationReport(CANDIDATE, Verdict.FAIL, s, List.of(), none, none, u, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("elapsed");
    }

    @Test
    void copiesItsListsAndFiltersByVisibility() {
      ScenarioResult hidden = result("hidden", true, Verdict.FAIL);
      ScenarioResult shown =
          new ScenarioResult(
              ScenarioId.of("shown"),
              Visibility.VISIBLE,
              true,
              1,
              List.of(trial(1, Verdict.PASS)),
              Verdict.PASS);
      List<ScenarioResult> scenarios = new ArrayList<>(List.of(shown, hidden));
      List<String> signals = new ArrayList<>(List.of("edited test"));
      List<String> notes = new ArrayList<>(List.of("n"));
      EvaluationReport r = reportOf(Verdict.SUSPECT, scenarios, signals, notes);

      scenarios.clear();
      signals.clear();
      notes.add("more");

      assertThat(r.scenarios()).containsExactly(shown, hidden);
      assertThat(r.tamperSignals()).containsExactly("edited test");
      assertThat(r.notes()).containsExactly("n");
      assertThat(r.scenarios(Visibility.VISIBLE)).containsExactly(shown);
      assertThat(r.scenarios(Visibility.HOLDOUT)).containsExactly(hidden);
      assertThat(r.passed()).isFalse();
      assertThatThrownBy(() -> r.scenarios().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> r.tamperSignals().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> r.notes().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}

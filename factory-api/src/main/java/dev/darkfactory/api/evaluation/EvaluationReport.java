package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The evaluator's grading of one candidate: a verdict, a satisfaction score, the result of every
 * scenario, and any sign of tampering.
 *
 * <p>The constructor keeps a report honest: {@link Verdict#PASS} requires at least one scenario and
 * every required scenario to have passed; {@link Verdict#SUSPECT} requires at least one tamper signal, and a tamper signal
 * forces SUSPECT; {@link Verdict#INVALID} requires a note saying why.
 *
 * @param candidate what was graded
 * @param verdict the overall verdict
 * @param satisfaction the weighted share of scenarios satisfied, with its interval
 * @param scenarios every scenario's result, visible and holdout, with unique ids
 * @param tamperSignals what looked like gaming the evaluation; empty when nothing did
 * @param notes what else the evaluator wants a reader to know, such as why a result is INVALID
 * @param usage tokens spent by model judges
 * @param elapsed how long the evaluation took
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record EvaluationReport(
    Candidate candidate,
    Verdict verdict,
    Satisfaction satisfaction,
    List<ScenarioResult> scenarios,
    List<String> tamperSignals,
    List<String> notes,
    Usage usage,
    Duration elapsed) {

  /** Checks every component and the consistency of the verdict. */
  public EvaluationReport {
    Require.nonNull(candidate, "candidate");
    Require.nonNull(verdict, "verdict");
    Require.nonNull(satisfaction, "satisfaction");
    scenarios = Require.copyOf(scenarios, "scenarios");
    Set<Object> ids = new HashSet<>();
    for (ScenarioResult r : scenarios) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("scenario " + r.id() + " appears twice in the report");
      }
    }
    tamperSignals = Require.copyOf(tamperSignals, "tamperSignals");
    for (int i = 0; i < tamperSignals.size(); i++) {
      Require.nonBlank(tamperSignals.get(i), "tamperSignals[" + i + "]");
    }
    notes = Require.copyOf(notes, "notes");
    for (int i = 0; i < notes.size(); i++) {
      Require.nonBlank(notes.get(i), "notes[" + i + "]");
    }
    Require.nonNull(usage, "usage");
    Require.nonNull(elapsed, "elapsed");
    if (!tamperSignals.isEmpty() && verdict != Verdict.SUSPECT) {
      throw new IllegalArgumentException(
          "verdict must be SUSPECT when tamper signals were found but was " + verdict);
    }
    if (verdict == Verdict.PASS) {
      if (scenarios.isEmpty()) {
        throw new IllegalArgumentException(
            "verdict PASS needs at least one scenario; with none, the verdict is INVALID");
      }
      for (ScenarioResult r : scenarios) {
        if (r.required() && r.verdict() != Verdict.PASS) {
          throw new IllegalArgumentException(
              "verdict PASS contradicts required scenario " + r.id() + " with " + r.verdict());
        }
      }
    }
    if (verdict == Verdict.SUSPECT && tamperSignals.isEmpty()) {
      throw new IllegalArgumentException("verdict SUSPECT needs at least one tamper signal");
    }
    if (verdict == Verdict.INVALID && notes.isEmpty()) {
      throw new IllegalArgumentException("verdict INVALID needs a note saying why");
    }
  }

  /** The results of the scenarios with this visibility, in order. */
  public List<ScenarioResult> scenarios(Visibility visibility) {
    return scenarios.stream().filter(r -> r.visibility() == visibility).toList();
  }

  /** Whether the candidate passed. */
  public boolean passed() {
    return verdict == Verdict.PASS;
  }
}

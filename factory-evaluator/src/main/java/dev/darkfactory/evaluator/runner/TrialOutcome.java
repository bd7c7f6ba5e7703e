package dev.darkfactory.evaluator.runner;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What one trial of a scenario showed.
 *
 * @param verdict PASS, FAIL or INVALID (infrastructure trouble or ambiguous evidence); never
 *     SUSPECT: tampering is reported in {@code tamperSignals}, and the evaluator decides
 * @param detail what happened, short and for a human: why it failed, what was INVALID, a log
 *     excerpt; the full logs belong in files in the evidence directory
 * @param tamperSignals signs of gaming this trial saw, each with its evidence (a forged report, a
 *     pass line printed by the candidate's code); empty when none
 * @param usage tokens a model judge spent; {@link Usage#ZERO} for other runners
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record TrialOutcome(
    Verdict verdict, String detail, List<String> tamperSignals, Usage usage) {

  /** Checks every component. */
  public TrialOutcome {
    Require.nonNull(verdict, "verdict");
    if (verdict == Verdict.SUSPECT) {
      throw new IllegalArgumentException(
          "a trial is PASS, FAIL or INVALID; report tampering in tamperSignals instead of SUSPECT");
    }
    Require.nonNull(detail, "detail");
    tamperSignals = Require.copyOf(tamperSignals, "tamperSignals");
    for (int i = 0; i < tamperSignals.size(); i++) {
      Require.nonBlank(tamperSignals.get(i), "tamperSignals[" + i + "]");
    }
    Require.nonNull(usage, "usage");
  }

  /** A passing trial. */
  public static TrialOutcome pass(String detail) {
    return new TrialOutcome(Verdict.PASS, detail, List.of(), Usage.ZERO);
  }

  /** A failing trial. */
  public static TrialOutcome fail(String detail) {
    return new TrialOutcome(Verdict.FAIL, detail, List.of(), Usage.ZERO);
  }

  /** A trial that could not decide, with why. */
  public static TrialOutcome invalid(String detail) {
    return new TrialOutcome(Verdict.INVALID, Require.nonBlank(detail, "detail"), List.of(), Usage.ZERO);
  }

  /** This outcome with a tamper signal added. */
  public TrialOutcome withTamperSignal(String signal) {
    List<String> all = new java.util.ArrayList<>(tamperSignals);
    all.add(signal);
    return new TrialOutcome(verdict, detail, all, usage);
  }
}

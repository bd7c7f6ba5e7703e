package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Decides from the alignment ledger whether the evaluator has earned auto-merge for a
 * configuration. While the gate is closed the factory runs in shadow mode: it computes every
 * decision but holds every candidate for a human, filling the ledger.
 *
 * <p>Calibration belongs to a {@link CalibrationConfiguration}. Only records of the current
 * configuration count, so a new coding model, model version, evaluator version or policy version
 * starts from nothing and the gate closes: a model upgrade never silently inherits the old track
 * record. A user who judges an old configuration's record still valid carries it over explicitly
 * with {@link #carryingOver}. The options, with their rules and false-acceptance risks, are in
 * {@link CalibrationGates}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface CalibrationGate {

  /** The option's name, such as {@code wilson-upper-bound}, {@code seed-rule} or {@code sprt}. */
  String name();

  /**
   * Decides over a ledger: the records of {@code current} and of any configuration carried over
   * count; the rest are left out, and when the gate is closed a reason says how many were.
   *
   * @param ledger the ledger's records, in decision order
   * @param current the configuration that would merge
   * @return the decision
   */
  GateDecision decide(List<LedgerRecord> ledger, CalibrationConfiguration current);

  /**
   * Decides over statistics already restricted to the records that count.
   *
   * @param statistics the statistics
   * @return the decision
   */
  GateDecision decide(AlignmentStatistics statistics);

  /** The ids ({@link CalibrationConfiguration#id()}) of configurations whose records also count. */
  Set<String> carriedOver();

  /**
   * This gate, also counting the records of the configurations with these ids: the explicit choice
   * to let a new configuration inherit an old one's track record.
   *
   * @param configurationIds ids as {@link CalibrationConfiguration#id()} gives them
   * @return a gate with the same rule that also counts those records
   */
  CalibrationGate carryingOver(Set<String> configurationIds);

  /**
   * This gate, also counting the records of {@code previous}.
   *
   * @param previous a configuration whose track record is carried over
   * @return a gate with the same rule that also counts those records
   */
  default CalibrationGate carryingOver(CalibrationConfiguration previous) {
    return carryingOver(Set.of(previous.id()));
  }
}

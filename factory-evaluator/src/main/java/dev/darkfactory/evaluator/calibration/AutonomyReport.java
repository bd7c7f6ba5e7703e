package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * At which {@link AutonomyLevel} a configured factory operates, judged from its configuration and
 * its ledger, and what is missing for the next level.
 *
 * <pre>{@code
 * AutonomyReport report = AutonomyReport.assess(catalog.items(), evaluator, sandbox, policy);
 * System.out.println(report.describe());
 * }</pre>
 *
 * <p>The rules, each level needing everything the one below needs:
 *
 * <ul>
 *   <li>{@link AutonomyLevel#JUNIOR_DEVELOPER}: no written specs: work arrives as conversation.
 *   <li>{@link AutonomyLevel#DEVELOPER}: <b>specs in</b> (the factory's work items), agents write
 *       the changes, but nothing grades them against holdouts in isolation, so a human must review
 *       every line.
 *   <li>{@link AutonomyLevel#ENGINEERING_TEAM}: also <b>isolated holdout evaluation</b>: holdout
 *       scenarios exist, the evaluator grades in fresh checkouts with tamper checks on, and the
 *       sandbox isolates. Humans decide on graded candidates.
 *   <li>{@link AutonomyLevel#DARK_FACTORY}: also a <b>calibrated gate</b> that is open for the
 *       current configuration and <b>auto-merge on</b> (the policy merges without a human).
 * </ul>
 *
 * <p>Levels 0 and 1 describe tools, not factories; a factory is never judged below level 2.
 *
 * @param level the level the factory operates at
 * @param met the criteria that hold, in plain words
 * @param missing what the next level needs that is not there yet; empty at the top
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record AutonomyReport(AutonomyLevel level, List<String> met, List<String> missing) {

  /** Checks and copies every component. */
  public AutonomyReport {
    Require.nonNull(level, "level");
    met = Require.copyOf(met, "met");
    missing = Require.copyOf(missing, "missing");
  }

  /**
   * What a factory's configuration says, criterion by criterion.
   *
   * @param specsIn work arrives as written specs
   * @param holdouts holdout scenarios exist for the specs
   * @param isolatedEvaluation the evaluator grades fresh checkouts in a sandbox that isolates
   * @param tamperChecks the evaluator's tamper checks are on
   * @param gate the calibration gate's current decision, or null when there is no gate
   * @param autoMerge the merge policy merges without a human when it decides MERGE
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Criteria(
      boolean specsIn,
      boolean holdouts,
      boolean isolatedEvaluation,
      boolean tamperChecks,
      @Nullable GateDecision gate,
      boolean autoMerge) {

    /** The gate's decision, if there is a gate. */
    public Optional<GateDecision> gateDecision() {
      return Optional.ofNullable(gate);
    }
  }

  /**
   * Judges a factory from its parts: the work items, the evaluator, the sandbox and the merge
   * policy. Isolation is asked of the sandbox ({@link Sandbox#doctor()}); a {@link
   * CalibrationPolicy} supplies the gate, and auto-merge is on exactly when its gate is open (any
   * other policy has no gate, so auto-merging under it is not calibrated).
   *
   * @param items the factory's work items
   * @param evaluator its evaluator
   * @param sandbox its sandbox
   * @param policy its merge policy
   * @return the report
   */
  public static AutonomyReport assess(
      Collection<WorkItem> items, Evaluator evaluator, Sandbox sandbox, MergePolicy policy) {
    Require.nonNull(items, "items");
    Require.nonNull(evaluator, "evaluator");
    Require.nonNull(sandbox, "sandbox");
    Require.nonNull(policy, "policy");
    boolean holdouts = items.stream().anyMatch(i -> !i.scenarios().holdouts().isEmpty());
    boolean holdoutEvaluator = evaluator instanceof HoldoutEvaluator;
    boolean tamper = evaluator instanceof HoldoutEvaluator h && !h.tamperChecks().isEmpty();
    boolean isolated = holdoutEvaluator && sandbox.doctor().isolates();
    GateDecision gate = policy instanceof CalibrationPolicy c ? c.gateDecision() : null;
    boolean autoMerge = gate != null && gate.open();
    return assess(new Criteria(!items.isEmpty(), holdouts, isolated, tamper, gate, autoMerge));
  }

  /**
   * Judges a factory from its criteria.
   *
   * @param c the criteria
   * @return the report
   */
  public static AutonomyReport assess(Criteria c) {
    Require.nonNull(c, "criteria");
    List<String> met = new ArrayList<>();
    if (!c.specsIn()) {
      return new AutonomyReport(
          AutonomyLevel.JUNIOR_DEVELOPER, met, List.of("specs in: give the factory written specs"));
    }
    met.add("specs in");
    List<String> evaluation = new ArrayList<>();
    if (!c.holdouts()) {
      evaluation.add("holdout scenarios: write scenarios the coding agent never sees");
    }
    if (!c.isolatedEvaluation()) {
      evaluation.add(
          "isolated holdout evaluation: grade with the HoldoutEvaluator in a sandbox that isolates");
    }
    if (!c.tamperChecks()) {
      evaluation.add("tamper checks: keep the evaluator's tamper checks on");
    }
    if (!evaluation.isEmpty()) {
      return new AutonomyReport(AutonomyLevel.DEVELOPER, met, evaluation);
    }
    met.add("isolated holdout evaluation with tamper checks");
    List<String> dark = new ArrayList<>();
    GateDecision gate = c.gate();
    if (gate == null) {
      dark.add("a calibrated gate: wrap the merge policy in a CalibrationPolicy with an alignment ledger");
    } else if (!gate.open()) {
      dark.add("the calibration gate (" + gate.gate() + ") to open: " + String.join("; ", gate.reasons()));
    } else {
      met.add("calibrated gate open (" + gate.gate() + ")");
    }
    if (!c.autoMerge()) {
      dark.add("auto-merge on: a policy that merges without a human once the gate is open");
    } else {
      met.add("auto-merge on");
    }
    if (!dark.isEmpty()) {
      return new AutonomyReport(AutonomyLevel.ENGINEERING_TEAM, met, dark);
    }
    return new AutonomyReport(AutonomyLevel.DARK_FACTORY, met, List.of());
  }

  /** The report in a few lines, for logs and consoles. */
  public String describe() {
    StringBuilder b =
        new StringBuilder("level ")
            .append(level.number())
            .append(", ")
            .append(level.description());
    met.forEach(m -> b.append("\n  has: ").append(m));
    missing.forEach(m -> b.append("\n  needs for the next level: ").append(m));
    return b.toString();
  }
}

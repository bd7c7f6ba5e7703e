package dev.darkfactory.evaluator.policy;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.evaluator.calibration.AlignmentLedger;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.CalibrationGate;
import dev.darkfactory.evaluator.calibration.CalibrationGates;
import dev.darkfactory.evaluator.calibration.GateDecision;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a candidate merge automatically only when the calibration gate is open for the current
 * configuration; until then the factory runs in shadow mode: every decision is computed and
 * recorded in the alignment ledger, and what would have merged is held for a human, whose review
 * ({@link AlignmentLedger#recordReview}) is the evidence the gate reads.
 *
 * <pre>{@code
 * MergePolicy policy = CalibrationPolicy.builder(
 *         MergePolicies.allOf(ThresholdPolicy.lowerBoundAtLeast(0.5), RiskPolicy.builder().build()),
 *         ledger,
 *         new CalibrationConfiguration("coding-model", "2026-10", "holdout/1", "threshold-0.5/1"))
 *     .gate(CalibrationGates.standard())
 *     .build();
 * }</pre>
 *
 * <p>Every decision it makes is appended to the ledger with the evaluator's verdict and
 * satisfaction, so the track record builds itself; a candidate decided twice (after a crash and
 * resume) is recorded once. Only MERGE is ever changed (into HOLD): retries, holds and rejections
 * pass through, with every reason kept.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CalibrationPolicy implements MergePolicy {

  private static final Logger LOG = LoggerFactory.getLogger(CalibrationPolicy.class);

  private final MergePolicy inner;
  private final AlignmentLedger ledger;
  private final CalibrationConfiguration configuration;
  private final CalibrationGate gate;
  private final String repository;
  private final Clock clock;

  private CalibrationPolicy(Builder b) {
    this.inner = b.inner;
    this.ledger = b.ledger;
    this.configuration = b.configuration;
    this.gate = b.gate;
    this.repository = b.repository;
    this.clock = b.clock;
  }

  /**
   * A builder.
   *
   * @param inner the policy that judges the candidate
   * @param ledger where decisions are recorded and reviews read
   * @param configuration the configuration this factory runs with
   * @return the builder
   */
  public static Builder builder(
      MergePolicy inner, AlignmentLedger ledger, CalibrationConfiguration configuration) {
    return new Builder(
        Require.nonNull(inner, "inner"),
        Require.nonNull(ledger, "ledger"),
        Require.nonNull(configuration, "configuration"));
  }

  /** What the gate says now for this policy's configuration. */
  public GateDecision gateDecision() {
    return gate.decide(ledger.records(LedgerFilter.ALL.withRepository(repository)), configuration);
  }

  @Override
  public MergeDecision decide(MergeContext context) {
    MergeDecision proposed = inner.decide(Require.nonNull(context, "context"));
    MergeDecision decision = proposed;
    if (proposed.action() == MergeDecision.Action.MERGE) {
      GateDecision g = gateDecision();
      if (!g.open()) {
        List<String> reasons = new ArrayList<>();
        reasons.add(
            "shadow mode: the calibration gate ("
                + g.gate()
                + ") is closed for configuration "
                + configuration.id()
                + ", so a human decides");
        reasons.addAll(g.reasons());
        proposed.reasons().forEach(r -> reasons.add("(the policy alone would MERGE) " + r));
        decision = new MergeDecision.Hold(reasons);
      } else {
        List<String> reasons = new ArrayList<>(proposed.reasons());
        reasons.add("the calibration gate (" + g.gate() + ") is open: " + String.join("; ", g.reasons()));
        decision = new MergeDecision.Merge(reasons);
      }
    }
    record(context, decision);
    return decision;
  }

  private void record(MergeContext context, MergeDecision decision) {
    EvaluationReport report = context.report();
    LedgerRecord entry =
        new LedgerRecord(
            context.candidate(),
            repository,
            context.spec().labels(),
            configuration,
            report.verdict(),
            report.satisfaction().score(),
            decision.action(),
            clock.instant(),
            List.of());
    try {
      ledger.recordDecision(entry);
    } catch (IllegalArgumentException alreadyRecorded) {
      LOG.debug("{} is already in the ledger: {}", context.candidate().branch(), alreadyRecorded.getMessage());
    }
  }

  /**
   * Builds a {@link CalibrationPolicy}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final MergePolicy inner;
    private final AlignmentLedger ledger;
    private final CalibrationConfiguration configuration;
    private CalibrationGate gate = CalibrationGates.standard();
    private String repository = "default";
    private Clock clock = Clock.systemUTC();

    private Builder(MergePolicy inner, AlignmentLedger ledger, CalibrationConfiguration configuration) {
      this.inner = inner;
      this.ledger = ledger;
      this.configuration = configuration;
    }

    /**
     * Sets the gate; {@link CalibrationGates#standard()} by default.
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder gate(CalibrationGate gate) {
      this.gate = Require.nonNull(gate, "gate");
      return this;
    }

    /**
     * Sets the repository name decisions are recorded under and the gate reads; {@code default}
     * by default.
     *
     * @param repository the name
     * @return this builder
     */
    public Builder repository(String repository) {
      this.repository = Require.nonBlank(repository, "repository");
      return this;
    }

    /**
     * Sets the clock that dates decisions.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /** The policy. */
    public CalibrationPolicy build() {
      return new CalibrationPolicy(this);
    }
  }
}

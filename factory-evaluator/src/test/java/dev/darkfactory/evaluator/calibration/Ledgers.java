package dev.darkfactory.evaluator.calibration;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds ledger records for the calibration tests. */
final class Ledgers {

  static final CalibrationConfiguration CONFIG =
      new CalibrationConfiguration("coder", "2025-01-01", "holdout/1", "threshold/1");
  static final CalibrationConfiguration UPGRADED =
      new CalibrationConfiguration("coder", "2025-06-01", "holdout/1", "threshold/1");

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final CommitId BASE = CommitId.of("a".repeat(40));

  private final CalibrationConfiguration configuration;
  private final List<LedgerRecord> records = new ArrayList<>();

  private Ledgers(CalibrationConfiguration configuration) {
    this.configuration = configuration;
  }

  static Ledgers of(CalibrationConfiguration configuration) {
    return new Ledgers(configuration);
  }

  static Ledgers ledger() {
    return of(CONFIG);
  }

  static LedgerRecord record(int index, CalibrationConfiguration configuration, Verdict verdict) {
    String hex = String.format("%040x", index + 1);
    Candidate candidate =
        new Candidate(SpecId.of("spec-" + index), 1, "factory/spec-" + index + "/attempt-1", CommitId.of(hex), BASE);
    MergeDecision.Action action =
        verdict == Verdict.PASS ? MergeDecision.Action.HOLD : MergeDecision.Action.REJECT;
    return new LedgerRecord(
        candidate,
        "repo",
        Set.of(),
        configuration,
        verdict,
        verdict == Verdict.PASS ? 1.0 : 0.0,
        action,
        T0.plusSeconds(index),
        List.of());
  }

  static Review review(HumanVerdict verdict, int at) {
    return new Review(verdict, "reviewer", "", T0.plusSeconds(1_000_000L + at));
  }

  /** {@code n} records with this verdict, each reviewed with {@code human}. */
  Ledgers add(int n, Verdict verdict, HumanVerdict human) {
    for (int i = 0; i < n; i++) {
      int index = records.size();
      records.add(record(index, configuration, verdict).withReview(review(human, index)));
    }
    return this;
  }

  /** {@code n} records with this verdict and no review. */
  Ledgers unreviewed(int n, Verdict verdict) {
    for (int i = 0; i < n; i++) {
      records.add(record(records.size(), configuration, verdict));
    }
    return this;
  }

  /** The known case of the issue: 18 both approve, 1 FP, 2 FN, 4 both reject. */
  Ledgers knownCase() {
    return add(18, Verdict.PASS, HumanVerdict.APPROVE)
        .add(1, Verdict.PASS, HumanVerdict.REJECT)
        .add(2, Verdict.FAIL, HumanVerdict.APPROVE)
        .add(4, Verdict.FAIL, HumanVerdict.REJECT);
  }

  List<LedgerRecord> records() {
    return List.copyOf(records);
  }
}

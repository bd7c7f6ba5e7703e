package dev.darkfactory.benchmarks;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.evaluator.calibration.AlignmentStatistics;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.CalibrationGate;
import dev.darkfactory.evaluator.calibration.CalibrationGates;
import dev.darkfactory.evaluator.calibration.GateDecision;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Alignment statistics over a large in-memory ledger: {@code AlignmentStatistics.of} and the
 * standard gate's decision over 100,000 records (a tenth of them from an older configuration, a
 * tenth unreviewed, some INVALID, some reviewed twice), the median of several runs after warm-up.
 * The target is under 100 ms. Run: {@code ./mvnw -q -B -o -Pbench -Dbench=CalibrationBenchmark -pl
 * benchmarks -am verify -DskipTests}; {@code -Drecords=100000 -Druns=15} are the defaults.
 */
public final class CalibrationBenchmark {

  private CalibrationBenchmark() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) {
    int size = Integer.getInteger("records", 100_000);
    int runs = Integer.getInteger("runs", 15);
    CalibrationConfiguration current = new CalibrationConfiguration("coder", "2025-06-01", "holdout/1", "threshold/1");
    CalibrationConfiguration older = new CalibrationConfiguration("coder", "2025-01-01", "holdout/1", "threshold/1");
    List<LedgerRecord> records = ledger(size, current, older);

    // Warm up the JIT on both paths.
    for (int i = 0; i < 20; i++) {
      AlignmentStatistics.of(records);
      CalibrationGates.standard().decide(records, current);
    }
    double[] statistics = new double[runs];
    double[] gate = new double[runs];
    AlignmentStatistics s = null;
    GateDecision d = null;
    CalibrationGate standard = CalibrationGates.standard();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      s = AlignmentStatistics.of(records);
      statistics[i] = (System.nanoTime() - start) / 1e6;
      start = System.nanoTime();
      d = standard.decide(records, current);
      gate[i] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf(
        Locale.ROOT,
        "%d ledger records, median of %d runs after warm-up%n"
            + "AlignmentStatistics.of                  %8.2f ms (min %.2f, max %.2f)%n"
            + "CalibrationGates.standard().decide      %8.2f ms (min %.2f, max %.2f)%n"
            + "%s%n%s%n",
        size,
        runs,
        median(statistics),
        Arrays.stream(statistics).min().orElse(0),
        Arrays.stream(statistics).max().orElse(0),
        median(gate),
        Arrays.stream(gate).min().orElse(0),
        Arrays.stream(gate).max().orElse(0),
        s,
        d);
  }

  private static List<LedgerRecord> ledger(int size, CalibrationConfiguration current, CalibrationConfiguration older) {
    SplittableRandom random = new SplittableRandom(2025);
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    CommitId base = CommitId.of("b".repeat(40));
    List<LedgerRecord> records = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      double u = random.nextDouble();
      Verdict verdict = u < 0.70 ? Verdict.PASS : u < 0.93 ? Verdict.FAIL : u < 0.97 ? Verdict.SUSPECT : Verdict.INVALID;
      Candidate candidate =
          new Candidate(SpecId.of("spec-" + i), 1, "factory/spec-" + i + "/attempt-1", CommitId.of(String.format("%040x", i + 1)), base);
      List<Review> reviews = new ArrayList<>();
      if (random.nextDouble() < 0.9) {
        boolean approve = verdict == Verdict.PASS ? random.nextDouble() >= 0.03 : random.nextDouble() < 0.08;
        reviews.add(new Review(approve ? HumanVerdict.APPROVE : HumanVerdict.REJECT, "reviewer", "", t0.plusSeconds(i + 60)));
        if (random.nextDouble() < 0.02) {
          reviews.add(new Review(approve ? HumanVerdict.REJECT : HumanVerdict.APPROVE, "second", "changed my mind", t0.plusSeconds(i + 3600)));
        }
      }
      records.add(
          new LedgerRecord(
              candidate,
              "repo",
              Set.of("bench"),
              i < size / 10 ? older : current,
              verdict,
              verdict == Verdict.PASS ? 1.0 : 0.0,
              verdict == Verdict.PASS ? MergeDecision.Action.MERGE : MergeDecision.Action.HOLD,
              t0.plusSeconds(i),
              reviews));
    }
    return records;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

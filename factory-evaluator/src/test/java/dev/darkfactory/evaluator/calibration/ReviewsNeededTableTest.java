package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * How many reviews each gate option needs before it opens, for each target and 0, 1 or 2
 * disagreements, computed by asking the gates themselves (the smallest ledger of that shape they
 * open on). The table printed here is the one in {@code docs/calibration.md}.
 *
 * <p>Each criterion is taken alone: the other target is set out of reach (99.9%) and the minimum
 * of 20 reviewed decisions applies. False-positive rows count reviewed evaluator-PASS candidates
 * (a ledger of PASS reviews, {@code k} of them rejected by the human); override rows count reviews
 * (a ledger of agreed PASS reviews and {@code k} evaluator rejections the human approved). The SPRT
 * column uses {@code sprt(target / 5, target, 0.05, 0.05)}; the default {@code sprt()} is the 10%
 * row.
 */
class ReviewsNeededTableTest {

  private static final double OUT_OF_REACH = 0.999;
  private static final int LIMIT = 10_000;

  /** The smallest n at which {@code gate} opens on {@code ledger.apply(n)}, or -1 below LIMIT. */
  static int needed(CalibrationGate gate, IntFunction<ConfusionMatrix> ledger, int from) {
    CalibrationGates.RuleGate rule = (CalibrationGates.RuleGate) gate;
    for (int n = Math.max(from, 1); n < LIMIT; n++) {
      if (rule.opens(new AlignmentStatistics(ledger.apply(n), 0, 0))) {
        return n;
      }
    }
    return -1;
  }

  static IntFunction<ConfusionMatrix> falsePositives(int k) {
    return n -> new ConfusionMatrix(n - k, k, 0, 0);
  }

  static IntFunction<ConfusionMatrix> overrides(int k) {
    return n -> new ConfusionMatrix(n - k, 0, k, 0);
  }

  static String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "| rate | target | disagreements | wilson-upper-bound (default) | seed-rule | sprt(target/5, target) |%n"
                + "|---|---|---|---|---|---|%n"));
    for (double target : new double[] {0.05, 0.10}) {
      for (int k = 0; k <= 2; k++) {
        int wilson =
            needed(CalibrationGates.wilsonUpperBound(CalibrationGates.MIN_REVIEWS, OUT_OF_REACH, target), falsePositives(k), k);
        int seed = needed(CalibrationGates.seedRule(CalibrationGates.MIN_REVIEWS, OUT_OF_REACH, target), falsePositives(k), k);
        int sprt = needed(CalibrationGates.sprt(target / 5, target, 0.05, 0.05), falsePositives(k), k);
        b.append(
            String.format(
                Locale.ROOT,
                "| false-positive rate (PASS reviews) | %.0f%% | %d | %d | %d | %d |%n",
                100 * target,
                k,
                wilson,
                seed,
                sprt));
      }
    }
    for (double target : new double[] {0.05, 0.10}) {
      for (int k = 0; k <= 2; k++) {
        int wilson =
            needed(CalibrationGates.wilsonUpperBound(CalibrationGates.MIN_REVIEWS, target, OUT_OF_REACH), overrides(k), k + 1);
        int seed = needed(CalibrationGates.seedRule(CalibrationGates.MIN_REVIEWS, target, OUT_OF_REACH), overrides(k), k + 1);
        b.append(
            String.format(
                Locale.ROOT, "| override rate (reviews) | %.0f%% | %d | %d | %d | n/a |%n", 100 * target, k, wilson, seed));
      }
    }
    return b.toString();
  }

  @Test
  void theTableStatesTheConsequencesOfTheUpperBound() throws IOException {
    String table = table();
    System.out.println(table);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "calibration-reviews-needed.txt"), table);

    // With zero false positives the 5% bound needs 73 PASS reviews; 0 of 25 still allows 13.3%.
    assertThat(needed(CalibrationGates.standard(), falsePositives(0), 0)).isEqualTo(73);
    assertThat(new Rate(0, 25).upper()).isBetween(0.1325, 0.1335);
    assertThat(table).contains("| false-positive rate (PASS reviews) | 5% | 0 | 73 | 20 | 72 |");
    // With zero overrides the 10% bound needs 35 reviews.
    assertThat(table).contains("| override rate (reviews) | 10% | 0 | 35 | 20 | n/a |");
    // The default SPRT is the 10% row: 35 clean PASS reviews, as its Javadoc says.
    assertThat(needed(CalibrationGates.sprt(), falsePositives(0), 0)).isEqualTo(35);
    assertThat(needed(CalibrationGates.sprt(), falsePositives(1), 1)).isEqualTo(55);
    assertThat(needed(CalibrationGates.sprt(), falsePositives(2), 2)).isEqualTo(75);
  }

  @Test
  void theUpperBoundGateNeedsWhatRateTotalNeededSays() {
    for (int k = 0; k <= 2; k++) {
      for (double target : new double[] {0.05, 0.10}) {
        long expected = Math.max(CalibrationGates.MIN_REVIEWS, Rate.totalNeeded(k, target));
        assertThat(needed(CalibrationGates.wilsonUpperBound(20, OUT_OF_REACH, target), falsePositives(k), k)).isEqualTo(expected);
      }
    }
  }

  @Test
  void theDocumentShowsThisTable() throws IOException {
    assertThat(Files.readString(Path.of("../docs/calibration.md"))).contains(table());
  }
}

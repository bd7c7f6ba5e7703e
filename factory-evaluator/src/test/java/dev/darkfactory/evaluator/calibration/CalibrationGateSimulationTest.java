package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How often each gate option opens for an evaluator with a known true false-positive rate: many
 * simulated ledgers, human reviews arriving one at a time, the gate asked after every review (as a
 * factory in shadow mode would ask it). Opening when the true rate is above the 5% target is a
 * false acceptance: auto-merge switched on for an evaluator that lets too much bad code through.
 *
 * <p>Each review is of an evaluator-PASS candidate with probability {@value #PASS_SHARE} (the
 * human rejects it with the true false-positive rate) and otherwise of a rejected one (the human
 * approves it with probability {@value #FALSE_NEGATIVE_RATE}). Seeded and deterministic; the
 * table printed here is the one in {@code docs/calibration.md}, and {@link
 * #theDocumentShowsThisTable} keeps it so.
 */
class CalibrationGateSimulationTest {

  static final int LEDGERS = 2_000;
  static final int HORIZON = 200;
  static final double PASS_SHARE = 0.7;
  static final double FALSE_NEGATIVE_RATE = 0.05;
  static final double[] TRUE_FALSE_POSITIVE_RATES = {0.02, 0.05, 0.10, 0.15};
  static final List<CalibrationGate> GATES =
      List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt());

  /** Per true rate and gate: the review at which each ledger first opened, or 0 if it never did. */
  private static int[][][] firstOpening;

  private static String table;

  @BeforeAll
  static void simulate() throws IOException {
    firstOpening = new int[TRUE_FALSE_POSITIVE_RATES.length][GATES.size()][LEDGERS];
    for (int f = 0; f < TRUE_FALSE_POSITIVE_RATES.length; f++) {
      double fpr = TRUE_FALSE_POSITIVE_RATES[f];
      SplittableRandom random = new SplittableRandom(8_000L + f);
      for (int ledger = 0; ledger < LEDGERS; ledger++) {
        simulateLedger(random, fpr, f, ledger);
      }
    }
    table = table();
    System.out.println(table);
    Path out = Path.of("target", "calibration-simulation.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
  }

  private static void simulateLedger(SplittableRandom random, double fpr, int f, int ledger) {
    AlignmentStatistics.Counter counter = new AlignmentStatistics.Counter();
    int open = 0;
    for (int review = 1; review <= HORIZON && open < GATES.size(); review++) {
      boolean evaluatorApproved = random.nextDouble() < PASS_SHARE;
      boolean humanApproved =
          evaluatorApproved ? random.nextDouble() >= fpr : random.nextDouble() < FALSE_NEGATIVE_RATE;
      counter.add(evaluatorApproved, humanApproved);
      AlignmentStatistics s = counter.statistics();
      for (int g = 0; g < GATES.size(); g++) {
        if (firstOpening[f][g][ledger] == 0 && ((CalibrationGates.RuleGate) GATES.get(g)).opens(s)) {
          firstOpening[f][g][ledger] = review;
          open++;
        }
      }
    }
  }

  /** The share of ledgers opened by review {@code by}. */
  static double opened(int f, int g, int by) {
    long n = Arrays.stream(firstOpening[f][g]).filter(r -> r > 0 && r <= by).count();
    return (double) n / LEDGERS;
  }

  /** The median review at first opening among ledgers that opened by the horizon, or 0. */
  static int medianOpening(int f, int g) {
    int[] opened = Arrays.stream(firstOpening[f][g]).filter(r -> r > 0).sorted().toArray();
    return opened.length == 0 ? 0 : opened[opened.length / 2];
  }

  static int index(double fpr) {
    for (int f = 0; f < TRUE_FALSE_POSITIVE_RATES.length; f++) {
      if (TRUE_FALSE_POSITIVE_RATES[f] == fpr) {
        return f;
      }
    }
    throw new IllegalArgumentException("not simulated: " + fpr);
  }

  static String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "| true FPR | gate | opened by review 50 | by 100 | by 200 | median review at opening |%n"
                + "|---|---|---|---|---|---|%n"));
    for (int f = 0; f < TRUE_FALSE_POSITIVE_RATES.length; f++) {
      for (int g = 0; g < GATES.size(); g++) {
        int median = medianOpening(f, g);
        b.append(
            String.format(
                Locale.ROOT,
                "| %.0f%%%s | %s | %.1f%% | %.1f%% | %.1f%% | %s |%n",
                100 * TRUE_FALSE_POSITIVE_RATES[f],
                TRUE_FALSE_POSITIVE_RATES[f] > CalibrationGates.MAX_FALSE_POSITIVE_RATE ? " (bad)" : "",
                GATES.get(g).name(),
                100 * opened(f, g, 50),
                100 * opened(f, g, 100),
                100 * opened(f, g, 200),
                median == 0 ? "never" : Integer.toString(median)));
      }
    }
    return b.toString();
  }

  @Test
  void theStandardGateAcceptsABadEvaluatorFarLessOftenThanTheSeedRule() {
    int tenPercent = index(0.10);

    double standard = opened(tenPercent, 0, 100);
    double seed = opened(tenPercent, 1, 100);

    assertThat(seed).as("seed rule, true FPR 10%%, by review 100").isGreaterThan(0.20);
    assertThat(standard).as("standard gate, true FPR 10%%, by review 100").isLessThan(seed / 10);
    assertThat(opened(tenPercent, 0, HORIZON)).as("standard gate, by review %d", HORIZON).isLessThan(0.02);
  }

  @Test
  void theSeedRuleOftenAcceptsAnEvaluatorThreeTimesWorseThanTheTarget() {
    assertThat(opened(index(0.15), 1, 100)).isGreaterThan(0.05);
    assertThat(opened(index(0.15), 0, HORIZON)).isLessThan(0.005);
  }

  @Test
  void theSprtKeepsItsFalseAcceptanceUnderBetaOverOneMinusAlphaAtAndBeyondP1() {
    // Ville's inequality: at most 0.05 / 0.95 = 5.3% however long the gate is watched; 2,000
    // ledgers add about one percentage point of sampling error.
    assertThat(opened(index(0.10), 2, HORIZON)).isLessThan(0.063);
    assertThat(opened(index(0.15), 2, HORIZON)).isLessThan(0.063);
  }

  @Test
  void theSprtStopsEarlyOnAGoodEvaluator() {
    int twoPercent = index(0.02);

    assertThat(opened(twoPercent, 2, 100)).isGreaterThan(0.5).isGreaterThan(2 * opened(twoPercent, 0, 100));
    assertThat(medianOpening(twoPercent, 2)).isLessThan(medianOpening(twoPercent, 0));
    // With no false positives it needs 35 reviewed PASS candidates, about 50 reviews at a 70% share.
    assertThat(medianOpening(twoPercent, 2)).isBetween(45, 80);
  }

  @Test
  void everyGateOpensMoreOftenForABetterEvaluator() {
    for (int g = 0; g < GATES.size(); g++) {
      for (int f = 1; f < TRUE_FALSE_POSITIVE_RATES.length; f++) {
        assertThat(opened(f, g, HORIZON)).as(GATES.get(g).name()).isLessThanOrEqualTo(opened(f - 1, g, HORIZON));
      }
    }
  }

  @Test
  void theSimulatedDecisionsAreTheGatesDecisionsOverRealRecords() {
    // The simulation asks the gates' predicate over counts; replay one ledger as records through
    // decide(ledger, configuration) and check the first opening review is the same.
    SplittableRandom random = new SplittableRandom(42);
    Ledgers ledger = Ledgers.ledger();
    int[] first = new int[GATES.size()];
    AlignmentStatistics.Counter counter = new AlignmentStatistics.Counter();
    for (int review = 1; review <= 250; review++) {
      // Two false positives first, then a flawless evaluator-PASS stream, so that each gate starts
      // closed and opens within the replay.
      boolean evaluatorApproved = review <= 2 || random.nextDouble() < PASS_SHARE;
      boolean humanApproved =
          evaluatorApproved ? review > 2 : random.nextDouble() < FALSE_NEGATIVE_RATE;
      ledger.add(
          1,
          evaluatorApproved ? Verdict.PASS : Verdict.FAIL,
          humanApproved ? HumanVerdict.APPROVE : HumanVerdict.REJECT);
      counter.add(evaluatorApproved, humanApproved);
      List<LedgerRecord> records = ledger.records();
      for (int g = 0; g < GATES.size(); g++) {
        boolean viaRecords = GATES.get(g).decide(records, Ledgers.CONFIG).open();
        assertThat(viaRecords).isEqualTo(((CalibrationGates.RuleGate) GATES.get(g)).opens(counter.statistics()));
        if (first[g] == 0 && viaRecords) {
          first[g] = review;
        }
      }
    }
    assertThat(Arrays.stream(first).min().getAsInt()).as("every gate opened").isGreaterThanOrEqualTo(20);
  }

  @Test
  void theDocumentShowsThisTable() throws IOException {
    assertThat(Files.readString(Path.of("../docs/calibration.md"))).contains(table);
  }
}

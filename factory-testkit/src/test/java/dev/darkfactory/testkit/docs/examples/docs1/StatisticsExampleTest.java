package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.spec.SpecCatalog;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.calibration.AlignmentStatistics;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.CalibrationGate;
import dev.darkfactory.evaluator.calibration.CalibrationGates;
import dev.darkfactory.evaluator.calibration.GateDecision;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Rate;
import dev.darkfactory.evaluator.calibration.Review;
import dev.darkfactory.evaluator.policy.ThresholdPolicy;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.git.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of {@code docs/statistics.md}: every number the page prints is computed here
 * by the library (a real evaluation on real git in bubblewrap, pass@k of a scenario result, the
 * alignment statistics and the three gates over a ledger), and the page must show this output.
 */
class StatisticsExampleTest {

  private static final Path PAGE = Path.of("../docs/statistics.md");

  @TempDir Path dir;

  // ---------------------------------------------------------------------------------------------
  // Satisfaction from a real evaluation

  @Test
  void aWeightedEvaluationGivesTheSatisfactionAndDecisionsThePageShows() throws Exception {
    Bubblewrap.require();
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Path holdouts = Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(specs.resolve("greeting.md"), """
        ---
        id: greeting
        title: Greet a person
        ---
        # Greet a person

        ## Goal

        `sh greet.sh NAME` prints `Hello, NAME!`; with no name, `Hello, world!`.
        """);
    Files.writeString(specs.resolve("greeting.scenarios.yaml"), """
        spec: greeting
        scenarios:
          - id: greets-ada
            title: Greets Ada
            weight: 1
            trials: 3
            check: {kind: command, run: sh greet.sh Ada, stdout: [{equals: "Hello, Ada!"}]}
        """);
    Files.writeString(holdouts.resolve("greeting.yaml"), """
        spec: greeting
        scenarios:
          - id: greets-grace
            title: Greets Grace
            weight: 2
            trials: 3
            check: {kind: command, run: sh greet.sh Grace, stdout: [{equals: "Hello, Grace!"}]}
          - id: greets-nobody
            title: Greets the world when no name is given
            weight: 1
            required: false
            trials: 2
            check: {kind: command, run: sh greet.sh, stdout: [{equals: "Hello, world!"}]}
        """);
    TestRepository repo = TestRepository.create(dir.resolve("git"), "main", Map.of("README.md", "greeter\n"));
    CommitId base = repo.head("main").orElseThrow();
    // The candidate forgets the case without a name.
    CommitId commit = repo.commit("greet", Map.of("greet.sh", "echo \"Hello, $1!\"\n"));
    Candidate candidate = new Candidate(SpecId.of("greeting"), 1, "factory/greeting/attempt-1", commit, base);
    GitRepository repository = GitRepository.open(repo.bare(), dir.resolve("workspaces"));

    WorkItem item = SpecCatalog.load(specs, holdouts).items().get(0);
    EvaluationReport report;
    try (GitEvaluationContext context =
        GitEvaluationContext.builder(repository, BubblewrapSandbox.builder().build())
            .resultsDirectory(dir.resolve("results"))
            .build()) {
      report = HoldoutEvaluator.builder().build().evaluate(candidate, item, context);
    }
    Satisfaction s = report.satisfaction();
    MergeDecision lenient = VerdictPolicy.defaults().decide(new MergeContext(item.spec(), candidate, report, 3, List.of()));
    MergeDecision strict =
        ThresholdPolicy.lowerBoundAtLeast(0.5).decide(new MergeContext(item.spec(), candidate, report, 3, List.of()));

    assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    assertThat(lenient.action()).isEqualTo(MergeDecision.Action.MERGE);
    assertThat(strict.action()).isEqualTo(MergeDecision.Action.RETRY);
    // The page's formula, by hand: u = weight / trials per decided trial, n = W² / Σu².
    double w = 3 * (1.0 / 3) + 3 * (2.0 / 3) + 2 * (1.0 / 2);
    double squares = 3 * Math.pow(1.0 / 3, 2) + 3 * Math.pow(2.0 / 3, 2) + 2 * Math.pow(1.0 / 2, 2);
    double n = w * w / squares;
    double p = 3.0 / w;
    double z = Rate.Z;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
    assertThat(s.score()).isCloseTo(p, within(1e-12));
    assertThat(s.lower()).isCloseTo(centre - half, within(1e-12));
    assertThat(s.upper()).isCloseTo(centre + half, within(1e-12));

    StringBuilder out = new StringBuilder();
    out.append("verdict ").append(report.verdict()).append('\n');
    for (ScenarioResult r : report.scenarios()) {
      out.append(String.format(Locale.ROOT, "%-14s %-8s %-9s weight %.0f  %d of %d trials passed  %s%n",
          r.id(), r.visibility().name().toLowerCase(Locale.ROOT), r.required() ? "required" : "optional",
          r.weight(), r.passed(), r.trials().size(), r.verdict()));
    }
    out.append(String.format(Locale.ROOT, "satisfaction %.3f, 95%% interval [%.3f, %.3f], effective trials n = %.2f%n",
        s.score(), s.lower(), s.upper(), n));
    out.append("VerdictPolicy.defaults():              ").append(lenient.action()).append('\n');
    out.append("ThresholdPolicy.lowerBoundAtLeast(0.5): ").append(strict.action())
        .append(" (").append(strict.reasons().get(0)).append(")\n");
    assertThat(page()).contains(block(out));
  }

  @Test
  void theLowerBoundOfAllPassingTrialsGrowsOnlyWithTheirNumber() {
    StringBuilder out = new StringBuilder("trials all passing -> satisfaction lower bound\n");
    for (int trials : new int[] {1, 2, 3, 4, 5, 10, 20, 50}) {
      out.append(String.format(Locale.ROOT, "%2d -> %.3f%n", trials, new Rate(trials, trials).lower()));
    }
    // n / (n + z²): the lower bound of n passes in n trials.
    assertThat(new Rate(4, 4).lower()).isCloseTo(4 / (4 + Rate.Z * Rate.Z), within(1e-12));
    assertThat(new Rate(3, 3).lower()).isLessThan(0.5);
    assertThat(new Rate(4, 4).lower()).isGreaterThan(0.5);
    assertThat(page()).contains(block(out));
  }

  // ---------------------------------------------------------------------------------------------
  // pass@k and pass^k

  @Test
  void passAtKAndPassPowerKOfSevenPassesInTenTrials() {
    List<TrialResult> trials = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      trials.add(new TrialResult(i, i <= 7 ? Verdict.PASS : Verdict.FAIL, "", Duration.ofSeconds(1)));
    }
    ScenarioResult flaky =
        new ScenarioResult(ScenarioId.of("parses-dates"), Visibility.HOLDOUT, true, 1, trials, Verdict.FAIL);

    StringBuilder out = new StringBuilder("k   pass@k  pass^k   (n = 10 trials, c = 7 passed)\n");
    for (int k : new int[] {1, 2, 3, 5}) {
      out.append(String.format(Locale.ROOT, "%d   %.3f   %.3f%n", k, flaky.passAtK(k), flaky.passPowerK(k)));
    }
    assertThat(flaky.flaky()).isTrue();
    assertThat(flaky.passAtK(1)).isEqualTo(0.7);
    assertThat(flaky.passPowerK(3)).isCloseTo(35.0 / 120, within(1e-12));
    assertThat(flaky.passAtK(3)).isCloseTo(1 - 1.0 / 120, within(1e-12));
    assertThat(page()).contains(block(out));
  }

  // ---------------------------------------------------------------------------------------------
  // Agreement with humans, and the gates

  static final CalibrationConfiguration SONNET =
      new CalibrationConfiguration("claude-sonnet-4-5", "20250929", "holdout/1", "threshold-0.5/1");
  static final CalibrationConfiguration OPUS =
      new CalibrationConfiguration("claude-opus-4-1", "20250805", "holdout/1", "threshold-0.5/1");

  /** The example ledger: 45 decisions of the Sonnet configuration. */
  static InMemoryAlignmentLedger exampleLedger() {
    InMemoryAlignmentLedger ledger = new InMemoryAlignmentLedger();
    int[] n = {0};
    add(ledger, n, 29, Verdict.PASS, HumanVerdict.APPROVE);   // both approve
    add(ledger, n, 1, Verdict.PASS, HumanVerdict.REJECT);     // a false positive
    add(ledger, n, 1, Verdict.FAIL, HumanVerdict.APPROVE);    // false negatives
    add(ledger, n, 1, Verdict.SUSPECT, HumanVerdict.APPROVE);
    add(ledger, n, 6, Verdict.FAIL, HumanVerdict.REJECT);     // both reject
    add(ledger, n, 2, Verdict.SUSPECT, HumanVerdict.REJECT);
    add(ledger, n, 3, Verdict.INVALID, HumanVerdict.REJECT);  // no decision on the code
    add(ledger, n, 2, Verdict.PASS, null);                    // not reviewed yet
    return ledger;
  }

  private static void add(InMemoryAlignmentLedger ledger, int[] n, int count, Verdict verdict, HumanVerdict human) {
    for (int i = 0; i < count; i++) {
      n[0]++;
      Candidate c = new Candidate(SpecId.of("spec-" + n[0]), 1, "factory/spec-" + n[0] + "/attempt-1",
          CommitId.of("%040x".formatted(n[0])), CommitId.of("%040x".formatted(1000 + n[0])));
      Instant at = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * n[0]);
      MergeDecision.Action action = verdict == Verdict.PASS ? MergeDecision.Action.HOLD : MergeDecision.Action.REJECT;
      ledger.recordDecision(new LedgerRecord(c, "default", Set.of(), SONNET, verdict,
          verdict == Verdict.PASS ? 1.0 : 0.0, action, at, List.of()));
      if (human != null) {
        ledger.recordReview(c, new Review(human, "ada", "", at.plusSeconds(30)));
      }
    }
  }

  @Test
  void theExampleLedgersStatisticsAndGatesAreThoseThePageShows() {
    InMemoryAlignmentLedger ledger = exampleLedger();

    List<LedgerRecord> records = ledger.records(LedgerFilter.ALL);
    AlignmentStatistics stats = AlignmentStatistics.of(records);
    StringBuilder out = new StringBuilder();
    out.append(stats.matrix()).append('\n');
    out.append("reviewed ").append(stats.reviewed()).append(", unreviewed ").append(stats.unreviewed())
        .append(", invalid ").append(stats.invalid()).append('\n');
    out.append("override rate        ").append(stats.overrideRate()).append('\n');
    out.append("false-positive rate  ").append(stats.falsePositiveRate()).append('\n');
    out.append("false-negative rate  ").append(stats.falseNegativeRate()).append('\n');
    out.append("observed agreement   ").append(stats.observedAgreement()).append('\n');
    out.append(String.format(Locale.ROOT, "chance agreement     %.4f%n", stats.matrix().expectedAgreement().orElseThrow()));
    out.append(String.format(Locale.ROOT, "kappa                %.4f%n", stats.kappa().orElseThrow()));
    out.append(String.format(Locale.ROOT, "PABAK                %.4f%n", stats.pabak().orElseThrow()));

    StringBuilder gates = new StringBuilder();
    for (CalibrationGate gate : List.of(CalibrationGates.standard(), CalibrationGates.seedRule(), CalibrationGates.sprt())) {
      GateDecision d = gate.decide(records, SONNET);
      gates.append(d.gate()).append(": ").append(d.open() ? "OPEN" : "closed").append('\n');
      d.reasons().forEach(r -> gates.append("  - ").append(r).append('\n'));
    }
    String statistics = block(out);
    String decisions = block(gates);

    assertThat(stats.reviewed()).isEqualTo(40);
    assertThat(stats.invalid()).isEqualTo(3);
    assertThat(stats.unreviewed()).isEqualTo(2);
    assertThat(stats.kappa().orElseThrow()).isCloseTo(0.2875 / 0.3625, within(1e-12));
    assertThat(stats.pabak().orElseThrow()).isCloseTo(0.85, within(1e-12));
    assertThat(page()).contains(statistics);
    assertThat(CalibrationGates.standard().decide(records, SONNET).open()).isFalse();
    assertThat(CalibrationGates.seedRule().decide(records, SONNET).open()).isTrue();
    assertThat(CalibrationGates.sprt().decide(records, SONNET).open()).isFalse();
    assertThat(page()).contains(decisions);
  }

  @Test
  void aNewModelStartsFromNothingUnlessTheCalibrationIsCarriedOver() {
    List<LedgerRecord> records = exampleLedger().records(LedgerFilter.ALL);

    GateDecision upgraded = CalibrationGates.seedRule().decide(records, OPUS);
    GateDecision carried = CalibrationGates.seedRule().carryingOver(SONNET).decide(records, OPUS);

    StringBuilder out = new StringBuilder();
    for (GateDecision d : List.of(upgraded, carried)) {
      out.append(d.gate()).append(": ").append(d.open() ? "OPEN" : "closed").append('\n');
      d.reasons().forEach(r -> out.append("  - ").append(r).append('\n'));
    }
    assertThat(upgraded.open()).isFalse();
    assertThat(upgraded.statistics().reviewed()).isZero();
    assertThat(carried.open()).isTrue();
    assertThat(carried.statistics().reviewed()).isEqualTo(40);
    assertThat(page()).contains(block(out));
  }

  /**
   * The output as the page shows it: a fenced block, also written to {@code
   * target/docs1-statistics/<first line>.txt} to copy into the page when the library's numbers
   * change.
   */
  private static String block(CharSequence out) {
    String text = out.toString().stripTrailing();
    String block = "```\n" + text + "\n```\n";
    String name = text.lines().findFirst().orElse("empty").replaceAll("[^A-Za-z0-9]+", "-");
    try {
      Path file = Files.createDirectories(Path.of("target/docs1-statistics"))
          .resolve(name.substring(0, Math.min(40, name.length())) + ".txt");
      Files.writeString(file, block);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return block;
  }

  private static String page() {
    try {
      return Files.readString(PAGE);
    } catch (java.io.IOException e) {
      return "(" + PAGE + " cannot be read: " + e + ")";
    }
  }
}

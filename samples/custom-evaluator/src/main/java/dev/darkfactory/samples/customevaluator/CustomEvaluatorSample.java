package dev.darkfactory.samples.customevaluator;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.spec.SpecCatalog;
import dev.darkfactory.evaluator.calibration.AlignmentStatistics;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.ConfusionMatrix;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Rate;
import dev.darkfactory.evaluator.calibration.Review;
import dev.darkfactory.evaluator.calibration.SqliteAlignmentLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The study: would a new kind of check have agreed better with the human reviewers than the
 * evaluator the factory ran with?
 *
 * <p>It makes the bundled {@link StudyDataset} real (a git repository with one branch per past
 * candidate, and an SQLite alignment ledger holding the factory's recorded decisions and the
 * humans' reviews), then reads the ledger back, grades every recorded candidate again with {@link
 * PropertySuiteEvaluator} in the sandbox, and prints, for the recorded verdicts and for the new
 * ones, the agreement with the latest human review ({@link AlignmentStatistics}: observed
 * agreement with its Wilson interval, Cohen's kappa, false-positive and false-negative rates) and
 * the new evaluator's {@link ConfusionMatrix}.
 *
 * <p>To run it on your own history, keep {@link #replay} and feed it your ledger's records, your
 * repository and your evaluator.
 */
public final class CustomEvaluatorSample {

  private CustomEvaluatorSample() {}

  /**
   * Entry point.
   *
   * @param args the study directory (default {@code samples/custom-evaluator/study}) and the work
   *     directory (default {@code samples/custom-evaluator/target/study-run})
   */
  public static void main(String[] args) throws Exception {
    // Route Hibernate Validator's own logging to SLF4J like the rest of the application.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    Path study = Path.of(args.length > 0 ? args[0] : "samples/custom-evaluator/study");
    Path work = Path.of(args.length > 1 ? args[1] : "samples/custom-evaluator/target/study-run");
    run(study, work, System.out);
  }

  /**
   * One past candidate: what the ledger recorded, and what the new evaluator says now.
   *
   * @param name the candidate's name in the study
   * @param recorded the ledger's record, with the human reviews
   * @param yours the new evaluator's report
   */
  public record Row(String name, LedgerRecord recorded, EvaluationReport yours) {

    /** The human verdict that counts: the latest review's. */
    public HumanVerdict human() {
      return recorded.review().map(Review::verdict).orElseThrow();
    }

    /** Whether the new evaluator agrees with the human: PASS with APPROVE, or a rejection with REJECT. */
    public boolean yoursAgrees() {
      return yours.passed() == (human() == HumanVerdict.APPROVE);
    }
  }

  /**
   * What the study found.
   *
   * @param rows every reviewed candidate, in ledger order
   * @param recorded the agreement of the recorded verdicts with the humans
   * @param yours the agreement of the new evaluator's verdicts with the humans
   * @param ledger the ledger's database file
   * @param results the directory with every evaluation's {@code evaluation.md}
   */
  public record StudyResult(
      List<Row> rows, AlignmentStatistics recorded, AlignmentStatistics yours, Path ledger, Path results) {

    /** Copies the rows. */
    public StudyResult {
      rows = List.copyOf(rows);
    }
  }

  /**
   * Runs the study and prints its report.
   *
   * @param studyDirectory the study directory
   * @param workDirectory the work directory, emptied first
   * @param out where the report goes
   * @return the figures
   */
  static StudyResult run(Path studyDirectory, Path workDirectory, PrintStream out) throws Exception {
    Path study = studyDirectory.toAbsolutePath().normalize();
    Path work = workDirectory.toAbsolutePath().normalize();
    deleteTree(work);
    Files.createDirectories(work);

    StudyDataset data = StudyDataset.load(study);
    SpecCatalog catalog =
        SpecCatalog.load(study.resolve("specs"), study.resolve("holdouts"), PropertyCheck.reader());
    PropertySuiteEvaluator yours = PropertySuiteEvaluator.load(study.resolve("properties"));

    Path ledgerFile = work.resolve("ledger.db");
    Path results = work.resolve("results");
    try (SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(ledgerFile)) {
      WorkItem item =
          catalog.find(data.spec()).orElseThrow(() -> new IllegalArgumentException(
              study + ": no spec '" + data.spec() + "' under specs/"));
      Map<String, Candidate> made =
          data.materialize(work.resolve("seed"), work.resolve("text-tools.git"), ledger, item.spec().labels());
      Map<Candidate, String> names = new HashMap<>();
      made.forEach((name, candidate) -> names.put(candidate, name));
      GitRepository repository =
          GitRepository.open(work.resolve("text-tools.git"), work.resolve("workspaces"));

      List<LedgerRecord> past =
          ledger.records(LedgerFilter.ALL.withRepository(data.repository())).stream()
              .filter(r -> r.review().isPresent())
              .toList();
      out.println("Custom evaluator study: would property checks have agreed better with the reviewers?");
      out.println("  study:   " + study);
      out.println("  ledger:  " + ledgerFile + " (" + past.size() + " reviewed decisions of "
          + data.configuration().evaluatorVersion() + ")");
      out.println("  yours:   " + PropertySuiteEvaluator.VERSION + " = HoldoutEvaluator + PropertyRunner"
          + " (kind 'property'), " + yours.suiteFor(data.spec()).size() + " property scenarios for "
          + data.spec());
      Sandbox sandbox = sandbox(out);
      out.println();

      long start = System.nanoTime();
      List<EvaluationReport> reports =
          replay(past, spec -> catalog.find(spec).orElseThrow(), yours, repository, sandbox,
              r -> results.resolve(names.get(r.candidate())));
      double seconds = (System.nanoTime() - start) / 1e9;

      CalibrationConfiguration yoursConfiguration =
          new CalibrationConfiguration(
              data.configuration().codingModel(),
              data.configuration().codingModelVersion(),
              PropertySuiteEvaluator.VERSION,
              "none (replay)");
      List<Row> rows = new ArrayList<>();
      List<LedgerRecord> yoursRecords = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < past.size(); i++) {
        LedgerRecord r = past.get(i);
        EvaluationReport report = reports.get(i);
        rows.add(new Row(names.get(r.candidate()), r, report));
        yoursRecords.add(
            new LedgerRecord(
                r.candidate(),
                r.repository(),
                r.labels(),
                yoursConfiguration,
                report.verdict(),
                report.satisfaction().score(),
                MergeDecision.Action.HOLD,
                now,
                r.reviews()));
      }
      StudyResult result =
          new StudyResult(
              rows, AlignmentStatistics.of(past), AlignmentStatistics.of(yoursRecords), ledgerFile, results);
      print(result, data.configuration().evaluatorVersion(), seconds, out);
      return result;
    }
  }

  /**
   * Grades every recorded candidate again: each in its own {@link GitEvaluationContext} over the
   * repository that holds it, in the sandbox, its report written to its own results directory.
   *
   * @param records the ledger's records
   * @param items the work item (spec and scenarios) of a spec
   * @param evaluator the evaluator to try
   * @param repository the repository holding the candidates' commits
   * @param sandbox where scenario commands run
   * @param results where each record's evaluation report goes
   * @return one report per record, in order
   * @throws InterruptedException when interrupted
   */
  public static List<EvaluationReport> replay(
      List<LedgerRecord> records,
      Function<SpecId, WorkItem> items,
      Evaluator evaluator,
      GitRepository repository,
      Sandbox sandbox,
      Function<LedgerRecord, Path> results)
      throws InterruptedException {
    List<EvaluationReport> reports = new ArrayList<>();
    for (LedgerRecord r : records) {
      try (GitEvaluationContext context =
          GitEvaluationContext.builder(repository, sandbox).resultsDirectory(results.apply(r)).build()) {
        reports.add(evaluator.evaluate(r.candidate(), items.apply(r.candidate().specId()), context));
      }
    }
    return reports;
  }

  private static Sandbox sandbox(PrintStream out) {
    try {
      Sandbox sandbox = Sandboxes.defaultSandbox();
      out.println("  sandbox: " + sandbox.name() + " (isolated)");
      return sandbox;
    } catch (SandboxException e) {
      out.println("  sandbox: NOT ISOLATED. Bubblewrap cannot isolate here (" + e.getMessage() + ").");
      out.println("    The sample grades only its own bundled candidates, so it opts out explicitly;");
      out.println("    a factory with a real agent refuses to run like this.");
      return UnisolatedProcessSandbox.optIn(
          "custom-evaluator sample: grades its own bundled candidates on a machine where bubblewrap cannot isolate");
    }
  }

  private static void print(StudyResult result, String recordedVersion, double seconds, PrintStream out) {
    int width = result.rows().stream().mapToInt(r -> r.name().length()).max().orElse(10) + 2;
    out.printf(Locale.ROOT, "Graded %d past candidates again in %.1f s:%n", result.rows().size(), seconds);
    out.printf(Locale.ROOT, "  %-" + width + "s%-10s%-10s%-10s%s%n", "candidate", "recorded", "yours", "human", "why yours said so");
    for (Row row : result.rows()) {
      out.println(
          String.format(
                  Locale.ROOT,
                  "  %-" + width + "s%-10s%-10s%-10s%s",
                  row.name(),
                  row.recorded().evaluatorVerdict(),
                  row.yours().verdict() + (row.yoursAgrees() ? "" : " *"),
                  row.human(),
                  why(row.yours()))
              .stripTrailing());
    }
    out.println("  (* yours disagrees with the human's latest review)");
    out.println();

    AlignmentStatistics rec = result.recorded();
    AlignmentStatistics yours = result.yours();
    out.printf(
        Locale.ROOT,
        "Agreement with the human verdicts (%d reviewed, %d unreviewed, %d invalid):%n",
        yours.reviewed(),
        yours.unreviewed(),
        yours.invalid());
    String row = "  %-22s%-38s%s%n";
    out.printf(Locale.ROOT, row, "", "recorded (" + recordedVersion + ")", "yours (" + PropertySuiteEvaluator.VERSION + ")");
    out.printf(Locale.ROOT, row, "agreement", rec.observedAgreement(), yours.observedAgreement());
    out.printf(Locale.ROOT, row, "Cohen's kappa", format(rec.kappa()), format(yours.kappa()));
    out.printf(Locale.ROOT, row, "false-positive rate", rec.falsePositiveRate(), yours.falsePositiveRate());
    out.printf(Locale.ROOT, row, "false-negative rate", rec.falseNegativeRate(), yours.falseNegativeRate());
    out.println();

    ConfusionMatrix m = yours.matrix();
    out.println("Confusion matrix, yours against the humans:");
    out.printf(Locale.ROOT, "  %-20s%15s%15s%n", "", "human APPROVE", "human REJECT");
    out.printf(Locale.ROOT, "  %-20s%15d%15d%n", "yours PASS", m.bothApprove(), m.falsePositives());
    out.printf(Locale.ROOT, "  %-20s%15d%15d%n", "yours FAIL/SUSPECT", m.falseNegatives(), m.bothReject());
    out.println();

    out.println("Where yours and the human disagree, in the reviewer's words:");
    for (Row r : result.rows()) {
      if (!r.yoursAgrees()) {
        Review review = r.recorded().review().orElseThrow();
        out.println("  " + r.name() + " (yours " + r.yours().verdict() + ", " + review.reviewer() + " "
            + review.verdict() + "): " + review.reason());
      }
    }
    out.println();

    ConfusionMatrix was = rec.matrix();
    Rate a = rec.observedAgreement();
    Rate b = yours.observedAgreement();
    boolean overlap = Math.max(a.lower(), b.lower()) <= Math.min(a.upper(), b.upper());
    out.printf(
        Locale.ROOT,
        "Against the recorded verdicts: agreements %d -> %d of %d, false positives %d -> %d,"
            + " false negatives %d -> %d.%n",
        was.agreements(),
        m.agreements(),
        m.total(),
        was.falsePositives(),
        m.falsePositives(),
        was.falseNegatives(),
        m.falseNegatives());
    out.println(
        overlap
            ? "The 95% intervals of the two agreement rates overlap: with " + m.total()
                + " reviews this is a direction to test on more candidates, not a result."
            : "The 95% intervals of the two agreement rates do not overlap.");
    out.println("Every evaluation's report: " + result.results() + "/<candidate>/evaluation.md");
  }

  /**
   * Why the evaluator said what it said, in one short line (asides in parentheses dropped); empty
   * for a PASS.
   */
  static String why(EvaluationReport report) {
    String why =
        switch (report.verdict()) {
          case PASS -> "";
          case SUSPECT -> report.tamperSignals().get(0);
          case INVALID -> report.notes().get(0);
          case FAIL ->
              report.scenarios().stream()
                  .filter(s -> s.verdict() == Verdict.FAIL && s.required())
                  .findFirst()
                  .map(CustomEvaluatorSample::firstFailure)
                  .orElse("satisfaction " + report.satisfaction().score());
        };
    why = why.replace('\n', ' ');
    int aside = why.indexOf(" (");
    why = aside > 0 ? why.substring(0, aside) : why;
    return why.length() > 90 ? why.substring(0, 87) + "..." : why;
  }

  private static String firstFailure(ScenarioResult s) {
    return s.id() + ": " + s.trials().stream()
        .filter(t -> t.verdict() == Verdict.FAIL)
        .map(TrialResult::detail)
        .findFirst()
        .orElse("failed");
  }

  private static String format(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "undefined";
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}

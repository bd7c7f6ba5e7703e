package dev.darkfactory.samples.customevaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.spec.SpecCatalog;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.samples.customevaluator.CustomEvaluatorSample.Row;
import dev.darkfactory.samples.customevaluator.CustomEvaluatorSample.StudyResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the sample for real (git, the sandbox, the scenario reader with the {@code property} kind,
 * an SQLite ledger) and checks its figures against the bundled files, read here independently of
 * the sample's own loader.
 */
class CustomEvaluatorSampleTest {

  private static final Path STUDY = Path.of("study");
  private static final double Z = 1.959963984540054;

  @TempDir static Path shared;
  private static StudyResult result;
  private static String printed;

  @TempDir Path work;

  /** Runs the study once, through the entry point the main calls; the first two tests read it. */
  @BeforeAll
  static void runTheStudy() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    result = CustomEvaluatorSample.run(STUDY, shared, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void replaysTheLedgerAndPrintsAgreementWithTheHumanVerdictsComputedFromTheDataset() throws Exception {
    Map<String, Properties> files = decisionFiles();
    assertThat(result.rows()).extracting(Row::name).as(printed).containsExactlyElementsOf(files.keySet());

    // Each side's matrix, counted here from the files (human, recorded) and the reports (yours).
    long[] yours = new long[4];
    long[] recorded = new long[4];
    for (Row row : result.rows()) {
      Properties p = files.get(row.name());
      boolean human = lastReview(p).equals("APPROVE");
      assertThat(row.human().name()).as(row.name()).isEqualTo(lastReview(p));
      assertThat(row.recorded().evaluatorVerdict().name()).isEqualTo(p.getProperty("evaluatorVerdict"));
      count(yours, row.yours().verdict() == Verdict.PASS, human);
      count(recorded, p.getProperty("evaluatorVerdict").equals("PASS"), human);
    }
    var matrix = result.yours().matrix();
    assertThat(new long[] {matrix.bothApprove(), matrix.falsePositives(), matrix.falseNegatives(), matrix.bothReject()})
        .as(printed)
        .containsExactly(yours);
    assertThat(matrix.total()).isEqualTo(files.size());
    var was = result.recorded().matrix();
    assertThat(new long[] {was.bothApprove(), was.falsePositives(), was.falseNegatives(), was.bothReject()})
        .containsExactly(recorded);

    // The figures printed are the ones of these counts: agreement with its Wilson interval, kappa.
    assertThat(line(printed, "agreement"))
        .contains(rate(yours[0] + yours[3], files.size()))
        .contains(rate(recorded[0] + recorded[3], files.size()));
    assertThat(line(printed, "Cohen's kappa"))
        .contains(String.format(Locale.ROOT, "%.3f", kappa(recorded)))
        .contains(String.format(Locale.ROOT, "%.3f", kappa(yours)));
    assertThat(line(printed, "false-positive rate"))
        .contains(rate(yours[1], yours[0] + yours[1]))
        .contains(rate(recorded[1], recorded[0] + recorded[1]));
    assertThat(line(printed, "yours PASS")).matches("\\s*yours PASS\\s+" + yours[0] + "\\s+" + yours[1]);
    assertThat(line(printed, "yours FAIL/SUSPECT"))
        .matches("\\s*yours FAIL/SUSPECT\\s+" + yours[2] + "\\s+" + yours[3]);

    // The known disagreements of the dataset: the property check is stricter than the reviewer on
    // underscores, no check sees a deleted README, and an honest test edit looks like tampering.
    assertThat(result.rows().stream().filter(r -> !r.yoursAgrees()).map(Row::name))
        .containsExactly("06-keeps-underscores", "07-deletes-the-readme", "08-extends-the-example-test");
    assertThat(printed)
        .contains("06-keeps-underscores (yours FAIL, maria APPROVE): Underscores are safe")
        .contains("07-deletes-the-readme (yours PASS, maria REJECT)")
        .contains("08-extends-the-example-test (yours SUSPECT, tomasz APPROVE)");
    // The candidates the recorded evaluator passed and the reviewers rejected are caught now.
    assertThat(result.rows().stream()
            .filter(r -> r.recorded().evaluatorVerdict() == Verdict.PASS && r.human() == HumanVerdict.REJECT)
            .filter(r -> r.yours().verdict() == Verdict.FAIL)
            .map(Row::name))
        .containsExactly("03-special-cases-the-example", "04-collapses-only-spaces");
    assertThat(line(printed, "03-special-cases-the-example"))
        .matches("\\s*03-special-cases-the-example\\s+PASS\\s+FAIL\\s+REJECT\\s+slugs-are-url-safe: \\d+ of 200 random inputs broke it; smallest: .*");
    assertThat(result.yours().reviewed()).isEqualTo(files.size());
    assertThat(result.ledger()).exists();
    assertThat(result.results().resolve("03-special-cases-the-example/evaluation.md")).exists();
  }

  @Test
  void eachPropertyFailureShowsAShrunkCounterexampleThatTheCandidatesScriptReallyGetsWrong() throws Exception {
    Pattern slug = Pattern.compile("([a-z0-9]+(-[a-z0-9]+)*)?");
    Pattern counterexample =
        Pattern.compile("^(\\d+) of 200 random inputs broke it; smallest: \"([^\"]*)\" -> \"([^\"]*)\" \\(");

    for (String name : List.of("03-special-cases-the-example", "04-collapses-only-spaces", "06-keeps-underscores")) {
      ScenarioResult urlSafe = scenario(row(result, name).yours(), "slugs-are-url-safe");
      assertThat(urlSafe.verdict()).as(name).isEqualTo(Verdict.FAIL);
      assertThat(urlSafe.trials()).hasSize(2);
      String detail = urlSafe.trials().get(0).detail();
      Matcher m = counterexample.matcher(detail);
      assertThat(m.find()).as(detail).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isPositive();
      String input = m.group(2);
      assertThat(input.length()).as("shrunk: " + detail).isLessThanOrEqualTo(4);
      // Run the candidate's own script on the counterexample, outside the sample and its sandbox.
      String output = slugify(STUDY.resolve("candidates").resolve(name).resolve("change/bin/slugify"), input);
      assertThat(output).as(name + " on " + input).isEqualTo(m.group(3));
      assertThat(slug.matcher(output).matches()).as(output).isFalse();
      // The reference candidate gets the same input right.
      assertThat(slug.matcher(slugify(STUDY.resolve("candidates/01-sed-pipeline/change/bin/slugify"), input)).matches())
          .isTrue();
    }
    for (String name : List.of("01-sed-pipeline", "02-awk-scanner")) {
      EvaluationReport report = row(result, name).yours();
      assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.PASS);
      assertThat(scenario(report, "slugs-are-url-safe").trials())
          .allSatisfy(t -> assertThat(t.detail()).startsWith("held for all 200 random inputs"));
      assertThat(scenario(report, "slugging-twice-changes-nothing").verdict()).isEqualTo(Verdict.PASS);
    }
  }

  @Test
  void theRecordedVerdictsAreWhatTheStockHoldoutEvaluatorSaysOfTheSameCandidatesToday() throws Exception {
    Study study = materialize();

    List<EvaluationReport> stock =
        CustomEvaluatorSample.replay(
            study.records(), spec -> study.item(), HoldoutEvaluator.builder().build(), study.repository(),
            study.sandbox(), r -> work.resolve("stock").resolve(r.candidate().branch()));

    for (int i = 0; i < study.records().size(); i++) {
      LedgerRecord recorded = study.records().get(i);
      EvaluationReport now = stock.get(i);
      assertThat(now.verdict()).as(recorded.candidate().branch() + ": " + now).isEqualTo(recorded.evaluatorVerdict());
      assertThat(now.satisfaction().score()).as(recorded.candidate().branch()).isEqualTo(recorded.satisfaction());
    }
  }

  @Test
  void theSuiteEvaluatorFailsAFilterThatDropsLinesAndIsInvalidWhenASuiteIdClashesWithTheSpecs() throws Exception {
    Study study = materialize();
    LedgerRecord honest = study.records().get(0);
    Scenario dropsLines =
        Scenario.builder("one-line-per-line")
            .title("head drops every line but the first")
            .visibility(Visibility.HOLDOUT)
            .timeout(Duration.ofSeconds(30))
            .check(new PropertyCheck("sh bin/slugify | head -n 1", PropertyCheck.IDEMPOTENT, null, "ab ", 5, 20, 7))
            .build();
    Scenario clash =
        Scenario.builder("keeps-digits")
            .title("an id the spec already uses")
            .visibility(Visibility.HOLDOUT)
            .check(new PropertyCheck("sh bin/slugify", PropertyCheck.IDEMPOTENT, null, "ab", 5, 20, 7))
            .build();

    EvaluationReport dropped =
        CustomEvaluatorSample.replay(
                List.of(honest), spec -> study.item(),
                new PropertySuiteEvaluator(Map.of(study.item().spec().id(), List.of(dropsLines))),
                study.repository(), study.sandbox(), r -> work.resolve("drops"))
            .get(0);
    EvaluationReport clashed =
        CustomEvaluatorSample.replay(
                List.of(honest), spec -> study.item(),
                new PropertySuiteEvaluator(Map.of(study.item().spec().id(), List.of(clash))),
                study.repository(), study.sandbox(), r -> work.resolve("clash"))
            .get(0);

    assertThat(dropped.verdict()).as(dropped.toString()).isEqualTo(Verdict.FAIL);
    assertThat(scenario(dropped, "one-line-per-line").trials().get(0).detail())
        .startsWith("expected one output line per input line, but 20 lines in gave 1 out");
    assertThat(scenario(dropped, "slugs-a-title").verdict()).isEqualTo(Verdict.PASS);
    assertThat(clashed.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(clashed.notes())
        .containsExactly("suite scenario 'keeps-digits' has the id of one of spec 'slugify''s own scenarios; rename it in the suite");
  }

  @Test
  void theScenarioReaderReadsThePropertyKindAndReportsABadOneWithItsLine() {
    String good =
        "spec: s\nscenarios:\n  - id: a\n    title: A\n    check:\n      kind: property\n      run: sh bin/f\n"
            + "      property: matches\n      pattern: '[a-z]*'\n      alphabet: ab\n      maxLength: 3\n"
            + "      cases: 10\n      seed: 5\n";
    String bad =
        "spec: s\nscenarios:\n  - id: a\n    title: A\n    check:\n      kind: property\n      run: sh bin/f\n"
            + "      property: sorted\n      alphabet: ab\n      maxLength: 3\n      cases: 10\n      seed: 5\n";

    assertThat(PropertyCheck.reader().parse(good, "good.yaml", Visibility.HOLDOUT).scenarios().get(0).check())
        .isEqualTo(new PropertyCheck("sh bin/f", "matches", "[a-z]*", "ab", 3, 10, 5));
    assertThatThrownBy(() -> PropertyCheck.reader().parse(bad, "bad.yaml", Visibility.HOLDOUT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bad.yaml:5")
        .hasMessageContaining("property must be 'matches' or 'idempotent' but was 'sorted'");
    assertThatThrownBy(() -> new PropertyCheck("sh bin/f", "matches", null, "ab", 3, 10, 5))
        .hasMessage("property 'matches' needs a pattern that every output line must match");
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** The study made real for the tests that grade candidates themselves. */
  private record Study(List<LedgerRecord> records, WorkItem item, GitRepository repository, Sandbox sandbox) {}

  private Study materialize() throws Exception {
    StudyDataset data = StudyDataset.load(STUDY);
    SpecCatalog catalog =
        SpecCatalog.load(STUDY.resolve("specs"), STUDY.resolve("holdouts"), PropertyCheck.reader());
    WorkItem item = catalog.find(SpecId.of("slugify")).orElseThrow();
    InMemoryAlignmentLedger ledger = new InMemoryAlignmentLedger();
    Map<String, Candidate> made =
        data.materialize(work.resolve("seed"), work.resolve("repo.git"), ledger, item.spec().labels());
    assertThat(made).hasSize(decisionFiles().size());
    Sandbox sandbox;
    try {
      sandbox = Sandboxes.defaultSandbox();
    } catch (SandboxException e) {
      sandbox = UnisolatedProcessSandbox.optIn("custom-evaluator sample test: bubblewrap cannot isolate here");
    }
    return new Study(
        ledger.records(LedgerFilter.ALL),
        item,
        GitRepository.open(work.resolve("repo.git"), work.resolve("workspaces")),
        sandbox);
  }

  private static Map<String, Properties> decisionFiles() throws IOException {
    Map<String, Properties> files = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(STUDY.resolve("candidates"))) {
      for (Path dir : dirs.toList()) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("decision.properties"), StandardCharsets.UTF_8)) {
          p.load(in);
        }
        files.put(dir.getFileName().toString(), p);
      }
    }
    return files;
  }

  private static String lastReview(Properties p) {
    int n = 1;
    while (p.containsKey("review." + (n + 1) + ".verdict")) {
      n++;
    }
    return p.getProperty("review." + n + ".verdict");
  }

  private static void count(long[] cells, boolean evaluatorApproves, boolean humanApproves) {
    cells[evaluatorApproves ? (humanApproves ? 0 : 1) : (humanApproves ? 2 : 3)]++;
  }

  /** Cohen's kappa of [bothApprove, falsePositives, falseNegatives, bothReject]. */
  private static double kappa(long[] c) {
    double n = c[0] + c[1] + c[2] + c[3];
    double observed = (c[0] + c[3]) / n;
    double evaluatorYes = (c[0] + c[1]) / n;
    double humanYes = (c[0] + c[2]) / n;
    double chance = evaluatorYes * humanYes + (1 - evaluatorYes) * (1 - humanYes);
    return (observed - chance) / (1 - chance);
  }

  /** {@code k/n = p% (95% CI lo%-hi%)} with the Wilson score interval computed here. */
  private static String rate(long k, long n) {
    double p = (double) k / n;
    double centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
    double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n)) / (1 + Z * Z / n);
    double lo = k == 0 ? 0 : centre - half;
    double hi = k == n ? 1 : centre + half;
    return String.format(Locale.ROOT, "%d/%d = %.1f%% (95%% CI %.1f%%-%.1f%%)", k, n, 100 * p, 100 * lo, 100 * hi);
  }

  private static String line(String printed, String label) {
    return printed.lines()
        .filter(l -> l.strip().startsWith(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + label + "' in:\n" + printed));
  }

  private static Row row(StudyResult result, String name) {
    return result.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static ScenarioResult scenario(EvaluationReport report, String id) {
    return report.scenarios().stream()
        .filter(s -> s.id().value().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no scenario " + id + " in " + report));
  }

  /** Runs a candidate's script with plain {@code sh} on one line. */
  private static String slugify(Path script, String input) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", script.toAbsolutePath().toString()).redirectErrorStream(true).start();
    p.getOutputStream().write((input + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
  }
}

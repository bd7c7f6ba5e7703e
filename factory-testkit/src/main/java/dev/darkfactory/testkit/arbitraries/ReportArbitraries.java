package dev.darkfactory.testkit.arbitraries;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.FileChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apiguardian.api.API;

/**
 * Generators of evaluation reports that an honest evaluator could have written, and of merge
 * contexts around them, for property tests of merge policies, report readers and assertions.
 *
 * <pre>{@code
 * @Property
 * void neverMergesAFailure(@ForAll("failed") MergeContext context) {
 *   assertThat(policy.decide(context).action()).isNotEqualTo(MergeDecision.Action.MERGE);
 * }
 *
 * @Provide
 * Arbitrary<MergeContext> failed() {
 *   return ReportArbitraries.mergeContexts(Verdict.FAIL);
 * }
 * }</pre>
 *
 * <p>Every generated report is consistent, by the rules the library's evaluators follow:
 *
 * <ul>
 *   <li>a scenario is PASS when every trial passed, FAIL when a trial failed, INVALID otherwise
 *       (trials are PASS, FAIL or INVALID);
 *   <li>a report is SUSPECT exactly when it has tamper signals; otherwise FAIL when a required
 *       scenario failed, INVALID when a required scenario is INVALID or there are no scenarios
 *       (with a note naming why), and PASS otherwise (so PASS has every required scenario passed
 *       and at least one scenario);
 *   <li>satisfaction's score is the weighted share of passing trials among the decided (PASS or
 *       FAIL) ones, each trial weighing its scenario's weight divided by its number of trials, or 0
 *       when none was decided; its interval is any interval around the score within [0, 1], at
 *       confidence 0.95.
 * </ul>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ReportArbitraries {

  private static final List<String> SIGNALS =
      List.of(
          "protected path src/test/GreeterTest.java was modified",
          "test file src/test/GreeterTest.java was deleted",
          "a test was disabled with @Disabled",
          "the report directory target/surefire-reports was pre-filled",
          "the test runner's output contradicts its exit code",
          "a file was planted at holdout path src/test/HiddenTest.java");

  private static final List<String> PATHS =
      List.of(
          "README.md", "pom.xml", "src/main/java/Greeter.java", "src/main/java/Parser.java",
          "src/test/java/GreeterTest.java", ".github/workflows/ci.yml", "docs/usage.md");

  private static final List<String> LABELS = List.of("backend", "frontend", "security", "docs");

  private ReportArbitraries() {}

  /** Full commit ids: 40 lowercase hex digits. */
  public static Arbitrary<CommitId> commitIds() {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(40).map(CommitId::of);
  }

  /** Candidates of generated specs, attempts 1 to 5, on the factory's branch for the attempt. */
  public static Arbitrary<Candidate> candidates() {
    return Combinators.combine(
            SpecArbitraries.specIds(), Arbitraries.integers().between(1, 5), commitIds(), commitIds())
        .as(ReportArbitraries::candidate);
  }

  private static Candidate candidate(SpecId spec, int attempt, CommitId commit, CommitId base) {
    return new Candidate(spec, attempt, Candidate.branchFor(spec, attempt), commit, base);
  }

  /** Scenario results of every verdict an evaluator gives a scenario: PASS, FAIL or INVALID. */
  public static Arbitrary<ScenarioResult> scenarioResults() {
    return Arbitraries.of(Verdict.PASS, Verdict.FAIL, Verdict.INVALID)
        .flatMap(ReportArbitraries::scenarioResults);
  }

  /**
   * Scenario results with this verdict, their trials agreeing with it.
   *
   * @param verdict PASS, FAIL or INVALID
   * @return the arbitrary
   * @throws IllegalArgumentException for SUSPECT: evaluators say it of reports, not of scenarios
   */
  public static Arbitrary<ScenarioResult> scenarioResults(Verdict verdict) {
    Require.nonNull(verdict, "verdict");
    if (verdict == Verdict.SUSPECT) {
      throw new IllegalArgumentException(
          "scenario results are PASS, FAIL or INVALID; SUSPECT is a report's verdict (see"
              + " reports(Verdict.SUSPECT))");
    }
    return shapes().map(s -> s.withVerdict(verdict).toResult());
  }

  /** Reports of all four verdicts, roughly as often as each other. */
  public static Arbitrary<EvaluationReport> reports() {
    return Arbitraries.of(Verdict.values()).flatMap(ReportArbitraries::reports);
  }

  /**
   * Reports with this verdict, of generated candidates.
   *
   * @param verdict the verdict every generated report has
   * @return the arbitrary
   */
  public static Arbitrary<EvaluationReport> reports(Verdict verdict) {
    Require.nonNull(verdict, "verdict");
    return candidates().flatMap(c -> reports(c, verdict));
  }

  /**
   * Reports of one candidate with this verdict.
   *
   * @param candidate what every report grades
   * @param verdict the verdict every generated report has
   * @return the arbitrary
   */
  public static Arbitrary<EvaluationReport> reports(Candidate candidate, Verdict verdict) {
    Require.nonNull(candidate, "candidate");
    Require.nonNull(verdict, "verdict");
    Arbitrary<List<Shape>> shapes =
        shapes().list().ofMinSize(verdict == Verdict.INVALID ? 0 : 1).ofMaxSize(6).uniqueElements(Shape::id);
    Arbitrary<List<String>> signals =
        verdict == Verdict.SUSPECT
            ? Arbitraries.of(SIGNALS).list().ofMinSize(1).ofMaxSize(3).uniqueElements()
            : Arbitraries.just(List.of());
    Arbitrary<List<String>> notes =
        Arbitraries.of("scenario 'x' is flaky: 1 of 2 trials passed", "reused a cached result", "ran on bubblewrap")
            .list()
            .ofMaxSize(2)
            .uniqueElements();
    Arbitrary<double[]> interval =
        Combinators.combine(
                Arbitraries.doubles().between(0, 1).ofScale(3), Arbitraries.doubles().between(0, 1).ofScale(3))
            .as((a, b) -> new double[] {a, b});
    return Combinators.combine(
            shapes,
            signals,
            notes,
            interval,
            Arbitraries.longs().between(0, 5_000),
            Arbitraries.longs().between(0, 600))
        .as(
            (list, tamper, extraNotes, widths, tokens, seconds) ->
                report(candidate, verdict, list, tamper, extraNotes, widths, tokens, seconds));
  }

  /**
   * Merge contexts of every verdict: a spec, a candidate of it, its report, earlier attempts'
   * reports, the changed files and lines, and the tokens spent; sometimes with the change and the
   * spending unknown (empty, 0 and zero), as the short {@link MergeContext} constructor leaves them.
   */
  public static Arbitrary<MergeContext> mergeContexts() {
    return Arbitraries.of(Verdict.values()).flatMap(ReportArbitraries::mergeContexts);
  }

  /**
   * Merge contexts whose report has this verdict.
   *
   * @param verdict the current report's verdict
   * @return the arbitrary
   */
  public static Arbitrary<MergeContext> mergeContexts(Verdict verdict) {
    Require.nonNull(verdict, "verdict");
    return Combinators.combine(
            SpecArbitraries.specIds(),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(0, 3),
            commitIds(),
            Arbitraries.of(LABELS).set().ofMaxSize(2),
            Arbitraries.of("src/test/**", ".github/**", "pom.xml").set().ofMaxSize(2))
        .as(Frame::new)
        .flatMap(frame -> contexts(frame, verdict));
  }

  /** The fixed parts of a merge context, before reports are generated for it. */
  private record Frame(
      SpecId spec,
      int attempt,
      int extraAttempts,
      CommitId base,
      java.util.Set<String> labels,
      java.util.Set<String> protectedPaths) {

    Spec toSpec() {
      return Spec.builder(spec)
          .title("Generated spec " + spec.value())
          .goal("Whatever the generated scenarios check.")
          .labels(labels)
          .protectedPaths(protectedPaths)
          .build();
    }
  }

  private static Arbitrary<MergeContext> contexts(Frame frame, Verdict verdict) {
    Arbitrary<Candidate> current =
        commitIds().map(c -> candidate(frame.spec(), frame.attempt(), c, frame.base()));
    Arbitrary<List<Integer>> earlierAttempts =
        frame.attempt() == 1
            ? Arbitraries.just(List.of())
            : Arbitraries.integers()
                .between(1, frame.attempt() - 1)
                .set()
                .ofMaxSize(frame.attempt() - 1)
                .map(s -> s.stream().sorted().toList());
    Arbitrary<List<FileChange>> changes =
        Combinators.combine(Arbitraries.of(PATHS), Arbitraries.of(FileChange.Status.values()))
            .as(FileChange::new)
            .list()
            .ofMaxSize(5)
            .uniqueElements(FileChange::path)
            .map(l -> l.stream().sorted(java.util.Comparator.comparing(FileChange::path)).toList());
    Arbitrary<Usage> spent =
        Combinators.combine(
                Arbitraries.longs().between(0, 3_000_000),
                Arbitraries.longs().between(0, 500_000),
                Arbitraries.longs().between(0, 1_000_000))
            .as((in, out, cached) -> new Usage(in, out, cached, 0, out / 2));
    return Combinators.combine(
            current,
            earlierAttempts,
            changes,
            Arbitraries.integers().between(0, 2_000),
            spent,
            Arbitraries.of(true, true, true, false))
        .as(Parts::new)
        .flatMap(
            parts ->
                Combinators.combine(
                        reports(parts.current(), verdict),
                        earlierReports(frame, parts.earlierAttempts()))
                    .as(
                        (report, earlier) -> {
                          int maxAttempts = frame.attempt() + frame.extraAttempts();
                          if (!parts.known()) {
                            return new MergeContext(
                                frame.toSpec(), parts.current(), report, maxAttempts, earlier);
                          }
                          return new MergeContext(
                              frame.toSpec(),
                              parts.current(),
                              report,
                              maxAttempts,
                              earlier,
                              parts.changes(),
                              parts.changes().isEmpty() ? 0 : parts.lines(),
                              parts.spent());
                        }));
  }

  private record Parts(
      Candidate current,
      List<Integer> earlierAttempts,
      List<FileChange> changes,
      int lines,
      Usage spent,
      boolean known) {}

  private static Arbitrary<List<EvaluationReport>> earlierReports(Frame frame, List<Integer> attempts) {
    List<Arbitrary<EvaluationReport>> each = new ArrayList<>();
    for (int attempt : attempts) {
      each.add(
          Combinators.combine(commitIds(), Arbitraries.of(Verdict.FAIL, Verdict.INVALID, Verdict.SUSPECT, Verdict.PASS))
              .as((commit, v) -> new Object[] {commit, v})
              .flatMap(
                  pair ->
                      reports(
                          candidate(frame.spec(), attempt, (CommitId) pair[0], frame.base()),
                          (Verdict) pair[1])));
    }
    return each.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(each).as(List::copyOf);
  }

  // ----------------------------------------------------------------- scenarios

  /** One scenario before its verdict is settled; its trials follow from the verdict. */
  private record Shape(
      ScenarioId id,
      Visibility visibility,
      boolean required,
      double weight,
      Verdict verdict,
      List<Verdict> noise,
      int pivot,
      long millis) {

    Shape withVerdict(Verdict v) {
      return new Shape(id, visibility, required, weight, v, noise, pivot, millis);
    }

    Shape withRequired(boolean r) {
      return new Shape(id, visibility, r, weight, verdict, noise, pivot, millis);
    }

    /** The trials: all PASS; or one FAIL among any; or one INVALID among PASS and INVALID. */
    ScenarioResult toResult() {
      List<TrialResult> trials = new ArrayList<>();
      int at = pivot % noise.size();
      for (int i = 0; i < noise.size(); i++) {
        Verdict t =
            switch (verdict) {
              case PASS -> Verdict.PASS;
              case FAIL -> i == at ? Verdict.FAIL : noise.get(i);
              case INVALID -> i == at || noise.get(i) == Verdict.FAIL ? Verdict.INVALID : noise.get(i);
              case SUSPECT -> throw new IllegalStateException("no SUSPECT scenarios");
            };
        trials.add(new TrialResult(i + 1, t, detail(t, i + 1), Duration.ofMillis(millis * (i + 1))));
      }
      return new ScenarioResult(id, visibility, required, weight, trials, verdict);
    }

    private String detail(Verdict t, int trial) {
      return switch (t) {
        case PASS -> "exit code 0 and output as expected";
        case FAIL -> "exit code was 1, expected 0 (trial " + trial + ")";
        case INVALID -> "the sandbox could not start the command";
        case SUSPECT -> "";
      };
    }
  }

  private static Arbitrary<Shape> shapes() {
    return Combinators.combine(
            SpecArbitraries.scenarioIds(),
            Arbitraries.of(Visibility.values()),
            Arbitraries.of(true, true, false),
            Arbitraries.doubles().between(0.1, 10).ofScale(1),
            Arbitraries.of(Verdict.PASS, Verdict.FAIL, Verdict.INVALID),
            Arbitraries.of(Verdict.PASS, Verdict.FAIL, Verdict.INVALID).list().ofMinSize(1).ofMaxSize(5),
            Arbitraries.integers().between(0, 4),
            Arbitraries.longs().between(0, 90_000))
        .as(Shape::new);
  }

  // ------------------------------------------------------------------- reports

  private static EvaluationReport report(
      Candidate candidate,
      Verdict verdict,
      List<Shape> generated,
      List<String> signals,
      List<String> extraNotes,
      double[] widths,
      long tokens,
      long seconds) {
    List<Shape> shapes = settle(verdict, generated);
    List<ScenarioResult> results = shapes.stream().map(Shape::toResult).toList();
    List<String> notes = new ArrayList<>();
    if (verdict == Verdict.INVALID) {
      if (results.isEmpty()) {
        notes.add("no scenarios to run");
      }
      for (ScenarioResult r : results) {
        if (r.required() && r.verdict() == Verdict.INVALID) {
          notes.add("required scenario '" + r.id() + "' was INVALID: the sandbox could not start the command");
        }
      }
    }
    notes.addAll(extraNotes);
    return new EvaluationReport(
        candidate,
        verdict,
        satisfaction(results, widths[0], widths[1]),
        results,
        signals,
        notes,
        Usage.of(tokens, tokens / 4),
        Duration.ofSeconds(seconds));
  }

  /** Adjusts the generated scenarios so that the report's rules give {@code verdict}. */
  private static List<Shape> settle(Verdict verdict, List<Shape> generated) {
    List<Shape> shapes = new ArrayList<>(generated);
    switch (verdict) {
      case PASS -> shapes.replaceAll(s -> s.required() ? s.withVerdict(Verdict.PASS) : s);
      case FAIL -> {
        if (shapes.stream().noneMatch(s -> s.required() && s.verdict() == Verdict.FAIL)) {
          shapes.set(0, shapes.get(0).withRequired(true).withVerdict(Verdict.FAIL));
        }
      }
      case INVALID -> {
        shapes.replaceAll(
            s -> s.required() && s.verdict() == Verdict.FAIL ? s.withVerdict(Verdict.INVALID) : s);
        if (!shapes.isEmpty() && shapes.stream().noneMatch(s -> s.required() && s.verdict() == Verdict.INVALID)) {
          shapes.set(0, shapes.get(0).withRequired(true).withVerdict(Verdict.INVALID));
        }
      }
      case SUSPECT -> {
        // Tamper signals decide; the scenarios may say anything.
      }
    }
    return shapes;
  }

  /** The weighted share of passing trials among decided ones, with an interval around it. */
  private static Satisfaction satisfaction(List<ScenarioResult> results, double down, double up) {
    double passed = 0;
    double decided = 0;
    for (ScenarioResult r : results) {
      double each = r.weight() / r.trials().size();
      for (TrialResult t : r.trials()) {
        if (t.verdict() == Verdict.PASS || t.verdict() == Verdict.FAIL) {
          decided += each;
          if (t.verdict() == Verdict.PASS) {
            passed += each;
          }
        }
      }
    }
    if (decided == 0) {
      return new Satisfaction(0, 0, 1, 0.95);
    }
    double score = Math.min(1, Math.max(0, passed / decided));
    double lower = Math.max(0, Math.min(score, score * (1 - down)));
    double upper = Math.min(1, Math.max(score, score + (1 - score) * up));
    return new Satisfaction(score, lower, upper, 0.95);
  }

  /** A one-line summary of a report, for failure messages and statistics. */
  public static String summary(EvaluationReport report) {
    Require.nonNull(report, "report");
    TreeMap<Verdict, Integer> counts = new TreeMap<>();
    report.scenarios().forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
    return String.format(
        Locale.ROOT,
        "%s of %s attempt %d, satisfaction %.2f [%.2f, %.2f], scenarios %s, %d tamper signals",
        report.verdict(),
        report.candidate().specId(),
        report.candidate().attempt(),
        report.satisfaction().score(),
        report.satisfaction().lower(),
        report.satisfaction().upper(),
        counts,
        report.tamperSignals().size());
  }
}

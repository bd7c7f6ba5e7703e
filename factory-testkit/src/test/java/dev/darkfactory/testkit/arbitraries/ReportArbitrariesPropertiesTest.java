package dev.darkfactory.testkit.arbitraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/** Generated reports are ones an honest evaluator could write, and merge contexts are valid. */
class ReportArbitrariesPropertiesTest {

  @Property(tries = 200)
  void everyReportIsConsistentWithItsScenariosAndTrials(@ForAll("reports") EvaluationReport report) {
    Statistics.label("verdict").collect(report.verdict());
    Statistics.label("verdict")
        .coverage(c -> {
          for (Verdict v : Verdict.values()) {
            c.check(v).count(n -> n > 0);
          }
        });

    for (ScenarioResult r : report.scenarios()) {
      assertThat(r.verdict()).as("scenario %s from its trials %s", r.id(), r.trials()).isEqualTo(scenarioVerdict(r.trials()));
    }
    assertThat(report.verdict()).isEqualTo(reportVerdict(report));
    if (report.verdict() == Verdict.INVALID) {
      assertThat(report.notes()).isNotEmpty();
    }
    assertThat(report.satisfaction().score()).isBetween(0.0, 1.0).isCloseTo(weightedPassShare(report), within(1e-9));
    assertThat(report.satisfaction().lower()).isBetween(0.0, report.satisfaction().score());
    assertThat(report.satisfaction().upper()).isBetween(report.satisfaction().score(), 1.0);
    assertThat(copy(report)).isEqualTo(report);
  }

  @Provide
  Arbitrary<EvaluationReport> reports() {
    return ReportArbitraries.reports();
  }

  @Property(tries = 200)
  void reportsOfAVerdictHaveThatVerdict(@ForAll("byVerdict") Tuple2<Verdict, EvaluationReport> asked) {
    Verdict verdict = asked.get1();
    EvaluationReport report = asked.get2();

    assertThat(report.verdict()).isEqualTo(verdict);
    assertThat(report.tamperSignals().isEmpty()).isEqualTo(verdict != Verdict.SUSPECT);
    assertThat(report.verdict()).isEqualTo(reportVerdict(report));
  }

  @Provide
  Arbitrary<Tuple2<Verdict, EvaluationReport>> byVerdict() {
    return Arbitraries.of(Verdict.values()).flatMap(v -> ReportArbitraries.reports(v).map(r -> Tuple.of(v, r)));
  }

  @Property(tries = 200)
  void mergeContextsAreAcceptedByTheirConstructorAndDecidedByTheDefaultPolicy(
      @ForAll("contexts") MergeContext context) {
    Statistics.label("earlier reports").collect(context.earlierReports().size());
    Statistics.label("change known").collect(!context.changes().isEmpty() || context.linesChanged() > 0);

    MergeContext copy =
        new MergeContext(
            context.spec(),
            context.candidate(),
            copy(context.report()),
            context.maxAttempts(),
            context.earlierReports().stream().map(ReportArbitrariesPropertiesTest::copy).toList(),
            context.changes(),
            context.linesChanged(),
            context.spent());

    assertThat(copy).isEqualTo(context);
    assertThat(context.changes()).isSortedAccordingTo(java.util.Comparator.comparing(c -> c.path()));
    assertThat(VerdictPolicy.defaults().decide(context)).isNotNull();
  }

  @Provide
  Arbitrary<MergeContext> contexts() {
    return ReportArbitraries.mergeContexts();
  }

  @Example
  void suspectIsNotAScenarioVerdictAndTheErrorSaysWhereItBelongs() {
    assertThatThrownBy(() -> ReportArbitraries.scenarioResults(Verdict.SUSPECT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUSPECT is a report's verdict");
  }

  // The rules the library's evaluators follow, written out again.

  static Verdict scenarioVerdict(List<TrialResult> trials) {
    if (trials.stream().anyMatch(t -> t.verdict() == Verdict.FAIL)) {
      return Verdict.FAIL;
    }
    return trials.stream().allMatch(t -> t.verdict() == Verdict.PASS) ? Verdict.PASS : Verdict.INVALID;
  }

  static Verdict reportVerdict(EvaluationReport report) {
    if (!report.tamperSignals().isEmpty()) {
      return Verdict.SUSPECT;
    }
    if (report.scenarios().isEmpty()) {
      return Verdict.INVALID;
    }
    if (report.scenarios().stream().anyMatch(r -> r.required() && r.verdict() == Verdict.FAIL)) {
      return Verdict.FAIL;
    }
    if (report.scenarios().stream().anyMatch(r -> r.required() && r.verdict() != Verdict.PASS)) {
      return Verdict.INVALID;
    }
    return Verdict.PASS;
  }

  static double weightedPassShare(EvaluationReport report) {
    double passed = 0;
    double decided = 0;
    for (ScenarioResult r : report.scenarios()) {
      for (TrialResult t : r.trials()) {
        double w = r.weight() / r.trials().size();
        if (t.verdict() == Verdict.PASS || t.verdict() == Verdict.FAIL) {
          decided += w;
          passed += t.verdict() == Verdict.PASS ? w : 0;
        }
      }
    }
    return decided == 0 ? 0 : passed / decided;
  }

  /** The report through its constructor again, with every check it makes. */
  static EvaluationReport copy(EvaluationReport r) {
    return new EvaluationReport(
        r.candidate(), r.verdict(), r.satisfaction(), r.scenarios(), r.tamperSignals(), r.notes(), r.usage(), r.elapsed());
  }
}

package dev.darkfactory.evaluator.policy;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
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
import java.util.List;

/** Merge contexts for policy tests. */
final class Contexts {

  static final Spec SPEC =
      Spec.builder("greeting").title("Greet").goal("Greet.").protectedPaths("build.sh").labels("cli").build();
  static final Satisfaction HIGH = new Satisfaction(0.95, 0.8, 1.0, 0.95);
  static final Satisfaction WIDE = new Satisfaction(0.9, 0.4, 1.0, 0.95);

  private Contexts() {}

  static Candidate candidate(int attempt) {
    return new Candidate(
        SpecId.of("greeting"), attempt, Candidate.branchFor(SpecId.of("greeting"), attempt),
        CommitId.of("c".repeat(40)), CommitId.of("b".repeat(40)));
  }

  static ScenarioResult scenario(String id, boolean required, Verdict verdict) {
    return new ScenarioResult(
        ScenarioId.of(id), Visibility.HOLDOUT, required, 1,
        List.of(new TrialResult(1, verdict, "detail of " + id, Duration.ofMillis(5))), verdict);
  }

  static EvaluationReport report(int attempt, Verdict verdict, Satisfaction s, List<String> signals, ScenarioResult... results) {
    return new EvaluationReport(
        candidate(attempt), verdict, s, List.of(results), signals,
        verdict == Verdict.INVALID ? List.of("the build tool is missing") : List.of(),
        Usage.ZERO, Duration.ofSeconds(1));
  }

  static MergeContext context(int attempt, int max, EvaluationReport report) {
    return context(attempt, max, report, List.of(new FileChange("src/Greeter.java", FileChange.Status.MODIFIED)), 12, Usage.ZERO);
  }

  static MergeContext context(
      int attempt, int max, EvaluationReport report, List<FileChange> changes, int lines, Usage spent) {
    return new MergeContext(SPEC, candidate(attempt), report, max, List.of(), changes, lines, spent);
  }

  static EvaluationReport pass(Satisfaction s) {
    return report(1, Verdict.PASS, s, List.of(), scenario("a", true, Verdict.PASS));
  }
}

package dev.darkfactory.api;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Valid values of the API's types, for tests that need one good value to vary from. */
public final class Fixtures {

  private Fixtures() {}

  /** A distinct, valid SHA-1 commit id for each {@code n}. */
  public static CommitId commit(int n) {
    return CommitId.of(String.format("%040x", n));
  }

  /** A minimal valid spec with this id. */
  public static Spec spec(String id) {
    return Spec.builder(id).title("Greeting").goal("Print a greeting.").build();
  }

  /** A valid visible scenario that runs {@code true}. */
  public static Scenario visible(String id) {
    return Scenario.builder(id)
        .title("Scenario " + id)
        .check(CommandCheck.exitsZero("true"))
        .build();
  }

  /** A valid holdout scenario that runs {@code true}. */
  public static Scenario holdout(String id) {
    return Scenario.builder(id)
        .title("Holdout " + id)
        .holdout()
        .check(CommandCheck.exitsZero("true"))
        .build();
  }

  /** A candidate for attempt {@code attempt} of spec {@code specId}. */
  public static Candidate candidate(String specId, int attempt) {
    SpecId id = SpecId.of(specId);
    return new Candidate(
        id, attempt, Candidate.branchFor(id, attempt), commit(100 + attempt), commit(1));
  }

  /** One decided trial. */
  public static TrialResult trial(int n, Verdict verdict) {
    return new TrialResult(n, verdict, "", Duration.ofMillis(10));
  }

  /** A scenario result with one trial of {@code verdict}. */
  public static ScenarioResult result(String id, boolean required, Verdict verdict) {
    return new ScenarioResult(
        ScenarioId.of(id), Visibility.HOLDOUT, required, 1.0, List.of(trial(1, verdict)), verdict);
  }

  /**
   * A consistent report with no tamper signals and no notes; a PASS with no results given gets
   * one passing scenario, since a PASS over nothing is not a valid report.
   */
  public static EvaluationReport report(
      Candidate candidate, Verdict verdict, double satisfaction, ScenarioResult... results) {
    List<ScenarioResult> scenarios =
        verdict == Verdict.PASS && results.length == 0
            ? List.of(result("passes", true, Verdict.PASS))
            : List.of(results);
    return new EvaluationReport(
        candidate,
        verdict,
        Satisfaction.exact(satisfaction),
        scenarios,
        List.of(),
        List.of(),
        Usage.ZERO,
        Duration.ofSeconds(1));
  }

  /** A workspace over {@code root} that does nothing when closed. */
  public static Workspace workspace(Path root) {
    return new Workspace() {
      @Override
      public Path root() {
        return root;
      }

      @Override
      public CommitId base() {
        return CommitId.of("0".repeat(40));
      }

      @Override
      public String branch() {
        return "factory/greeting/attempt-1";
      }

      @Override
      public void close() {}
    };
  }
}

package dev.darkfactory.testkit.assertions;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Real values of the library's records for the assertion tests: no mocks. */
final class Subjects {

  static final SpecId ADD_TWO = SpecId.of("add-two");
  static final CommitId BASE = CommitId.of("1".repeat(40));
  static final CommitId HEAD = CommitId.of("2".repeat(40));
  static final CommitId MERGED = CommitId.of("3".repeat(40));
  static final String RUN = "run-1";
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Subjects() {}

  static Candidate candidate(SpecId spec, int attempt) {
    return new Candidate(
        spec, attempt, Candidate.branchFor(spec, attempt), attempt == 1 ? HEAD : MERGED, BASE);
  }

  static TrialResult trial(int n, Verdict verdict, String detail) {
    return new TrialResult(n, verdict, detail, Duration.ofMillis(10));
  }

  static ScenarioResult scenario(String id, Visibility visibility, Verdict verdict, String detail) {
    return new ScenarioResult(
        ScenarioId.of(id), visibility, true, 1.0, List.of(trial(1, verdict, detail)), verdict);
  }

  /** A report where the visible scenario passed and the holdout failed. */
  static EvaluationReport failingReport() {
    return new EvaluationReport(
        candidate(ADD_TWO, 1),
        Verdict.FAIL,
        new Satisfaction(0.5, 0.4, 0.6, 0.95),
        List.of(
            scenario("adds-small", Visibility.VISIBLE, Verdict.PASS, ""),
            scenario("adds-negative", Visibility.HOLDOUT, Verdict.FAIL, "expected -1 but got 1")),
        List.of(),
        List.of(),
        Usage.of(30, 5),
        Duration.ofSeconds(2));
  }

  /** A report where both scenarios passed. */
  static EvaluationReport passingReport() {
    return new EvaluationReport(
        candidate(ADD_TWO, 2),
        Verdict.PASS,
        new Satisfaction(0.95, 0.85, 1.0, 0.95),
        List.of(
            scenario("adds-small", Visibility.VISIBLE, Verdict.PASS, ""),
            scenario("adds-negative", Visibility.HOLDOUT, Verdict.PASS, "")),
        List.of(),
        List.of(),
        Usage.ZERO,
        Duration.ofSeconds(2));
  }

  /** A report on a candidate that edited a test. */
  static EvaluationReport suspectReport() {
    return new EvaluationReport(
        candidate(ADD_TWO, 1),
        Verdict.SUSPECT,
        Satisfaction.exact(1.0),
        List.of(scenario("adds-small", Visibility.VISIBLE, Verdict.PASS, "")),
        List.of("protected path edited: src/test/java/AddTest.java"),
        List.of(),
        Usage.ZERO,
        Duration.ofSeconds(1));
  }

  /** A report that could not decide. */
  static EvaluationReport invalidReport() {
    return new EvaluationReport(
        candidate(ADD_TWO, 1),
        Verdict.INVALID,
        Satisfaction.exact(0),
        List.of(),
        List.of(),
        List.of("no tests ran: the build needed the network"),
        Usage.ZERO,
        Duration.ofSeconds(1));
  }

  static Transcript transcript(String model) {
    return new Transcript(List.of(), Set.of(model));
  }

  /**
   * The events of a run where attempt 1 of add-two failed a holdout and was retried, and attempt 2
   * merged; a second spec, sub-two, was rejected.
   */
  static List<FactoryEvent> retryThenMerge() {
    SpecId sub = SpecId.of("sub-two");
    List<FactoryEvent> events = new ArrayList<>();
    Instant t = T0;
    events.add(new FactoryEvent.RunStarted(t, RUN));
    events.add(new FactoryEvent.SpecClaimed(t, RUN, ADD_TWO));
    events.add(new FactoryEvent.AttemptStarted(t, RUN, ADD_TWO, 1, "factory/add-two/attempt-1", BASE));
    events.add(
        new FactoryEvent.AgentFinished(
            t,
            RUN,
            ADD_TWO,
            1,
            new AgentOutcome.Finished("wrote add", Usage.of(100, 20), transcript("m1"))));
    events.add(new FactoryEvent.CandidateCommitted(t, RUN, candidate(ADD_TWO, 1)));
    events.add(new FactoryEvent.EvaluationFinished(t, RUN, failingReport()));
    events.add(
        new FactoryEvent.DecisionMade(
            t, RUN, candidate(ADD_TWO, 1), MergeDecision.retry("a holdout failed")));
    events.add(new FactoryEvent.AttemptStarted(t, RUN, ADD_TWO, 2, "factory/add-two/attempt-2", BASE));
    events.add(
        new FactoryEvent.AgentFinished(
            t,
            RUN,
            ADD_TWO,
            2,
            new AgentOutcome.Finished("fixed negatives", Usage.of(150, 30), transcript("m1"))));
    events.add(new FactoryEvent.CandidateCommitted(t, RUN, candidate(ADD_TWO, 2)));
    events.add(new FactoryEvent.EvaluationFinished(t, RUN, passingReport()));
    events.add(
        new FactoryEvent.DecisionMade(
            t, RUN, candidate(ADD_TWO, 2), MergeDecision.merge("every scenario passed")));
    events.add(new FactoryEvent.Merged(t, RUN, candidate(ADD_TWO, 2), "main", MERGED));
    events.add(new FactoryEvent.SpecFinished(t, RUN, ADD_TWO, Resolution.MERGED));
    events.add(new FactoryEvent.SpecClaimed(t, RUN, sub));
    events.add(new FactoryEvent.AttemptStarted(t, RUN, sub, 1, "factory/sub-two/attempt-1", BASE));
    events.add(
        new FactoryEvent.AgentFinished(
            t,
            RUN,
            sub,
            1,
            new AgentOutcome.GaveUp("the spec contradicts itself", Usage.of(50, 5), transcript("m1"))));
    events.add(new FactoryEvent.NoCandidate(t, RUN, sub, 1, "gave-up: the spec contradicts itself"));
    events.add(new FactoryEvent.SpecFinished(t, RUN, sub, Resolution.REJECTED));
    events.add(new FactoryEvent.RunFinished(t, RUN, 2));
    return events;
  }
}

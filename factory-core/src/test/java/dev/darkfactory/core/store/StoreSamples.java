package dev.darkfactory.core.store;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
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
import java.util.List;

/** Fixed examples of every step kind, for the store tests and the child processes they start. */
final class StoreSamples {

  static final SpecId SPEC = SpecId.of("greeting");
  static final String FINGERPRINT = "sha256:0f1e2d";
  static final Instant AT = Instant.parse("2026-03-04T05:06:07.123456789Z");

  private StoreSamples() {}

  static CommitId commit(int n) {
    return CommitId.of(String.format("%040x", n + 1));
  }

  static Candidate candidate(int attempt) {
    return new Candidate(
        SPEC, attempt, Candidate.branchFor(SPEC, attempt), commit(attempt), commit(0));
  }

  /** A report with several scenarios, visible and holdout, each with several trials. */
  static EvaluationReport report(int attempt) {
    ScenarioResult greets =
        new ScenarioResult(
            ScenarioId.of("greets-by-name"),
            Visibility.VISIBLE,
            true,
            2.0,
            List.of(
                new TrialResult(1, Verdict.PASS, "", Duration.ofMillis(812)),
                new TrialResult(2, Verdict.PASS, "exit 0", Duration.ofNanos(1_234_567_891))),
            Verdict.PASS);
    ScenarioResult farewell =
        new ScenarioResult(
            ScenarioId.of("says-farewell"),
            Visibility.HOLDOUT,
            false,
            0.5,
            List.of(
                new TrialResult(1, Verdict.FAIL, "expected \"bye\"\nbut got \"hi\"", Duration.ofSeconds(3)),
                new TrialResult(2, Verdict.INVALID, "build needed the network", Duration.ZERO),
                new TrialResult(3, Verdict.PASS, "ünïcödé ✓ \uD83D\uDE00", Duration.ofMillis(5))),
            Verdict.FAIL);
    return new EvaluationReport(
        candidate(attempt),
        Verdict.FAIL,
        new Satisfaction(0.8, 0.5, 0.9, 0.95),
        List.of(greets, farewell),
        List.of(),
        List.of("holdout says-farewell failed once"),
        new Usage(10, 20, 3, 4, 5),
        Duration.ofMinutes(2).plusMillis(7));
  }

  /** One step of every kind, in the usual order, for an attempt. */
  static List<Step> everyKind(int attempt) {
    Candidate c = candidate(attempt);
    Candidate rebased =
        new Candidate(SPEC, attempt, c.branch() + "-rebased", commit(attempt + 100), commit(7));
    return List.of(
        new Step.Claimed("factory-a"),
        new Step.AttemptStarted(c.branch(), c.base()),
        new Step.ModelCalled("claude-sonnet", new Usage(100, 50, 1000, 200, 10)),
        new Step.Noted("the parser rejects tabs; normalise input first"),
        new Step.AgentFinished(
            "coder", "finished", "implemented the greeting", List.of("claude-sonnet", "haiku"),
            new Usage(300, 150, 3000, 600, 30)),
        new Step.CandidateCommitted(c),
        new Step.NoCandidate("the agent changed no file"),
        new Step.Evaluated("holdout", report(attempt)),
        new Step.Decided(c, MergeDecision.retry("holdout failed", "attempts remain")),
        new Step.MergeIntent(c, "main", commit(0), c.commit()),
        new Step.Merged(c, "main", c.commit()),
        new Step.Rebased(c, rebased),
        new Step.RebaseConflict(c, commit(9), "CONFLICT (content): Merge conflict in Main.java"),
        new Step.SpecFinished(Resolution.MERGED, "merged on attempt " + attempt),
        new Step.Reviewed(c, true, "ada", "read the diff; the holdouts cover it"));
  }

  /** Step {@code i} of a cycle through every kind; attempt starts are unique per {@code i}. */
  static JournalEntry entry(String runId, int i) {
    List<Step> steps = everyKind(i + 1);
    return JournalEntry.of(runId, SPEC, FINGERPRINT, i + 1, AT.plusMillis(i), steps.get(i % steps.size()));
  }
}

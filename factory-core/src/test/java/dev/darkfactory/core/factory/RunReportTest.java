package dev.darkfactory.core.factory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunRecord;
import dev.darkfactory.core.store.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report is a faithful, documented summary of the journal. */
class RunReportTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final SpecId SPEC = SpecId.of("greeting");
  private static final CommitId BASE = CommitId.of("a".repeat(40));
  private static final CommitId C1 = CommitId.of("b".repeat(40));

  private final List<JournalEntry> entries = new ArrayList<>();
  private long seq;

  private void add(int attempt, long millis, Step step) {
    entries.add(new JournalEntry(++seq, "run-1", SPEC, "f".repeat(64), attempt, T0.plusMillis(millis), step));
  }

  @Test
  void summarisesAttemptsVerdictsDecisionsTokensAndStepTimes(@TempDir Path dir) throws Exception {
    Candidate candidate = new Candidate(SPEC, 1, "factory/greeting/attempt-1", C1, BASE);
    EvaluationReport report =
        new EvaluationReport(
            candidate,
            Verdict.PASS,
            Satisfaction.exact(1.0),
            List.of(new ScenarioResult(ScenarioId.of("greets-ada"), Visibility.HOLDOUT, true, 1.0,
                List.of(new TrialResult(1, Verdict.PASS, "ok", Duration.ofMillis(40))), Verdict.PASS)),
            List.of(),
            List.of(),
            Usage.of(10, 5),
            Duration.ofMillis(50));
    add(0, 0, new Step.Claimed("factory-a"));
    add(1, 10, new Step.AttemptStarted("factory/greeting/attempt-1", BASE));
    add(1, 1010, new Step.AgentFinished("scripted", "finished", "done", List.of("claude-sonnet-4-5"), Usage.of(1000, 200)));
    add(1, 1030, new Step.CandidateCommitted(candidate));
    add(1, 1530, new Step.Evaluated("command", report));
    add(1, 1531, new Step.Decided(candidate, MergeDecision.merge("it passed")));
    add(1, 1540, new Step.MergeIntent(candidate, "main", BASE, C1));
    add(1, 1550, new Step.Merged(candidate, "main", C1));
    add(0, 1551, new Step.SpecFinished(Resolution.MERGED, "merged factory/greeting/attempt-1 into main"));

    RunReport r = RunReport.of(new RunRecord("run-1", "factory-a", T0, T0.plusSeconds(2), 1), entries);

    JsonNode json = new ObjectMapper().readTree(r.json());
    assertThat(json.get("schema").asText()).isEqualTo(RunReport.SCHEMA);
    assertThat(json.at("/totals/merged").asInt()).isEqualTo(1);
    assertThat(json.at("/totals/unfinished").asInt()).isZero();
    assertThat(json.at("/totals/usage/totalTokens").asLong()).isEqualTo(1215);
    // the agent's tokens at the bundled price ($3 in, $15 out per million); the judge's unpriced
    assertThat(json.at("/totals/costUsd").decimalValue()).isEqualByComparingTo("0.006");
    assertThat(json.at("/totals/unpricedTokens").asLong()).isEqualTo(15);
    assertThat(json.at("/specs/0/attempts/0/costUsd").decimalValue()).isEqualByComparingTo("0.006");
    JsonNode spec = json.at("/specs/0");
    assertThat(spec.get("resolution").asText()).isEqualTo("MERGED");
    assertThat(spec.get("elapsedMillis").asLong()).isEqualTo(1551);
    JsonNode attempt = spec.at("/attempts/0");
    assertThat(attempt.get("branch").asText()).isEqualTo("factory/greeting/attempt-1");
    assertThat(attempt.at("/agent/outcome").asText()).isEqualTo("finished");
    assertThat(attempt.at("/evaluations/0/verdict").asText()).isEqualTo("PASS");
    assertThat(attempt.at("/evaluations/0/scenarios/0/visibility").asText()).isEqualTo("HOLDOUT");
    assertThat(attempt.at("/decisions/0/reasons/0").asText()).isEqualTo("it passed");
    assertThat(attempt.at("/merged/head").asText()).isEqualTo(C1.hex());
    assertThat(attempt.at("/steps/1/kind").asText()).isEqualTo("AGENT_FINISHED");
    assertThat(attempt.at("/steps/1/millis").asLong()).isEqualTo(1000);
    assertThat(attempt.at("/steps/3/millis").asLong()).isEqualTo(500);
    assertThat(r.markdown())
        .contains(
            "1 specs: 1 merged, 0 rejected, 0 held, 0 abandoned, 0 unfinished; 1215 tokens, $0.0060"
                + " (15 tokens of models with no price not counted).")
        .contains("| greeting | MERGED | 1 | PASS | MERGE | 1215 | 1.6 s | `factory/greeting/attempt-1` |");

    Path jsonFile = dir.resolve("runs/run-1/report.json");
    Path md = dir.resolve("runs/run-1/summary.md");
    r.write(jsonFile, md);
    assertThat(jsonFile).hasContent(r.json().strip());
    assertThat(md).hasContent(r.markdown().strip());
    try (var files = Files.list(jsonFile.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.json", "summary.md");
    }
  }

  @Test
  void aSpecReleasedMidWayIsUnfinished() {
    add(0, 0, new Step.Claimed("factory-a"));
    add(1, 5, new Step.AttemptStarted("factory/greeting/attempt-1", BASE));

    RunReport r = RunReport.of(new RunRecord("run-1", "factory-a", T0, null, 0), entries);

    assertThat(r.json()).contains("\"unfinished\" : 1").contains("\"resolution\" : null").contains("\"finishedAt\" : null");
    assertThat(r.markdown()).contains("not finished").contains("| greeting | unfinished | 1 | - | - | 0 |");
  }
}

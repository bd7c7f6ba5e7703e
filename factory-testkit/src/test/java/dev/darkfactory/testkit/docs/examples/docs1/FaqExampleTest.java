package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.evaluator.calibration.AlignmentStatistics;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.InMemoryAlignmentLedger;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The examples of {@code docs/faq.md}. */
class FaqExampleTest {

  @Test
  void runningWithoutIsolationIsAnExplicitNamedOptIn() throws Exception {
    Sandbox sandbox = UnisolatedProcessSandbox.optIn("demo on a laptop without bubblewrap; no secrets here");

    assertThat(sandbox.doctor().isolates()).isFalse();
    assertThat(Sandboxes.requireIsolation(sandbox)).isSameAs(sandbox);   // accepted: it was named
    assertThat(((UnisolatedProcessSandbox) sandbox).reason())
        .isEqualTo("demo on a laptop without bubblewrap; no secrets here");
  }

  @Test
  void rejectedCandidatesAreReviewedInTheLedgerDirectly() {
    InMemoryAlignmentLedger ledger = new InMemoryAlignmentLedger();
    CalibrationConfiguration configuration =
        new CalibrationConfiguration("claude-sonnet-4-5", "20250929", "holdout/1", "threshold-0.5/1");
    Candidate rejected = new Candidate(SpecId.of("parser"), 3, "factory/parser/attempt-3",
        CommitId.of("c".repeat(40)), CommitId.of("a".repeat(40)));
    ledger.recordDecision(new LedgerRecord(rejected, "default", Set.of(), configuration, Verdict.FAIL, 0.4,
        MergeDecision.Action.REJECT, Instant.parse("2026-11-24T10:00:00Z"), List.of()));

    for (LedgerRecord r : ledger.records(LedgerFilter.ALL)) {
      if (r.review().isEmpty() && r.policyAction() == MergeDecision.Action.REJECT) {
        ledger.recordReview(r.candidate(), new Review(HumanVerdict.REJECT, "ada", "agreed: it mis-parses leap days", Instant.now()));
      }
    }

    AlignmentStatistics stats = AlignmentStatistics.of(ledger.records(LedgerFilter.ALL));
    assertThat(stats.reviewed()).isEqualTo(1);
    assertThat(stats.matrix().bothReject()).isEqualTo(1);
    assertThat(stats.overrideRate().count()).isZero();
  }
}

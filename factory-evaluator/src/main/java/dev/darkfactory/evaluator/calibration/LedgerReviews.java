package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.factory.HoldQueue;
import dev.darkfactory.api.workspace.Candidate;
import org.apiguardian.api.API;

/**
 * Connects the factory's {@link HoldQueue} to the alignment ledger: every verdict a human gives on
 * a held candidate is recorded as a {@link Review} of the decision the {@code CalibrationPolicy}
 * recorded for it, before the queue journals it. That is how shadow mode fills the ledger.
 *
 * <pre>{@code
 * HoldQueue queue = HoldQueue.builder()
 *     .store(store).workSource(work)
 *     .onReview(LedgerReviews.recordIn(ledger))
 *     .build();
 * queue.approve(SpecId.of("greeting"), "ada", "read the diff");
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class LedgerReviews {

  private LedgerReviews() {}

  /**
   * A review listener that records each review in the ledger. A candidate the ledger never saw
   * (the policy did not record it) fails the review, so nothing is journaled and the human
   * learns that the ledger and the factory disagree.
   *
   * @param ledger the ledger the {@code CalibrationPolicy} records decisions in
   * @return the listener
   */
  public static HoldQueue.ReviewListener recordIn(AlignmentLedger ledger) {
    Require.nonNull(ledger, "ledger");
    return (held, review) -> {
      Candidate candidate =
          held.candidateToMerge()
              .orElseThrow(() -> new IllegalArgumentException("spec '" + held.specId() + "' has no candidate"));
      ledger.recordReview(
          candidate,
          new Review(
              review.approved() ? HumanVerdict.APPROVE : HumanVerdict.REJECT,
              review.reviewer(),
              review.reason(),
              review.at()));
    };
  }
}

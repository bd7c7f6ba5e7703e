package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.workspace.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * One decided candidate in the alignment ledger: what the evaluator and the policy said, and what
 * humans said after, oldest review first.
 *
 * @param candidate the candidate
 * @param repository the repository it belongs to, as the factory names it
 * @param labels the spec's labels, for filtering
 * @param configuration the configuration that produced the decision
 * @param evaluatorVerdict the evaluator's verdict
 * @param satisfaction the evaluator's satisfaction score, from 0 to 1
 * @param policyAction what the merge policy decided
 * @param decidedAt when it decided
 * @param reviews the human reviews, oldest first; the last one counts
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record LedgerRecord(
    Candidate candidate,
    String repository,
    Set<String> labels,
    CalibrationConfiguration configuration,
    Verdict evaluatorVerdict,
    double satisfaction,
    MergeDecision.Action policyAction,
    Instant decidedAt,
    List<Review> reviews) {

  /** Checks and copies every component. */
  public LedgerRecord {
    Require.nonNull(candidate, "candidate");
    Require.nonBlank(repository, "repository");
    labels = Set.copyOf(Require.nonNull(labels, "labels"));
    Require.nonNull(configuration, "configuration");
    Require.nonNull(evaluatorVerdict, "evaluatorVerdict");
    Require.between(satisfaction, 0, 1, "satisfaction");
    Require.nonNull(policyAction, "policyAction");
    Require.nonNull(decidedAt, "decidedAt");
    reviews = Require.copyOf(reviews, "reviews");
  }

  /** The review that counts: the latest, if any. */
  public Optional<Review> review() {
    return reviews.isEmpty() ? Optional.empty() : Optional.of(reviews.get(reviews.size() - 1));
  }

  /** Whether the evaluator said the candidate is good (PASS). */
  public boolean evaluatorApproved() {
    return evaluatorVerdict == Verdict.PASS;
  }

  /** This record with one more review. */
  public LedgerRecord withReview(Review review) {
    List<Review> all = new java.util.ArrayList<>(reviews);
    all.add(Require.nonNull(review, "review"));
    return new LedgerRecord(
        candidate, repository, labels, configuration, evaluatorVerdict, satisfaction, policyAction, decidedAt, all);
  }
}

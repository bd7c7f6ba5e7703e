package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A spec the factory held for a human, as {@link HoldQueue#list()} shows it: the candidate, its
 * evaluation and the merge policy's decision, and where the review stands.
 *
 * @param specId the spec
 * @param fingerprint the spec's content fingerprint the candidate was made for
 * @param candidate the held candidate; {@code null} when the spec was held with nothing to merge
 *     (a holdout leak stopped the attempt)
 * @param report the candidate's last evaluation, if it was evaluated
 * @param decision the merge policy's decision, if it decided
 * @param reason why the spec was held, from its finish
 * @param heldAt when it was held
 * @param state where the review stands
 * @param reviewer who approved it, when approved
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record HeldCandidate(
    SpecId specId,
    String fingerprint,
    @Nullable Candidate candidate,
    @Nullable EvaluationReport report,
    @Nullable MergeDecision decision,
    String reason,
    Instant heldAt,
    State state,
    @Nullable String reviewer) {

  /** Checks every component. */
  public HeldCandidate {
    Require.nonNull(specId, "specId");
    Require.nonBlank(fingerprint, "fingerprint");
    Require.nonNull(reason, "reason");
    Require.nonNull(heldAt, "heldAt");
    Require.nonNull(state, "state");
    if ((state == State.APPROVED) != (reviewer != null)) {
      throw new IllegalArgumentException(
          "reviewer must be given exactly when the state is APPROVED, but state is " + state
              + " and reviewer is " + reviewer);
    }
  }

  /**
   * The held candidate, if there is one to merge.
   *
   * @return the candidate
   */
  public Optional<Candidate> candidateToMerge() {
    return Optional.ofNullable(candidate);
  }

  /**
   * The candidate's last evaluation.
   *
   * @return the report, if it was evaluated
   */
  public Optional<EvaluationReport> evaluation() {
    return Optional.ofNullable(report);
  }

  /**
   * The merge policy's decision.
   *
   * @return the decision, if the policy decided
   */
  public Optional<MergeDecision> policyDecision() {
    return Optional.ofNullable(decision);
  }

  /**
   * Who approved the candidate.
   *
   * @return the reviewer, when approved
   */
  public Optional<String> approvedBy() {
    return Optional.ofNullable(reviewer);
  }

  /**
   * Where a held candidate's review stands.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum State {
    /** Held; no human has answered yet. */
    AWAITING_REVIEW,
    /** Approved; the next factory run that claims the spec merges it. */
    APPROVED
  }
}

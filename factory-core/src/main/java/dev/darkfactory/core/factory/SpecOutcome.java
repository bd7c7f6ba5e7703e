package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * How one spec ended in a run: its terminal state, why, and what landed.
 *
 * @param specId the spec
 * @param resolution its terminal state
 * @param reason why, in a sentence
 * @param attempts how many attempts the spec has had, across runs
 * @param candidate the last candidate decided about, if any
 * @param mergedHead the target branch's commit after the merge, when merged
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record SpecOutcome(
    SpecId specId,
    Resolution resolution,
    String reason,
    int attempts,
    @Nullable Candidate candidate,
    @Nullable CommitId mergedHead) {

  /** Checks every component. */
  public SpecOutcome {
    Require.nonNull(specId, "specId");
    Require.nonNull(resolution, "resolution");
    Require.nonBlank(reason, "reason");
    Require.atLeast(attempts, 0, "attempts");
    if ((resolution == Resolution.MERGED) != (mergedHead != null)) {
      throw new IllegalArgumentException(
          "mergedHead must be given exactly when the resolution is MERGED but resolution was "
              + resolution
              + " and mergedHead "
              + mergedHead);
    }
  }

  /**
   * The last candidate decided about.
   *
   * @return the candidate, or empty when no attempt produced one
   */
  public Optional<Candidate> lastCandidate() {
    return Optional.ofNullable(candidate);
  }

  /**
   * The target's commit after the merge.
   *
   * @return the commit, or empty when not merged
   */
  public Optional<CommitId> merged() {
    return Optional.ofNullable(mergedHead);
  }
}

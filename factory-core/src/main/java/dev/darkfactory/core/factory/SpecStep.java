package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What one spec does next, as its journal says: the unit of work an engine other than the
 * embedded loop schedules through {@link Factory.Steps} (the Temporal engine runs each kind as an
 * activity).
 *
 * @param kind the step
 * @param attempt the attempt it belongs to (0 for a spec that has not started one)
 * @param resolution how the spec ended, for {@link Kind#FINISHED}
 * @param reason why it ended that way, for {@link Kind#FINISHED}; else empty
 * @param candidate the candidate the step is about, when there is one
 * @param mergedHead the target's commit after the merge, when the spec merged
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public record SpecStep(
    Kind kind,
    int attempt,
    @Nullable Resolution resolution,
    String reason,
    @Nullable Candidate candidate,
    @Nullable CommitId mergedHead) {

  /**
   * The steps of a spec's loop.
   *
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  public enum Kind {
    /** Run the agent for an attempt and commit its candidate (or adopt one a crash left). */
    IMPLEMENT,
    /** Grade the candidate. */
    EVALUATE,
    /** Ask the merge policy. */
    DECIDE,
    /** Land the approved candidate on the target branch (rebasing it when the target moved). */
    INTEGRATE,
    /**
     * Nothing left: the journal holds the terminal state (the step that reached it journaled it).
     */
    FINISHED
  }

  /** Checks every component. */
  public SpecStep {
    Require.nonNull(kind, "kind");
    Require.atLeast(attempt, 0, "attempt");
    Require.nonNull(reason, "reason");
    if ((kind == Kind.FINISHED) != (resolution != null)) {
      throw new IllegalArgumentException(
          "resolution must be given exactly for FINISHED, but kind was " + kind
              + " and resolution " + resolution);
    }
  }

  /**
   * Whether this is the same step as {@code other}: the same kind of the same attempt.
   *
   * @param other another step
   * @return whether both name the same step
   */
  public boolean sameStepAs(SpecStep other) {
    Require.nonNull(other, "other");
    return kind == other.kind && attempt == other.attempt;
  }

  /**
   * The candidate the step is about.
   *
   * @return the candidate, or empty
   */
  public Optional<Candidate> lastCandidate() {
    return Optional.ofNullable(candidate);
  }

  /**
   * The target's commit after the merge.
   *
   * @return the commit, or empty when the spec did not merge
   */
  public Optional<CommitId> merged() {
    return Optional.ofNullable(mergedHead);
  }
}

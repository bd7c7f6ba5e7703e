package dev.darkfactory.api.workspace;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import org.apiguardian.api.API;

/**
 * A proposed change: the commit an attempt produced, on its own branch, with the commit it was
 * based on. What the evaluator grades and the integrator may merge.
 *
 * @param specId the spec the change implements
 * @param attempt the attempt number, from 1
 * @param branch the candidate's branch, kept in the repository whether merged or not
 * @param commit the candidate commit
 * @param base the commit of the target branch the attempt started from
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Candidate(SpecId specId, int attempt, String branch, CommitId commit, CommitId base) {

  /** Checks every component. */
  public Candidate {
    Require.nonNull(specId, "specId");
    Require.atLeast(attempt, 1, "attempt");
    Require.nonBlank(branch, "branch");
    Require.nonNull(commit, "commit");
    Require.nonNull(base, "base");
  }

  /** The branch name the factory uses for an attempt: {@code factory/<spec-id>/attempt-<n>}. */
  public static String branchFor(SpecId specId, int attempt) {
    Require.nonNull(specId, "specId");
    Require.atLeast(attempt, 1, "attempt");
    return "factory/" + specId.value() + "/attempt-" + attempt;
  }
}

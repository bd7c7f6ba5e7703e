package dev.darkfactory.evaluator.tamper;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.FileChange;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A candidate's change as tamper checks see it.
 *
 * @param changes the files changed relative to the base, in path order
 * @param diff the unified diff against the base (git's format, no renames)
 * @param protectedPaths the spec's protected path globs, relative to the repository root
 * @param holdoutPaths the workspace paths the holdout scenarios will write (hidden test files,
 *     report directories); the candidate has no business there
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ChangeUnderReview(
    List<FileChange> changes, String diff, List<String> protectedPaths, Set<String> holdoutPaths) {

  /** Checks and copies every component. */
  public ChangeUnderReview {
    changes = Require.copyOf(changes, "changes");
    Require.nonNull(diff, "diff");
    protectedPaths = Require.copyOf(protectedPaths, "protectedPaths");
    holdoutPaths = Set.copyOf(Require.nonNull(holdoutPaths, "holdoutPaths"));
  }
}

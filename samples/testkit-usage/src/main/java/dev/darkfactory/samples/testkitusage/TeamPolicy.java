package dev.darkfactory.samples.testkitusage;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.workspace.FileChange;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;

/**
 * A team's merge policy, the kind a test author writes and then has to trust: it follows the
 * evaluator's verdict, but keeps a human in the loop for the changes this team cares most about.
 *
 * <ul>
 *   <li>PASS: MERGE, unless the change touches the build or CI files ({@link #REVIEWED_PATHS}) or
 *       is larger than {@code maxLines}; then HOLD for a human.
 *   <li>FAIL: RETRY while attempts remain, then REJECT.
 *   <li>SUSPECT: REJECT at once. This team does not spend review time on a candidate that touched
 *       what grades it; the evidence stays in the evaluation report.
 *   <li>INVALID: RETRY while attempts remain, then HOLD: the evaluation said nothing about the
 *       code, so neither a merge nor a rejection would be honest.
 * </ul>
 */
public final class TeamPolicy implements MergePolicy {

  /** Paths whose change always needs a human: the build and the CI configuration. */
  public static final List<String> REVIEWED_PATHS =
      List.of("Makefile", "pom.xml", "build.sh", ".github/**", ".ci/**");

  private final int maxLines;
  private final List<PathMatcher> reviewed;

  /**
   * A policy with the team's limit on the size of a change.
   *
   * @param maxLines the largest change, in changed lines, that may merge without a human
   */
  public TeamPolicy(int maxLines) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be at least 1 but was " + maxLines);
    }
    this.maxLines = maxLines;
    this.reviewed =
        REVIEWED_PATHS.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }

  /** The team's default: up to 400 changed lines without review. */
  public TeamPolicy() {
    this(400);
  }

  @Override
  public MergeDecision decide(MergeContext context) {
    EvaluationReport report = context.report();
    return switch (report.verdict()) {
      case PASS -> pass(context);
      case FAIL ->
          context.attemptsRemain()
              ? MergeDecision.retry("verdict FAIL; attempt " + context.candidate().attempt()
                  + " of " + context.maxAttempts())
              : MergeDecision.reject("verdict FAIL on the last attempt");
      case SUSPECT ->
          MergeDecision.reject(
              "verdict SUSPECT: the team rejects a candidate that tampered with its grading; signals: "
                  + report.tamperSignals());
      case INVALID ->
          context.attemptsRemain()
              ? MergeDecision.retry("verdict INVALID: the evaluation could not decide; trying again")
              : MergeDecision.hold("verdict INVALID on the last attempt: a human must look");
    };
  }

  private MergeDecision pass(MergeContext context) {
    for (FileChange change : context.changes()) {
      Path path = Path.of(change.path());
      for (int i = 0; i < reviewed.size(); i++) {
        if (reviewed.get(i).matches(path)) {
          return MergeDecision.hold(
              "verdict PASS, but " + change.path() + " matches " + REVIEWED_PATHS.get(i)
                  + ": build and CI changes need a human");
        }
      }
    }
    if (context.linesChanged() > maxLines) {
      return MergeDecision.hold(
          "verdict PASS, but " + context.linesChanged() + " changed lines are more than "
              + maxLines + " for a merge without review");
    }
    return MergeDecision.merge(
        String.format(Locale.ROOT, "verdict PASS with satisfaction %.2f, %d changed lines",
            context.report().satisfaction().score(), context.linesChanged()));
  }

  @Override
  public String toString() {
    return "TeamPolicy(maxLines=" + maxLines + ")";
  }
}

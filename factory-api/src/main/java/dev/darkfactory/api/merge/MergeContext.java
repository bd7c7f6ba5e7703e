package dev.darkfactory.api.merge;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.FileChange;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a merge policy decides from: the spec, the candidate, its evaluation, the reports of the
 * spec's earlier attempts, what the candidate changed, and what the spec has spent so far.
 *
 * @param spec the spec the candidate implements
 * @param candidate the candidate to decide on
 * @param report the candidate's evaluation
 * @param maxAttempts how many attempts the spec may have; a RETRY at the last is treated as REJECT
 * @param earlierReports evaluations of the spec's earlier attempts, oldest first
 * @param changes the files the candidate changed relative to its base, in path order; empty when
 *     not known
 * @param linesChanged lines added plus lines removed by the candidate; 0 when not known
 * @param spent the tokens the spec has consumed so far, every attempt's agent and evaluation
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record MergeContext(
    Spec spec,
    Candidate candidate,
    EvaluationReport report,
    int maxAttempts,
    List<EvaluationReport> earlierReports,
    List<FileChange> changes,
    int linesChanged,
    Usage spent) {

  /**
   * A context without the change's files, size or spending, for policies that need only the
   * evaluation.
   *
   * @param spec the spec the candidate implements
   * @param candidate the candidate to decide on
   * @param report the candidate's evaluation
   * @param maxAttempts how many attempts the spec may have
   * @param earlierReports evaluations of the spec's earlier attempts, oldest first
   */
  public MergeContext(
      Spec spec,
      Candidate candidate,
      EvaluationReport report,
      int maxAttempts,
      List<EvaluationReport> earlierReports) {
    this(spec, candidate, report, maxAttempts, earlierReports, List.of(), 0, Usage.ZERO);
  }

  /** Checks every component and that they describe the same candidate. */
  public MergeContext {
    Require.nonNull(spec, "spec");
    Require.nonNull(candidate, "candidate");
    Require.nonNull(report, "report");
    Require.same(spec.id(), candidate.specId(), "candidate spec id");
    Require.same(candidate, report.candidate(), "report candidate");
    Require.atLeast(maxAttempts, candidate.attempt(), "maxAttempts");
    earlierReports = Require.copyOf(earlierReports, "earlierReports");
    int previous = 0;
    for (EvaluationReport earlier : earlierReports) {
      Candidate c = earlier.candidate();
      Require.same(spec.id(), c.specId(), "earlier report spec id");
      if (c.attempt() <= previous || c.attempt() >= candidate.attempt()) {
        throw new IllegalArgumentException(
            "earlierReports must be of earlier attempts, oldest first, but attempt "
                + c.attempt()
                + " follows attempt "
                + previous
                + " for attempt "
                + candidate.attempt());
      }
      previous = c.attempt();
    }
    changes = Require.copyOf(changes, "changes");
    Require.atLeast(linesChanged, 0, "linesChanged");
    Require.nonNull(spent, "spent");
  }

  /** Whether attempts remain after this one. */
  public boolean attemptsRemain() {
    return candidate.attempt() < maxAttempts;
  }
}

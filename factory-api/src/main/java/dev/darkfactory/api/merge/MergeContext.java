package dev.darkfactory.api.merge;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.workspace.Candidate;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a merge policy decides from: the spec, the candidate, its evaluation, and the reports of
 * the spec's earlier attempts.
 *
 * <p>Experimental: the factory's track record (evaluator-vs-human alignment) will join it.
 *
 * @param spec the spec the candidate implements
 * @param candidate the candidate to decide on
 * @param report the candidate's evaluation
 * @param maxAttempts how many attempts the spec may have; a RETRY at the last is treated as REJECT
 * @param earlierReports evaluations of the spec's earlier attempts, oldest first
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record MergeContext(
    Spec spec,
    Candidate candidate,
    EvaluationReport report,
    int maxAttempts,
    List<EvaluationReport> earlierReports) {

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
  }

  /** Whether attempts remain after this one. */
  public boolean attemptsRemain() {
    return candidate.attempt() < maxAttempts;
  }
}

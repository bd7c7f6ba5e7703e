package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Decides what a coding agent learns about an earlier attempt's evaluation when it tries again.
 *
 * <p>Feedback is the one path from the evaluator back to the coder, so it is where holdouts could
 * leak: a policy must never pass on a holdout scenario's id, title, command, expected output or
 * trial detail. The default, {@link #countsOnly()}, tells which visible scenarios failed and how
 * many holdouts passed, nothing more.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface FeedbackPolicy {

  /**
   * The feedback for the attempt a report graded.
   *
   * @param report the evaluation of the attempt's candidate
   * @return what the next attempt is told
   */
  Feedback feedback(EvaluationReport report);

  /**
   * The notes the agent left during an attempt (see {@link
   * dev.darkfactory.api.agent.AgentContext#remember}) that the next attempts may read. The
   * default passes them all on; a policy may drop or redact notes.
   *
   * @param attempt the attempt the notes were left in
   * @param notes the notes, oldest first
   * @return the notes to pass on, oldest first
   */
  default List<String> notes(int attempt, List<String> notes) {
    return notes;
  }

  /**
   * The default: the verdict, the ids of failed visible scenarios, and holdout counts.
   *
   * @return the policy
   */
  static FeedbackPolicy countsOnly() {
    return report -> {
      List<ScenarioId> failedVisible =
          report.scenarios(Visibility.VISIBLE).stream()
              .filter(r -> r.verdict() != Verdict.PASS)
              .map(ScenarioResult::id)
              .toList();
      List<ScenarioResult> holdouts = report.scenarios(Visibility.HOLDOUT);
      int holdoutsPassed =
          (int) holdouts.stream().filter(r -> r.verdict() == Verdict.PASS).count();
      StringBuilder summary =
          new StringBuilder("the evaluator's verdict was ").append(report.verdict());
      if (!failedVisible.isEmpty()) {
        summary.append("; visible scenarios that did not pass: ");
        summary.append(String.join(", ", failedVisible.stream().map(ScenarioId::value).toList()));
      }
      if (!holdouts.isEmpty()) {
        summary
            .append("; hidden scenarios passed: ")
            .append(holdoutsPassed)
            .append(" of ")
            .append(holdouts.size());
      }
      return new Feedback(
          report.candidate().attempt(),
          summary.toString(),
          failedVisible,
          holdoutsPassed,
          holdouts.size());
    };
  }
}

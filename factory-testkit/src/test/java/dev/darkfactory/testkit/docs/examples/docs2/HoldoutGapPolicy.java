package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.spec.Visibility;
import java.util.List;

/**
 * Follows the verdict, except that a PASS merges only when every holdout passed too. A candidate
 * that satisfies its required scenarios but fails an optional holdout may fit only the visible
 * examples, so a human looks at it first.
 */
public final class HoldoutGapPolicy implements MergePolicy {

  @Override
  public MergeDecision decide(MergeContext context) {
    EvaluationReport report = context.report();
    return switch (report.verdict()) {
      case PASS -> {
        List<String> missed =
            report.scenarios(Visibility.HOLDOUT).stream()
                .filter(r -> r.verdict() != Verdict.PASS)
                .map(r -> r.id().value())
                .toList();
        yield missed.isEmpty()
            ? MergeDecision.merge("every required scenario and every holdout passed")
            : MergeDecision.hold(
                "the required scenarios passed but holdouts " + missed
                    + " did not: the change may fit only the visible examples");
      }
      case FAIL ->
          context.attemptsRemain()
              ? MergeDecision.retry("required scenarios failed; attempts remain")
              : MergeDecision.reject(
                  "required scenarios failed on the last of " + context.maxAttempts() + " attempts");
      case SUSPECT ->
          MergeDecision.reject("signs of tampering: " + String.join("; ", report.tamperSignals()));
      case INVALID ->
          MergeDecision.hold("the evaluation could not decide: " + String.join("; ", report.notes()));
    };
  }
}

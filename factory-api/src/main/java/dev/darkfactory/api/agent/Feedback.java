package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.ScenarioId;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a coding agent is told about an earlier attempt that was sent back for another try.
 *
 * <p>Feedback is produced by the factory's feedback policy from the evaluation report, and holds
 * only what that policy allows. The default reveals which visible scenarios failed and how many
 * holdouts passed, never which holdouts, what they check, or what they printed.
 *
 * @param attempt the attempt this feedback is about, from 1
 * @param summary a plain-language account for the agent; may be empty
 * @param failedVisibleScenarios visible scenarios that failed in that attempt
 * @param holdoutsPassed how many holdout scenarios passed; at least 0
 * @param holdoutsTotal how many holdout scenarios there were; at least {@code holdoutsPassed}
 * @param notes the notes the agent left during that attempt for later attempts (see {@link
 *     AgentContext#remember}), oldest first, as the feedback policy passed them on
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Feedback(
    int attempt,
    String summary,
    List<ScenarioId> failedVisibleScenarios,
    int holdoutsPassed,
    int holdoutsTotal,
    List<String> notes) {

  /** Checks every component. */
  public Feedback {
    Require.atLeast(attempt, 1, "attempt");
    Require.nonNull(summary, "summary");
    failedVisibleScenarios =
        List.copyOf(Require.distinct(failedVisibleScenarios, "failedVisibleScenarios"));
    Require.atLeast(holdoutsPassed, 0, "holdoutsPassed");
    Require.atLeast(holdoutsTotal, holdoutsPassed, "holdoutsTotal");
    notes = Require.copyOf(notes, "notes");
  }

  /**
   * Feedback without notes.
   *
   * @param attempt the attempt this feedback is about, from 1
   * @param summary a plain-language account for the agent
   * @param failedVisibleScenarios visible scenarios that failed in that attempt
   * @param holdoutsPassed how many holdout scenarios passed
   * @param holdoutsTotal how many holdout scenarios there were
   */
  public Feedback(
      int attempt,
      String summary,
      List<ScenarioId> failedVisibleScenarios,
      int holdoutsPassed,
      int holdoutsTotal) {
    this(attempt, summary, failedVisibleScenarios, holdoutsPassed, holdoutsTotal, List.of());
  }

  /**
   * The same feedback with the agent's notes.
   *
   * @param notes the notes, oldest first
   * @return the feedback
   */
  public Feedback withNotes(List<String> notes) {
    return new Feedback(
        attempt, summary, failedVisibleScenarios, holdoutsPassed, holdoutsTotal, notes);
  }
}

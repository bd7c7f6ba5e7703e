package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link ToolLoopAgent} knows before a model call, for its {@link ModelRouter}.
 *
 * <p>Everything here only grows during an attempt ({@code loopWarnings}, {@code
 * longestFailedRoundStreak}) or describes the last round, so a router that reads it and keeps no
 * state of its own can still stay escalated "for the rest of the attempt".
 *
 * @param spec the spec of the attempt
 * @param attempt the attempt's number, from 1
 * @param earlierAttempts the feedback of earlier attempts at the spec, oldest first: each was sent
 *     back (a failed evaluation, nothing to evaluate, or a conflict), with the verdict in its
 *     summary
 * @param visibleScenarios how many visible scenarios the spec has, to score the feedback with
 * @param turn the coming turn, from 1
 * @param currentModel the model the previous turn asked; {@code null} before the first turn
 * @param turnsOnCurrentModel how many turns in a row, up to the previous one, asked {@code
 *     currentModel}; 0 before the first turn
 * @param lastRound the tool calls of the previous turn's round, in order, after the hooks'
 *     rewrites, each with whether its result was an error; empty on the first turn and after a
 *     response without tool calls
 * @param step what the previous round did
 * @param loopWarnings how many loop warnings the model was sent in this attempt so far
 * @param loopWarnedLastRound whether the previous round's results came with a loop warning
 * @param failedRoundStreak how many tool rounds in a row, up to the last one, failed (every call
 *     in them got an error result)
 * @param longestFailedRoundStreak the longest such streak in this attempt so far
 * @param usage the usage of every call of the attempt so far
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RoutingContext(
    SpecId spec,
    int attempt,
    List<Feedback> earlierAttempts,
    int visibleScenarios,
    int turn,
    @Nullable String currentModel,
    int turnsOnCurrentModel,
    List<Call> lastRound,
    Step step,
    int loopWarnings,
    boolean loopWarnedLastRound,
    int failedRoundStreak,
    int longestFailedRoundStreak,
    Usage usage) {

  /** Checks every component. */
  public RoutingContext {
    Require.nonNull(spec, "spec");
    Require.atLeast(attempt, 1, "attempt");
    earlierAttempts = Require.copyOf(earlierAttempts, "earlierAttempts");
    Require.atLeast(visibleScenarios, 0, "visibleScenarios");
    Require.atLeast(turn, 1, "turn");
    Require.atLeast(turnsOnCurrentModel, 0, "turnsOnCurrentModel");
    lastRound = Require.copyOf(lastRound, "lastRound");
    Require.nonNull(step, "step");
    Require.atLeast(loopWarnings, 0, "loopWarnings");
    Require.atLeast(failedRoundStreak, 0, "failedRoundStreak");
    Require.atLeast(longestFailedRoundStreak, failedRoundStreak, "longestFailedRoundStreak");
    Require.nonNull(usage, "usage");
  }

  /**
   * The latest earlier attempt's feedback, if there was an earlier attempt.
   *
   * @return the feedback
   */
  public Optional<Feedback> latestEarlierAttempt() {
    return earlierAttempts.isEmpty()
        ? Optional.empty()
        : Optional.of(earlierAttempts.get(earlierAttempts.size() - 1));
  }

  /**
   * How well an earlier attempt did, from 0 to 1: the share of the spec's scenarios, visible and
   * hidden, that passed. An attempt with no scenario result at all (nothing to evaluate, a
   * conflict: no failed visible scenario and no hidden one counted) scores 0.
   *
   * @param feedback the feedback of an earlier attempt
   * @return the score
   */
  public double score(Feedback feedback) {
    Require.nonNull(feedback, "feedback");
    if (feedback.failedVisibleScenarios().isEmpty() && feedback.holdoutsTotal() == 0) {
      return 0.0;
    }
    int visible = Math.max(visibleScenarios, feedback.failedVisibleScenarios().size());
    int total = visible + feedback.holdoutsTotal();
    int passed = visible - feedback.failedVisibleScenarios().size() + feedback.holdoutsPassed();
    return total == 0 ? 0.0 : (double) passed / total;
  }

  /**
   * One tool call of a round, as routers see it.
   *
   * @param name the tool that answered, after the hooks' rewrites
   * @param error whether its result was an error (a refused call, bad arguments, a failing tool);
   *     a command that exits non-zero is not one
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Call(String name, boolean error) {
    /** Checks every component. */
    public Call {
      Require.nonBlank(name, "name");
    }
  }

  /**
   * What a tool round did.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum Step {
    /** No round to judge: the first turn, or the previous response made no tool call. */
    NONE,
    /**
     * The round only read, listed or searched (the agent's {@linkplain
     * ToolLoopAgent.Builder#exploringTools exploring tools}), or left notes.
     */
    EXPLORING,
    /** The round wrote, edited, ran a command or called any other tool. */
    EDITING
  }
}

package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * How the {@link ToolLoopAgent} notices that it goes round in circles.
 *
 * <p>Each tool call has a signature: the tool's name and a hash of its arguments as canonical JSON
 * (keys sorted). When the most recent calls are one pattern of 1 to {@code maxPatternLength}
 * calls repeated {@code repetitions} times in a row, the agent adds a warning to the tool results.
 * If the next calls continue the pattern, the attempt ends as {@link
 * dev.darkfactory.api.agent.AgentOutcome.Aborted.Cause#LOOP_DETECTED}; if they break it, the
 * warning is forgotten.
 *
 * <p>Separately, after {@code noProgressRounds} tool rounds in a row that leave the workspace's
 * content unchanged (a hash of every file but {@code .git}), the attempt ends as {@link
 * dev.darkfactory.api.agent.AgentOutcome.Aborted.Cause#NO_PROGRESS}.
 *
 * @param repetitions how many times a pattern must repeat to be a loop; at least 2, or 0 to turn
 *     loop detection off
 * @param maxPatternLength the longest pattern looked for; 1 to 10
 * @param noProgressRounds how many tool rounds without a change end the attempt; at least 1, or 0
 *     to turn the check off
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record LoopDetection(int repetitions, int maxPatternLength, int noProgressRounds) {

  /** Checks every component. */
  public LoopDetection {
    if (repetitions != 0) {
      Require.atLeast(repetitions, 2, "repetitions");
    }
    Require.atLeast(maxPatternLength, 1, "maxPatternLength");
    if (maxPatternLength > 10) {
      throw new IllegalArgumentException(
          "maxPatternLength must be at most 10 but was " + maxPatternLength);
    }
    Require.atLeast(noProgressRounds, 0, "noProgressRounds");
  }

  /**
   * The defaults: patterns of 1 to 3 calls repeated 3 times; 25 tool rounds without progress.
   *
   * @return the settings
   */
  public static LoopDetection defaults() {
    return new LoopDetection(3, 3, 25);
  }

  /**
   * Neither check.
   *
   * @return the settings
   */
  public static LoopDetection off() {
    return new LoopDetection(0, 3, 0);
  }

  /**
   * These settings with another repetition count.
   *
   * @param times how many repetitions make a loop; 0 turns the check off
   * @return the settings
   */
  public LoopDetection withRepetitions(int times) {
    return new LoopDetection(times, maxPatternLength, noProgressRounds);
  }

  /**
   * These settings with another no-progress limit.
   *
   * @param rounds how many tool rounds without a change end the attempt; 0 turns the check off
   * @return the settings
   */
  public LoopDetection withNoProgressRounds(int rounds) {
    return new LoopDetection(repetitions, maxPatternLength, rounds);
  }
}

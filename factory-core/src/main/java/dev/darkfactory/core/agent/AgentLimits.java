package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * The limits of one attempt of the {@link ToolLoopAgent}; reaching one ends the attempt with
 * {@link dev.darkfactory.api.agent.AgentOutcome.LimitReached}. Money is limited by the attempt's
 * budget, not here.
 *
 * <p>Each limit is checked before every model call: the turns made so far, the wall-clock time
 * since the attempt started (on the context's clock) and the tokens used so far (every kind,
 * summed), so the call that crosses the token limit is the last. Tool rounds are checked before a
 * round runs: the response that would start one round too many is recorded, its calls are not run.
 *
 * @param maxTurns the most model calls; at least 1
 * @param maxToolRounds the most rounds of tool calls (one round per model response that calls
 *     tools); at least 1
 * @param maxWallClock the longest the attempt may run; positive
 * @param maxTokens the most tokens of every kind the attempt may use; at least 1
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record AgentLimits(int maxTurns, int maxToolRounds, Duration maxWallClock, long maxTokens) {

  /** Checks every component. */
  public AgentLimits {
    Require.atLeast(maxTurns, 1, "maxTurns");
    Require.atLeast(maxToolRounds, 1, "maxToolRounds");
    Require.positive(maxWallClock, "maxWallClock");
    Require.atLeast(maxTokens, 1L, "maxTokens");
  }

  /**
   * The defaults: 100 turns, 100 tool rounds, 45 minutes, 20 million tokens.
   *
   * @return the limits
   */
  public static AgentLimits defaults() {
    return new AgentLimits(100, 100, Duration.ofMinutes(45), 20_000_000L);
  }

  /**
   * These limits with another turn limit.
   *
   * @param turns the most model calls
   * @return the limits
   */
  public AgentLimits withMaxTurns(int turns) {
    return new AgentLimits(turns, maxToolRounds, maxWallClock, maxTokens);
  }

  /**
   * These limits with another tool-round limit.
   *
   * @param rounds the most rounds of tool calls
   * @return the limits
   */
  public AgentLimits withMaxToolRounds(int rounds) {
    return new AgentLimits(maxTurns, rounds, maxWallClock, maxTokens);
  }

  /**
   * These limits with another wall-clock limit.
   *
   * @param wallClock the longest the attempt may run
   * @return the limits
   */
  public AgentLimits withMaxWallClock(Duration wallClock) {
    return new AgentLimits(maxTurns, maxToolRounds, wallClock, maxTokens);
  }

  /**
   * These limits with another token limit.
   *
   * @param tokens the most tokens
   * @return the limits
   */
  public AgentLimits withMaxTokens(long tokens) {
    return new AgentLimits(maxTurns, maxToolRounds, maxWallClock, tokens);
  }
}

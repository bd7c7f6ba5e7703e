package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * When the {@link ToolLoopAgent} warns that the provider's prompt cache hits less than the stable
 * prefix should give ({@link AgentEvent.CacheHitLow}).
 *
 * <p>Every request of an attempt repeats the previous one and appends to it, so from the second
 * turn on, a provider that caches prefixes should read at least the previous request's input from
 * its cache. The loop expects that many cached tokens on a turn (at most the turn's input) when
 * the previous request went to the same model (caches are per model) and held at least {@code
 * minPrefixTokens} (below which providers do not cache); it expects nothing on the first turn and
 * after a model switch. Over the last {@code windowTurns} turns that had input (the first turn
 * left out), it compares the share of input read from the cache with the expected share, and
 * warns once per attempt when the observed share is below {@code tolerance} times the expected
 * one. Turns answered without input tokens (a response cache hit) are left out.
 *
 * @param windowTurns how many recent turns are compared; 0 turns the warning off (the {@link
 *     AgentEvent.CacheReport} at the end is still sent)
 * @param tolerance the share of the expected hit rate below which the loop warns, from 0 to 1
 * @param minPrefixTokens the fewest input tokens a request must have for the next one to be
 *     expected to read it from the cache; at least 0
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record PromptCacheCheck(int windowTurns, double tolerance, long minPrefixTokens) {

  /** Checks every component. */
  public PromptCacheCheck {
    Require.atLeast(windowTurns, 0, "windowTurns");
    Require.between(tolerance, 0.0, 1.0, "tolerance");
    Require.atLeast(minPrefixTokens, 0L, "minPrefixTokens");
  }

  /**
   * The defaults: the last 3 turns, warn below half the expected hit rate, prefixes of at least
   * 1,024 tokens (Anthropic's and OpenAI's smallest cacheable prompt).
   *
   * @return the settings
   */
  public static PromptCacheCheck defaults() {
    return new PromptCacheCheck(3, 0.5, 1024);
  }

  /**
   * No warning; the report at the end of each attempt is still sent.
   *
   * @return the settings
   */
  public static PromptCacheCheck off() {
    return new PromptCacheCheck(0, 0.5, 1024);
  }

  /**
   * The same settings with another window.
   *
   * @param turns how many recent turns are compared; 0 turns the warning off
   * @return the settings
   */
  public PromptCacheCheck withWindowTurns(int turns) {
    return new PromptCacheCheck(turns, tolerance, minPrefixTokens);
  }

  /**
   * The same settings with another tolerance.
   *
   * @param share from 0 to 1
   * @return the settings
   */
  public PromptCacheCheck withTolerance(double share) {
    return new PromptCacheCheck(windowTurns, share, minPrefixTokens);
  }

  /**
   * The same settings with another smallest cacheable prefix.
   *
   * @param tokens at least 0
   * @return the settings
   */
  public PromptCacheCheck withMinPrefixTokens(long tokens) {
    return new PromptCacheCheck(windowTurns, tolerance, tokens);
  }
}

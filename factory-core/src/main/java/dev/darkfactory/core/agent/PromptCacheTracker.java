package dev.darkfactory.core.agent;

import dev.darkfactory.api.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Follows an attempt's prompt-cache reads against what its stable prefix should give; see {@link
 * PromptCacheCheck}. Not thread-safe: one per attempt.
 */
final class PromptCacheTracker {

  /** The observed and expected hit rates over the window, when the observed one is too low. */
  record Low(double actual, double expected) {}

  private record Turn(int turn, String model, long input, long read, long expected) {}

  private final PromptCacheCheck check;
  private final boolean warn;
  private final List<Turn> turns = new ArrayList<>();
  private @Nullable String lastModel;
  private @Nullable Turn lastWithInput;
  private long input;
  private long expected;
  private boolean warned;

  /**
   * @param check the settings
   * @param warn whether to warn at all (not when prompt caching is turned off for the requests)
   */
  PromptCacheTracker(PromptCacheCheck check, boolean warn) {
    this.check = check;
    this.warn = warn && check.windowTurns() > 0;
  }

  /**
   * Adds a turn's usage; says, once per attempt, when the hit rate over the window is low.
   *
   * @param turn the turn, from 1
   * @param model the model the request went to
   * @param usage the turn's usage
   * @return the rates when they are to be warned about, else null
   */
  @Nullable Low add(int turn, String model, Usage usage) {
    long in = usage.totalInputTokens();
    long exp = 0;
    if (in > 0
        && model.equals(lastModel)
        && lastWithInput != null
        && lastWithInput.model().equals(model)
        && lastWithInput.input() >= check.minPrefixTokens()) {
      exp = Math.min(lastWithInput.input(), in);
    }
    lastModel = model;
    input += in;
    expected += exp;
    if (in == 0) {
      return null;
    }
    Turn t = new Turn(turn, model, in, usage.cacheReadTokens(), exp);
    lastWithInput = t;
    if (turn > 1) {
      turns.add(t);
    }
    if (!warn || warned || turns.size() < check.windowTurns()) {
      return null;
    }
    long windowInput = 0;
    long windowRead = 0;
    long windowExpected = 0;
    for (Turn w : turns.subList(turns.size() - check.windowTurns(), turns.size())) {
      windowInput += w.input();
      windowRead += w.read();
      windowExpected += w.expected();
    }
    double expectedRate = (double) windowExpected / windowInput;
    double actualRate = (double) windowRead / windowInput;
    if (expectedRate > 0 && actualRate < check.tolerance() * expectedRate) {
      warned = true;
      return new Low(actualRate, expectedRate);
    }
    return null;
  }

  /** The share of all input the stable prefix should have read from the cache, from 0 to 1. */
  double expectedHitRate() {
    return input == 0 ? 0.0 : (double) expected / input;
  }
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Names of the {@link dev.darkfactory.api.model.ModelRequest#metadata() request metadata} keys the
 * bundled providers understand. Each provider maps a hint onto its vendor's field and ignores the
 * hints its vendor has no use for; metadata is never sent as conversation content.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ModelHints {

  /**
   * A stable key that groups requests sharing a prompt prefix, so the vendor routes them to the
   * same cache (OpenAI {@code prompt_cache_key}).
   */
  public static final String PROMPT_CACHE_KEY = "prompt_cache_key";

  /**
   * {@code "off"} turns automatic prompt-cache breakpoints off for one request (Anthropic {@code
   * cache_control}); any other value, or none, leaves the provider's setting.
   */
  public static final String PROMPT_CACHING = "prompt_caching";

  /**
   * How hard a reasoning model should think: {@code minimal}, {@code low}, {@code medium} or
   * {@code high} (OpenAI {@code reasoning.effort}, Chat Completions {@code reasoning_effort}).
   */
  public static final String REASONING_EFFORT = "reasoning_effort";

  /**
   * The most tokens a model may spend thinking, as a decimal integer (Anthropic extended
   * thinking {@code budget_tokens}, Gemini {@code thinkingBudget}).
   */
  public static final String THINKING_BUDGET_TOKENS = "thinking_budget_tokens";

  private ModelHints() {}
}

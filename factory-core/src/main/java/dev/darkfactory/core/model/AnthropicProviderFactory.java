package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Makes {@link AnthropicProvider}s from the environment: configured when {@code
 * ANTHROPIC_API_KEY} is set, with {@code ANTHROPIC_BASE_URL} as an optional override.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AnthropicProviderFactory implements ModelProviderFactory {

  /** For {@link java.util.ServiceLoader}. */
  public AnthropicProviderFactory() {}

  /** Returns {@code "anthropic"}. */
  @Override
  public String id() {
    return AnthropicProvider.PROVIDER_ID;
  }

  /** Whether {@code ANTHROPIC_API_KEY} is set and not blank. */
  @Override
  public boolean isConfigured(Map<String, String> environment) {
    Require.nonNull(environment, "environment");
    String key = environment.get(AnthropicProvider.API_KEY_VARIABLE);
    return key != null && !key.isBlank();
  }

  /** {@link AnthropicProvider#fromEnvironment(Map)}. */
  @Override
  public ModelProvider create(Map<String, String> environment) {
    return AnthropicProvider.fromEnvironment(environment);
  }
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Makes {@link GeminiProvider}s from the environment, for {@link java.util.ServiceLoader}: configured
 * when {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY} holds a key.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GeminiProviderFactory implements ModelProviderFactory {

  /** For {@link java.util.ServiceLoader}. */
  public GeminiProviderFactory() {}

  /** Always {@value GeminiProvider#PROVIDER_ID}. */
  @Override
  public String id() {
    return GeminiProvider.PROVIDER_ID;
  }

  /** Whether {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY} is set and not blank. */
  @Override
  public boolean isConfigured(Map<String, String> environment) {
    return GeminiProvider.apiKeyFrom(environment) != null;
  }

  /** {@link GeminiProvider#fromEnvironment(Map)}. */
  @Override
  public ModelProvider create(Map<String, String> environment) {
    return GeminiProvider.fromEnvironment(environment);
  }
}

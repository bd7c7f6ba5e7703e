package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Makes {@link AcmeProvider}s from the environment: {@code ACME_API_KEY} (required) and {@code
 * ACME_BASE_URL} (default {@code https://api.acme.example}). Listed in {@code
 * META-INF/services/dev.darkfactory.api.model.ModelProviderFactory}.
 */
public final class AcmeProviderFactory implements ModelProviderFactory {

  /** For {@link java.util.ServiceLoader}. */
  public AcmeProviderFactory() {}

  @Override
  public String id() {
    return "acme";
  }

  @Override
  public boolean isConfigured(Map<String, String> environment) {
    String key = environment.get("ACME_API_KEY");
    return key != null && !key.isBlank();
  }

  @Override
  public ModelProvider create(Map<String, String> environment) {
    if (!isConfigured(environment)) {
      throw new IllegalArgumentException("the acme provider needs ACME_API_KEY, which is not set");
    }
    String base = environment.getOrDefault("ACME_BASE_URL", "https://api.acme.example");
    return new AcmeProvider(URI.create(base), environment.get("ACME_API_KEY").strip(), Duration.ofMinutes(10));
  }
}

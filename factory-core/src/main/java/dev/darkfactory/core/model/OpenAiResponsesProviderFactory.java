package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Makes {@link OpenAiResponsesProvider}s from the environment, for {@link java.util.ServiceLoader}:
 * configured when {@code OPENAI_API_KEY} is set.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class OpenAiResponsesProviderFactory implements ModelProviderFactory {

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public OpenAiResponsesProviderFactory() {}

  /** Always {@value OpenAiResponsesProvider#PROVIDER_ID}. */
  @Override
  public String id() {
    return OpenAiResponsesProvider.PROVIDER_ID;
  }

  /** Whether {@code OPENAI_API_KEY} is set to something other than blanks. */
  @Override
  public boolean isConfigured(Map<String, String> environment) {
    Require.nonNull(environment, "environment");
    String key = environment.get(OpenAiResponsesProvider.API_KEY_VARIABLE);
    return key != null && !key.isBlank();
  }

  /** {@link OpenAiResponsesProvider#fromEnvironment(Map)}. */
  @Override
  public ModelProvider create(Map<String, String> environment) {
    return OpenAiResponsesProvider.fromEnvironment(environment);
  }
}

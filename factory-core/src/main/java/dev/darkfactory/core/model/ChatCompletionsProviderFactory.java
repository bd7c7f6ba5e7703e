package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Makes {@link ChatCompletionsProvider}s ({@value ChatCompletionsProvider#PROVIDER_ID}) from the
 * environment, for {@link java.util.ServiceLoader}.
 *
 * <p>Configured when {@value ChatCompletionsProvider#BASE_URL_VARIABLE} or {@value
 * ChatCompletionsProvider#API_KEY_VARIABLE} is set: a base URL alone for a local server, a key alone for
 * OpenAI, both for a hosted gateway.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ChatCompletionsProviderFactory implements ModelProviderFactory {

  /** For {@link java.util.ServiceLoader}. */
  public ChatCompletionsProviderFactory() {}

  /** Always {@value ChatCompletionsProvider#PROVIDER_ID}. */
  @Override
  public String id() {
    return ChatCompletionsProvider.PROVIDER_ID;
  }

  /**
   * Whether {@value ChatCompletionsProvider#BASE_URL_VARIABLE} or {@value
   * ChatCompletionsProvider#API_KEY_VARIABLE} is set to something other than blanks.
   */
  @Override
  public boolean isConfigured(Map<String, String> environment) {
    return ChatCompletionsProvider.configuredIn(Require.nonNull(environment, "environment"));
  }

  /** {@link ChatCompletionsProvider#fromEnvironment(Map)}. */
  @Override
  public ModelProvider create(Map<String, String> environment) {
    return ChatCompletionsProvider.fromEnvironment(environment);
  }
}

package dev.darkfactory.testkit.model;

/**
 * {@link dev.darkfactory.core.model.GeminiProvider} keeps the provider contract against a stage
 * that sends function calls without ids, as Gemini 2.5 models do: the provider makes the ids up
 * and never sends them back.
 */
class GeminiWithoutCallIdsContractTest extends ModelProviderContract {

  @Override
  protected ProviderStage stage() {
    return new GeminiStage(false);
  }
}

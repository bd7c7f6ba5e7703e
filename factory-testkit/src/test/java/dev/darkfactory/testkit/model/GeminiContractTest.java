package dev.darkfactory.testkit.model;

/**
 * {@link dev.darkfactory.core.model.GeminiProvider} keeps the provider contract against a stage
 * that gives function calls ids, as Gemini 3 models do.
 */
class GeminiContractTest extends ModelProviderContract {

  @Override
  protected ProviderStage stage() {
    return new GeminiStage(true);
  }
}

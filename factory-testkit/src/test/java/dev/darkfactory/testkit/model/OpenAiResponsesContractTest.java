package dev.darkfactory.testkit.model;

/** {@link dev.darkfactory.core.model.OpenAiResponsesProvider} keeps the provider contract. */
class OpenAiResponsesContractTest extends ModelProviderContract {

  @Override
  protected ProviderStage stage() {
    return new OpenAiResponsesStage();
  }
}

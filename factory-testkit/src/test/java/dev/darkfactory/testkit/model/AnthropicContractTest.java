package dev.darkfactory.testkit.model;

/** {@link dev.darkfactory.core.model.AnthropicProvider} keeps the provider contract. */
class AnthropicContractTest extends ModelProviderContract {

  @Override
  protected ProviderStage stage() {
    return new AnthropicStage();
  }
}

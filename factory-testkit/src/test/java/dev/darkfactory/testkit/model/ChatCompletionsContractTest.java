package dev.darkfactory.testkit.model;

/** {@code ChatCompletionsProvider} keeps the provider contract against a Chat Completions stage. */
class ChatCompletionsContractTest extends ModelProviderContract {

  @Override
  protected ProviderStage stage() {
    return new ChatCompletionsStage();
  }
}

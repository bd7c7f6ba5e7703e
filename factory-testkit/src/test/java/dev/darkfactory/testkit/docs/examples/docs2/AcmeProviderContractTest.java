package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.testkit.model.ModelProviderContract;
import dev.darkfactory.testkit.model.ProviderStage;

/** {@link AcmeProvider} keeps the provider contract against an Acme stage. */
class AcmeProviderContractTest extends ModelProviderContract {

  @Override
  protected ProviderStage stage() {
    return new AcmeStage();
  }
}

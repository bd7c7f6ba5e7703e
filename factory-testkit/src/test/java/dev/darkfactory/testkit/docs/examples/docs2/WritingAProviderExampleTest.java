package dev.darkfactory.testkit.docs.examples.docs2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.model.ModelPipeline;
import dev.darkfactory.core.model.ModelProviders;
import dev.darkfactory.core.model.RetryInterceptor;
import dev.darkfactory.testkit.model.ProviderStage;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example of {@code docs/writing-a-provider.md}: {@link AcmeProviderFactory} found through its
 * {@code META-INF/services} file, as it would be in the provider's jar, and the provider it makes
 * answering through a retrying pipeline. The contract run is {@link AcmeProviderContractTest}.
 */
class WritingAProviderExampleTest {

  /** A class loader that sees the example's service file, as a jar on the class path would. */
  private static ClassLoader withAcmeJar() {
    URL jar = WritingAProviderExampleTest.class.getResource("acme-jar/");
    assertThat(jar).as("the example's service file directory").isNotNull();
    return new URLClassLoader(new URL[] {jar}, WritingAProviderExampleTest.class.getClassLoader());
  }

  @Test
  void theRegistryFindsTheFactoryThroughItsServiceFileAndTheProviderAnswers() throws Exception {
    try (AcmeStage stage = new AcmeStage()) {
      stage.fail(ProviderStage.Failure.OVERLOADED);
      stage.replyText("Hello from Acme.", Usage.of(12, 4));
      Map<String, String> environment =
          Map.of("ACME_API_KEY", AcmeStage.KEY, "ACME_BASE_URL", stage.baseUrl());

      ModelProviders providers =
          ModelProviders.builder().environment(environment).classLoader(withAcmeJar()).build();
      ModelProvider model =
          ModelPipeline.builder(providers.get("acme"))
              .interceptor(RetryInterceptor.builder().build())
              .build();
      ModelResponse answer =
          model.complete(ModelRequest.builder("acme-1").message(Message.user("Say hello.")).build());

      assertThat(providers.configuredIds()).contains("acme");
      assertThat(answer.message().text()).isEqualTo("Hello from Acme.");
      assertThat(answer.usage()).isEqualTo(Usage.of(12, 4));
      assertThat(stage.takeRequest(Duration.ofSeconds(5))).isEqualTo(stage.takeRequest(Duration.ofSeconds(5)));
    }
  }

  @Test
  void withoutItsKeyTheProviderIsNotConfiguredAndAskingForItNamesTheVariable() throws Exception {
    ModelProviders providers =
        ModelProviders.builder().environment(Map.of()).classLoader(withAcmeJar()).build();

    assertThat(providers.ids()).contains("acme");
    assertThat(providers.configuredIds()).doesNotContain("acme");
    assertThat(providers.find("acme")).isEmpty();
    assertThatThrownBy(() -> providers.get("acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the acme provider needs ACME_API_KEY, which is not set");
  }

  @Test
  void withoutTheServiceFileTheRegistryDoesNotKnowTheProvider() {
    ModelProviders providers =
        ModelProviders.builder()
            .environment(Map.of("ACME_API_KEY", "k"))
            .classLoader(WritingAProviderExampleTest.class.getClassLoader())
            .build();

    assertThat(providers.ids()).doesNotContain("acme");
    assertThatThrownBy(() -> providers.get("acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no model provider has id 'acme'; known ids: [");
  }

  @Test
  void aFactoryRegisteredExplicitlyNeedsNoServiceFile() {
    ModelProviders providers =
        ModelProviders.builder()
            .environment(Map.of("ACME_API_KEY", "k"))
            .register(new AcmeProviderFactory())
            .build();

    assertThat(providers.get("acme").id()).isEqualTo("acme");
  }
}

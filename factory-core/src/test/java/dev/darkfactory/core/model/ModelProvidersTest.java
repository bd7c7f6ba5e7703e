package dev.darkfactory.core.model;

import static dev.darkfactory.core.model.RetryInterceptorTest.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelProvidersTest {

  /** A provider that answers with its own label. */
  record Labelled(String id, String label) implements ModelProvider {
    @Override
    public ModelResponse complete(ModelRequest request) {
      return answer(label);
    }
  }

  /** Configured by ALPHA_KEY. */
  public static final class AlphaFactory implements ModelProviderFactory {
    @Override
    public String id() {
      return "alpha";
    }

    @Override
    public boolean isConfigured(Map<String, String> environment) {
      return environment.containsKey("ALPHA_KEY");
    }

    @Override
    public ModelProvider create(Map<String, String> environment) {
      String key = environment.get("ALPHA_KEY");
      if (key == null) {
        throw new IllegalArgumentException("ALPHA_KEY is not set");
      }
      return new Labelled("alpha", "alpha with " + key);
    }
  }

  /** A second factory claiming the id "alpha". */
  public static final class RivalAlphaFactory implements ModelProviderFactory {
    @Override
    public String id() {
      return "alpha";
    }

    @Override
    public boolean isConfigured(Map<String, String> environment) {
      return true;
    }

    @Override
    public ModelProvider create(Map<String, String> environment) {
      return new Labelled("alpha", "rival");
    }
  }

  /** Says "beta" but makes a provider with another id. */
  public static final class LyingFactory implements ModelProviderFactory {
    @Override
    public String id() {
      return "beta";
    }

    @Override
    public boolean isConfigured(Map<String, String> environment) {
      return true;
    }

    @Override
    public ModelProvider create(Map<String, String> environment) {
      return new Labelled("gamma", "liar");
    }
  }

  @TempDir Path classpath;

  ClassLoader listing(Class<?>... factories) throws Exception {
    Path services = classpath.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder lines = new StringBuilder();
    for (Class<?> f : factories) {
      lines.append(f.getName()).append('\n');
    }
    Files.writeString(services.resolve(ModelProviderFactory.class.getName()), lines);
    return new URLClassLoader(new URL[] {classpath.toUri().toURL()}, getClass().getClassLoader());
  }

  ModelProviders.Builder registry(ClassLoader loader) {
    return ModelProviders.builder().classLoader(loader).environment(Map.of("ALPHA_KEY", "k1"));
  }

  String answerOf(ModelProvider p) throws Exception {
    return p.complete(RetryInterceptorTest.REQUEST).message().text();
  }

  @Test
  void discoversFactoriesAndMakesEachProviderOnce() throws Exception {
    ModelProviders providers = registry(listing(AlphaFactory.class)).build();

    ModelProvider alpha = providers.get("alpha");

    assertThat(answerOf(alpha)).isEqualTo("alpha with k1");
    assertThat(providers.get("alpha")).isSameAs(alpha);
    assertThat(providers.ids()).contains("alpha");
    assertThat(providers.configuredIds()).contains("alpha");
  }

  @Test
  void anExplicitProviderWinsOverADiscoveredOne() throws Exception {
    ModelProviders providers =
        registry(listing(AlphaFactory.class)).register(new Labelled("alpha", "mine")).build();

    assertThat(answerOf(providers.get("alpha"))).isEqualTo("mine");
  }

  @Test
  void twoDiscoveredFactoriesWithOneIdFailNamingBoth() throws Exception {
    ClassLoader loader = listing(AlphaFactory.class, RivalAlphaFactory.class);

    assertThatThrownBy(() -> registry(loader).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two model provider factories on the class path have id 'alpha'")
        .hasMessageContaining(AlphaFactory.class.getName())
        .hasMessageContaining(RivalAlphaFactory.class.getName());
  }

  @Test
  void anExplicitChoiceSettlesTwoDiscoveredFactories() throws Exception {
    ModelProviders providers =
        registry(listing(AlphaFactory.class, RivalAlphaFactory.class))
            .register(new RivalAlphaFactory())
            .build();

    assertThat(answerOf(providers.get("alpha"))).isEqualTo("rival");
  }

  @Test
  void registeringOneIdTwiceFailsNamingBoth() {
    ModelProviders.Builder b = ModelProviders.builder().register(new Labelled("x", "1"));

    assertThatThrownBy(() -> b.register(new Labelled("x", "2")))
        .hasMessageContaining("model provider id 'x' is registered twice")
        .hasMessageContaining(Labelled.class.getName());
    assertThatThrownBy(() -> ModelProviders.builder().register(new AlphaFactory()).register(new RivalAlphaFactory()))
        .hasMessageContaining(AlphaFactory.class.getName())
        .hasMessageContaining(RivalAlphaFactory.class.getName());
  }

  @Test
  void unknownAndUnconfiguredIdsSayWhatIsMissing() throws Exception {
    ModelProviders providers =
        ModelProviders.builder()
            .classLoader(listing(AlphaFactory.class))
            .environment(Map.of())
            .build();

    assertThatThrownBy(() -> providers.get("zeta"))
        .hasMessageContaining("no model provider has id 'zeta'; known ids: [")
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> providers.get("alpha")).hasMessageContaining("ALPHA_KEY is not set");
    assertThat(providers.find("alpha")).isEmpty();
    assertThat(providers.configuredIds()).doesNotContain("alpha");
  }

  @Test
  void aFactoryWhoseProviderHasAnotherIdIsRefused() throws Exception {
    ModelProviders providers = registry(listing(LyingFactory.class)).build();

    assertThatThrownBy(() -> providers.get("beta"))
        .hasMessageContaining(LyingFactory.class.getName() + " has id 'beta' but made a provider with id 'gamma'");
  }

  @Test
  void withoutDiscoveryOnlyRegisteredProvidersExist() throws Exception {
    ModelProviders providers =
        registry(listing(AlphaFactory.class))
            .withoutDiscovery()
            .register(new Labelled("solo", "s"))
            .build();

    assertThat(providers.ids()).containsExactly("solo");
    assertThat(providers.find("solo")).isPresent();
  }

  @Test
  void theFourBundledProvidersAreFoundAndConfiguredFromTheirVariables() {
    ModelProviders none = ModelProviders.builder().environment(Map.of()).build();
    ModelProviders some =
        ModelProviders.builder()
            .environment(
                Map.of("ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g", "OPENAI_BASE_URL", "http://localhost:11434/v1"))
            .build();

    assertThat(none.ids()).containsExactly("anthropic", "gemini", "openai", "openai-compatible");
    assertThat(none.configuredIds()).isEmpty();
    assertThat(some.configuredIds()).containsExactly("anthropic", "gemini", "openai-compatible");
    assertThat(some.get("anthropic")).isInstanceOf(AnthropicProvider.class);
    assertThat(some.get("gemini")).isInstanceOf(GeminiProvider.class);
    assertThat(some.get("openai-compatible")).isInstanceOf(ChatCompletionsProvider.class);
    assertThatThrownBy(() -> some.get("openai")).hasMessageContaining("OPENAI_API_KEY");
  }
}

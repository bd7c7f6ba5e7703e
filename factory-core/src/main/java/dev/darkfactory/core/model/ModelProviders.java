package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelProviderFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model providers a program can use, by id: those registered explicitly and those whose
 * {@link ModelProviderFactory} {@link ServiceLoader} finds on the class path.
 *
 * <pre>{@code
 * ModelProviders providers = ModelProviders.builder().build(); // the process environment
 * ModelProvider model = providers.get("anthropic");             // needs ANTHROPIC_API_KEY
 * }</pre>
 *
 * <p>Rules, checked when the registry is built so a misconfigured class path fails at start-up:
 *
 * <ul>
 *   <li>An explicitly registered provider or factory wins over a discovered one with the same id.
 *   <li>Two discovered factories with the same id fail, naming both classes (two provider jars
 *       claiming one id would otherwise pick one at random).
 *   <li>Registering two providers or factories with one id explicitly fails too.
 * </ul>
 *
 * <p>Providers are made on first use from the environment given to the builder, and the same
 * instance is returned after that. A provider whose configuration is missing fails on {@link
 * #get(String)} with the factory's message naming the missing variable.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ModelProviders {

  private static final Logger log = LoggerFactory.getLogger(ModelProviders.class);

  private final Map<String, ModelProvider> explicit;
  private final Map<String, ModelProviderFactory> factories;
  private final Map<String, String> environment;
  private final Map<String, ModelProvider> made = new ConcurrentHashMap<>();

  private ModelProviders(
      Map<String, ModelProvider> explicit,
      Map<String, ModelProviderFactory> factories,
      Map<String, String> environment) {
    this.explicit = Map.copyOf(explicit);
    this.factories = Map.copyOf(factories);
    this.environment = Map.copyOf(environment);
  }

  /** A builder that reads the process environment and the thread's context class loader. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every id this registry knows, sorted. */
  public SortedSet<String> ids() {
    SortedSet<String> ids = new TreeSet<>(explicit.keySet());
    ids.addAll(factories.keySet());
    return ids;
  }

  /** The ids that can be used as configured: registered providers and configured factories. */
  public SortedSet<String> configuredIds() {
    SortedSet<String> ids = new TreeSet<>(explicit.keySet());
    factories.forEach(
        (id, factory) -> {
          if (factory.isConfigured(environment)) {
            ids.add(id);
          }
        });
    return ids;
  }

  /**
   * The provider with {@code id}, made on first use.
   *
   * @param id the provider's id
   * @return the provider
   * @throws IllegalArgumentException when no provider has that id, or its configuration is
   *     missing (the message names what is missing)
   */
  public ModelProvider get(String id) {
    Require.nonBlank(id, "provider id");
    ModelProvider p = explicit.get(id);
    if (p != null) {
      return p;
    }
    ModelProviderFactory factory = factories.get(id);
    if (factory == null) {
      throw new IllegalArgumentException(
          "no model provider has id " + Require.quote(id) + "; known ids: " + ids());
    }
    return made.computeIfAbsent(id, k -> create(factory));
  }

  /**
   * The provider with {@code id} when it exists and is configured.
   *
   * @param id the provider's id
   * @return the provider, or empty
   */
  public Optional<ModelProvider> find(String id) {
    Require.nonBlank(id, "provider id");
    if (explicit.containsKey(id)) {
      return Optional.of(explicit.get(id));
    }
    ModelProviderFactory factory = factories.get(id);
    if (factory == null || !factory.isConfigured(environment)) {
      return Optional.empty();
    }
    return Optional.of(get(id));
  }

  private ModelProvider create(ModelProviderFactory factory) {
    ModelProvider provider = factory.create(environment);
    if (!provider.id().equals(factory.id())) {
      throw new IllegalStateException(
          factory.getClass().getName()
              + " has id "
              + Require.quote(factory.id())
              + " but made a provider with id "
              + Require.quote(provider.id()));
    }
    return provider;
  }

  /**
   * Builds a {@link ModelProviders}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final Map<String, ModelProvider> explicit = new LinkedHashMap<>();
    private final Map<String, ModelProviderFactory> explicitFactories = new LinkedHashMap<>();
    private Map<String, String> environment = System.getenv();
    private @Nullable ClassLoader classLoader;
    private boolean discover = true;

    private Builder() {}

    /**
     * Registers a provider under its own id; it wins over a discovered factory of that id.
     *
     * @param provider the provider
     * @return this builder
     * @throws IllegalArgumentException when a provider or factory with that id is already registered
     */
    public Builder register(ModelProvider provider) {
      Require.nonNull(provider, "provider");
      String id = Require.nonBlank(provider.id(), "provider id");
      checkFree(id, provider.getClass());
      explicit.put(id, provider);
      return this;
    }

    /**
     * Registers a factory; it wins over a discovered factory of the same id.
     *
     * @param factory the factory
     * @return this builder
     * @throws IllegalArgumentException when a provider or factory with that id is already registered
     */
    public Builder register(ModelProviderFactory factory) {
      Require.nonNull(factory, "factory");
      String id = Require.nonBlank(factory.id(), "factory id");
      checkFree(id, factory.getClass());
      explicitFactories.put(id, factory);
      return this;
    }

    private void checkFree(String id, Class<?> newcomer) {
      Object existing = explicit.containsKey(id) ? explicit.get(id) : explicitFactories.get(id);
      if (existing != null) {
        throw new IllegalArgumentException(
            "model provider id "
                + Require.quote(id)
                + " is registered twice: by "
                + existing.getClass().getName()
                + " and by "
                + newcomer.getName());
      }
    }

    /**
     * Sets the environment factories read their configuration from; the process environment by
     * default.
     *
     * @param environment variables by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Require.copyOf(environment, "environment");
      return this;
    }

    /**
     * Sets the class loader {@link ServiceLoader} searches; the thread's context class loader by
     * default.
     *
     * @param classLoader the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Require.nonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Turns discovery through {@link ServiceLoader} off, so only registered providers exist.
     *
     * @return this builder
     */
    public Builder withoutDiscovery() {
      this.discover = false;
      return this;
    }

    /**
     * The registry.
     *
     * @return the registry
     * @throws IllegalStateException when two discovered factories share an id that was not
     *     registered explicitly, naming both classes
     */
    public ModelProviders build() {
      Map<String, ModelProviderFactory> factories = new TreeMap<>();
      if (discover) {
        ClassLoader loader =
            classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        for (ModelProviderFactory f : discovered(loader)) {
          boolean chosenExplicitly =
              explicit.containsKey(f.id()) || explicitFactories.containsKey(f.id());
          ModelProviderFactory clash = factories.put(f.id(), f);
          if (clash != null && clash.getClass() != f.getClass() && !chosenExplicitly) {
            throw new IllegalStateException(
                "two model provider factories on the class path have id "
                    + Require.quote(f.id())
                    + ": "
                    + clash.getClass().getName()
                    + " and "
                    + f.getClass().getName()
                    + "; remove one, or register the one to use explicitly");
          }
        }
      }
      factories.keySet().removeAll(explicit.keySet());
      factories.putAll(explicitFactories);
      log.debug("model providers: registered {}, factories {}", explicit.keySet(), factories.keySet());
      return new ModelProviders(explicit, factories, environment);
    }

    private static List<ModelProviderFactory> discovered(@Nullable ClassLoader loader) {
      try {
        return ServiceLoader.load(ModelProviderFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException(
            "a model provider factory listed in META-INF/services could not be loaded: "
                + e.getMessage(),
            e);
      }
    }
  }
}

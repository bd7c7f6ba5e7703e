package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * Makes a {@link ModelProvider} from configuration; the type {@link java.util.ServiceLoader} finds.
 *
 * <p>A provider needs its key, base URL and timeouts before it can be built, so {@code
 * ServiceLoader} finds factories, not providers. List an implementation in {@code
 * META-INF/services/dev.darkfactory.api.model.ModelProviderFactory}; it needs a public no-argument
 * constructor. Two factories with the same {@link #id()} on one class path are a configuration
 * error, reported with both class names.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ModelProviderFactory {

  /** The id of the providers this factory makes; equal to their {@link ModelProvider#id()}. */
  String id();

  /**
   * Whether {@code environment} holds what {@link #create} needs, for example an API key.
   *
   * @param environment variables by name, usually the process environment
   */
  boolean isConfigured(Map<String, String> environment);

  /**
   * Makes a provider configured from {@code environment}.
   *
   * @param environment variables by name, usually the process environment
   * @return the provider
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  ModelProvider create(Map<String, String> environment);
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What every HTTP provider's builder shares: base URL, API key, timeouts, extra headers and the
 * HTTP client.
 *
 * <p>Defaults: the vendor's public base URL, a 10 s connect timeout, and a 10 minute total timeout
 * per call (long generations take minutes); the total covers sending, waiting and reading the
 * whole body. Plain {@code http} base URLs (local servers) are spoken to in HTTP/1.1, {@code https}
 * ones in HTTP/2 where the server offers it.
 *
 * @param <B> the concrete builder, returned by every setter
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract class HttpProviderBuilder<B extends HttpProviderBuilder<B>> {

  private static final Set<String> RESERVED_HEADERS =
      Set.of("authorization", "x-api-key", "x-goog-api-key", "content-type", "content-length");

  @Nullable URI baseUrl;
  @Nullable String apiKey;
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration timeout = Duration.ofMinutes(10);
  final Map<String, String> headers = new LinkedHashMap<>();
  @Nullable HttpClient httpClient;
  Clock clock = Clock.systemUTC();

  /** For subclasses in this package. */
  HttpProviderBuilder() {}

  /** This builder, typed as the concrete builder. */
  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /**
   * Sets the base URL calls go to, such as a proxy, a gateway or a local server.
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalArgumentException when the URL is not absolute http(s)
   */
  public B baseUrl(String baseUrl) {
    this.baseUrl = parseBaseUrl(baseUrl, "baseUrl");
    return self();
  }

  /**
   * Sets the API key; never logged and never part of an error message.
   *
   * @param apiKey the key
   * @return this builder
   */
  public B apiKey(String apiKey) {
    this.apiKey = Require.nonBlank(apiKey, "apiKey").strip();
    return self();
  }

  /**
   * Sets how long to wait for a connection.
   *
   * @param connectTimeout a positive duration
   * @return this builder
   */
  public B connectTimeout(Duration connectTimeout) {
    this.connectTimeout = Require.positive(connectTimeout, "connectTimeout");
    return self();
  }

  /**
   * Sets how long one call may take in all, from sending to the end of the answer's body.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B timeout(Duration timeout) {
    this.timeout = Require.positive(timeout, "timeout");
    return self();
  }

  /**
   * Adds a header sent with every call, for example a gateway's routing header. Authentication
   * and content headers are set by the provider and cannot be overridden here.
   *
   * @param name the header name
   * @param value the value
   * @return this builder
   */
  public B header(String name, String value) {
    Require.nonBlank(name, "header name");
    Require.nonNull(value, "header value");
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "header " + Require.quote(name) + " is set by the provider and cannot be overridden");
    }
    headers.put(name, value);
    return self();
  }

  /**
   * Sets the HTTP client, to share one across providers or configure a proxy or TLS. The client's
   * own connect timeout then applies.
   *
   * @param httpClient the client
   * @return this builder
   */
  public B httpClient(HttpClient httpClient) {
    this.httpClient = Require.nonNull(httpClient, "httpClient");
    return self();
  }

  /**
   * Sets the clock used to read {@code Retry-After} dates.
   *
   * @param clock the clock
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return self();
  }

  /** The transport these settings describe. */
  final ModelHttp http(String providerId, String defaultBaseUrl) {
    URI base = baseUrl != null ? baseUrl : parseBaseUrl(defaultBaseUrl, "default base URL");
    HttpClient client =
        httpClient != null
            ? httpClient
            : HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Plain-http servers (local model servers) get HTTP/1.1: an h2c upgrade request
                // confuses some of them. HTTPS negotiates HTTP/2 through ALPN as usual.
                .version(
                    base.getScheme().equalsIgnoreCase("http")
                        ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .build();
    return new ModelHttp(providerId, base, client, timeout, headers, clock);
  }

  /** Parses a base URL, for builders and environment variables. */
  static URI parseBaseUrl(String value, String field) {
    Require.nonBlank(value, field);
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          field + " must be an absolute http(s) URL but was " + Require.quote(value), e);
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          field + " must be an absolute http(s) URL but was " + Require.quote(value));
    }
    return uri;
  }
}

package dev.darkfactory.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport every provider shares: posts a JSON body, enforces the total timeout, turns
 * interruption into cancellation, and turns every failure into a {@link ModelException} of the
 * right kind. Holds no vendor knowledge beyond the error shapes {@link HttpErrors} reads.
 */
final class ModelHttp {

  private static final Logger log = LoggerFactory.getLogger(ModelHttp.class);

  /** The JSON mapper providers share: lenient on unknown fields, exact on numbers. */
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String providerId;
  private final URI baseUrl;
  private final HttpClient client;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final Clock clock;

  ModelHttp(
      String providerId,
      URI baseUrl,
      HttpClient client,
      Duration timeout,
      Map<String, String> headers,
      Clock clock) {
    this.providerId = providerId;
    this.baseUrl = baseUrl;
    this.client = client;
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
    this.clock = clock;
  }

  /** The base URL calls go to. */
  URI baseUrl() {
    return baseUrl;
  }

  /** {@code path} resolved against the base URL, whether or not either has a slash at the join. */
  URI resolve(String path) {
    String base = baseUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + (path.startsWith("/") ? path : "/" + path));
  }

  /**
   * Posts {@code body} as JSON to {@code path} and parses the answer with {@code parser}.
   *
   * @param path the path under the base URL, with any query string
   * @param callHeaders the vendor's headers for this call (authentication, version)
   * @param body the request body
   * @param parser turns the answer's JSON into a response; any runtime exception it throws makes a
   *     {@link Kind#MALFORMED_RESPONSE}
   */
  ModelResponse post(
      String path,
      Map<String, String> callHeaders,
      JsonNode body,
      Function<JsonNode, ModelResponse> parser)
      throws ModelException, InterruptedException {
    URI uri = resolve(path);
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new ModelException(Kind.INVALID_REQUEST, "could not write the request body", null, e);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    headers.forEach(request::header);
    callHeaders.forEach(request::setHeader);

    long start = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ModelException(
          Kind.TIMEOUT,
          providerId + " did not answer " + uri + " within " + describe(timeout),
          null,
          e);
    } catch (CancellationException e) {
      throw new ModelException(Kind.TIMEOUT, providerId + " call to " + uri + " was cancelled", null, e);
    } catch (ExecutionException e) {
      throw transportFailure(uri, e.getCause() != null ? e.getCause() : e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    log.debug("{} POST {} -> {} in {} ms", providerId, uri, response.statusCode(), elapsed.toMillis());

    String text = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() / 100 != 2) {
      throw HttpErrors.toException(providerId, response.statusCode(), response.headers(), text, clock);
    }
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ModelException(
          Kind.MALFORMED_RESPONSE,
          providerId + " answered HTTP " + response.statusCode() + " with a body that is not JSON: "
              + HttpErrors.excerpt(text),
          null,
          e);
    }
    if (json == null || !json.isObject()) {
      throw new ModelException(
          Kind.MALFORMED_RESPONSE,
          providerId + " answered with JSON that is not an object: " + HttpErrors.excerpt(text));
    }
    try {
      return parser.apply(json);
    } catch (RuntimeException e) {
      throw new ModelException(
          Kind.MALFORMED_RESPONSE,
          providerId + " answered with JSON this client cannot read (" + e.getMessage() + "): "
              + HttpErrors.excerpt(text),
          null,
          e);
    }
  }

  private ModelException transportFailure(URI uri, Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new ModelException(
          Kind.TIMEOUT, providerId + " could not connect to " + uri + " in time", null, cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new ModelException(
          Kind.TIMEOUT,
          providerId + " did not answer " + uri + " within " + describe(timeout),
          null,
          cause);
    }
    if (cause instanceof ConnectException) {
      return new ModelException(
          Kind.SERVER_ERROR, providerId + " could not connect to " + uri + ": " + cause, null, cause);
    }
    if (cause instanceof IOException) {
      // The connection broke after the request went out: usually a body cut off mid-way.
      return new ModelException(
          Kind.MALFORMED_RESPONSE,
          providerId + " connection to " + uri + " broke before the answer was complete: " + cause,
          null,
          cause);
    }
    return new ModelException(
        Kind.SERVER_ERROR, providerId + " call to " + uri + " failed: " + cause, null, cause);
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}

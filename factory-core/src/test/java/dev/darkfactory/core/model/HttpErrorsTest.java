package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpErrorsTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

  static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(
        values.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
        (a, b) -> true);
  }

  static ModelException error(int status, String body) {
    return HttpErrors.toException("vendor", status, headers(Map.of()), body, CLOCK);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400|{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: field required\"}}|INVALID_REQUEST",
        "400|{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}|CONTEXT_TOO_LONG",
        "400|{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}|CONTEXT_TOO_LONG",
        "400|{\"error\":{\"code\":400,\"message\":\"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}|CONTEXT_TOO_LONG",
        "401|{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}|AUTHENTICATION",
        "403|{\"error\":{\"code\":403,\"message\":\"Method doesn't allow unregistered callers\",\"status\":\"PERMISSION_DENIED\"}}|AUTHENTICATION",
        "404|{\"error\":{\"message\":\"The model `gpt-9` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}|INVALID_REQUEST",
        "408|{}|TIMEOUT",
        "413|{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds the maximum allowed number of bytes.\"}}|CONTEXT_TOO_LONG",
        "422|{\"detail\":[{\"msg\":\"field required\"}]}|INVALID_REQUEST",
        "429|{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}|RATE_LIMITED",
        "429|{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}|AUTHENTICATION",
        "500|{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}|SERVER_ERROR",
        "502|<html>bad gateway</html>|SERVER_ERROR",
        "503|{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}|OVERLOADED",
        "504|upstream timed out|TIMEOUT",
        "529|{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|OVERLOADED",
        "400|{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"input length and `max_tokens` exceed context limit: 197202 + 21333 > 200000\"}}|CONTEXT_TOO_LONG",
        "400|{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":\"INVALID_ARGUMENT\"}}|AUTHENTICATION",
        "429|{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\"}}|RATE_LIMITED",
        "400|{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\",\"code\":400}|CONTEXT_TOO_LONG",
        "400|{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size\",\"type\":\"exceed_context_size_error\"}}|CONTEXT_TOO_LONG",
        "400|{\"detail\":\"Unsupported parameter: top_k\"}|INVALID_REQUEST",
      })
  void classifiesVendorErrors(int status, String body, Kind expected) {
    assertThat(error(status, body).kind()).isEqualTo(expected);
  }

  @Test
  void theMessageNamesTheVendorStatusTypeAndTheVendorsOwnWords() {
    ModelException e =
        error(
            429,
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");

    assertThat(e.getMessage())
        .isEqualTo("RATE_LIMITED: vendor answered HTTP 429 (rate_limit_error): slow down");
  }

  @Test
  void aBodyThatIsNotJsonIsQuotedShort() {
    String body = "x".repeat(2000);

    assertThat(error(500, body).getMessage())
        .contains("x".repeat(500) + "... (1500 more characters)")
        .doesNotContain("x".repeat(501));
    assertThat(error(500, "").getMessage()).endsWith("(empty body)");
  }

  @Test
  void compatibleServersThatSendAPlainStringErrorAreRead() {
    assertThat(error(400, "{\"error\":\"model 'llama9' not found\"}").getMessage())
        .endsWith("model 'llama9' not found");
  }

  @ParameterizedTest(name = "{0}={1} -> {2} ms")
  @CsvSource({
    "retry-after-ms, 1500, 1500",
    "retry-after, 7, 7000",
    "retry-after, 0.5, 500",
    "retry-after, 'Tue, 24 Nov 2026 10:00:30 GMT', 30000",
    "retry-after, 'Tue, 24 Nov 2026 09:00:00 GMT', 0",
  })
  void readsRetryAfterHeaders(String header, String value, long millis) {
    ModelException e =
        HttpErrors.toException("vendor", 429, headers(Map.of(header, value)), "{}", CLOCK);

    assertThat(e.retryAfter()).contains(Duration.ofMillis(millis));
  }

  @Test
  void preferTheMillisecondHeaderAndIgnoreGarbage() {
    ModelException both =
        HttpErrors.toException(
            "vendor", 429, headers(Map.of("retry-after-ms", "250", "retry-after", "9")), "{}", CLOCK);
    ModelException garbage =
        HttpErrors.toException("vendor", 429, headers(Map.of("retry-after", "soon")), "{}", CLOCK);

    assertThat(both.retryAfter()).contains(Duration.ofMillis(250));
    assertThat(garbage.retryAfter()).isEmpty();
  }

  @Test
  void readsGeminiRetryInfo() {
    String body =
        "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\","
            + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\"},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"31s\"}]}}";

    ModelException e = error(429, body);

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(31));
  }
}

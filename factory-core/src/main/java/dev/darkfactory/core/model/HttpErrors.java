package dev.darkfactory.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns an HTTP error answer into a {@link ModelException}: the kind from the status and the
 * vendor's error type, the vendor's own message, and how long the vendor asked the caller to wait.
 *
 * <p>Anthropic ({@code {"type":"error","error":{"type","message"}}}), OpenAI and compatible
 * servers ({@code {"error":{"message","type","code"}}}) and Gemini ({@code
 * {"error":{"code","message","status","details"}}}) all put a message at {@code error.message},
 * which is what makes one reader enough.
 */
final class HttpErrors {

  private static final int EXCERPT = 500;

  /** Phrases vendors and local servers use when the conversation does not fit the context. */
  private static final List<String> CONTEXT_PHRASES =
      List.of(
          "prompt is too long",
          "exceed context limit",
          "context_length_exceeded",
          "context length",
          "context window",
          "maximum context",
          "too many tokens",
          "exceeds the maximum number of tokens",
          "input token count",
          "context size",
          "reduce the length");

  private HttpErrors() {}

  static ModelException toException(
      String providerId, int status, HttpHeaders headers, String body, Clock clock) {
    JsonNode error = parseError(body);
    String vendorType = text(error, "type");
    if (vendorType.isEmpty()) {
      vendorType = text(error, "status");
    }
    String code = text(error, "code");
    String vendorMessage = text(error, "message");
    Kind kind = kind(status, vendorType, code, vendorMessage);
    StringBuilder message =
        new StringBuilder(providerId).append(" answered HTTP ").append(status);
    String label = !vendorType.isEmpty() ? vendorType : code;
    if (!label.isEmpty()) {
      message.append(" (").append(label).append(')');
    }
    message.append(": ").append(vendorMessage.isEmpty() ? excerpt(body) : excerpt(vendorMessage));
    return new ModelException(kind, message.toString(), retryAfter(headers, error, clock), null);
  }

  static Kind kind(int status, String vendorType, String code, String message) {
    String lower = (vendorType + " " + code + " " + message).toLowerCase(Locale.ROOT);
    if (status == 400 && lower.contains("pass a valid api key")) {
      return Kind.AUTHENTICATION; // Gemini refuses a bad key with 400 INVALID_ARGUMENT
    }
    if (status == 400 || status == 413 || status == 422) {
      if (CONTEXT_PHRASES.stream().anyMatch(lower::contains) || status == 413) {
        return Kind.CONTEXT_TOO_LONG;
      }
    }
    if (lower.contains("overloaded")) {
      return Kind.OVERLOADED;
    }
    if (status == 429
        && !vendorType.equals("RESOURCE_EXHAUSTED") // Gemini's rate limits mention billing too
        && (lower.contains("insufficient_quota") || lower.contains("billing"))) {
      // Out of credit: waiting will not help.
      return Kind.AUTHENTICATION;
    }
    return switch (status) {
      case 401, 403 -> Kind.AUTHENTICATION;
      case 408 -> Kind.TIMEOUT;
      case 429 -> Kind.RATE_LIMITED;
      case 503, 529 -> Kind.OVERLOADED;
      case 504 -> Kind.TIMEOUT;
      default -> status >= 500 ? Kind.SERVER_ERROR : Kind.INVALID_REQUEST;
    };
  }

  /**
   * How long the vendor asked to wait: the {@code retry-after-ms} header (OpenAI), the standard
   * {@code Retry-After} header in seconds or as an HTTP date, or Gemini's {@code RetryInfo} detail.
   */
  static @Nullable Duration retryAfter(HttpHeaders headers, @Nullable JsonNode error, Clock clock) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        double v = Double.parseDouble(ms.get().strip());
        if (v >= 0 && Double.isFinite(v)) {
          return Duration.ofMillis(Math.round(v));
        }
      } catch (NumberFormatException ignored) {
        // fall through to the next source
      }
    }
    Optional<String> header = headers.firstValue("retry-after");
    if (header.isPresent()) {
      String v = header.get().strip();
      try {
        double seconds = Double.parseDouble(v);
        if (seconds >= 0 && Double.isFinite(seconds)) {
          return Duration.ofMillis(Math.round(seconds * 1000));
        }
      } catch (NumberFormatException notSeconds) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          Duration d = Duration.between(clock.instant(), at);
          return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException ignored) {
          // an unreadable header is no hint
        }
      }
    }
    if (error != null && error.path("details").isArray()) {
      for (JsonNode detail : error.path("details")) {
        String delay = detail.path("retryDelay").asText("");
        if (delay.endsWith("s")) {
          try {
            double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
            if (seconds >= 0 && Double.isFinite(seconds)) {
              return Duration.ofMillis(Math.round(seconds * 1000));
            }
          } catch (NumberFormatException ignored) {
            // not a duration
          }
        }
      }
    }
    return null;
  }

  /** The {@code error} object of a vendor's error body, or null when there is none. */
  private static @Nullable JsonNode parseError(String body) {
    try {
      JsonNode root = ModelHttp.JSON.readTree(body);
      if (root == null) {
        return null;
      }
      if (root.isArray() && !root.isEmpty()) {
        root = root.get(0); // Gemini may wrap the error in an array
      }
      JsonNode error = root.path("error");
      if (error.isObject()) {
        return error;
      }
      if (error.isTextual()) { // some compatible servers: {"error": "message"}
        return ModelHttp.JSON.createObjectNode().put("message", error.asText());
      }
      if (root.path("message").isTextual()) { // older vLLM: {"object":"error","message",...}
        return root;
      }
      if (root.path("detail").isTextual()) { // FastAPI-based servers: {"detail": "message"}
        return ModelHttp.JSON.createObjectNode().put("message", root.path("detail").asText());
      }
      return null;
    } catch (Exception notJson) {
      return null;
    }
  }

  private static String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return "";
    }
    JsonNode v = node.path(field);
    return v.isValueNode() ? v.asText("") : "";
  }

  /** At most the first 500 characters of {@code text}, marked when cut. */
  static String excerpt(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return "(empty body)";
    }
    return t.length() <= EXCERPT
        ? t
        : t.substring(0, EXCERPT) + "... (" + (t.length() - EXCERPT) + " more characters)";
  }
}

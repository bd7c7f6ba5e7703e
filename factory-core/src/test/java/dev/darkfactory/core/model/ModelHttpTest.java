package dev.darkfactory.core.model;

import static dev.darkfactory.core.model.RetryInterceptorTest.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelResponse;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelHttpTest {

  static final class TestBuilder extends HttpProviderBuilder<TestBuilder> {}

  static final Function<JsonNode, ModelResponse> TEXT = json -> answer(json.get("text").asText());

  final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ModelHttp http(Duration timeout) {
    return new TestBuilder()
        .baseUrl(server.url("/v1/").toString())
        .timeout(timeout)
        .header("X-Gateway-Route", "blue")
        .http("test", "https://example.invalid");
  }

  ModelResponse post(ModelHttp http) throws Exception {
    return http.post(
        "/things", Map.of("Authorization", "Bearer k"), ModelHttp.JSON.createObjectNode().put("q", 1), TEXT);
  }

  @Test
  void postsJsonWithTheCallsAndTheBuildersHeaders() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"text\":\"hi\"}").build());

    ModelResponse r = post(http(Duration.ofSeconds(5)));

    assertThat(r.message().text()).isEqualTo("hi");
    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/things");
    assertThat(sent.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer k");
    assertThat(sent.getHeaders().get("X-Gateway-Route")).isEqualTo("blue");
    assertThat(sent.getBody().utf8()).isEqualTo("{\"q\":1}");
  }

  @Test
  void aBodyThatIsNotJsonIsMalformed() {
    server.enqueue(new MockResponse.Builder().body("<html>gateway says hi</html>").build());

    assertThatThrownBy(() -> post(http(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("not JSON").contains("gateway says hi");
            });
  }

  @Test
  void jsonTheParserCannotReadIsMalformed() {
    server.enqueue(new MockResponse.Builder().body("{\"other\":1}").build());

    assertThatThrownBy(() -> post(http(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("{\"other\":1}");
            });
  }

  @Test
  void aBodyCutOffMidwayIsMalformed() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"text\":\"a long answer that never ends\"}")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());

    assertThatThrownBy(() -> post(http(Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    assertThatThrownBy(() -> post(http(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
              assertThat(e.getMessage()).contains("within 300 ms");
            });
  }

  @Test
  void aBodyThatTrickles_pastTheTotalTimeoutTimesOut() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"text\":\"" + "x".repeat(200) + "\"}")
            .throttleBody(1, 1, TimeUnit.SECONDS)
            .build());

    assertThatThrownBy(() -> post(http(Duration.ofMillis(500))))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void interruptionCancelsTheCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ModelHttp http = http(Duration.ofMinutes(5));
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                post(http);
                outcome.complete(new AssertionError("returned"));
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();

    caller.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void nobodyListeningIsAServerError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ModelHttp http =
        new TestBuilder()
            .baseUrl("http://127.0.0.1:" + port)
            .connectTimeout(Duration.ofSeconds(2))
            .http("test", "https://example.invalid");

    assertThatThrownBy(() -> post(http))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
              assertThat(e.getMessage()).contains("could not connect to http://127.0.0.1:" + port);
            });
  }

  @Test
  void baseUrlsJoinWithOrWithoutSlashes() {
    assertThat(new TestBuilder().baseUrl("http://h/v1").http("t", "http://x").resolve("/a"))
        .hasToString("http://h/v1/a");
    assertThat(new TestBuilder().baseUrl("http://h/v1/").http("t", "http://x").resolve("a"))
        .hasToString("http://h/v1/a");
    assertThat(new TestBuilder().http("t", "https://api.example.com").resolve("/v1/m"))
        .hasToString("https://api.example.com/v1/m");
  }

  @Test
  void theBuilderRejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> new TestBuilder().baseUrl("localhost:8080"))
        .hasMessageContaining("baseUrl must be an absolute http(s) URL but was 'localhost:8080'");
    assertThatThrownBy(() -> new TestBuilder().baseUrl("ftp://h/"))
        .hasMessageContaining("baseUrl must be an absolute http(s) URL");
    assertThatThrownBy(() -> new TestBuilder().timeout(Duration.ZERO))
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> new TestBuilder().apiKey(" "))
        .hasMessageContaining("apiKey must not be blank");
    assertThatThrownBy(() -> new TestBuilder().header("Authorization", "Bearer other"))
        .hasMessageContaining("header 'Authorization' is set by the provider");
  }
}

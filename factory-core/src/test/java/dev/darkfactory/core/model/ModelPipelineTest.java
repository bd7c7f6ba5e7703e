package dev.darkfactory.core.model;

import static dev.darkfactory.core.model.RetryInterceptorTest.REQUEST;
import static dev.darkfactory.core.model.RetryInterceptorTest.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPipelineTest {

  final List<String> trace = new ArrayList<>();
  final List<ModelRequest> received = new ArrayList<>();

  final ModelProvider provider =
      new ModelProvider() {
        @Override
        public String id() {
          return "echo";
        }

        @Override
        public ModelResponse complete(ModelRequest request) {
          trace.add("provider");
          received.add(request);
          return answer("tag=" + request.metadata().getOrDefault("tag", ""));
        }
      };

  /** A clock that moves 3 s each time it is read. */
  final Clock ticking =
      new Clock() {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          Instant t = now;
          now = now.plusSeconds(3);
          return t;
        }
      };

  ModelInterceptor tagging(String name) {
    return (request, chain) -> {
      trace.add(name + " in");
      String tag = request.metadata().getOrDefault("tag", "");
      ModelResponse r = chain.proceed(request.toBuilder().metadata("tag", tag + name).build());
      trace.add(name + " out");
      return r;
    };
  }

  @Test
  void interceptorsRunInTheOrderRegistered() throws Exception {
    ModelPipeline pipeline =
        ModelPipeline.builder(provider).interceptor(tagging("a")).interceptor(tagging("b")).build();

    ModelResponse r = pipeline.complete(REQUEST);

    assertThat(trace).containsExactly("a in", "b in", "provider", "b out", "a out");
    assertThat(r.message().text()).isEqualTo("tag=ab");
    assertThat(pipeline.id()).isEqualTo("echo");
    assertThat(pipeline.interceptors()).hasSize(2);
  }

  @Test
  void anInterceptorCanRefuseACallBeforeItIsSent() {
    ModelPipeline pipeline =
        ModelPipeline.builder(provider)
            .interceptor(
                (request, chain) -> {
                  throw new ModelException(Kind.REFUSED, "over budget");
                })
            .build();

    assertThatThrownBy(() -> pipeline.complete(REQUEST))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
    assertThat(received).isEmpty();
  }

  @Test
  void listenersSeeTheRequestTheProviderReceivesAndTheAnswer() throws Exception {
    List<Object> seen = new ArrayList<>();
    ModelPipeline pipeline =
        ModelPipeline.builder(provider)
            .clock(ticking)
            .interceptor(tagging("x"))
            .listener(
                new ModelCallListener() {
                  @Override
                  public void onRequest(String providerId, ModelRequest request) {
                    seen.add(providerId);
                    seen.add(request);
                  }

                  @Override
                  public void onResponse(
                      String providerId,
                      ModelRequest request,
                      ModelResponse response,
                      Duration elapsed) {
                    seen.add(response);
                    seen.add(elapsed);
                  }
                })
            .build();

    ModelResponse r = pipeline.complete(REQUEST);

    assertThat(seen).containsExactly("echo", received.get(0), r, Duration.ofSeconds(3));
    assertThat(received.get(0).metadata()).containsEntry("tag", "x");
  }

  @Test
  void aFailingListenerChangesNothing() throws Exception {
    ModelPipeline pipeline =
        ModelPipeline.builder(provider)
            .listener(
                new ModelCallListener() {
                  @Override
                  public void onRequest(String providerId, ModelRequest request) {
                    throw new IllegalStateException("listener bug");
                  }

                  @Override
                  public void onResponse(
                      String providerId,
                      ModelRequest request,
                      ModelResponse response,
                      Duration elapsed) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build();

    assertThat(pipeline.complete(REQUEST).message().text()).isEqualTo("tag=");
    assertThat(received).hasSize(1);
  }

  @Test
  void listenersSeeEachTryOfARetriedCall() throws Exception {
    RetryInterceptorTest.Flaky flaky =
        new RetryInterceptorTest.Flaky(new ModelException(Kind.SERVER_ERROR, "boom"));
    List<String> events = new ArrayList<>();
    ModelPipeline pipeline =
        ModelPipeline.builder(flaky)
            .interceptor(RetryInterceptor.builder().sleeper(d -> {}).build())
            .listener(
                new ModelCallListener() {
                  @Override
                  public void onRequest(String providerId, ModelRequest request) {
                    events.add("request");
                  }

                  @Override
                  public void onResponse(
                      String providerId,
                      ModelRequest request,
                      ModelResponse response,
                      Duration elapsed) {
                    events.add("response");
                  }

                  @Override
                  public void onFailure(
                      String providerId,
                      ModelRequest request,
                      ModelException failure,
                      Duration elapsed) {
                    events.add("failure " + failure.kind());
                  }
                })
            .build();

    pipeline.complete(REQUEST);

    assertThat(events).containsExactly("request", "failure SERVER_ERROR", "request", "response");
  }
}

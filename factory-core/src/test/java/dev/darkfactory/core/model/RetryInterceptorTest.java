package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelException.Kind;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryInterceptorTest {

  static final ModelRequest REQUEST = ModelRequest.builder("m").message(Message.user("hi")).build();

  static ModelResponse answer(String text) {
    return new ModelResponse("r", "m", Message.assistant(text), StopReason.END_TURN, Usage.of(1, 1));
  }

  /** A provider that fails with the queued exceptions, then answers. */
  static final class Flaky implements ModelProvider {
    final Deque<ModelException> failures = new ArrayDeque<>();
    int calls;

    Flaky(ModelException... failures) {
      this.failures.addAll(List.of(failures));
    }

    @Override
    public String id() {
      return "flaky";
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelException {
      calls++;
      ModelException next = failures.poll();
      if (next != null) {
        throw next;
      }
      return answer("ok after " + calls);
    }
  }

  final List<Duration> waits = new ArrayList<>();

  ModelProvider retrying(ModelProvider provider, RetryInterceptor retry) {
    return ModelPipeline.builder(provider).interceptor(retry).build();
  }

  RetryInterceptor.Builder retry() {
    return RetryInterceptor.builder().sleeper(waits::add).random(() -> 0.0);
  }

  @Test
  void retriesRetryableFailuresWithGrowingBackoff() throws Exception {
    Flaky flaky =
        new Flaky(
            new ModelException(Kind.SERVER_ERROR, "boom"),
            new ModelException(Kind.OVERLOADED, "busy"),
            new ModelException(Kind.TIMEOUT, "slow"));

    ModelResponse r = retrying(flaky, retry().build()).complete(REQUEST);

    assertThat(r.message().text()).isEqualTo("ok after 4");
    // random 0 picks the lower half's floor: 1 s, 2 s, 4 s halved
    assertThat(waits)
        .containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastFailure() {
    Flaky flaky =
        new Flaky(
            new ModelException(Kind.SERVER_ERROR, "one"),
            new ModelException(Kind.SERVER_ERROR, "two"),
            new ModelException(Kind.SERVER_ERROR, "three"));

    assertThatThrownBy(() -> retrying(flaky, retry().maxAttempts(3).build()).complete(REQUEST))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("three");
    assertThat(flaky.calls).isEqualTo(3);
    assertThat(waits).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"AUTHENTICATION", "INVALID_REQUEST", "CONTEXT_TOO_LONG", "REFUSED"})
  void neverRetriesWhatCannotSucceed(Kind kind) {
    Flaky flaky = new Flaky(new ModelException(kind, "no"));

    assertThatThrownBy(() -> retrying(flaky, retry().build()).complete(REQUEST))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    assertThat(flaky.calls).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void honoursRetryAfterInsteadOfBackoff() throws Exception {
    Flaky flaky =
        new Flaky(new ModelException(Kind.RATE_LIMITED, "slow down", Duration.ofSeconds(7), null));

    retrying(flaky, retry().build()).complete(REQUEST);

    assertThat(waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void failsAtOnceWhenRetryAfterIsLongerThanAllowed() {
    ModelException tooLong =
        new ModelException(Kind.RATE_LIMITED, "come back tomorrow", Duration.ofHours(20), null);
    Flaky flaky = new Flaky(tooLong);

    assertThatThrownBy(
            () ->
                retrying(flaky, retry().maxRetryAfter(Duration.ofSeconds(60)).build())
                    .complete(REQUEST))
        .isSameAs(tooLong);
    assertThat(waits).isEmpty();
    assertThat(flaky.calls).isEqualTo(1);
  }

  @Test
  void interruptionDuringAWaitEndsTheCall() {
    Flaky flaky = new Flaky(new ModelException(Kind.SERVER_ERROR, "boom"));
    RetryInterceptor retry =
        RetryInterceptor.builder()
            .sleeper(
                d -> {
                  throw new InterruptedException("stop");
                })
            .build();

    assertThatThrownBy(() -> retrying(flaky, retry).complete(REQUEST))
        .isInstanceOf(InterruptedException.class);
    assertThat(flaky.calls).isEqualTo(1);
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> RetryInterceptor.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryInterceptor.builder().initialDelay(Duration.ZERO))
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> RetryInterceptor.builder().multiplier(0.5))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(
            () ->
                RetryInterceptor.builder()
                    .initialDelay(Duration.ofSeconds(10))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("initialDelay (PT10S) must not exceed maxDelay (PT1S)");
  }
}

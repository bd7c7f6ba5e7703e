package dev.darkfactory.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.SpecStep;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine's values and builders: defaults as documented, and bad settings refused with a
 * message naming the setting and the value, before anything starts.
 */
class TemporalSettingsTest {

  @Test
  void theDefaultsAreTheDocumentedOnesAndEachWithChangesOneSetting() {
    SpecTask.Settings d = SpecTask.Settings.defaults();
    assertThat(d).isEqualTo(new SpecTask.Settings(30_000, 7_200_000, 1_000, 20, 604_800_000));
    assertThat(d.withHeartbeat(Duration.ofSeconds(2)).heartbeatMillis()).isEqualTo(2_000);
    assertThat(d.withStepTimeout(Duration.ofMinutes(1)).stepTimeoutMillis()).isEqualTo(60_000);
    assertThat(d.withRetryInterval(Duration.ofMillis(5)).retryIntervalMillis()).isEqualTo(5);
    assertThat(d.withMaxStepAttempts(3).maxStepAttempts()).isEqualTo(3);
    assertThat(d.withHold(Duration.ZERO).holdMillis()).isZero();
    assertThat(d.withHold(Duration.ZERO).withHeartbeat(Duration.ofSeconds(2)))
        .isEqualTo(new SpecTask.Settings(2_000, 7_200_000, 1_000, 20, 0));
  }

  @Test
  void badSettingsAreRefusedNamingTheSettingAndTheValue() {
    SpecTask.Settings d = SpecTask.Settings.defaults();
    assertThatThrownBy(() -> d.withHeartbeat(Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heartbeatMillis must be at least 100 but was 50");
    assertThatThrownBy(() -> d.withStepTimeout(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stepTimeoutMillis must be at least 30000 but was 10000");
    assertThatThrownBy(() -> d.withMaxStepAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxStepAttempts must be at least 1 but was 0");
    assertThatThrownBy(() -> d.withHold(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("holdMillis must be at least 0 but was -1000");
    assertThatThrownBy(() -> new SpecTask(" ", "hello", "f00d", d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("runId must not be blank");
    assertThatThrownBy(() -> new Review(true, "", "ok"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reviewer must not be blank");
  }

  @Test
  void aStateCarriesTheStepTheFactoryNamedAndBack() {
    SpecStep decide = new SpecStep(SpecStep.Kind.DECIDE, 2, null, "", null, null);
    SpecState state = SpecState.of("hello", decide);

    assertThat(state.toStep().sameStepAs(decide)).isTrue();
    assertThat(state.toStep().resolution()).isNull();
    assertThat(state.settled()).isFalse();
    assertThat(state.awaitingReview(true).awaitingReview()).isTrue();
    assertThat(SpecState.of("hello", new SpecStep(SpecStep.Kind.FINISHED, 2, Resolution.HELD, "held", null, null)).settled())
        .isTrue();
    assertThatThrownBy(() -> new SpecStep(SpecStep.Kind.FINISHED, 1, null, "", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resolution must be given exactly for FINISHED");
    assertThatThrownBy(() -> new SpecStep(SpecStep.Kind.INTEGRATE, 1, Resolution.MERGED, "", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but kind was INTEGRATE");
  }

  @Test
  void theBuildersRefuseMissingPartsAndBadLimits() {
    assertThatThrownBy(() -> TemporalFactory.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client must not be null");
    assertThatThrownBy(() -> FactoryWorker.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client must not be null");
    assertThatThrownBy(() -> TemporalFactory.builder().maxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInFlight must be at least 1 but was 0");
    assertThatThrownBy(() -> TemporalFactory.builder().workflowIdPrefix(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prefix must not be blank");
    assertThatThrownBy(() -> FactoryWorker.builder().taskQueue(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("taskQueue must not be blank");
  }
}

package dev.darkfactory.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {

  private final FactoryEvent event = new FactoryEvent.RunStarted(Instant.EPOCH, "run-1");

  @Test
  void aListenerThatThrowsIsIgnoredAndTheOthersStillReceiveTheEventInOrder() {
    List<String> received = new ArrayList<>();
    FactoryListener first = e -> received.add("first:" + e.runId());
    FactoryListener broken = e -> {
      throw new IllegalStateException("listener bug");
    };
    FactoryListener last = e -> received.add("last:" + e.runId());
    Listeners listeners = Listeners.of(List.of(first, broken, last));

    assertThatCode(() -> listeners.onEvent(event)).doesNotThrowAnyException();
    assertThat(received).containsExactly("first:run-1", "last:run-1");
  }

  @Test
  void keepsTheRegistrationOrderAndRejectsNull() {
    FactoryListener a = e -> {};
    FactoryListener b = e -> {};

    assertThat(Listeners.of(List.of(b, a)).listeners()).containsExactly(b, a);
    List<FactoryListener> withNull = new ArrayList<>();
    withNull.add(null);
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> Listeners.of(withNull));
  }
}

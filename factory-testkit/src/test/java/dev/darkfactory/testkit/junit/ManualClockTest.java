package dev.darkfactory.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void standsStillAtItsStartUntilMoved() {
    ManualClock clock = ManualClock.startingAt(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advanceMovesForwardAndReturnsTheNewInstant() {
    ManualClock clock = ManualClock.startingAt(START);

    assertThat(clock.advance(Duration.ofMinutes(90))).isEqualTo(START.plusSeconds(5400));
    assertThat(clock.advance(Duration.ZERO)).isEqualTo(START.plusSeconds(5400));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(5400));
  }

  @Test
  void setMovesAnywhereAndReturnsWhereItWas() {
    ManualClock clock = ManualClock.startingAt(START);

    assertThat(clock.set(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void refusesToAdvanceBackwardsAndSaysHowToGoBack() {
    ManualClock clock = ManualClock.startingAt(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advance takes a duration of zero or more but was PT-1S; to move the clock back, set(Instant) it");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void refusesToAdvancePastTheLastInstantAndStaysWhereItWas() {
    ManualClock clock = ManualClock.startingAt(Instant.MAX.minusSeconds(1));

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passes the latest instant there is");
    assertThat(clock.instant()).isEqualTo(Instant.MAX.minusSeconds(1));
  }

  @Test
  void aZoneViewSharesTheTimeAndShowsItsOwnDate() {
    ManualClock utc = ManualClock.startingAt(Instant.parse("2026-03-01T23:30:00Z"));
    ManualClock tokyo = utc.withZone(ZoneId.of("Asia/Tokyo"));

    assertThat(LocalDate.now(utc)).isEqualTo(LocalDate.parse("2026-03-01"));
    assertThat(LocalDate.now(tokyo)).isEqualTo(LocalDate.parse("2026-03-02"));

    tokyo.advance(Duration.ofHours(1));

    assertThat(utc.instant()).isEqualTo(Instant.parse("2026-03-02T00:30:00Z"));
    assertThat(ZonedDateTime.now(tokyo).getHour()).isEqualTo(9);
    assertThat(utc.withZone(ZoneOffset.UTC)).isSameAs(utc);
  }

  @Test
  void equalsAClockWithTheSameTimeSourceAndZoneOnly() {
    ManualClock a = ManualClock.startingAt(START);
    ManualClock b = ManualClock.startingAt(START);

    assertThat(a).isEqualTo(a.withZone(ZoneId.of("Europe/Paris")).withZone(ZoneOffset.UTC));
    assertThat(a).hasSameHashCodeAs(a.withZone(ZoneId.of("Europe/Paris")).withZone(ZoneOffset.UTC));
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isNotEqualTo(a.withZone(ZoneId.of("Europe/Paris")));
    assertThat(a).hasToString("ManualClock[2026-03-01T10:00:00Z, Z]");
  }

  @Test
  void rejectsMissingValuesNamingThem() {
    assertThatThrownBy(() -> ManualClock.startingAt(null)).hasMessageContaining("start");
    assertThatThrownBy(() -> ManualClock.startingAt(START, null)).hasMessageContaining("zone");
    assertThatThrownBy(() -> ManualClock.startingAt(START).set(null)).hasMessageContaining("instant");
  }

  @Test
  void concurrentAdvancesFromManyThreadsAllCount() throws Exception {
    ManualClock clock = ManualClock.startingAt(START);
    int threads = 8;
    int each = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < each; i++) {
                    clock.advance(Duration.ofMillis(1));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(clock.instant()).isEqualTo(START.plusMillis((long) threads * each));
  }
}

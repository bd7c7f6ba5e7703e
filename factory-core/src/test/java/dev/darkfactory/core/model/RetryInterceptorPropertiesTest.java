package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class RetryInterceptorPropertiesTest {

  @Property
  void backoffStaysInTheUpperHalfOfItsCappedBase(
      @ForAll @IntRange(min = 1, max = 40) int retry,
      @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double random) {
    RetryInterceptor r =
        RetryInterceptor.builder()
            .initialDelay(Duration.ofMillis(200))
            .maxDelay(Duration.ofSeconds(30))
            .random(() -> random)
            .build();

    long base = (long) Math.min(30_000, 200 * Math.pow(2, retry - 1));
    long wait = r.backoff(retry).toMillis();

    assertThat(wait).isBetween(base / 2, base).isLessThanOrEqualTo(30_000);
  }
}

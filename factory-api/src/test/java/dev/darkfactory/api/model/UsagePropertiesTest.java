package dev.darkfactory.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UsagePropertiesTest {

  /** Small enough that summing three of them cannot overflow a long. */
  private static final long MAX_COUNT = Long.MAX_VALUE / 4;

  @Property
  void plusIsAssociative(
      @ForAll("usages") Usage a, @ForAll("usages") Usage b, @ForAll("usages") Usage c) {
    assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c)));
  }

  @Property
  void plusIsCommutative(@ForAll("usages") Usage a, @ForAll("usages") Usage b) {
    assertThat(a.plus(b)).isEqualTo(b.plus(a));
  }

  @Property
  void zeroIsTheIdentity(@ForAll("usages") Usage a) {
    assertThat(a.plus(Usage.ZERO)).isEqualTo(a);
    assertThat(Usage.ZERO.plus(a)).isEqualTo(a);
  }

  @Property
  void plusAddsEveryKindOfToken(@ForAll("usages") Usage a, @ForAll("usages") Usage b) {
    Usage sum = a.plus(b);
    assertThat(sum.inputTokens()).isEqualTo(a.inputTokens() + b.inputTokens());
    assertThat(sum.outputTokens()).isEqualTo(a.outputTokens() + b.outputTokens());
    assertThat(sum.cacheReadTokens()).isEqualTo(a.cacheReadTokens() + b.cacheReadTokens());
    assertThat(sum.cacheWriteTokens()).isEqualTo(a.cacheWriteTokens() + b.cacheWriteTokens());
    assertThat(sum.reasoningTokens()).isEqualTo(a.reasoningTokens() + b.reasoningTokens());
    assertThat(sum.totalTokens()).isEqualTo(a.totalTokens() + b.totalTokens());
  }

  @Property
  void cacheHitRateIsAShare(@ForAll("usages") Usage a) {
    assertThat(a.cacheHitRate()).isBetween(0.0, 1.0);
  }

  @Provide
  Arbitrary<Usage> usages() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, MAX_COUNT / 4);
    Arbitrary<Double> share = Arbitraries.doubles().between(0, 1);
    return Combinators.combine(count, count, count, count, share)
        .as(
            (in, out, read, write, s) ->
                new Usage(in, out, read, write, Math.min(out, (long) (out * s))));
  }
}

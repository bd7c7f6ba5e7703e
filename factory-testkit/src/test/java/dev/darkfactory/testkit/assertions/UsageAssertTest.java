package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.Usage;
import org.junit.jupiter.api.Test;

class UsageAssertTest {

  private static final Usage USAGE = new Usage(100, 40, 300, 50, 10);
  private static final String ALL =
      " (input 100, output 40, cache read 300, cache write 50, reasoning 10; total 490).";

  @Test
  void everyCountPassesWhenItMatches() {
    assertThat(USAGE)
        .hasInputTokens(100)
        .hasOutputTokens(40)
        .hasCacheReadTokens(300)
        .hasCacheWriteTokens(50)
        .hasReasoningTokens(10)
        .hasTotalInputTokens(450)
        .hasTotalTokens(490)
        .hasTotalTokensAtMost(490)
        .hasCacheHitRateAtLeast(0.66)
        .isNotZero();
    assertThat(Usage.ZERO).isZero();
  }

  @Test
  void aWrongCountNamesTheCountAndListsEveryOther() {
    assertThatThrownBy(() -> assertThat(USAGE).hasInputTokens(90))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 90 input tokens but had 100" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasOutputTokens(41))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 41 output tokens but had 40" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasCacheReadTokens(0))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 0 cache read tokens but had 300" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasCacheWriteTokens(0))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 0 cache write tokens but had 50" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasReasoningTokens(0))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 0 reasoning tokens but had 10" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasTotalInputTokens(100))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 100 input tokens in total but had 450" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasTotalTokens(140))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have 140 tokens in total but had 490" + ALL);
  }

  @Test
  void limitsAndRatesFailWithWhatWasFound() {
    assertThatThrownBy(() -> assertThat(USAGE).hasTotalTokensAtMost(400))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to have at most 400 tokens in total but had 490" + ALL);
    assertThatThrownBy(() -> assertThat(USAGE).hasCacheHitRateAtLeast(0.9))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the usage to have a cache hit rate of at least 0.9 but it was 0.6667" + ALL);
  }

  @Test
  void zeroAndNotZero() {
    assertThatThrownBy(() -> assertThat(USAGE).isZero())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the usage to be zero but it was input 100, output 40, cache read 300, cache"
                + " write 50, reasoning 10; total 490.");
    assertThatThrownBy(() -> assertThat(Usage.ZERO).isNotZero())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the usage to count some tokens but it was zero.");
  }
}

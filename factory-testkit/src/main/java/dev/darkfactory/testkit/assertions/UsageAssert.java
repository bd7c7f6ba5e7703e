package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.model.Usage;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the tokens a {@link Usage} counts: plain input, output, cache reads and writes,
 * reasoning, and their totals.
 *
 * <pre>{@code
 * assertThat(outcome).usage().hasInputTokens(1200).hasCacheReadTokens(800);
 * assertThat(report.usage()).hasTotalTokensAtMost(5000);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class UsageAssert extends AbstractAssert<UsageAssert, Usage> {

  private final String subject;

  /**
   * Assertions on a usage.
   *
   * @param actual the usage under test
   */
  public UsageAssert(@Nullable Usage actual) {
    this(actual, "the usage");
  }

  UsageAssert(@Nullable Usage actual, String subject) {
    super(actual, UsageAssert.class);
    this.subject = subject;
  }

  /**
   * Verifies the uncached input tokens.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasInputTokens(long expected) {
    return hasCount("input tokens", expected, isNotNullUsage().inputTokens());
  }

  /**
   * Verifies the output tokens, reasoning included.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasOutputTokens(long expected) {
    return hasCount("output tokens", expected, isNotNullUsage().outputTokens());
  }

  /**
   * Verifies the input tokens served from a prompt cache.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasCacheReadTokens(long expected) {
    return hasCount("cache read tokens", expected, isNotNullUsage().cacheReadTokens());
  }

  /**
   * Verifies the input tokens written to a prompt cache.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasCacheWriteTokens(long expected) {
    return hasCount("cache write tokens", expected, isNotNullUsage().cacheWriteTokens());
  }

  /**
   * Verifies the output tokens spent on reasoning.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasReasoningTokens(long expected) {
    return hasCount("reasoning tokens", expected, isNotNullUsage().reasoningTokens());
  }

  /**
   * Verifies every input token, cached or not.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasTotalInputTokens(long expected) {
    return hasCount("input tokens in total", expected, isNotNullUsage().totalInputTokens());
  }

  /**
   * Verifies every token, input and output.
   *
   * @param expected the count expected
   * @return this assertion
   */
  public UsageAssert hasTotalTokens(long expected) {
    return hasCount("tokens in total", expected, isNotNullUsage().totalTokens());
  }

  /**
   * Verifies the total tokens are at most {@code max}, such as a budget.
   *
   * @param max the most tokens acceptable
   * @return this assertion
   */
  public UsageAssert hasTotalTokensAtMost(long max) {
    long total = isNotNullUsage().totalTokens();
    if (total > max) {
      reject("at most " + max + " tokens in total", "had " + total);
    }
    return myself;
  }

  /**
   * Verifies at least {@code min} of the input was served from the cache.
   *
   * @param min the lowest acceptable share, from 0 to 1
   * @return this assertion
   */
  public UsageAssert hasCacheHitRateAtLeast(double min) {
    double rate = isNotNullUsage().cacheHitRate();
    if (!(rate >= min)) {
      reject(
          "a cache hit rate of at least " + Describe.number(min),
          "it was " + Describe.number(rate));
    }
    return myself;
  }

  /**
   * Verifies no token at all was used.
   *
   * @return this assertion
   */
  public UsageAssert isZero() {
    if (!isNotNullUsage().equals(Usage.ZERO)) {
      failWithMessage(
          "%s", "Expected " + subject + " to be zero but it was " + Describe.usage(actual) + ".");
    }
    return myself;
  }

  /**
   * Verifies some tokens were used.
   *
   * @return this assertion
   */
  public UsageAssert isNotZero() {
    if (isNotNullUsage().equals(Usage.ZERO)) {
      failWithMessage("%s", "Expected " + subject + " to count some tokens but it was zero.");
    }
    return myself;
  }

  private Usage isNotNullUsage() {
    isNotNull();
    return actual;
  }

  private UsageAssert hasCount(String what, long expected, long found) {
    if (found != expected) {
      reject(expected + " " + what, "had " + found);
    }
    return myself;
  }

  private void reject(String expectation, String found) {
    failWithMessage(
        "%s",
        "Expected "
            + subject
            + " to have "
            + expectation
            + " but "
            + found
            + " ("
            + Describe.usage(actual)
            + ").");
  }
}

package dev.darkfactory.samples.customevaluator;

import dev.darkfactory.api.spec.Check;
import dev.darkfactory.core.spec.ScenarioReader;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A new kind of scenario check, {@code kind: property}: the command is a line filter (one line
 * out for every line in), and a property must hold for every one of many random input lines, not
 * only for the few examples someone wrote down.
 *
 * <pre>
 * check:
 *   kind: property
 *   run: sh bin/slugify               # reads lines on stdin, writes one line out per line in
 *   property: matches                 # or idempotent
 *   pattern: "([a-z0-9]+(-[a-z0-9]+)*)?"  # matches: every output line matches it, whole
 *   alphabet: "abXY09 -_.,!?"         # the characters random inputs are made of
 *   maxLength: 16                     # inputs are 0 to maxLength characters long
 *   cases: 200                        # random inputs per trial
 *   seed: 1201                        # trial n draws from seed + n, so every run repeats
 * </pre>
 *
 * <p>Two properties: {@code matches} (every output line matches {@code pattern}) and {@code
 * idempotent} (filtering an output again gives the same output). The scenario reader binds the
 * {@code check} mapping's keys to this record's components, and turns the exceptions of its
 * constructor into problems with a file and line; {@link #reader()} is the reader that knows this
 * kind.
 *
 * @param run the command, run with {@code sh -c} at the checkout's root
 * @param property {@value #MATCHES} or {@value #IDEMPOTENT}
 * @param pattern the regular expression every output line must match whole; only and always with
 *     {@value #MATCHES}
 * @param alphabet the characters random inputs are drawn from; no line breaks
 * @param maxLength the longest input, from 1 to 1000 characters
 * @param cases how many random inputs one trial checks, from 1 to 10000
 * @param seed the seed of trial 1; trial n uses {@code seed + n - 1}
 */
public record PropertyCheck(
    String run,
    String property,
    @Nullable String pattern,
    String alphabet,
    int maxLength,
    int cases,
    long seed)
    implements Check {

  /** The name of this kind in scenario files. */
  public static final String KIND = "property";

  /** Every output line matches {@link #pattern()}. */
  public static final String MATCHES = "matches";

  /** Filtering an output line again gives the same line. */
  public static final String IDEMPOTENT = "idempotent";

  /** Checks every component; the messages name the key as it is written in the scenario file. */
  public PropertyCheck {
    if (run == null || run.isBlank()) {
      throw new IllegalArgumentException("run must be a command, such as 'sh bin/slugify', but was " + quote(run));
    }
    if (!MATCHES.equals(property) && !IDEMPOTENT.equals(property)) {
      throw new IllegalArgumentException(
          "property must be '" + MATCHES + "' or '" + IDEMPOTENT + "' but was " + quote(property));
    }
    if (MATCHES.equals(property)) {
      if (pattern == null) {
        throw new IllegalArgumentException("property 'matches' needs a pattern that every output line must match");
      }
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "pattern " + quote(pattern) + " is not a regular expression: " + e.getDescription());
      }
    } else if (pattern != null) {
      throw new IllegalArgumentException("pattern is only read with property 'matches', not '" + property + "'");
    }
    if (alphabet == null || alphabet.isEmpty() || alphabet.contains("\n") || alphabet.contains("\r")) {
      throw new IllegalArgumentException(
          "alphabet must be the characters inputs are made of, at least one and no line breaks, but was "
              + quote(alphabet));
    }
    if (maxLength < 1 || maxLength > 1000) {
      throw new IllegalArgumentException("maxLength must be between 1 and 1000 but was " + maxLength);
    }
    if (cases < 1 || cases > 10_000) {
      throw new IllegalArgumentException(
          "cases (random inputs per trial) must be between 1 and 10000 but was " + cases);
    }
  }

  /** A scenario reader that knows the built-in kinds and {@code property}. */
  public static ScenarioReader reader() {
    return ScenarioReader.builder().kind(KIND, PropertyCheck.class).build();
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** The command line: {@code sh -c run}. */
  public List<String> command() {
    return List.of("sh", "-c", run);
  }

  /** The pattern, compiled; only for {@value #MATCHES}. */
  Pattern compiledPattern() {
    if (pattern == null) {
      throw new IllegalStateException("property '" + property + "' has no pattern");
    }
    return Pattern.compile(pattern);
  }

  /** The property in words, for reports. */
  public String describe() {
    return MATCHES.equals(property)
        ? "every output matches /" + pattern + "/"
        : "filtering an output again changes nothing";
  }

  private static String quote(@Nullable Object value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}

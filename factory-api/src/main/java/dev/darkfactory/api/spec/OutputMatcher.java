package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;

/**
 * An expectation on a command's standard output or error, as written in a scenario.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface OutputMatcher {

  /**
   * The output equals {@code expected} after trailing whitespace is removed from both.
   *
   * @param expected the whole expected output
   */
  @API(status = STABLE, since = "0.1.0")
  record Equals(String expected) implements OutputMatcher {
    /** Checks the value. */
    public Equals {
      Require.nonNull(expected, "equals");
    }
  }

  /**
   * The output contains {@code text}.
   *
   * @param text the text to find; not empty
   */
  @API(status = STABLE, since = "0.1.0")
  record Contains(String text) implements OutputMatcher {
    /** Checks the value. */
    public Contains {
      Require.nonNull(text, "contains");
      if (text.isEmpty()) {
        throw new IllegalArgumentException("contains must not be empty");
      }
    }
  }

  /**
   * Some part of the output matches a regular expression ({@link java.util.regex.Matcher#find()} semantics).
   *
   * @param pattern a {@link Pattern} that compiles
   */
  @API(status = STABLE, since = "0.1.0")
  record Regex(String pattern) implements OutputMatcher {
    /** Checks that the pattern compiles. */
    public Regex {
      Require.nonNull(pattern, "regex");
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "regex " + Require.quote(pattern) + " does not compile: " + e.getDescription(), e);
      }
    }

    /** The compiled pattern. */
    public Pattern compiled() {
      return Pattern.compile(pattern);
    }
  }

  /**
   * The output is JSON whose value at a JSON Pointer (RFC 6901) is {@code expected}, compared as
   * text ({@code 42}, {@code true}, {@code "name"} without quotes).
   *
   * @param pointer a JSON Pointer such as {@code /result/count}
   * @param expected the expected value as text
   */
  @API(status = STABLE, since = "0.1.0")
  record JsonField(String pointer, String expected) implements OutputMatcher {
    /** Checks the pointer's form. */
    public JsonField {
      Require.nonNull(pointer, "json pointer");
      if (!pointer.isEmpty() && !pointer.startsWith("/")) {
        throw new IllegalArgumentException(
            "json pointer must be empty or start with '/' but was " + Require.quote(pointer));
      }
      Require.nonNull(expected, "json expected value");
    }
  }
}

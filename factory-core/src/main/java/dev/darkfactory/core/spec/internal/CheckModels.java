package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The built-in check kinds as read and validated from a scenario's {@code check} mapping.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CheckModels {

  private CheckModels() {}

  /** What a command looks like. */
  public static final String RUN_EXPECTED =
      "a command: a string run by 'sh -c', or a list of program and arguments";

  /**
   * {@code kind: command}.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  public static final class Command {
    /** The command. */
    @NotNull(message = RUN_EXPECTED)
    public @Nullable JsonNode run;

    /** The exit code that passes. */
    @Min(value = 0, message = "an exit code from 0 to 255")
    @Max(value = 255, message = "an exit code from 0 to 255")
    public int exitCode;

    /** Expectations on standard output. */
    @NotNull(message = "a list of matchers")
    public List<@NotNull(message = "a matcher") @Valid Matcher> stdout = new ArrayList<>();

    /** Expectations on standard error. */
    @NotNull(message = "a list of matchers")
    public List<@NotNull(message = "a matcher") @Valid Matcher> stderr = new ArrayList<>();

    /** Creates an empty model. */
    public Command() {}
  }

  /**
   * One output matcher: exactly one of its keys.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  public static final class Matcher {
    /** Whole output equals. */
    public @Nullable String equals;

    /** Output contains. */
    public @Nullable String contains;

    /** Output matches. */
    public @Nullable String regex;

    /** JSON field check. */
    @Valid public @Nullable Json json;

    /** Creates an empty model. */
    public Matcher() {}

    /** Exactly one kind of matcher is set. */
    @AssertTrue(message = "exactly one of equals, contains, regex, json")
    public boolean isOneKind() {
      return Stream.of(equals, contains, regex, json).filter(v -> v != null).count() == 1;
    }

    /** The regex, if set, compiles. */
    @AssertTrue(message = "a regular expression that compiles")
    public boolean isRegexValid() {
      if (regex == null) {
        return true;
      }
      try {
        Pattern.compile(regex);
        return true;
      } catch (PatternSyntaxException e) {
        return false;
      }
    }
  }

  /**
   * A JSON field matcher.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  public static final class Json {
    /** The JSON Pointer. */
    @NotNull(message = "a JSON Pointer such as /result/count")
    @jakarta.validation.constraints.Pattern(
        regexp = "(/.*)?",
        message = "a JSON Pointer such as /result/count")
    public @Nullable String pointer;

    /** The expected value as text. */
    @NotNull(message = "the expected value")
    public @Nullable String equals;

    /** Creates an empty model. */
    public Json() {}
  }

  /**
   * {@code kind: test-suite}.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  public static final class TestSuite {
    /** The command. */
    @NotNull(message = RUN_EXPECTED)
    public @Nullable JsonNode run;

    /** Where reports are written. */
    @NotNull(message = "the relative directory the tests write JUnit XML reports to")
    @RelativePath
    public @Nullable String reports;

    /** Files to copy in. */
    @NotNull(message = "a mapping of workspace paths to source paths")
    public Map<@RelativePath String, @NotNull(message = "a relative path") @RelativePath String>
        files = new LinkedHashMap<>();

    /** Tests that must go from failing to passing. */
    @NotNull(message = "a list of test names")
    @Distinct(message = "each test once")
    public List<@NotBlank(message = "a test name such as com.acme.FooTest#bar") String> failToPass =
        new ArrayList<>();

    /** Tests that must keep passing. */
    @NotNull(message = "a list of test names")
    @Distinct(message = "each test once")
    public List<@NotBlank(message = "a test name such as com.acme.FooTest#bar") String> passToPass =
        new ArrayList<>();

    /** Creates an empty model. */
    public TestSuite() {}
  }

  /**
   * {@code kind: model-judge}.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  public static final class ModelJudge {
    /** The rubric. */
    @NotBlank(message = "a rubric saying what the judge grades")
    public @Nullable String rubric;

    /** Votes. */
    @Min(value = 1, message = "an odd number of votes, at least 1")
    public int votes = 1;

    /** The judge's model. */
    public @Nullable String model;

    /** Creates an empty model. */
    public ModelJudge() {}

    /** An odd number of votes, so a majority exists. */
    @AssertTrue(message = "an odd number of votes, at least 1")
    public boolean isVotesOdd() {
      return votes % 2 == 1;
    }
  }
}

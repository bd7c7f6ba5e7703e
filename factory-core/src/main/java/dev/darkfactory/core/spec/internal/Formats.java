package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.darkfactory.api.spec.SpecId;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The textual formats of spec and scenario files, as constants the validated file models and the
 * writers share.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Formats {

  /** An id of a spec or scenario. */
  public static final String ID = SpecId.REGEX;

  /** What an id looks like. */
  public static final String ID_EXPECTED = SpecId.DESCRIPTION;

  /** A label. */
  public static final String LABEL = "[a-z0-9][a-z0-9._:/-]*";

  /** What a label looks like. */
  public static final String LABEL_EXPECTED =
      "a lowercase label of letters, digits and '.', '_', ':', '/', '-'";

  /** A single line with something on it. */
  public static final String ONE_LINE = "[^\\n\\r]*\\S[^\\n\\r]*";

  /** A duration: a whole number with a unit, or ISO-8601 without a sign. */
  public static final String DURATION =
      "\\d+(ms|s|m|h)|P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?";

  /** What a duration looks like. */
  public static final String DURATION_EXPECTED =
      "a positive duration such as 500ms, 30s, 5m, 1h or PT1M30S";

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Formats() {}

  /**
   * Parses a duration in {@link #DURATION} form.
   *
   * @return the duration, or {@code null} when the text is not one
   */
  public static @Nullable Duration parseDuration(String text) {
    Matcher m = SIMPLE.matcher(text);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return Duration.ofMillis(n);
          case "s":
            return Duration.ofSeconds(n);
          case "m":
            return Duration.ofMinutes(n);
          default:
            return Duration.ofHours(n);
        }
      }
      return text.matches(DURATION) ? Duration.parse(text.toUpperCase(Locale.ROOT)) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}

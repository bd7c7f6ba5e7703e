package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * The identity of a scenario, unique within its spec: safe to use in report and
 * file names on every platform.
 *
 * @param value lowercase letters and digits with single {@code .}, {@code _} or {@code -} between
 *     them, at most 64 characters
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ScenarioId(String value) implements Comparable<ScenarioId> {

  /** The regular expression every id matches; ids are also at most {@link #MAX_LENGTH} long. */
  public static final String REGEX = Ids.REGEX;

  /** The longest id allowed. */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  /** What a valid id looks like, in words, for error messages. */
  public static final String DESCRIPTION = Ids.EXPECTED;

  /** Checks the value. */
  public ScenarioId {
    Ids.check(value, "scenario id");
  }

  /** The id with this value; throws {@link IllegalArgumentException} when it is not valid. */
  public static ScenarioId of(String value) {
    return new ScenarioId(value);
  }

  /** Whether {@code value} would be accepted as an id, without throwing. */
  public static boolean isValid(String value) {
    Require.nonNull(value, "value");
    return value.length() <= Ids.MAX_LENGTH && Ids.PATTERN.matcher(value).matches();
  }

  @Override
  public int compareTo(ScenarioId other) {
    return value.compareTo(other.value);
  }

  /** The bare value. */
  @Override
  public String toString() {
    return value;
  }
}

package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * The identity of a spec: safe to use in a git branch name ({@code factory/<id>/attempt-<n>}) and
 * a file name on every platform.
 *
 * @param value lowercase letters and digits with single {@code .}, {@code _} or {@code -} between
 *     them, at most 64 characters
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record SpecId(String value) implements Comparable<SpecId> {

  /** The regular expression every id matches; ids are also at most {@link #MAX_LENGTH} long. */
  public static final String REGEX = Ids.REGEX;

  /** The longest id allowed. */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  /** What a valid id looks like, in words, for error messages. */
  public static final String DESCRIPTION = Ids.EXPECTED;

  /** Checks the value. */
  public SpecId {
    Ids.check(value, "spec id");
  }

  /** The id with this value; throws {@link IllegalArgumentException} when it is not valid. */
  public static SpecId of(String value) {
    return new SpecId(value);
  }

  /** Whether {@code value} would be accepted as an id, without throwing. */
  public static boolean isValid(String value) {
    Require.nonNull(value, "value");
    return value.length() <= Ids.MAX_LENGTH && Ids.PATTERN.matcher(value).matches();
  }

  @Override
  public int compareTo(SpecId other) {
    return value.compareTo(other.value);
  }

  /** The bare value. */
  @Override
  public String toString() {
    return value;
  }
}

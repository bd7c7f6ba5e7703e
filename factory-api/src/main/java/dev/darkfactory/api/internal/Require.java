package dev.darkfactory.api.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks for the API's constructors and builders; each failure names the field and the
 * value that was rejected.
 *
 * <p>Internal: not part of the public API, and may change in any release.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Require {

  private Require() {}

  /** Returns {@code value}, or throws naming {@code field} when it is {@code null}. */
  public static <T> T nonNull(@Nullable T value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " must not be null");
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} when it is null, empty or blank. */
  public static String nonBlank(@Nullable String value, String field) {
    nonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank but was " + quote(value));
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} unless it is at least {@code min}. */
  public static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + " but was " + value);
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} unless it is at least {@code min}. */
  public static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + " but was " + value);
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} unless it lies in {@code [min, max]}. */
  public static double between(double value, double min, double max, String field) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + " but was " + value);
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} unless it is longer than zero. */
  public static Duration positive(@Nullable Duration value, String field) {
    nonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive but was " + value);
    }
    return value;
  }

  /** Returns {@code value}, or throws naming {@code field} unless it matches {@code pattern}. */
  public static String matches(
      @Nullable String value, Pattern pattern, String field, String expected) {
    nonNull(value, field);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be " + expected + " but was " + quote(value));
    }
    return value;
  }

  /** An unmodifiable copy of {@code values}; throws naming {@code field} on a null element. */
  public static <T> List<T> copyOf(@Nullable Collection<? extends T> values, String field) {
    nonNull(values, field);
    List<T> copy = new ArrayList<>(values.size());
    int i = 0;
    for (T value : values) {
      copy.add(nonNull(value, field + "[" + i++ + "]"));
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * An unmodifiable, order-keeping copy of {@code values}; throws naming {@code field} on a null
   * or repeated element.
   */
  public static <T> Set<T> distinct(@Nullable Collection<? extends T> values, String field) {
    nonNull(values, field);
    Set<T> copy = new LinkedHashSet<>();
    int i = 0;
    for (T value : values) {
      if (!copy.add(nonNull(value, field + "[" + i + "]"))) {
        throw new IllegalArgumentException(field + " contains " + quote(value) + " twice");
      }
      i++;
    }
    return Collections.unmodifiableSet(copy);
  }

  /** An unmodifiable, order-keeping copy of {@code values}; throws naming {@code field} on nulls. */
  public static <K, V> Map<K, V> copyOf(@Nullable Map<? extends K, ? extends V> values, String field) {
    nonNull(values, field);
    Map<K, V> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> copy.put(nonNull(k, field + " key"), nonNull(v, field + "[" + k + "]")));
    return Collections.unmodifiableMap(copy);
  }

  /** Quotes a value for an error message, showing {@code null} plainly. */
  public static String quote(@Nullable Object value) {
    return value == null ? "null" : "'" + value + "'";
  }

  /** Throws naming {@code field} unless the two values are equal. */
  public static void same(Object expected, Object actual, String field) {
    if (!Objects.equals(expected, actual)) {
      throw new IllegalArgumentException(
          field + " must be " + quote(expected) + " but was " + quote(actual));
    }
  }
}

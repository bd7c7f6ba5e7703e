package dev.darkfactory.api.spec;

import dev.darkfactory.api.internal.Require;
import java.util.regex.Pattern;

/** The one rule for spec and scenario ids, which end up in git branch names and file names. */
final class Ids {

  static final int MAX_LENGTH = 64;
  static final String REGEX = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
  static final Pattern PATTERN = Pattern.compile(REGEX);
  static final String EXPECTED =
      "lowercase letters and digits, with single '.', '_' or '-' between them, at most "
          + MAX_LENGTH
          + " characters";

  private Ids() {}

  static String check(String value, String field) {
    Require.matches(value, PATTERN, field, EXPECTED);
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          field
              + " must be at most "
              + MAX_LENGTH
              + " characters but was "
              + value.length()
              + ": '"
              + value
              + "'");
    }
    return value;
  }
}

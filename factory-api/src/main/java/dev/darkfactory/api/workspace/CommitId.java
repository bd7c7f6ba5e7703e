package dev.darkfactory.api.workspace;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A full git object name: 40 hex digits (SHA-1) or 64 (SHA-256), lowercase.
 *
 * @param hex the object name
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record CommitId(String hex) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  /** Checks and lowercases the name. */
  public CommitId {
    Require.nonNull(hex, "commit id");
    hex = hex.strip().toLowerCase(Locale.ROOT);
    Require.matches(hex, HEX, "commit id", "a full git object name of 40 or 64 hex digits");
  }

  /** The commit with this name. */
  public static CommitId of(String hex) {
    return new CommitId(hex);
  }

  /** The first 12 digits, for display. */
  public String abbreviated() {
    return hex.substring(0, 12);
  }

  /** The full name. */
  @Override
  public String toString() {
    return hex;
  }
}

package dev.darkfactory.api;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * One thing wrong with an input (a spec, a scenario file, a configuration): where it is, what is
 * wrong, and what was expected instead.
 *
 * @param location where the problem is, as precisely as known
 * @param message what is wrong, never blank
 * @param expected what would have been accepted there, never blank
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record InputProblem(SourceLocation location, String message, String expected) {

  /** Checks every component. */
  public InputProblem {
    Require.nonNull(location, "location");
    Require.nonBlank(message, "message");
    Require.nonBlank(expected, "expected");
  }

  /** {@code file:line: message (expected ...)}, one line, as a compiler prints an error. */
  @Override
  public String toString() {
    return location + ": " + message + " (expected " + expected + ")";
  }
}

package dev.darkfactory.api;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * Where a piece of input came from: a file (or any named source) and, where known, a line and
 * column, so an error can point at it.
 *
 * @param source the file path or name of the input, never blank
 * @param line the 1-based line, or {@code 0} when unknown
 * @param column the 1-based column, or {@code 0} when unknown
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record SourceLocation(String source, int line, int column) {

  /** Checks every component. */
  public SourceLocation {
    Require.nonBlank(source, "source");
    Require.atLeast(line, 0, "line");
    Require.atLeast(column, 0, "column");
  }

  /** A location naming only the source, with no line. */
  public static SourceLocation of(String source) {
    return new SourceLocation(source, 0, 0);
  }

  /** A location at a line of the source, with no column. */
  public static SourceLocation of(String source, int line) {
    return new SourceLocation(source, line, 0);
  }

  /** This location moved to another line of the same source. */
  public SourceLocation atLine(int newLine) {
    return new SourceLocation(source, newLine, 0);
  }

  /** {@code source:line:column}, leaving out what is unknown, as compilers print it. */
  @Override
  public String toString() {
    if (line == 0) {
      return source;
    }
    return column == 0 ? source + ":" + line : source + ":" + line + ":" + column;
  }
}

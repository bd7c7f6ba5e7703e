package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A price catalog file that cannot be used: not readable, not JSON, or JSON with problems. The
 * message names the file and lists every problem with its JSON path, such as {@code
 * $.models["gpt-5"].cacheRead: missing; every model needs all four prices}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class PriceCatalogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<String> problems;

  PriceCatalogException(String source, List<String> problems, @Nullable Throwable cause) {
    super(message(source, problems), cause);
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The file (or other source) the catalog was read from. */
  public String source() {
    return source;
  }

  /** Every problem found, each starting with its JSON path (or {@code $} for the whole file). */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder b = new StringBuilder("cannot load the price catalog ").append(source);
    if (problems.size() == 1) {
      return b.append(": ").append(problems.get(0)).toString();
    }
    b.append(": ").append(problems.size()).append(" problems:");
    for (String p : problems) {
      b.append("\n  ").append(p);
    }
    return b.toString();
  }
}

package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.darkfactory.api.InputProblem;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Collects every problem found in a batch of input, so the reader reports them all at once.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Problems {

  private final List<InputProblem> problems = new ArrayList<>();

  /** Records a problem. */
  public void add(SourceLocation where, String message, String expected) {
    problems.add(new InputProblem(where, message, expected));
  }

  /** Records problems another reader found. */
  public void addAll(List<InputProblem> more) {
    problems.addAll(more);
  }

  /** Whether nothing was recorded. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** How many problems were recorded. */
  public int size() {
    return problems.size();
  }

  /** Throws {@link InvalidInputException} with every problem, sorted by file and line, if any. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      List<InputProblem> sorted = new ArrayList<>(problems);
      sorted.sort(
          Comparator.comparing((InputProblem p) -> p.location().source())
              .thenComparingInt(p -> p.location().line())
              .thenComparingInt(p -> p.location().column()));
      throw new InvalidInputException(sorted);
    }
  }
}

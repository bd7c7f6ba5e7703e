package dev.darkfactory.api;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Thrown when input (specs, scenario files, configuration) is invalid; carries every problem
 * found, not just the first, so a user fixes them all in one pass.
 *
 * <p>Whatever threw it has changed nothing: no queue, repository or journal was touched.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public final class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<InputProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found; at least one
   */
  public InvalidInputException(List<InputProblem> problems) {
    super(describe(problems));
    this.problems = Require.copyOf(problems, "problems");
  }

  /** Every problem found, in the order of the input; never empty. */
  public List<InputProblem> problems() {
    return problems;
  }

  private static String describe(List<InputProblem> problems) {
    Require.nonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    String noun = problems.size() == 1 ? "problem" : "problems";
    return problems.size()
        + " input "
        + noun
        + ":\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}

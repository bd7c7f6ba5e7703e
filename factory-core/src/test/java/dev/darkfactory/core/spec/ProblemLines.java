package dev.darkfactory.core.spec;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkfactory.api.InputProblem;
import dev.darkfactory.api.InvalidInputException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The problems a reader reports, one {@code file:line: message (expected ...)} line each. */
final class ProblemLines {

  private ProblemLines() {}

  /** Runs {@code read}, which must throw {@link InvalidInputException}, and returns its problems. */
  static List<String> problemsOf(ThrowingCallable read) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, read);
    if (e == null) {
      throw new AssertionError("expected the input to be rejected, but it was read");
    }
    return e.problems().stream().map(InputProblem::toString).toList();
  }
}

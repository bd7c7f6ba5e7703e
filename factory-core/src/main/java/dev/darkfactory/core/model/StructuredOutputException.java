package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A model's answer that was meant to be JSON matching a schema and was not: not JSON, missing or
 * mistyped fields, a value that breaks a constraint. Its kind is {@link Kind#MALFORMED_RESPONSE},
 * so asking again may help.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StructuredOutputException extends ModelException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;
  private final String text;

  /**
   * Creates the exception.
   *
   * @param target the type the answer was to become
   * @param problems what is wrong, each starting with a JSON path where there is one; at least one
   * @param text the answer's text as the model wrote it
   */
  public StructuredOutputException(Class<?> target, List<String> problems, String text) {
    super(
        Kind.MALFORMED_RESPONSE,
        "the answer is not a valid "
            + target.getSimpleName()
            + ": "
            + String.join("; ", Require.copyOf(problems, "problems")),
        null,
        null);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    this.problems = List.copyOf(problems);
    this.text = Require.nonNull(text, "text");
  }

  /** What is wrong with the answer, each starting with a JSON path where there is one. */
  public List<String> problems() {
    return problems;
  }

  /** The answer's text as the model wrote it. */
  public String text() {
    return text;
  }
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * JSON that {@link ModelJson} cannot read as a model request or response: not JSON, a missing or
 * mistyped field, an unknown field or block type, or a value the records refuse. The message
 * starts with the JSON path of the bad value, such as {@code $.messages[2].content[0].type}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ModelJsonException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * Creates the exception.
   *
   * @param path the JSON path of the bad value, {@code $} for the whole document
   * @param problem what is wrong there
   * @param cause the underlying failure, if any
   */
  public ModelJsonException(String path, String problem, @Nullable Throwable cause) {
    super(Require.nonBlank(path, "path") + ": " + Require.nonBlank(problem, "problem"), cause);
    this.path = path;
  }

  /**
   * The JSON path of the bad value, such as {@code $.messages[2].content[0].type}; {@code $} for
   * the whole document.
   *
   * @return the path
   */
  public String path() {
    return path;
  }
}

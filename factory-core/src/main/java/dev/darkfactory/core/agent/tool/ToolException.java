package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A tool call that cannot be done, such as a read of a missing file or an edit whose old text is
 * not unique; the message goes back to the model as an error result, so it says what to do
 * differently.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class ToolException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * A failure with a message for the model.
   *
   * @param message what went wrong and, where it helps, what to try instead
   */
  public ToolException(String message) {
    super(message);
  }

  /**
   * A failure with a message for the model and its cause, for the logs.
   *
   * @param message what went wrong
   * @param cause the underlying error
   */
  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}

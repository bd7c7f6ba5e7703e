package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * What one tool call returns to the model: its full text, and whether it is an error. The agent
 * truncates the text for the model; the full text goes to the event and the transcript.
 *
 * @param content the full output
 * @param error whether the call failed
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ToolOutput(String content, boolean error) {

  /** Checks every component. */
  public ToolOutput {
    Require.nonNull(content, "content");
  }

  /**
   * A successful result.
   *
   * @param content the output
   * @return the result
   */
  public static ToolOutput ok(String content) {
    return new ToolOutput(content, false);
  }

  /**
   * A failed result.
   *
   * @param message what went wrong, for the model
   * @return the result
   */
  public static ToolOutput error(String message) {
    return new ToolOutput(message, true);
  }
}

package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A model's answer to one {@link ModelRequest}: the assistant message, why it stopped, and what
 * it cost in tokens.
 *
 * @param id the provider's id for the response, for tracing; may be empty
 * @param model the model that actually answered (providers may resolve aliases)
 * @param message the assistant's message
 * @param stopReason why the model stopped
 * @param usage the tokens this call consumed
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ModelResponse(
    String id, String model, Message message, StopReason stopReason, Usage usage) {

  /** Checks every component. */
  public ModelResponse {
    Require.nonNull(id, "id");
    Require.nonBlank(model, "model");
    Require.nonNull(message, "message");
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException(
          "message of a response must be from the ASSISTANT but was from " + message.role());
    }
    Require.nonNull(stopReason, "stopReason");
    Require.nonNull(usage, "usage");
  }

  /** The tool calls the model asked for, in order; empty when it asked for none. */
  public List<ContentBlock.ToolCall> toolCalls() {
    return message.toolCalls();
  }
}

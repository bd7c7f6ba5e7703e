package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * One piece of a message: text, a tool call, a tool's result, or the model's thinking.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface ContentBlock {

  /**
   * Plain text.
   *
   * @param text the text; may be empty
   */
  @API(status = STABLE, since = "0.1.0")
  record Text(String text) implements ContentBlock {
    /** Checks the value. */
    public Text {
      Require.nonNull(text, "text");
    }
  }

  /**
   * The model asks for a tool to be run.
   *
   * @param id the call's id, echoed by the matching {@link ToolResult}; never blank
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object, exactly as the model sent them
   */
  @API(status = STABLE, since = "0.1.0")
  record ToolCall(String id, String name, String argumentsJson) implements ContentBlock {
    /** Checks every component. */
    public ToolCall {
      Require.nonBlank(id, "tool call id");
      Require.nonBlank(name, "tool name");
      Require.nonNull(argumentsJson, "argumentsJson");
    }
  }

  /**
   * The result of running a tool, sent back to the model.
   *
   * @param toolCallId the id of the {@link ToolCall} this answers
   * @param content the output as the model should see it (possibly truncated)
   * @param error whether the tool failed; the model sees the failure and may recover
   */
  @API(status = STABLE, since = "0.1.0")
  record ToolResult(String toolCallId, String content, boolean error) implements ContentBlock {
    /** Checks every component. */
    public ToolResult {
      Require.nonBlank(toolCallId, "toolCallId");
      Require.nonNull(content, "content");
    }
  }

  /**
   * The model's reasoning, kept so it can be passed back unchanged on the next turn, as some
   * providers require.
   *
   * @param text the visible reasoning; may be empty when the provider redacts it
   * @param signature the provider's opaque token that vouches for the block; may be empty
   */
  @API(status = STABLE, since = "0.1.0")
  record Thinking(String text, String signature) implements ContentBlock {
    /** Checks every component. */
    public Thinking {
      Require.nonNull(text, "text");
      Require.nonNull(signature, "signature");
    }
  }
}

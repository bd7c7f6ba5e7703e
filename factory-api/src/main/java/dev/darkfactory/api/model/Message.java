package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One turn of a conversation with a model.
 *
 * @param role who wrote it
 * @param content its blocks, in order; at least one
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Message(Role role, List<ContentBlock> content) {

  /** Checks every component. */
  public Message {
    Require.nonNull(role, "role");
    content = Require.copyOf(content, "content");
    if (content.isEmpty()) {
      throw new IllegalArgumentException("content of a " + role + " message must not be empty");
    }
  }

  /** A user message holding one text block. */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
  }

  /** An assistant message holding one text block. */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
  }

  /** The text blocks joined, in order; empty when there are none. */
  public String text() {
    return content.stream()
        .filter(ContentBlock.Text.class::isInstance)
        .map(b -> ((ContentBlock.Text) b).text())
        .collect(Collectors.joining());
  }

  /** The tool calls in this message, in order. */
  public List<ContentBlock.ToolCall> toolCalls() {
    return content.stream()
        .filter(ContentBlock.ToolCall.class::isInstance)
        .map(ContentBlock.ToolCall.class::cast)
        .toList();
  }
}

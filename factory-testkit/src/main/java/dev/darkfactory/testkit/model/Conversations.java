package dev.darkfactory.testkit.model;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.Role;
import java.util.List;
import java.util.stream.Collectors;

/** What the scripted provider's matchers read from a request. */
final class Conversations {

  private Conversations() {}

  /** The last user message of a request (requests start with one). */
  static Message lastUserMessage(ModelRequest request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i);
      }
    }
    return messages.get(0);
  }

  /**
   * Everything a message says, one block a line: text, tool calls as {@code name arguments}, and
   * tool results.
   */
  static String contentOf(Message message) {
    return message.content().stream()
        .map(
            b -> {
              if (b instanceof ContentBlock.Text t) {
                return t.text();
              }
              if (b instanceof ContentBlock.ToolCall c) {
                return c.name() + " " + c.argumentsJson();
              }
              if (b instanceof ContentBlock.ToolResult r) {
                return r.content();
              }
              return ((ContentBlock.Thinking) b).text();
            })
        .collect(Collectors.joining("\n"));
  }

  /** The name of the tool whose call has this id, searched in the request's assistant messages. */
  static String toolNameOf(ModelRequest request, String toolCallId) {
    for (Message m : request.messages()) {
      for (ContentBlock.ToolCall c : m.toolCalls()) {
        if (c.id().equals(toolCallId)) {
          return c.name();
        }
      }
    }
    return "?";
  }

  /** The first 200 characters of a text, marked when cut. */
  static String abbreviate(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() <= 200
        ? oneLine
        : oneLine.substring(0, 200) + "... (" + text.length() + " chars)";
  }
}

package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Matches a request by the tool results it carries: which tool answered, what the result says,
 * and whether it is an error. By default only the request's last message is searched (the results
 * of the round just run); {@link #inAnyMessage()} searches the whole conversation. Immutable: each
 * method returns a narrower matcher.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ToolResultMatcher implements RequestMatcher {

  private final @Nullable String tool;
  private final @Nullable String containing;
  private final @Nullable Boolean error;
  private final boolean anywhere;

  private ToolResultMatcher(
      @Nullable String tool, @Nullable String containing, @Nullable Boolean error, boolean anywhere) {
    this.tool = tool;
    this.containing = containing;
    this.error = error;
    this.anywhere = anywhere;
  }

  static ToolResultMatcher of(@Nullable String tool) {
    return new ToolResultMatcher(tool, null, null, false);
  }

  /**
   * Only results whose content contains {@code text}.
   *
   * @param text the text to find
   * @return the narrower matcher
   */
  public ToolResultMatcher containing(String text) {
    return new ToolResultMatcher(tool, Require.nonNull(text, "text"), error, anywhere);
  }

  /**
   * Only error results.
   *
   * @return the narrower matcher
   */
  public ToolResultMatcher failed() {
    return new ToolResultMatcher(tool, containing, true, anywhere);
  }

  /**
   * Only successful results.
   *
   * @return the narrower matcher
   */
  public ToolResultMatcher succeeded() {
    return new ToolResultMatcher(tool, containing, false, anywhere);
  }

  /**
   * Searches every message of the conversation, not only the last.
   *
   * @return the wider matcher
   */
  public ToolResultMatcher inAnyMessage() {
    return new ToolResultMatcher(tool, containing, error, true);
  }

  @Override
  public String description() {
    StringBuilder s = new StringBuilder();
    s.append(error == null ? "a" : error ? "an error" : "a successful");
    s.append(" result of ").append(tool == null ? "any tool" : "tool " + tool);
    if (containing != null) {
      s.append(" containing ").append(Require.quote(containing));
    }
    s.append(anywhere ? " in any message" : " in the last message");
    return s.toString();
  }

  @Override
  public Optional<String> mismatch(ModelRequest request) {
    List<Message> searched =
        anywhere ? request.messages() : List.of(request.messages().get(request.messages().size() - 1));
    List<String> seen = new ArrayList<>();
    for (Message m : searched) {
      if (m.role() != Role.USER) {
        continue;
      }
      for (ContentBlock b : m.content()) {
        if (b instanceof ContentBlock.ToolResult r) {
          String name = Conversations.toolNameOf(request, r.toolCallId());
          boolean ok =
              (tool == null || tool.equals(name))
                  && (containing == null || r.content().contains(containing))
                  && (error == null || error == r.error());
          if (ok) {
            return Optional.empty();
          }
          seen.add(
              name
                  + (r.error() ? " (error): " : ": ")
                  + Require.quote(Conversations.abbreviate(r.content())));
        }
      }
    }
    return Optional.of(
        seen.isEmpty()
            ? "there are no tool results" + (anywhere ? "" : " in the last message")
            : "the tool results are " + String.join("; ", seen));
  }

  @Override
  public String toString() {
    return description();
  }
}

package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.Role;
import java.util.Optional;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * Decides whether a rule of a {@link ScriptedModelProvider} answers a request, and says why not
 * when it does not, so an unmatched request fails a test with a readable message.
 *
 * <p>The <em>turn</em> of a request is its position in its conversation: one more than the number
 * of assistant messages it holds. It does not depend on how many requests the provider saw, so one
 * provider can serve several conversations.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface RequestMatcher {

  /**
   * What this matcher accepts, for failure messages, such as {@code "turn 2"}.
   *
   * @return the description
   */
  String description();

  /**
   * Why {@code request} does not match.
   *
   * @param request the request
   * @return the reason, or empty when the request matches
   */
  Optional<String> mismatch(ModelRequest request);

  /**
   * Whether {@code request} matches.
   *
   * @param request the request
   * @return whether it matches
   */
  default boolean matches(ModelRequest request) {
    return mismatch(request).isEmpty();
  }

  /**
   * A matcher that accepts what both this and {@code other} accept.
   *
   * @param other the other matcher
   * @return the conjunction
   */
  default RequestMatcher and(RequestMatcher other) {
    Require.nonNull(other, "other");
    RequestMatcher self = this;
    return new RequestMatcher() {
      @Override
      public String description() {
        return self.description() + " and " + other.description();
      }

      @Override
      public Optional<String> mismatch(ModelRequest request) {
        Optional<String> first = self.mismatch(request);
        return first.isPresent() ? first : other.mismatch(request);
      }
    };
  }

  /**
   * A matcher for every request.
   *
   * @return the matcher
   */
  static RequestMatcher any() {
    return that("any request", r -> true);
  }

  /**
   * A matcher for the request at one turn of its conversation.
   *
   * @param turn the turn, from 1
   * @return the matcher
   */
  static RequestMatcher turn(int turn) {
    Require.atLeast(turn, 1, "turn");
    return new RequestMatcher() {
      @Override
      public String description() {
        return "turn " + turn;
      }

      @Override
      public Optional<String> mismatch(ModelRequest request) {
        int actual = turnOf(request);
        return actual == turn ? Optional.empty() : Optional.of("the request is turn " + actual);
      }
    };
  }

  /**
   * A matcher for a request whose last user message contains {@code text}, in a text block or a
   * tool result.
   *
   * @param text the text to find
   * @return the matcher
   */
  static RequestMatcher lastUserMessageContains(String text) {
    Require.nonNull(text, "text");
    return new RequestMatcher() {
      @Override
      public String description() {
        return "the last user message contains " + Require.quote(text);
      }

      @Override
      public Optional<String> mismatch(ModelRequest request) {
        String last = Conversations.contentOf(Conversations.lastUserMessage(request));
        return last.contains(text)
            ? Optional.empty()
            : Optional.of("the last user message is " + Require.quote(Conversations.abbreviate(last)));
      }
    };
  }

  /**
   * A matcher for a request with {@code text} anywhere in its system prompt or messages (text,
   * tool call arguments, tool results).
   *
   * @param text the text to find
   * @return the matcher
   */
  static RequestMatcher anyMessageContains(String text) {
    Require.nonNull(text, "text");
    return new RequestMatcher() {
      @Override
      public String description() {
        return "some message contains " + Require.quote(text);
      }

      @Override
      public Optional<String> mismatch(ModelRequest request) {
        boolean found =
            request.system().contains(text)
                || request.messages().stream().anyMatch(m -> Conversations.contentOf(m).contains(text));
        return found
            ? Optional.empty()
            : Optional.of("no message of the " + request.messages().size() + " contains it");
      }
    };
  }

  /**
   * A matcher for a request whose last message answers a call of the tool {@code name}; narrow it
   * with {@link ToolResultMatcher#containing}, {@link ToolResultMatcher#failed()}, {@link
   * ToolResultMatcher#succeeded()} or {@link ToolResultMatcher#inAnyMessage()}.
   *
   * @param name the tool's name
   * @return the matcher
   */
  static ToolResultMatcher toolResult(String name) {
    return ToolResultMatcher.of(Require.nonBlank(name, "name"));
  }

  /**
   * A matcher for a request whose last message holds a tool result of any tool.
   *
   * @return the matcher
   */
  static ToolResultMatcher anyToolResult() {
    return ToolResultMatcher.of(null);
  }

  /**
   * A matcher from a predicate.
   *
   * @param description what it accepts, for failure messages
   * @param predicate whether a request matches
   * @return the matcher
   */
  static RequestMatcher that(String description, Predicate<ModelRequest> predicate) {
    Require.nonBlank(description, "description");
    Require.nonNull(predicate, "predicate");
    return new RequestMatcher() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public Optional<String> mismatch(ModelRequest request) {
        return predicate.test(request)
            ? Optional.empty()
            : Optional.of("the predicate is false");
      }
    };
  }

  /**
   * The turn of a request: one more than the number of assistant messages in it.
   *
   * @param request the request
   * @return the turn, from 1
   */
  static int turnOf(ModelRequest request) {
    return 1 + (int) request.messages().stream().filter(m -> m.role() == Role.ASSISTANT).count();
  }
}

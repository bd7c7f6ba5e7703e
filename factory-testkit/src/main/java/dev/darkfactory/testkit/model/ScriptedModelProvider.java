package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A model for tests: answers each request with the reply of the first rule that matches it, and
 * records every request for assertions.
 *
 * <pre>{@code
 * ScriptedModelProvider model =
 *     ScriptedModelProvider.builder()
 *         .on(RequestMatcher.turn(1))
 *         .reply(Reply.toolCall("write_file", Reply.json("path", "a.txt", "content", "hi")))
 *         .on(RequestMatcher.toolResult("write_file").succeeded())
 *         .reply(Reply.toolCall("finish", Reply.json("summary", "wrote a.txt")))
 *         .build();
 * }</pre>
 *
 * <p>Rules are tried in the order they were added. A rule answers once ({@link
 * RuleBuilder#reply}), a number of times ({@link RuleBuilder#replyTimes}) or every time it matches
 * ({@link RuleBuilder#replyAlways}); a used-up rule is skipped. {@link Builder#then(Reply)} adds a
 * one-shot rule that matches anything, so a plain sequence of replies is a script too. When no rule
 * matches, {@link #complete} throws {@link UnmatchedRequestError} naming the turn, the last message
 * and why each rule did not match.
 *
 * <p>Responses report the request's model name unless {@link Builder#model(String)} sets one, tool
 * call ids {@code call_1}, {@code call_2}, ... in the order made, and the reply's usage or {@link
 * Builder#defaultUsage(Usage)}. Thread-safe; a {@linkplain Reply#computed computed} reply runs
 * outside the provider's lock, so it may block.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ScriptedModelProvider implements ModelProvider {

  private final String id;
  private final @Nullable String model;
  private final Usage defaultUsage;
  private final List<Rule> rules;
  private final List<ModelRequest> requests = new ArrayList<>();
  private long toolCalls;
  private long responses;

  private ScriptedModelProvider(Builder builder) {
    this.id = builder.id;
    this.model = builder.model;
    this.defaultUsage = builder.defaultUsage;
    this.rules = List.copyOf(builder.rules);
  }

  /**
   * A builder for a provider with the id {@code "scripted"} and no rules.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * Answers with the first matching rule's reply.
   *
   * @throws ModelException when the reply is an error
   * @throws UnmatchedRequestError when no rule matches
   */
  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    Reply reply;
    synchronized (this) {
      requests.add(request);
      reply = choose(request);
    }
    return respond(request, reply);
  }

  private Reply choose(ModelRequest request) {
    List<String> why = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      String prefix = "  " + (i + 1) + ". " + rule + ": ";
      if (rule.remaining == 0) {
        why.add(prefix + "used up");
        continue;
      }
      Optional<String> mismatch = rule.matcher.mismatch(request);
      if (mismatch.isEmpty()) {
        if (rule.remaining > 0) {
          rule.remaining--;
        }
        rule.used++;
        return rule.reply;
      }
      why.add(prefix + mismatch.get());
    }
    Message last = request.messages().get(request.messages().size() - 1);
    String message =
        "no rule of the scripted model '"
            + id
            + "' matches request "
            + requests.size()
            + " (turn "
            + RequestMatcher.turnOf(request)
            + ")\n  last message ("
            + last.role()
            + "): "
            + Require.quote(Conversations.abbreviate(Conversations.contentOf(last)))
            + "\n"
            + (why.isEmpty() ? "  there are no rules" : String.join("\n", why));
    throw new UnmatchedRequestError(message, request);
  }

  private ModelResponse respond(ModelRequest request, Reply reply)
      throws ModelException, InterruptedException {
    Optional<Reply.Responder> responder = reply.responder();
    if (responder.isPresent()) {
      Reply computed = responder.get().reply(request);
      return respond(request, Require.nonNull(computed, "computed reply"));
    }
    Optional<ModelException> error = reply.error();
    if (error.isPresent()) {
      throw error.get();
    }
    List<ContentBlock> blocks = new ArrayList<>();
    long responseNumber;
    synchronized (this) {
      for (Reply.Part p : reply.parts()) {
        if (p.text() != null) {
          blocks.add(new ContentBlock.Text(p.text()));
        } else {
          toolCalls++;
          blocks.add(
              new ContentBlock.ToolCall(
                  "call_" + toolCalls, Require.nonNull(p.toolName(), "tool"), p.argumentsJson()));
        }
      }
      responseNumber = ++responses;
    }
    boolean calls = blocks.stream().anyMatch(ContentBlock.ToolCall.class::isInstance);
    StopReason stop =
        reply.stopReason().orElse(calls ? StopReason.TOOL_USE : StopReason.END_TURN);
    return new ModelResponse(
        "scripted-" + responseNumber,
        model != null ? model : request.model(),
        new Message(Role.ASSISTANT, blocks),
        stop,
        reply.usage().orElse(defaultUsage));
  }

  /**
   * Every request received, in order, including one no rule matched.
   *
   * @return the requests
   */
  public synchronized List<ModelRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * The last request received.
   *
   * @return the request
   * @throws IllegalStateException when there was none
   */
  public synchronized ModelRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("the scripted model '" + id + "' received no request");
    }
    return requests.get(requests.size() - 1);
  }

  /**
   * The rules that answer a fixed number of times and still have answers left, as {@code
   * "matcher -> reply"}; empty when the script was played to its end.
   *
   * @return the descriptions, in rule order
   */
  public synchronized List<String> unusedRules() {
    return rules.stream().filter(r -> r.remaining > 0).map(Rule::toString).toList();
  }

  /**
   * Fails when a rule that answers a fixed number of times has answers left.
   *
   * @throws AssertionError naming those rules
   */
  public void assertScriptPlayed() {
    List<String> unused = unusedRules();
    if (!unused.isEmpty()) {
      throw new AssertionError(
          "the scripted model '" + id + "' has rules left: " + String.join("; ", unused));
    }
  }

  /** The id and the rules. */
  @Override
  public synchronized String toString() {
    return "ScriptedModelProvider[" + id + ", " + rules.size() + " rules, " + requests.size() + " requests]";
  }

  /** A rule: when it matches, how many answers it has left ({@code -1} for unlimited). */
  private static final class Rule {
    final RequestMatcher matcher;
    final Reply reply;
    int remaining;
    int used;

    Rule(RequestMatcher matcher, Reply reply, int remaining) {
      this.matcher = matcher;
      this.reply = reply;
      this.remaining = remaining;
    }

    @Override
    public String toString() {
      return "["
          + matcher.description()
          + "] -> "
          + reply
          + (remaining < 0 ? " (always)" : remaining == 0 ? "" : " (" + remaining + " left)");
    }
  }

  /**
   * Builds a {@link ScriptedModelProvider}. Each method checks its arguments at once.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private String id = "scripted";
    private @Nullable String model;
    private Usage defaultUsage = Usage.ZERO;
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the provider's id; default {@code "scripted"}.
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Require.nonBlank(id, "id");
      return this;
    }

    /**
     * Sets the model name responses report; by default, the request's model.
     *
     * @param model the model name
     * @return this builder
     */
    public Builder model(String model) {
      this.model = Require.nonBlank(model, "model");
      return this;
    }

    /**
     * Sets the usage of replies that set none; default {@link Usage#ZERO}.
     *
     * @param usage the usage
     * @return this builder
     */
    public Builder defaultUsage(Usage usage) {
      this.defaultUsage = Require.nonNull(usage, "usage");
      return this;
    }

    /**
     * Starts a rule for the requests {@code matcher} accepts.
     *
     * @param matcher which requests the rule answers
     * @return the rule's builder; its reply method returns this builder
     */
    public RuleBuilder on(RequestMatcher matcher) {
      return new RuleBuilder(this, Require.nonNull(matcher, "matcher"));
    }

    /**
     * Adds a rule that answers the next request it sees, whatever it is, once.
     *
     * @param reply the reply
     * @return this builder
     */
    public Builder then(Reply reply) {
      return on(RequestMatcher.any()).reply(reply);
    }

    /**
     * Adds a rule that answers every request that reaches it; put it last.
     *
     * @param reply the reply
     * @return this builder
     */
    public Builder always(Reply reply) {
      return on(RequestMatcher.any()).replyAlways(reply);
    }

    /**
     * The provider.
     *
     * @return the provider
     */
    public ScriptedModelProvider build() {
      return new ScriptedModelProvider(this);
    }

    private Builder add(RequestMatcher matcher, Reply reply, int times) {
      rules.add(new Rule(matcher, Require.nonNull(reply, "reply"), times));
      return this;
    }
  }

  /**
   * The second half of a rule: what it answers, and how often.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class RuleBuilder {
    private final Builder builder;
    private final RequestMatcher matcher;

    private RuleBuilder(Builder builder, RequestMatcher matcher) {
      this.builder = builder;
      this.matcher = matcher;
    }

    /**
     * Answers the first matching request with {@code reply}, then never again.
     *
     * @param reply the reply
     * @return the provider's builder
     */
    public Builder reply(Reply reply) {
      return builder.add(matcher, reply, 1);
    }

    /**
     * Answers the first {@code times} matching requests with {@code reply}.
     *
     * @param times how many times; at least 1
     * @param reply the reply
     * @return the provider's builder
     */
    public Builder replyTimes(int times, Reply reply) {
      return builder.add(matcher, reply, Require.atLeast(times, 1, "times"));
    }

    /**
     * Answers every matching request with {@code reply}.
     *
     * @param reply the reply
     * @return the provider's builder
     */
    public Builder replyAlways(Reply reply) {
      return builder.add(matcher, reply, -1);
    }
  }
}

package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.core.agent.tool.ToolOutput;
import java.time.Duration;
import java.time.Instant;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in an attempt of the {@link ToolLoopAgent}, for {@link AgentListener}s:
 * the start, the model chosen for each turn, each model call and its answer, each tool call with
 * its full output, warnings the loop added, messages from the host, prompt-cache figures, and the
 * end.
 *
 * <p>Every event carries the time on the attempt's clock and the turn it belongs to (the number of
 * model calls made so far; 0 before the first).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public sealed interface AgentEvent {

  /**
   * When it happened, on the attempt's clock.
   *
   * @return the time
   */
  Instant time();

  /**
   * The turn it belongs to: the model calls made so far, from 0.
   *
   * @return the turn
   */
  int turn();

  /**
   * An attempt started.
   *
   * @param time when
   * @param turn 0
   * @param spec the spec
   * @param attempt the attempt's number
   * @param model the model the agent asks
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Started(Instant time, int turn, SpecId spec, int attempt, String model)
      implements AgentEvent {
    /** Checks every component. */
    public Started {
      Require.nonNull(time, "time");
      Require.nonNull(spec, "spec");
      Require.nonBlank(model, "model");
    }
  }

  /**
   * A model call is about to be sent.
   *
   * @param time when
   * @param turn this call's turn, from 1
   * @param request the request as sent (tool results truncated)
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record TurnStarted(Instant time, int turn, ModelRequest request) implements AgentEvent {
    /** Checks every component. */
    public TurnStarted {
      Require.nonNull(time, "time");
      Require.nonNull(request, "request");
    }
  }

  /**
   * The model answered.
   *
   * @param time when
   * @param turn the call's turn
   * @param response the answer with its usage
   * @param totalUsage the usage of every call of the attempt so far, this one included
   * @param cost what this call cost at the agent's prices (tokens only for a model with no
   *     price)
   * @param totalCost what every call of the attempt cost so far, this one included
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record ModelResponded(
      Instant time, int turn, ModelResponse response, Usage totalUsage, Charge cost, Charge totalCost)
      implements AgentEvent {
    /** Checks every component. */
    public ModelResponded {
      Require.nonNull(time, "time");
      Require.nonNull(response, "response");
      Require.nonNull(totalUsage, "totalUsage");
      Require.nonNull(cost, "cost");
      Require.nonNull(totalCost, "totalCost");
    }
  }

  /**
   * A tool call passed the hooks and the checks and is about to run.
   *
   * @param time when
   * @param turn the turn whose response made the call
   * @param call the call that runs, after the hooks' rewrites
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record ToolStarted(Instant time, int turn, ToolInvocation call) implements AgentEvent {
    /** Checks every component. */
    public ToolStarted {
      Require.nonNull(time, "time");
      Require.nonNull(call, "call");
    }
  }

  /**
   * A tool call has its result: it ran, or was refused (an unknown tool, bad arguments, a hook's
   * denial).
   *
   * @param time when
   * @param turn the turn whose response made the call
   * @param requested the call as the model made it
   * @param executedName the tool that answered, after the hooks' rewrites (the requested name
   *     when the arguments could not be parsed)
   * @param executedArgumentsJson the arguments after the hooks' rewrites (the model's text when
   *     they could not be parsed)
   * @param output the full output, before truncation
   * @param truncated whether the model was sent a shortened output
   * @param duration how long the call took, on the attempt's clock
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record ToolCalled(
      Instant time,
      int turn,
      ContentBlock.ToolCall requested,
      String executedName,
      String executedArgumentsJson,
      ToolOutput output,
      boolean truncated,
      Duration duration)
      implements AgentEvent {
    /** Checks every component. */
    public ToolCalled {
      Require.nonNull(time, "time");
      Require.nonNull(requested, "requested");
      Require.nonBlank(executedName, "executedName");
      Require.nonNull(executedArgumentsJson, "executedArgumentsJson");
      Require.nonNull(output, "output");
      Require.nonNull(duration, "duration");
    }
  }

  /**
   * The loop added a warning to what the model reads next.
   *
   * @param time when
   * @param turn the turn whose response led to it
   * @param kind why
   * @param text the warning as the model reads it
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record WarningInjected(Instant time, int turn, Warning kind, String text)
      implements AgentEvent {
    /** Checks every component. */
    public WarningInjected {
      Require.nonNull(time, "time");
      Require.nonNull(kind, "kind");
      Require.nonBlank(text, "text");
    }
  }

  /**
   * A message from the host, given to the model with the results of a tool round.
   *
   * @param time when
   * @param turn the turn whose round it followed
   * @param text the message
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record SteeringDelivered(Instant time, int turn, String text) implements AgentEvent {
    /** Checks every component. */
    public SteeringDelivered {
      Require.nonNull(time, "time");
      Require.nonBlank(text, "text");
    }
  }

  /**
   * The {@link ModelRouter} chose the model for a turn: for the first turn always, later only when
   * the model changes.
   *
   * @param time when
   * @param turn the turn the model is for, from 1
   * @param from the model of the previous turn; {@code null} for the first turn
   * @param to the model of this turn
   * @param reason the router's reason
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record ModelRouted(Instant time, int turn, @Nullable String from, String to, String reason)
      implements AgentEvent {
    /** Checks every component. */
    public ModelRouted {
      Require.nonNull(time, "time");
      Require.nonBlank(to, "to");
      Require.nonBlank(reason, "reason");
    }
  }

  /**
   * The provider's prompt cache served much less of the recent turns' input than the stable
   * prefix should give (see {@link PromptCacheCheck}); sent at most once per attempt, to
   * listeners only, never to the model. Likely causes: the provider does not cache, caching is
   * off, the prefix changed, or the requests went to other cache servers.
   *
   * @param time when
   * @param turn the turn whose answer showed it
   * @param actual the share of the recent turns' input read from the cache, from 0 to 1
   * @param expected the share the stable prefix should give, from 0 to 1
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record CacheHitLow(Instant time, int turn, double actual, double expected)
      implements AgentEvent {
    /** Checks every component. */
    public CacheHitLow {
      Require.nonNull(time, "time");
      Require.between(actual, 0.0, 1.0, "actual");
      Require.between(expected, 0.0, 1.0, "expected");
    }
  }

  /**
   * The attempt's prompt-cache figures, sent just before {@link Ended}.
   *
   * @param time when
   * @param turn the model calls made
   * @param usage the usage of every call of the attempt
   * @param hitRate the share of all input read from the cache ({@link Usage#cacheHitRate()} of
   *     {@code usage}), from 0 to 1
   * @param expectedHitRate the share the stable prefix should have given (see {@link
   *     PromptCacheCheck}), from 0 to 1
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record CacheReport(
      Instant time, int turn, Usage usage, double hitRate, double expectedHitRate)
      implements AgentEvent {
    /** Checks every component. */
    public CacheReport {
      Require.nonNull(time, "time");
      Require.nonNull(usage, "usage");
      Require.between(hitRate, 0.0, 1.0, "hitRate");
      Require.between(expectedHitRate, 0.0, 1.0, "expectedHitRate");
    }
  }

  /**
   * The attempt ended.
   *
   * @param time when
   * @param turn the model calls made
   * @param outcome how it ended
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Ended(Instant time, int turn, AgentOutcome outcome) implements AgentEvent {
    /** Checks every component. */
    public Ended {
      Require.nonNull(time, "time");
      Require.nonNull(outcome, "outcome");
    }
  }

  /**
   * Why the loop warned the model.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  enum Warning {
    /** The recent tool calls repeat a pattern. */
    LOOP,
    /** The model answered with text only; it is asked to call {@code finish} or go on. */
    NO_TOOL_CALL
  }
}

package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentOutcome;
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

/**
 * Something that happened in an attempt of the {@link ToolLoopAgent}, for {@link AgentListener}s:
 * the start, each model call and its answer, each tool call with its full output, warnings the
 * loop added, messages from the host, and the end.
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
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record ModelResponded(Instant time, int turn, ModelResponse response, Usage totalUsage)
      implements AgentEvent {
    /** Checks every component. */
    public ModelResponded {
      Require.nonNull(time, "time");
      Require.nonNull(response, "response");
      Require.nonNull(totalUsage, "totalUsage");
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

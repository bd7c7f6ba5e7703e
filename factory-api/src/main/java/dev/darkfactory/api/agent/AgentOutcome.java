package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import org.apiguardian.api.API;

/**
 * How an attempt by a coding agent ended. Every outcome carries the usage of every model call and
 * the full transcript, so nothing spent goes unaccounted whatever the ending.
 *
 * <p>Whatever the outcome, the factory commits what the agent left in the workspace as a
 * candidate when it differs from the base; the outcome tells the merge policy and the reports how
 * the attempt ended.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface AgentOutcome {

  /** The tokens every model call of the attempt consumed, summed. */
  Usage usage();

  /** The attempt's full conversation. */
  Transcript transcript();

  /**
   * The agent believes it has implemented the spec.
   *
   * @param summary the agent's own account of what it did
   * @param usage tokens consumed
   * @param transcript the conversation
   */
  @API(status = STABLE, since = "0.1.0")
  record Finished(String summary, Usage usage, Transcript transcript) implements AgentOutcome {
    /** Checks every component. */
    public Finished {
      Require.nonNull(summary, "summary");
      Require.nonNull(usage, "usage");
      Require.nonNull(transcript, "transcript");
    }
  }

  /**
   * The agent decided it cannot implement the spec, for example because the spec contradicts
   * itself.
   *
   * @param reason why, in the agent's words
   * @param usage tokens consumed
   * @param transcript the conversation
   */
  @API(status = STABLE, since = "0.1.0")
  record GaveUp(String reason, Usage usage, Transcript transcript) implements AgentOutcome {
    /** Checks every component. */
    public GaveUp {
      Require.nonBlank(reason, "reason");
      Require.nonNull(usage, "usage");
      Require.nonNull(transcript, "transcript");
    }
  }

  /**
   * The attempt hit one of its limits before the agent finished.
   *
   * @param limit which limit
   * @param detail what was reached, such as {@code "40 of 40 turns"}
   * @param usage tokens consumed
   * @param transcript the conversation
   */
  @API(status = STABLE, since = "0.1.0")
  record LimitReached(Limit limit, String detail, Usage usage, Transcript transcript)
      implements AgentOutcome {
    /** Checks every component. */
    public LimitReached {
      Require.nonNull(limit, "limit");
      Require.nonBlank(detail, "detail");
      Require.nonNull(usage, "usage");
      Require.nonNull(transcript, "transcript");
    }
  }

  /**
   * The attempt broke down: a model, sandbox or tool error the agent could not recover from.
   *
   * @param error what went wrong
   * @param usage tokens consumed
   * @param transcript the conversation
   */
  @API(status = STABLE, since = "0.1.0")
  record Failed(String error, Usage usage, Transcript transcript) implements AgentOutcome {
    /** Checks every component. */
    public Failed {
      Require.nonBlank(error, "error");
      Require.nonNull(usage, "usage");
      Require.nonNull(transcript, "transcript");
    }
  }

  /**
   * The limits an attempt can reach.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  enum Limit {
    /** The most model turns. */
    TURNS,
    /** The most rounds of tool calls. */
    TOOL_ROUNDS,
    /** The wall-clock time of the attempt. */
    WALL_CLOCK,
    /** The token budget. */
    TOKENS,
    /** The money budget. */
    COST
  }
}

package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
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
   * The attempt was stopped before the agent finished, for a reason other than a limit: it went
   * round in circles, made no progress, tried to send holdout content to a model, or was
   * cancelled by its host.
   *
   * @param cause why the attempt was stopped
   * @param detail what was seen, such as the repeated tool calls or which holdout leaked
   * @param usage tokens consumed
   * @param transcript the conversation
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Aborted(Cause cause, String detail, Usage usage, Transcript transcript)
      implements AgentOutcome {
    /** Checks every component. */
    public Aborted {
      Require.nonNull(cause, "cause");
      Require.nonBlank(detail, "detail");
      Require.nonNull(usage, "usage");
      Require.nonNull(transcript, "transcript");
    }

    /**
     * Why an attempt was aborted.
     *
     * @since 0.1.0
     */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    public enum Cause {
      /** The agent repeated the same tool calls after it was warned that it was looping. */
      LOOP_DETECTED,
      /** Many turns passed without any change to the workspace. */
      NO_PROGRESS,
      /**
       * A request to a model carried holdout content (a canary or a fingerprint of a holdout);
       * it was stopped before it left the process. The factory holds the spec for a human and
       * commits nothing from the attempt.
       */
      HOLDOUT_LEAK,
      /** The host cancelled the attempt. */
      CANCELLED
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

package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A coding agent: given an {@link Assignment}, changes the files of the workspace so that the
 * spec is implemented.
 *
 * <p>The agent works only inside {@link AgentContext#workspace()}, runs every command through
 * {@link AgentContext#sandbox()}, and reserves every model call from {@link
 * AgentContext#budget()}. It does not commit: the factory commits what it leaves in the workspace
 * as the candidate, with trailers naming the spec, attempt, agent, model and tokens. It never sees
 * holdout scenarios; the {@link Assignment} type has no way to reach them.
 *
 * <p>An agent reports every ending as an {@link AgentOutcome}, including failures it could not
 * recover from; an exception escaping {@link #implement} is recorded as {@link
 * AgentOutcome.Failed}.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Agent {

  /** A short, stable name for commit trailers, events and reports, such as {@code "tool-loop"}. */
  String name();

  /**
   * Implements the assignment in the context's workspace.
   *
   * @param assignment the spec, visible scenarios and feedback
   * @param context the workspace, sandbox, budget and clock of this attempt
   * @return how the attempt ended, with its usage and transcript
   * @throws InterruptedException when the thread is interrupted; the factory treats the attempt as
   *     stopped
   */
  AgentOutcome implement(Assignment assignment, AgentContext context) throws InterruptedException;
}

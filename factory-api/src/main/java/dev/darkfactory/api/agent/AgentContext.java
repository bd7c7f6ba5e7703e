package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Workspace;
import java.time.Clock;
import org.apiguardian.api.API;

/**
 * What the factory lends a coding agent for one attempt: the workspace, the sandbox to run every
 * command in, the budget its model calls draw on, and the clock.
 *
 * <p>Implemented by the factory; agents only call it. New methods may be added with defaults.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface AgentContext {

  /** The attempt's private checkout. */
  Workspace workspace();

  /** Where every command of the agent must run. */
  Sandbox sandbox();

  /** The policy to run the agent's commands under; it keeps the spec's protected paths read-only. */
  SandboxPolicy sandboxPolicy();

  /** The budget every model call of the attempt must reserve from before it is sent. */
  Budget budget();

  /** The factory's clock; agents measure time with it, never with the system clock. */
  Clock clock();

  /**
   * Whether the factory asked the attempt to stop (a graceful shutdown); a well-behaved agent
   * checks between turns and returns promptly.
   */
  boolean stopRequested();
}

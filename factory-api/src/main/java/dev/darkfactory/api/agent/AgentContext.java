package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.model.ModelProvider;
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

  /**
   * Leaves a note for later attempts at the same spec: what was tried, what failed. The factory
   * journals it at once, so it survives a crash, and hands the attempt's notes back, through the
   * feedback policy, in the {@link Feedback} of the next attempts.
   *
   * @param note the note, plain text
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default void remember(String note) {}

  /**
   * Wraps a model provider so every request the agent sends first passes the factory's checks:
   * the holdout leak guard, which knows the current spec's holdouts and throws {@link
   * HoldoutLeakException} before a request that carries one of them leaves the process. An agent
   * that calls a model sends every request through the provider this returns.
   *
   * @param provider the provider the agent would call
   * @return a provider that checks each request, then delegates; the same provider when the host
   *     has nothing to check
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default ModelProvider guard(ModelProvider provider) {
    return provider;
  }
}

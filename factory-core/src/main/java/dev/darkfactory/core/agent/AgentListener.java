package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives the {@link AgentEvent}s of the {@link ToolLoopAgent}'s attempts, on the agent's thread,
 * as they happen. A listener that throws is logged and ignored. Listeners must be quick: the loop
 * waits for them. One listener may receive the events of several concurrent attempts.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface AgentListener {

  /**
   * Receives one event.
   *
   * @param event what happened
   */
  void onEvent(AgentEvent event);
}

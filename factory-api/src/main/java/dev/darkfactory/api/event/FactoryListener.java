package dev.darkfactory.api.event;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Observes a factory's events, for progress displays, metrics and custom reports.
 *
 * <p>Listeners observe and never change what the factory does. A listener that throws is logged
 * and ignored: the factory carries on, and the other listeners still receive the event. Events
 * arrive in order on the factory's thread, so a listener should return quickly.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
@FunctionalInterface
public interface FactoryListener {

  /**
   * Receives one event, after it was recorded in the run journal.
   *
   * @param event what happened
   */
  void onEvent(FactoryEvent event);
}

package dev.darkfactory.core.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import dev.darkfactory.api.internal.Require;
import java.util.List;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each event to several listeners in registration order, keeping the promise of {@link
 * FactoryListener}: a listener that throws is logged and ignored, and the others still receive
 * the event.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Listeners implements FactoryListener {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<FactoryListener> listeners;

  private Listeners(List<FactoryListener> listeners) {
    this.listeners = Require.copyOf(listeners, "listeners");
  }

  /**
   * A listener that delivers to each of {@code listeners}, in order.
   *
   * @param listeners the listeners; none may be null
   * @return the composite
   */
  public static Listeners of(List<? extends FactoryListener> listeners) {
    return new Listeners(List.copyOf(listeners));
  }

  /** The listeners, in delivery order. */
  public List<FactoryListener> listeners() {
    return listeners;
  }

  @Override
  public void onEvent(FactoryEvent event) {
    for (FactoryListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "Listener {} failed on {}; ignored",
            listener.getClass().getName(),
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}

package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Picks the model for each turn of the {@link ToolLoopAgent}, from what the loop knows then (a
 * {@link RoutingContext}: the attempt and the feedback of earlier ones, the turn, the model so far,
 * the last tool round, loop warnings, failed rounds). The loop asks before every model call; a
 * decision that changes the model is an {@link AgentEvent.ModelRouted} event with the router's
 * reason, and so is the choice for the first turn.
 *
 * <p>{@link #fixed(String)} asks one model every turn; it is what {@link
 * ToolLoopAgent.Builder#model(String)} sets. {@link EscalatingRouter} starts with a cheap model and
 * moves to a strong one when the attempt gets into trouble.
 *
 * <p><b>Switching models costs a cache miss.</b> Providers keep prompt caches per model, so the
 * first request to a model the attempt was not using reads nothing from the cache: the whole
 * conversation so far is paid at the full input price (and, with Anthropic, at the cache-write
 * price once more). A router that flips back and forth every turn can cost more than staying on the
 * strong model; switch rarely and stay for a while (see {@link
 * EscalatingRouter.Builder#minTurnsPerModel(int)}).
 *
 * <p>A router is shared by every attempt of an agent, on their threads, so it must be thread-safe;
 * a router that only reads its context is. A router that throws, or returns nothing, ends the
 * attempt as {@link dev.darkfactory.api.agent.AgentOutcome.Failed}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface ModelRouter {

  /**
   * The model for the coming turn, and why.
   *
   * @param context what the loop knows before the call
   * @return the route
   */
  Route route(RoutingContext context);

  /**
   * The models this router may choose, for checks such as a price for each; empty when it does
   * not say.
   *
   * @return the models, in a stable order
   */
  default Set<String> models() {
    return Set.of();
  }

  /**
   * A router that asks {@code model} on every turn.
   *
   * @param model the provider's model name
   * @return the router
   */
  static ModelRouter fixed(String model) {
    String m = Require.nonBlank(model, "model");
    Route route = new Route(m, "the agent's one model");
    return new ModelRouter() {
      @Override
      public Route route(RoutingContext context) {
        return route;
      }

      @Override
      public Set<String> models() {
        return Set.of(m);
      }

      @Override
      public String toString() {
        return "fixed(" + m + ")";
      }
    };
  }

  /**
   * A routing decision.
   *
   * @param model the model for the coming turn
   * @param reason why, for the event and the transcript
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Route(String model, String reason) {
    /** Checks every component. */
    public Route {
      Require.nonBlank(model, "model");
      Require.nonBlank(reason, "reason");
    }
  }
}

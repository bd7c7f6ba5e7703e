package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Message;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The full conversation of one attempt, tool outputs untruncated, and the models that took part.
 *
 * @param messages every message, oldest first
 * @param models the names of the models that wrote assistant messages, in order of first use
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Transcript(List<Message> messages, Set<String> models) {

  /** A transcript with no messages, for agents that do not talk to a model. */
  public static final Transcript EMPTY = new Transcript(List.of(), Set.of());

  /** Checks every component. */
  public Transcript {
    messages = Require.copyOf(messages, "messages");
    models = Require.distinct(models, "models");
  }
}

package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Who wrote a message in a conversation. The system prompt is not a message; it is {@link
 * ModelRequest#system()}.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public enum Role {
  /** The caller: instructions and tool results. */
  USER,
  /** The model: text, thinking and tool calls. */
  ASSISTANT
}

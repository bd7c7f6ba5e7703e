package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Why the model stopped producing output.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public enum StopReason {
  /** The model finished its turn. */
  END_TURN,
  /** The model wants tools run and their results sent back. */
  TOOL_USE,
  /** The output hit {@link ModelRequest#maxOutputTokens()}. */
  MAX_TOKENS,
  /** The output hit a stop sequence. */
  STOP_SEQUENCE,
  /** The model declined to answer. */
  REFUSAL,
  /** A reason the provider gave that none of the above describes. */
  OTHER
}

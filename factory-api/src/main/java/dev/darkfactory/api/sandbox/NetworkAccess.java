package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * How much network a sandboxed command may reach.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public enum NetworkAccess {
  /** No network at all: an empty network namespace. The default. */
  NONE,
  /** Only the sandbox's own loopback interface, for tests that start a local server. */
  LOOPBACK
}

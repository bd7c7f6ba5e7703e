package dev.darkfactory.api.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.ScenarioId;
import org.apiguardian.api.API;

/**
 * Thrown by a {@linkplain AgentContext#guard guarded} model provider when a request carries the
 * content of a holdout scenario; the request was not sent. Agents let it end the attempt (the
 * default agent returns {@link AgentOutcome.Aborted} with {@link
 * AgentOutcome.Aborted.Cause#HOLDOUT_LEAK}); the factory treats it the same way when an agent lets
 * it escape.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class HoldoutLeakException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ScenarioId holdout;

  /**
   * A leak of one holdout.
   *
   * @param holdout the holdout scenario whose content was found
   * @param detail what matched and where, never the holdout content itself
   */
  public HoldoutLeakException(ScenarioId holdout, String detail) {
    super("holdout '" + Require.nonNull(holdout, "holdout") + "' leaked: " + Require.nonBlank(detail, "detail"));
    this.holdout = holdout;
  }

  /**
   * The holdout scenario whose content was found in the request.
   *
   * @return its id
   */
  public ScenarioId holdout() {
    return holdout;
  }
}

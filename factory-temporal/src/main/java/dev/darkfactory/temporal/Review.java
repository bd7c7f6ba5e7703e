package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * A human's review of a held spec, sent to its workflow as the {@link SpecWorkflow#review}
 * signal.
 *
 * @param approved whether the candidate may merge
 * @param reviewer who reviewed
 * @param reason why; may be empty
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public record Review(boolean approved, String reviewer, String reason) {

  /** Checks every component. */
  public Review {
    Require.nonBlank(reviewer, "reviewer");
    Require.nonNull(reason, "reason");
  }
}

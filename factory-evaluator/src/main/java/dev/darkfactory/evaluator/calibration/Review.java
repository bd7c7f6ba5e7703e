package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * One human review of a decided candidate. A later review of the same candidate supersedes an
 * earlier one; the ledger keeps both.
 *
 * @param verdict what the reviewer said
 * @param reviewer who reviewed; never blank
 * @param reason why, in the reviewer's words; may be empty
 * @param at when
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Review(HumanVerdict verdict, String reviewer, String reason, Instant at) {

  /** Checks every component. */
  public Review {
    Require.nonNull(verdict, "verdict");
    Require.nonBlank(reviewer, "reviewer");
    Require.nonNull(reason, "reason");
    Require.nonNull(at, "at");
  }
}

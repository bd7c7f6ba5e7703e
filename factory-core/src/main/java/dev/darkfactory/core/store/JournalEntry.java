package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * One line of the run journal: a step of one attempt of one spec, with where and when it
 * happened.
 *
 * @param sequence the store's position of the entry, increasing in the order entries were
 *     appended; {@code 0} for an entry not yet appended
 * @param runId the run that wrote it
 * @param specId the spec
 * @param fingerprint the spec's content fingerprint: a changed spec is new work with a new history
 * @param attempt the attempt the step belongs to, or {@code 0} for spec-level steps
 * @param at when it happened, from the factory's clock
 * @param step the step
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record JournalEntry(
    long sequence,
    String runId,
    SpecId specId,
    String fingerprint,
    int attempt,
    Instant at,
    Step step) {

  /** Checks every component. */
  public JournalEntry {
    Require.atLeast(sequence, 0L, "sequence");
    Require.nonBlank(runId, "runId");
    Require.nonNull(specId, "specId");
    Require.nonBlank(fingerprint, "fingerprint");
    Require.atLeast(attempt, 0, "attempt");
    Require.nonNull(at, "at");
    Require.nonNull(step, "step");
  }

  /**
   * An entry to append (sequence {@code 0}; the store assigns the real one).
   *
   * @param runId the run
   * @param specId the spec
   * @param fingerprint the spec's content fingerprint
   * @param attempt the attempt, or {@code 0}
   * @param at when
   * @param step the step
   * @return the entry
   */
  public static JournalEntry of(
      String runId, SpecId specId, String fingerprint, int attempt, Instant at, Step step) {
    return new JournalEntry(0, runId, specId, fingerprint, attempt, at, step);
  }
}

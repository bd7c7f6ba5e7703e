package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A run as the store knows it: who ran it, when, and how many specs it finished.
 *
 * @param runId the run's id
 * @param owner the factory that ran it
 * @param startedAt when it began
 * @param finishedAt when it ended, or {@code null} while running (or when it died)
 * @param specsFinished specs it brought to a terminal state, when finished
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RunRecord(
    String runId,
    String owner,
    Instant startedAt,
    @Nullable Instant finishedAt,
    int specsFinished) {

  /** Checks every component. */
  public RunRecord {
    Require.nonBlank(runId, "runId");
    Require.nonBlank(owner, "owner");
    Require.nonNull(startedAt, "startedAt");
    Require.atLeast(specsFinished, 0, "specsFinished");
  }

  /**
   * When the run ended.
   *
   * @return the instant, or empty when it has not (yet) ended
   */
  public Optional<Instant> finished() {
    return Optional.ofNullable(finishedAt);
  }
}

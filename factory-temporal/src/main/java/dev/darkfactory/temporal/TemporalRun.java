package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.work.Resolution;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What {@link TemporalFactory#runUntilIdle()} did: every spec it scheduled and how each settled.
 *
 * @param runId the run's id in the journal
 * @param settled the specs that ended (or were held for a human), in the order they were claimed
 * @param failed the specs whose workflow failed, with the failure; their work items were released
 * @param report the run's JSON report ({@code summary.md} is beside it)
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public record TemporalRun(
    String runId, List<SpecState> settled, Map<String, String> failed, Path report) {

  /** Checks and copies every component. */
  public TemporalRun {
    Require.nonBlank(runId, "runId");
    settled = List.copyOf(Require.nonNull(settled, "settled"));
    failed = Map.copyOf(Require.nonNull(failed, "failed"));
    Require.nonNull(report, "report");
  }

  /**
   * How many settled specs ended a given way.
   *
   * @param resolution the way
   * @return the count
   */
  public long count(Resolution resolution) {
    return settled.stream().filter(s -> s.resolution() == resolution).count();
  }
}

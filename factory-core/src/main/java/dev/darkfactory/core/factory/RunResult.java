package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.work.Resolution;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What one run of a factory did: every spec it brought to a terminal state, and where its
 * reports are.
 *
 * @param runId the run's id
 * @param outcomes the specs finished in this run, in the order they finished
 * @param jsonReport the run's JSON report
 * @param markdownReport the run's Markdown summary
 * @param stopped whether the run ended because a stop was requested rather than because the
 *     queue was empty
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record RunResult(
    String runId, List<SpecOutcome> outcomes, Path jsonReport, Path markdownReport, boolean stopped) {

  /** Checks every component. */
  public RunResult {
    Require.nonBlank(runId, "runId");
    outcomes = Require.copyOf(outcomes, "outcomes");
    Require.nonNull(jsonReport, "jsonReport");
    Require.nonNull(markdownReport, "markdownReport");
  }

  /**
   * How many finished specs ended in a state.
   *
   * @param resolution the state
   * @return the count
   */
  public long count(Resolution resolution) {
    return outcomes.stream().filter(o -> o.resolution() == resolution).count();
  }
}

package dev.darkfactory.evaluator.runner;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.spec.Scenario;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Runs one kind of scenario check for the holdout evaluator, one trial at a time.
 *
 * <p>The evaluator prepares a fresh checkout of the candidate for every trial (protected paths
 * restored from the base commit, candidate files at this runner's {@linkplain #holdoutPaths
 * holdout paths} deleted) and then calls {@link #run(TrialContext)}. The runner copies its own
 * holdout material in, runs what it runs through {@link TrialContext#sandbox()}, reads results
 * from places the candidate cannot pre-fill, and says PASS, FAIL or INVALID, with any tamper signal
 * it saw. Infrastructure trouble is INVALID, never FAIL: a broken build tool says nothing about the
 * candidate.
 *
 * <p>Runners must be safe to call from several threads: trials run in parallel.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ScenarioRunner {

  /** The {@link dev.darkfactory.api.spec.Check#kind()} this runner handles. */
  String kind();

  /**
   * The workspace paths (relative, {@code /}-separated) this scenario writes before it runs, such
   * as hidden test files and report directories. The evaluator deletes anything the candidate put
   * there and reports it as a tamper signal; the paths are read-only while the trial runs.
   *
   * @param scenario a scenario of this runner's kind
   * @return the paths; empty by default
   */
  default Set<String> holdoutPaths(Scenario scenario) {
    return Set.of();
  }

  /**
   * Whether this scenario grades the change with the other scenarios' results as evidence, so it
   * must run after them (model judges do).
   *
   * @param scenario a scenario of this runner's kind
   * @return false by default
   */
  default boolean needsEvidence(Scenario scenario) {
    return false;
  }

  /**
   * Runs one trial.
   *
   * @param trial the prepared checkout, the sandbox and everything else the trial may use
   * @return the trial's outcome
   * @throws InterruptedException when interrupted; the evaluation stops
   */
  TrialOutcome run(TrialContext trial) throws InterruptedException;
}

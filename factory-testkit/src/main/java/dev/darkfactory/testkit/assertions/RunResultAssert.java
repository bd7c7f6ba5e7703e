package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on what one run of a factory did, a core {@link RunResult}: which specs finished,
 * how each ended, and whether the run was stopped.
 *
 * <pre>{@code
 * assertThat(factory.run())
 *     .hasSpecs("add-two", "sub-two")
 *     .hasCount(Resolution.MERGED, 1)
 *     .outcome("sub-two").isRejected().hasAttempts(3);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

  /**
   * Assertions on a run's result.
   *
   * @param actual the result under test
   */
  public RunResultAssert(@Nullable RunResult actual) {
    super(actual, RunResultAssert.class);
  }

  /**
   * Verifies exactly these specs finished in the run, in any order.
   *
   * @param specIds the spec ids expected
   * @return this assertion
   */
  public RunResultAssert hasSpecs(String... specIds) {
    isNotNull();
    Set<String> expected = new LinkedHashSet<>(List.of(specIds));
    Set<String> found = new LinkedHashSet<>();
    for (SpecOutcome o : actual.outcomes()) {
      found.add(o.specId().value());
    }
    if (!found.equals(expected)) {
      reject("to finish exactly the specs " + expected, "it finished " + found);
    }
    return myself;
  }

  /**
   * Verifies how many specs finished in the run.
   *
   * @param expected the number of specs
   * @return this assertion
   */
  public RunResultAssert hasOutcomeCount(int expected) {
    isNotNull();
    if (actual.outcomes().size() != expected) {
      reject(
          "to finish " + specs(expected),
          "it finished " + specs(actual.outcomes().size()));
    }
    return myself;
  }

  /**
   * Verifies how many finished specs ended in {@code resolution}.
   *
   * @param resolution the terminal state
   * @param expected how many specs ended in it
   * @return this assertion
   */
  public RunResultAssert hasCount(Resolution resolution, long expected) {
    isNotNull();
    long found = actual.count(resolution);
    if (found != expected) {
      reject("to have " + expected + " " + resolution + " " + noun(expected), "it had " + found);
    }
    return myself;
  }

  /**
   * Verifies every finished spec ended in {@code resolution}, and at least one finished.
   *
   * @param resolution the terminal state
   * @return this assertion
   */
  public RunResultAssert hasEverySpec(Resolution resolution) {
    isNotNull();
    boolean all =
        !actual.outcomes().isEmpty()
            && actual.outcomes().stream().allMatch(o -> o.resolution() == resolution);
    if (!all) {
      reject(
          "to have every spec " + resolution,
          actual.outcomes().isEmpty() ? "no spec finished" : "not all were");
    }
    return myself;
  }

  /**
   * Verifies the run ended because a stop was requested.
   *
   * @return this assertion
   */
  public RunResultAssert isStopped() {
    isNotNull();
    if (!actual.stopped()) {
      reject("to have been stopped", "it ended with an empty queue");
    }
    return myself;
  }

  /**
   * Verifies the run ended because the queue was empty, not because of a stop.
   *
   * @return this assertion
   */
  public RunResultAssert isNotStopped() {
    isNotNull();
    if (actual.stopped()) {
      reject("to have ended with an empty queue", "it was stopped");
    }
    return myself;
  }

  /**
   * Navigates to how one spec ended; fails when it did not finish in this run.
   *
   * @param specId the spec's id
   * @return assertions on the spec's outcome, whose failures name the run
   */
  public SpecOutcomeAssert outcome(String specId) {
    return outcome(SpecId.of(specId));
  }

  /**
   * Navigates to how one spec ended; fails when it did not finish in this run.
   *
   * @param specId the spec
   * @return assertions on the spec's outcome, whose failures name the run
   */
  public SpecOutcomeAssert outcome(SpecId specId) {
    isNotNull();
    Optional<SpecOutcome> found =
        actual.outcomes().stream().filter(o -> o.specId().equals(specId)).findFirst();
    if (found.isEmpty()) {
      reject("to finish spec " + specId, "it did not");
    }
    return new SpecOutcomeAssert(found.orElseThrow(), " in run " + actual.runId());
  }

  private static String specs(long n) {
    return n + " " + noun(n);
  }

  private static String noun(long n) {
    return n == 1 ? "spec" : "specs";
  }

  private void reject(String expectation, String found) {
    StringBuilder outcomes = new StringBuilder();
    for (SpecOutcome o : actual.outcomes()) {
      outcomes.append("\n  - ").append(Describe.specOutcome(o));
    }
    failWithMessage(
        "%s",
        "Expected run "
            + actual.runId()
            + " "
            + expectation
            + " but "
            + found
            + "; its specs:"
            + (outcomes.length() == 0 ? " none" : outcomes.toString()));
  }
}

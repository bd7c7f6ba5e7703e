package dev.darkfactory.evaluator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.ScenarioId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * What running the holdouts against the base commit, before any change, says about the holdouts
 * themselves ({@link HoldoutEvaluator#validate}).
 *
 * <p>A holdout for new behaviour must fail on the base: one that already passes tests nothing. A
 * holdout guarding existing behaviour (a test suite with only pass-to-pass tests) must pass on the
 * base. A holdout whose repeated runs on the base disagree is flaky, and is quarantined: pass
 * {@link #quarantined()} to {@link HoldoutEvaluator.Builder#quarantine} so it cannot decide a
 * verdict by chance.
 *
 * @param findings one finding per holdout scenario, in scenario order
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record HoldoutValidation(List<Finding> findings) {

  /** Copies the findings. */
  public HoldoutValidation {
    findings = Require.copyOf(findings, "findings");
  }

  /**
   * What a holdout's runs on the base showed.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum Status {
    /** It behaved as a holdout should on the base. */
    OK,
    /** A holdout for new behaviour already passes without the change: it tests nothing. */
    PASSES_ON_BASE,
    /** A holdout guarding existing behaviour fails on the base: it is broken. */
    FAILS_ON_BASE,
    /** Its runs on the base disagreed: quarantined. */
    FLAKY,
    /** It could not be run on the base (infrastructure trouble, no runner). */
    INVALID
  }

  /**
   * One holdout's result.
   *
   * @param id the scenario
   * @param status what its runs showed
   * @param expectsPassOnBase whether it guards existing behaviour (expected to pass on the base)
   * @param result the runs on the base, as the evaluator graded them
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Finding(
      ScenarioId id, Status status, boolean expectsPassOnBase, ScenarioResult result) {

    /** Checks every component. */
    public Finding {
      Require.nonNull(id, "id");
      Require.nonNull(status, "status");
      Require.nonNull(result, "result");
    }

    /** A one-line description for logs and reports. */
    public String describe() {
      return id
          + ": "
          + status
          + " ("
          + result.passed()
          + " of "
          + result.trials().size()
          + " runs passed on the base; "
          + (expectsPassOnBase ? "guards existing behaviour" : "tests new behaviour")
          + ")";
    }
  }

  /** The holdouts that must not decide verdicts: those found flaky on the base. */
  public Set<ScenarioId> quarantined() {
    return findings.stream()
        .filter(f -> f.status() == Status.FLAKY)
        .map(Finding::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The findings that are not {@link Status#OK}. */
  public List<Finding> problems() {
    return findings.stream().filter(f -> f.status() != Status.OK).toList();
  }
}

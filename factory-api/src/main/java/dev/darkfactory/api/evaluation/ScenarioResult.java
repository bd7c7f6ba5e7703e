package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Visibility;
import java.math.BigInteger;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The result of every trial of one scenario, and the scenario's verdict.
 *
 * <p>Pass rate, pass@k and pass^k are computed from the trials, counting only {@link Verdict#PASS}
 * and {@link Verdict#FAIL} runs; INVALID and SUSPECT runs are not evidence either way.
 *
 * @param id the scenario
 * @param visibility whether the coding agent could see it
 * @param required whether failing it fails the candidate
 * @param weight its share of satisfaction
 * @param trials every run, in order, numbered from 1; at least one
 * @param verdict the scenario's verdict over its trials
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ScenarioResult(
    ScenarioId id,
    Visibility visibility,
    boolean required,
    double weight,
    List<TrialResult> trials,
    Verdict verdict) {

  /** Checks every component. */
  public ScenarioResult {
    Require.nonNull(id, "id");
    Require.nonNull(visibility, "visibility");
    if (!(weight > 0 && Double.isFinite(weight))) {
      throw new IllegalArgumentException("weight must be positive and finite but was " + weight);
    }
    trials = Require.copyOf(trials, "trials");
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("scenario " + id + " must have at least one trial");
    }
    for (int i = 0; i < trials.size(); i++) {
      Require.same(i + 1, trials.get(i).trial(), "trial number at position " + i);
    }
    Require.nonNull(verdict, "verdict");
    if (verdict == Verdict.PASS && trials.stream().noneMatch(t -> t.verdict() == Verdict.PASS)) {
      throw new IllegalArgumentException(
          "verdict PASS for scenario " + id + " contradicts its trials, none of which passed");
    }
  }

  /** How many trials passed. */
  public int passed() {
    return (int) trials.stream().filter(t -> t.verdict() == Verdict.PASS).count();
  }

  /** How many trials passed or failed (the trials that are evidence). */
  public int decided() {
    return (int)
        trials.stream()
            .filter(t -> t.verdict() == Verdict.PASS || t.verdict() == Verdict.FAIL)
            .count();
  }

  /** Passed over decided trials, from 0 to 1; {@code NaN} when no trial was decided. */
  public double passRate() {
    int n = decided();
    return n == 0 ? Double.NaN : (double) passed() / n;
  }

  /** Whether the decided trials disagree: some passed and some failed. */
  public boolean flaky() {
    int c = passed();
    return c > 0 && c < decided();
  }

  /**
   * The chance that at least one of {@code k} runs passes, estimated without bias from the decided
   * trials (the HumanEval estimator {@code 1 - C(n-c, k) / C(n, k)}).
   *
   * @param k runs, from 1 to {@link #decided()}
   * @return a probability from 0 to 1
   */
  public double passAtK(int k) {
    int n = decided();
    checkK(k, n);
    int c = passed();
    // Exact binomials divided once, so pass@1 is exactly the pass rate and pass^k <= pass@k.
    BigInteger all = choose(n, k);
    return all.subtract(choose(n - c, k)).doubleValue() / all.doubleValue();
  }

  /**
   * The chance that all of {@code k} runs pass, estimated without bias from the decided trials
   * ({@code C(c, k) / C(n, k)}).
   *
   * @param k runs, from 1 to {@link #decided()}
   * @return a probability from 0 to 1
   */
  public double passPowerK(int k) {
    int n = decided();
    checkK(k, n);
    return choose(passed(), k).doubleValue() / choose(n, k).doubleValue();
  }

  /** The binomial coefficient {@code C(n, k)}, exactly; 0 when {@code k > n}. */
  private static BigInteger choose(int n, int k) {
    if (k > n) {
      return BigInteger.ZERO;
    }
    BigInteger result = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1L));
    }
    return result;
  }

  private void checkK(int k, int n) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException(
          "k must be between 1 and the " + n + " decided trials of " + id + " but was " + k);
    }
  }
}

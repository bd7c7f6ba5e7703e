package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The calibration gate options. Each answers the same question, "has the evaluator shown that it
 * agrees with humans well enough to merge without one?", with a different standard of proof, and
 * each documents how often it opens for an evaluator that is in truth worse than the target (its
 * false-acceptance risk, measured by {@code CalibrationGateSimulationTest} and tabulated in {@code
 * docs/calibration.md}).
 *
 * <ul>
 *   <li>{@link #standard()}: the default, {@link #wilsonUpperBound} with at least 20 reviewed
 *       decisions, override rate under 10% and false-positive rate under 5%, both read at the upper
 *       95% Wilson bound. Honest about small samples, and slow: with no false positives it opens
 *       only after 73 reviewed evaluator-PASS candidates.
 *   <li>{@link #seedRule()}: the seed's rule on point estimates; explicitly lenient.
 *   <li>{@link #sprt()}: Wald's sequential probability ratio test on the false-positive rate; opens
 *       as soon as the evidence suffices.
 * </ul>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CalibrationGates {

  /** The seed's minimum number of reviewed decisions (its range was 20 to 30). */
  public static final int MIN_REVIEWS = 20;

  /** The seed's target for the override rate: under 10%. */
  public static final double MAX_OVERRIDE_RATE = 0.10;

  /** The seed's target for the false-positive rate: under 5%. */
  public static final double MAX_FALSE_POSITIVE_RATE = 0.05;

  private CalibrationGates() {}

  /**
   * The default gate: {@code wilsonUpperBound(20, 0.10, 0.05)}.
   *
   * @return the gate
   */
  public static CalibrationGate standard() {
    return wilsonUpperBound(MIN_REVIEWS, MAX_OVERRIDE_RATE, MAX_FALSE_POSITIVE_RATE);
  }

  /**
   * Opens only when at least {@code minReviews} reviewed decisions exist and the UPPER 95% Wilson
   * bounds of the override rate and of the false-positive rate are both strictly under their
   * targets. With no reviewed evaluator-PASS candidate the false-positive bound is 1, so the gate
   * stays closed.
   *
   * <p>Consequences at the default targets: with no false positives the upper bound falls under 5%
   * only after 73 reviewed evaluator-PASS candidates (0 of 25 still allows 13.3%); with no
   * overrides the override bound falls under 10% only after 35 reviews. Each disagreement pushes
   * the need further (see {@link Rate#totalNeeded}).
   *
   * <p>False-acceptance risk: low. A single look at a rate whose true value equals the target
   * passes with roughly 2.5% probability (the one-sided tail of the 95% interval; Wilson's coverage
   * oscillates a little with n), and asking after every review raises that somewhat. The
   * simulation (reviews one at a time, 70% of them of PASS candidates) measures 0.0% opening within
   * 200 reviews at a true false-positive rate of 10%, against the seed rule's 43% within 100, and
   * 3.9% within 200 at a true rate of exactly the 5% target. The price: a good evaluator (true rate
   * 2%) opens it within 100 reviews only 7.6% of the time.
   *
   * @param minReviews the least number of reviewed decisions, at least 1
   * @param maxOverrideRate the override-rate target, strictly between 0 and 1
   * @param maxFalsePositiveRate the false-positive-rate target, strictly between 0 and 1
   * @return the gate
   */
  public static CalibrationGate wilsonUpperBound(int minReviews, double maxOverrideRate, double maxFalsePositiveRate) {
    return new RuleGate(new WilsonRule(minReviews, maxOverrideRate, maxFalsePositiveRate, true), Set.of());
  }

  /**
   * The seed's rule, {@code seedRule(20, 0.10, 0.05)}: EXPLICITLY LENIENT.
   *
   * @return the gate
   */
  public static CalibrationGate seedRule() {
    return seedRule(MIN_REVIEWS, MAX_OVERRIDE_RATE, MAX_FALSE_POSITIVE_RATE);
  }

  /**
   * The seed's rule, EXPLICITLY LENIENT: opens when at least {@code minReviews} reviewed decisions
   * exist and the POINT ESTIMATES of the override rate and of the false-positive rate are strictly
   * under their targets (with no reviewed evaluator-PASS candidate the false-positive rate is
   * unknown and the gate stays closed).
   *
   * <p>False-acceptance risk: high. 0 false positives among 14 reviewed PASS candidates happens
   * with probability 0.9<sup>14</sup> ≈ 23% for an evaluator that passes one bad change in ten, and
   * checking after every review compounds it: the simulation measures the gate opening within 100
   * reviews for 43% of evaluators with a true false-positive rate of 10% (20% at 15%, 83% at the 5%
   * target itself). Use it to reproduce the seed, or when a wrong merge is cheap to undo.
   *
   * @param minReviews the least number of reviewed decisions, at least 1
   * @param maxOverrideRate the override-rate target, strictly between 0 and 1
   * @param maxFalsePositiveRate the false-positive-rate target, strictly between 0 and 1
   * @return the gate
   */
  public static CalibrationGate seedRule(int minReviews, double maxOverrideRate, double maxFalsePositiveRate) {
    return new RuleGate(new WilsonRule(minReviews, maxOverrideRate, maxFalsePositiveRate, false), Set.of());
  }

  /**
   * {@code sprt(0.02, 0.10, 0.05, 0.05)}: acceptable at a false-positive rate of 2% or less,
   * unacceptable at 10% or more, 5% risk each way.
   *
   * @return the gate
   */
  public static CalibrationGate sprt() {
    return sprt(0.02, 0.10, 0.05, 0.05);
  }

  /**
   * Wald's sequential probability ratio test on the false-positive rate among reviewed
   * evaluator-PASS candidates, H0: rate ≤ {@code p0} (acceptable) against H1: rate ≥ {@code p1}
   * (unacceptable). After {@code k} false positives in {@code n} reviewed PASS candidates the
   * log-likelihood ratio is
   *
   * <pre>
   *   LLR = k·ln(p1/p0) + (n − k)·ln((1 − p1)/(1 − p0))
   * </pre>
   *
   * <p>with boundaries {@code A = ln(β/(1 − α))} (lower) and {@code B = ln((1 − β)/α)} (upper). At
   * or below A the gate opens (accept H0); between A and B it stays closed with "insufficient
   * evidence"; at or above B it stays closed with "evidence of a bad evaluator". At the defaults A =
   * −2.944 and B = 2.944; a PASS the human approved moves the ratio by ln(0.90/0.98) = −0.085 and a
   * false positive by ln(5) = +1.609, so the gate opens after 35 reviewed PASS candidates with no
   * false positive, 55 with one and 75 with two.
   *
   * <p>The gate reads the ratio at the current counts every time it is asked, so later false
   * positives close it again. It looks only at the false-positive rate, not at the override rate
   * (false negatives cost throughput, not safety).
   *
   * <p>False-acceptance risk: for a true rate of {@code p1} or more, the chance that the ratio ever
   * reaches A, however long the gate is watched, is at most β/(1 − α) (5.3% at the defaults; Ville's
   * inequality on the likelihood-ratio martingale); the simulation measures 4.9% within 200 reviews
   * at 10% and 0.3% at 15%. Between p0 and p1 (the indifference zone, which holds the 5% target at
   * the defaults) there is no guarantee: the simulation measures 46% within 200 reviews at a true
   * rate of 5%. Pick {@code p1} at the rate you must not accept: {@code sprt(0.01, 0.05, 0.05,
   * 0.05)} guards the 5% target and needs 72 clean PASS reviews, about as many as the default gate.
   * Its strength is a good evaluator: at a true rate of 2% the default opens within 100 reviews 74%
   * of the time (median 61 reviews).
   *
   * @param p0 the acceptable rate, strictly between 0 and p1
   * @param p1 the unacceptable rate, strictly between p0 and 1
   * @param alpha the risk of closing on an acceptable evaluator, strictly between 0 and 1
   * @param beta the risk of opening on an unacceptable one, strictly between 0 and 1
   * @return the gate
   */
  public static CalibrationGate sprt(double p0, double p1, double alpha, double beta) {
    return new RuleGate(new SprtRule(p0, p1, alpha, beta), Set.of());
  }

  /** A test of the statistics that count: whether it opens, and why. */
  interface Rule {
    String name();

    boolean opens(AlignmentStatistics s);

    List<String> reasons(AlignmentStatistics s, boolean open);
  }

  /** A rule applied to the records of the current configuration and those carried over. */
  static final class RuleGate implements CalibrationGate {
    private final Rule rule;
    private final Set<String> carriedOver;

    RuleGate(Rule rule, Set<String> carriedOver) {
      this.rule = rule;
      this.carriedOver = Set.copyOf(carriedOver);
    }

    @Override
    public String name() {
      return rule.name();
    }

    /** Whether the rule opens on {@code s}; what {@link #decide} reports, without the reasons. */
    boolean opens(AlignmentStatistics s) {
      return rule.opens(s);
    }

    @Override
    public GateDecision decide(List<LedgerRecord> ledger, CalibrationConfiguration current) {
      Require.nonNull(ledger, "ledger");
      Require.nonNull(current, "current");
      // One pass; a configuration's id is a hash, so each distinct configuration is hashed once.
      Map<CalibrationConfiguration, Boolean> counts = new HashMap<>();
      counts.put(current, true);
      AlignmentStatistics.Counter counter = new AlignmentStatistics.Counter();
      long left = 0;
      Set<String> others = new HashSet<>();
      for (LedgerRecord r : ledger) {
        CalibrationConfiguration c = r.configuration();
        if (counts.computeIfAbsent(c, k -> carriedOver.contains(k.id()))) {
          counter.add(r);
        } else {
          left++;
          others.add(c.id());
        }
      }
      AlignmentStatistics s = counter.statistics();
      boolean open = rule.opens(s);
      List<String> reasons = new ArrayList<>(rule.reasons(s, open));
      if (!open && left > 0) {
        reasons.add(
            String.format(
                Locale.ROOT,
                "%d records of %d other configuration(s) do not count for configuration %s: a changed"
                    + " model, evaluator or policy earns its own calibration unless carried over"
                    + " explicitly",
                left,
                others.size(),
                current.id()));
      }
      return new GateDecision(rule.name(), open, reasons, s);
    }

    @Override
    public GateDecision decide(AlignmentStatistics statistics) {
      Require.nonNull(statistics, "statistics");
      boolean open = rule.opens(statistics);
      return new GateDecision(rule.name(), open, rule.reasons(statistics, open), statistics);
    }

    @Override
    public Set<String> carriedOver() {
      return carriedOver;
    }

    @Override
    public CalibrationGate carryingOver(Set<String> configurationIds) {
      Set<String> all = new HashSet<>(carriedOver);
      for (String id : Require.nonNull(configurationIds, "configurationIds")) {
        all.add(Require.nonBlank(id, "configurationId"));
      }
      return new RuleGate(rule, all);
    }

    @Override
    public String toString() {
      return rule.toString() + (carriedOver.isEmpty() ? "" : " carrying over " + carriedOver);
    }
  }

  /** The Wilson upper-bound rule, or (when not {@code upperBound}) the seed's point-estimate rule. */
  record WilsonRule(int minReviews, double maxOverrideRate, double maxFalsePositiveRate, boolean upperBound)
      implements Rule {

    WilsonRule {
      Require.atLeast(minReviews, 1, "minReviews");
      target(maxOverrideRate, "maxOverrideRate");
      target(maxFalsePositiveRate, "maxFalsePositiveRate");
    }

    @Override
    public String name() {
      return upperBound ? "wilson-upper-bound" : "seed-rule";
    }

    private double read(Rate r) {
      return upperBound ? r.upper() : r.estimate().orElse(1);
    }

    @Override
    public boolean opens(AlignmentStatistics s) {
      return s.reviewed() >= minReviews
          && read(s.overrideRate()) < maxOverrideRate
          && !s.falsePositiveRate().isEmpty()
          && read(s.falsePositiveRate()) < maxFalsePositiveRate;
    }

    @Override
    public List<String> reasons(AlignmentStatistics s, boolean open) {
      List<String> reasons = new ArrayList<>();
      if (!upperBound) {
        reasons.add(
            "seed rule (LENIENT): point estimates only, which small samples cannot support;"
                + " the default gate reads the upper 95% Wilson bound");
      }
      String reviewed =
          String.format(Locale.ROOT, "reviewed decisions %d, at least %d required", s.reviewed(), minReviews);
      if (s.reviewed() < minReviews) {
        reasons.add("too few " + reviewed);
      } else if (open) {
        reasons.add(reviewed);
      }
      criterion(reasons, open, "override rate", "reviews", "overrides", s.overrideRate(), maxOverrideRate);
      criterion(
          reasons,
          open,
          "false-positive rate",
          "reviewed evaluator-PASS candidates",
          "false positives",
          s.falsePositiveRate(),
          maxFalsePositiveRate);
      return reasons;
    }

    private void criterion(
        List<String> reasons, boolean open, String what, String among, String events, Rate rate, double target) {
      if (rate.isEmpty()) {
        reasons.add(
            String.format(
                Locale.ROOT, "%s unknown: 0 %s; with no %s, %d are needed", what, among, events, needed(0, target)));
        return;
      }
      String measure = upperBound ? "upper 95% bound" : "point estimate";
      double value = read(rate);
      if (value < target) {
        if (open) {
          reasons.add(
              String.format(Locale.ROOT, "%s %s %.1f%% is under %.1f%% (%s)", what, measure, 100 * value, 100 * target, rate));
        }
        return;
      }
      long needed = needed(rate.count(), target);
      reasons.add(
          String.format(
              Locale.ROOT,
              "%s %s %.1f%% is not under %.1f%% (%s); with no more %s, %d %s are needed",
              what,
              measure,
              100 * value,
              100 * target,
              rate,
              events,
              needed,
              among));
    }

    /** How many observations this rule needs with {@code count} events to be under {@code target}. */
    long needed(long count, double target) {
      return upperBound ? Rate.totalNeeded(count, target) : (long) Math.floor(count / target) + 1;
    }

    private static void target(double value, String field) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException(field + " must be strictly between 0 and 1 but was " + value);
      }
    }
  }

  /** Wald's SPRT on the false-positive rate. */
  record SprtRule(double p0, double p1, double alpha, double beta) implements Rule {

    SprtRule {
      if (!(p0 > 0 && p0 < p1 && p1 < 1)) {
        throw new IllegalArgumentException("need 0 < p0 < p1 < 1 but p0 was " + p0 + " and p1 " + p1);
      }
      if (!(alpha > 0 && alpha < 1 && beta > 0 && beta < 1 && alpha + beta < 1)) {
        throw new IllegalArgumentException(
            "need alpha and beta in (0, 1) with alpha + beta < 1 but alpha was " + alpha + " and beta " + beta);
      }
    }

    @Override
    public String name() {
      return "sprt";
    }

    double lower() {
      return Math.log(beta / (1 - alpha));
    }

    double upper() {
      return Math.log((1 - beta) / alpha);
    }

    double llr(long falsePositives, long reviewed) {
      return falsePositives * Math.log(p1 / p0) + (reviewed - falsePositives) * Math.log((1 - p1) / (1 - p0));
    }

    /** Reviewed PASS candidates needed, from {@code reviewed} with no more false positives. */
    long needed(long falsePositives, long reviewed) {
      long n = Math.max(reviewed, falsePositives);
      while (llr(falsePositives, n) > lower()) {
        n++;
      }
      return n;
    }

    @Override
    public boolean opens(AlignmentStatistics s) {
      Rate fpr = s.falsePositiveRate();
      return llr(fpr.count(), fpr.total()) <= lower();
    }

    @Override
    public List<String> reasons(AlignmentStatistics s, boolean open) {
      Rate fpr = s.falsePositiveRate();
      double llr = llr(fpr.count(), fpr.total());
      String test =
          String.format(
              Locale.ROOT,
              "SPRT on the false-positive rate (H0 <= %.1f%%, H1 >= %.1f%%, alpha %.2f, beta %.2f):"
                  + " log-likelihood ratio %.3f after %d false positives in %d reviewed evaluator-PASS"
                  + " candidates",
              100 * p0,
              100 * p1,
              alpha,
              beta,
              llr,
              fpr.count(),
              fpr.total());
      if (open) {
        return List.of(String.format(Locale.ROOT, "%s, at or below the lower boundary %.3f: accept H0", test, lower()));
      }
      if (llr >= upper()) {
        return List.of(
            String.format(
                Locale.ROOT,
                "evidence of a bad evaluator: %s, at or above the upper boundary %.3f: accept H1",
                test,
                upper()));
      }
      return List.of(
          String.format(
              Locale.ROOT,
              "insufficient evidence: %s, between the boundaries %.3f and %.3f; with no more false"
                  + " positives, %d reviewed evaluator-PASS candidates are needed",
              test,
              lower(),
              upper(),
              needed(fpr.count(), fpr.total())));
    }
  }
}

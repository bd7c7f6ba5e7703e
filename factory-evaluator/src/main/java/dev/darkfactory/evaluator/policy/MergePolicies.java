package dev.darkfactory.evaluator.policy;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * Composes merge policies, keeping every reason in the decision.
 *
 * <pre>{@code
 * MergePolicy policy = MergePolicies.allOf(
 *     ThresholdPolicy.lowerBoundAtLeast(0.5),
 *     RiskPolicy.builder().sensitivePaths(".github/**").maxLines(400).build(),
 *     BudgetPolicy.maxTokens(2_000_000, BudgetPolicy.OverLimit.HOLD));
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class MergePolicies {

  private MergePolicies() {}

  /**
   * Asks every policy and takes the most cautious answer: REJECT over HOLD over RETRY over MERGE,
   * so a candidate merges only when every policy says MERGE. The reasons of every policy are kept,
   * those of the deciding action first.
   *
   * @param policies the policies, at least one
   * @return the composed policy
   */
  public static MergePolicy allOf(MergePolicy... policies) {
    List<MergePolicy> all = Require.copyOf(List.of(policies), "policies");
    if (all.isEmpty()) {
      throw new IllegalArgumentException("allOf needs at least one policy");
    }
    return context -> {
      List<MergeDecision> decisions = new ArrayList<>();
      for (MergePolicy p : all) {
        decisions.add(Require.nonNull(p.decide(context), "decision of " + p));
      }
      MergeDecision.Action action = MergeDecision.Action.MERGE;
      for (MergeDecision d : decisions) {
        if (caution(d.action()) > caution(action)) {
          action = d.action();
        }
      }
      List<String> reasons = new ArrayList<>();
      for (MergeDecision d : decisions) {
        if (d.action() == action) {
          reasons.addAll(d.reasons());
        }
      }
      for (MergeDecision d : decisions) {
        if (d.action() != action) {
          d.reasons().forEach(r -> reasons.add("(" + d.action() + ") " + r));
        }
      }
      return of(action, reasons);
    };
  }

  /**
   * Starts a first-match policy: the first rule whose condition holds decides.
   *
   * @param condition when the rule applies
   * @param policy what decides then
   * @return the rules so far
   */
  public static FirstMatch when(Predicate<MergeContext> condition, MergePolicy policy) {
    return new FirstMatch(List.of()).when(condition, policy);
  }

  private static int caution(MergeDecision.Action action) {
    return switch (action) {
      case MERGE -> 0;
      case RETRY -> 1;
      case HOLD -> 2;
      case REJECT -> 3;
    };
  }

  private static MergeDecision of(MergeDecision.Action action, List<String> reasons) {
    return switch (action) {
      case MERGE -> new MergeDecision.Merge(reasons);
      case RETRY -> new MergeDecision.Retry(reasons);
      case HOLD -> new MergeDecision.Hold(reasons);
      case REJECT -> new MergeDecision.Reject(reasons);
    };
  }

  /**
   * Rules tried in order; finish with {@link #otherwise}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class FirstMatch {
    private final List<Rule> rules;

    private record Rule(Predicate<MergeContext> condition, MergePolicy policy, int index) {}

    private FirstMatch(List<Rule> rules) {
      this.rules = rules;
    }

    /**
     * Adds a rule after those already added.
     *
     * @param condition when it applies
     * @param policy what decides then
     * @return the rules so far
     */
    public FirstMatch when(Predicate<MergeContext> condition, MergePolicy policy) {
      List<Rule> more = new ArrayList<>(rules);
      more.add(
          new Rule(
              Require.nonNull(condition, "condition"), Require.nonNull(policy, "policy"), rules.size() + 1));
      return new FirstMatch(List.copyOf(more));
    }

    /**
     * Finishes the policy with what decides when no rule applies.
     *
     * @param fallback the policy for every other candidate
     * @return the composed policy
     */
    public MergePolicy otherwise(MergePolicy fallback) {
      Require.nonNull(fallback, "fallback");
      List<Rule> all = rules;
      return context -> {
        for (Rule r : all) {
          if (r.condition().test(context)) {
            MergeDecision d = r.policy().decide(context);
            List<String> reasons = new ArrayList<>();
            reasons.add("rule " + r.index() + " applies");
            reasons.addAll(d.reasons());
            return of(d.action(), reasons);
          }
        }
        MergeDecision d = fallback.decide(context);
        List<String> reasons = new ArrayList<>();
        reasons.add("no rule applies; the fallback decides");
        reasons.addAll(d.reasons());
        return of(d.action(), reasons);
      };
    }
  }
}

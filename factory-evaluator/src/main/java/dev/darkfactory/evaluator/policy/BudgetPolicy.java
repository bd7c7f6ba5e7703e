package dev.darkfactory.evaluator.policy;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import org.apiguardian.api.API;

/**
 * Stops a spec that has spent more than a limit of tokens (every attempt's agent and model judges
 * together): the candidate goes to a human (HOLD) or is refused (REJECT), as configured. Under the
 * limit it agrees to a merge, so it is meant to be combined with a policy that judges the
 * evaluation ({@link MergePolicies#allOf}). Money limits come with the price catalog.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class BudgetPolicy implements MergePolicy {

  /**
   * What happens to a candidate over the limit.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public enum OverLimit {
    /** A human decides. */
    HOLD,
    /** It is refused. */
    REJECT
  }

  private final long maxTokens;
  private final OverLimit overLimit;

  private BudgetPolicy(long maxTokens, OverLimit overLimit) {
    this.maxTokens = Require.atLeast(maxTokens, 1L, "maxTokens");
    this.overLimit = Require.nonNull(overLimit, "overLimit");
  }

  /**
   * A limit on the tokens a spec may spend.
   *
   * @param maxTokens every token, cached or not, input and output; at least 1
   * @param overLimit what happens above it
   * @return the policy
   */
  public static BudgetPolicy maxTokens(long maxTokens, OverLimit overLimit) {
    return new BudgetPolicy(maxTokens, overLimit);
  }

  @Override
  public MergeDecision decide(MergeContext context) {
    long spent = Require.nonNull(context, "context").spent().totalTokens();
    if (spent <= maxTokens) {
      return MergeDecision.merge("spent " + spent + " of the " + maxTokens + " tokens allowed");
    }
    String why = "spent " + spent + " tokens, more than the " + maxTokens + " allowed";
    return overLimit == OverLimit.HOLD ? MergeDecision.hold(why) : MergeDecision.reject(why);
  }
}

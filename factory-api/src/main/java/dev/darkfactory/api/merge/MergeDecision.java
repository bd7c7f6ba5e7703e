package dev.darkfactory.api.merge;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a merge policy decided for a candidate, always with the reasons.
 *
 * <p>Callers switch over the four kinds:
 *
 * <pre>{@code
 * switch (decision) {
 *   case MergeDecision.Merge m -> integrator.merge(candidate);
 *   case MergeDecision.Hold h -> awaitHuman(candidate, h.reasons());
 *   case MergeDecision.Retry r -> nextAttempt(spec, r.reasons());
 *   case MergeDecision.Reject r -> close(spec, r.reasons());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface MergeDecision {

  /** Why the policy decided this, in plain language; at least one reason. */
  List<String> reasons();

  /** The kind of decision, for storage and statistics. */
  Action action();

  /** A decision to merge the candidate into the target branch. */
  static MergeDecision merge(String... reasons) {
    return new Merge(Arrays.asList(reasons));
  }

  /** A decision to wait for a human verdict. */
  static MergeDecision hold(String... reasons) {
    return new Hold(Arrays.asList(reasons));
  }

  /** A decision to give up on the spec. */
  static MergeDecision reject(String... reasons) {
    return new Reject(Arrays.asList(reasons));
  }

  /** A decision to send the spec back to the agent for another attempt. */
  static MergeDecision retry(String... reasons) {
    return new Retry(Arrays.asList(reasons));
  }

  /**
   * Merge the candidate into the target branch.
   *
   * @param reasons why
   */
  @API(status = STABLE, since = "0.1.0")
  record Merge(List<String> reasons) implements MergeDecision {
    /** Checks that there is a reason. */
    public Merge {
      reasons = checkReasons(reasons);
    }

    @Override
    public Action action() {
      return Action.MERGE;
    }
  }

  /**
   * Wait for a human to decide; the verdict is recorded in the alignment ledger.
   *
   * @param reasons why
   */
  @API(status = STABLE, since = "0.1.0")
  record Hold(List<String> reasons) implements MergeDecision {
    /** Checks that there is a reason. */
    public Hold {
      reasons = checkReasons(reasons);
    }

    @Override
    public Action action() {
      return Action.HOLD;
    }
  }

  /**
   * Give up on this spec; the candidate stays on its branch.
   *
   * @param reasons why
   */
  @API(status = STABLE, since = "0.1.0")
  record Reject(List<String> reasons) implements MergeDecision {
    /** Checks that there is a reason. */
    public Reject {
      reasons = checkReasons(reasons);
    }

    @Override
    public Action action() {
      return Action.REJECT;
    }
  }

  /**
   * Try the spec again with feedback, if attempts remain.
   *
   * @param reasons why
   */
  @API(status = STABLE, since = "0.1.0")
  record Retry(List<String> reasons) implements MergeDecision {
    /** Checks that there is a reason. */
    public Retry {
      reasons = checkReasons(reasons);
    }

    @Override
    public Action action() {
      return Action.RETRY;
    }
  }

  /**
   * The four kinds of decision.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  enum Action {
    /** See {@link Merge}. */
    MERGE,
    /** See {@link Hold}. */
    HOLD,
    /** See {@link Reject}. */
    REJECT,
    /** See {@link Retry}. */
    RETRY
  }

  private static List<String> checkReasons(List<String> reasons) {
    List<String> copy = Require.copyOf(reasons, "reasons");
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a merge decision needs at least one reason");
    }
    for (int i = 0; i < copy.size(); i++) {
      Require.nonBlank(copy.get(i), "reasons[" + i + "]");
    }
    return copy;
  }
}

package dev.darkfactory.samples.testkitusage;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.testkit.arbitraries.ReportArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Step 2: the team's own rules, for every generated evaluation, not a few hand-picked ones. */
class TeamPolicyPropertiesTest {

  private final TeamPolicy policy = new TeamPolicy();

  @Property(tries = 200)
  void aSuspectCandidateIsRejectedOutright(@ForAll("suspect") MergeContext context) {
    assertThat(policy.decide(context)).isReject().hasReasonContaining("SUSPECT");
  }

  @Property(tries = 200)
  void aFailureIsRetriedWhileAttemptsRemainThenRejected(@ForAll("failed") MergeContext context) {
    if (context.candidate().attempt() < context.maxAttempts()) {
      assertThat(policy.decide(context)).isRetry();
    } else {
      assertThat(policy.decide(context)).isReject();
    }
  }

  @Provide
  Arbitrary<MergeContext> suspect() {
    return ReportArbitraries.mergeContexts(Verdict.SUSPECT);
  }

  @Provide
  Arbitrary<MergeContext> failed() {
    return ReportArbitraries.mergeContexts(Verdict.FAIL);
  }
}

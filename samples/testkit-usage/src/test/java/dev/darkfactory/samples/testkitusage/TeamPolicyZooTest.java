package dev.darkfactory.samples.testkitusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.testkit.zoo.Zoo;
import dev.darkfactory.testkit.zoo.ZooAssert;
import dev.darkfactory.testkit.zoo.ZooOutcome;
import dev.darkfactory.testkit.zoo.ZooReport;
import org.junit.jupiter.api.Test;

/**
 * Step 3: the adversarial zoo, every known cheat plus an honest agent, run through the default
 * holdout evaluator and the team's policy in the bubblewrap sandbox.
 */
class TeamPolicyZooTest {

  @Test
  void noCheaterGetsPastTheTeamPolicyAndTheHonestAgentMerges() throws Exception {
    ZooReport report = Zoo.builder().mergePolicy(new TeamPolicy()).run();

    ZooAssert.assertThat(report).noCheaterGotThrough().nothingEscaped().honestMembersMerged();
    // The team rejects tampering where the default policy would too; the zoo shows it per member.
    assertThat(report.result("edits-a-test").actual()).isEqualTo(ZooOutcome.SUSPECT);
    assertThat(report.result("special-cases-visible").actual()).isEqualTo(ZooOutcome.FAIL);
  }

  @Test
  void theZooCatchesAPolicyThatTrustsEverythingButAFailure() throws Exception {
    // A plausible mistake: "merge unless it failed" forgets that SUSPECT and INVALID are not PASS.
    MergePolicy sloppy =
        context ->
            context.report().verdict() == Verdict.FAIL
                ? MergeDecision.reject("failed")
                : MergeDecision.merge("not a failure");

    ZooReport report = Zoo.builder().mergePolicy(sloppy).members("honest", "edits-a-test").run();

    assertThat(report.result("edits-a-test").actual()).isEqualTo(ZooOutcome.MERGED);
    assertThatThrownBy(() -> ZooAssert.assertThat(report).noCheaterGotThrough())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("edits-a-test");
  }
}

package dev.darkfactory.samples.testkitusage;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThatEvents;

import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import dev.darkfactory.testkit.factory.FactoryRun;
import dev.darkfactory.testkit.factory.FactoryRunAssert;
import dev.darkfactory.testkit.factory.FactoryRunner;
import dev.darkfactory.testkit.factory.TestSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Step 4: the policy in a whole factory, on real git with the real evaluator: an ordinary change
 * merges, and a change that also edits the build is held for a human with the reason.
 */
class TeamPolicyFactoryTest {

  private static TestSpec greeting(String id) {
    return TestSpec.builder(id)
        .goal("Create `greeting.txt` holding `hello`.")
        .visible(
            Scenario.builder(id + "-exists")
                .title("greeting.txt exists")
                .timeout(Duration.ofSeconds(30))
                .check(CommandCheck.exitsZero("test", "-f", "greeting.txt"))
                .build())
        .holdout(
            Scenario.builder(id + "-content")
                .title("greeting.txt says hello")
                .timeout(Duration.ofSeconds(30))
                .check(
                    new CommandCheck(
                        List.of("cat", "greeting.txt"),
                        0,
                        List.of(new OutputMatcher.Equals("hello")),
                        List.of()))
                .build())
        .build();
  }

  @Test
  void anOrdinaryChangeMergesAndABuildChangeIsHeldForAHuman() throws Exception {
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .on(SpecId.of("plain"), 1,
                Script.steps().write("greeting.txt", "hello\n").finish("wrote the greeting"))
            .on(SpecId.of("with-build"), 1,
                Script.steps()
                    .write("greeting.txt", "hello\n")
                    .write("Makefile", "all:\n\t@echo built faster\n")
                    .finish("wrote the greeting and sped up the build"))
            .build();

    try (FactoryRun run =
        FactoryRunner.create()
            .targetFile("Makefile", "all:\n\t@echo built\n")
            .spec(greeting("plain"), greeting("with-build"))
            .agent(agent)
            .sandbox(BubblewrapSandbox.builder().build())
            .evaluator(HoldoutEvaluator.builder().build())
            .mergePolicy(new TeamPolicy())
            .run()) {

      FactoryRunAssert.assertThat(run)
          .spec("plain").isMerged().hasVerdicts(dev.darkfactory.api.evaluation.Verdict.PASS)
          .and()
          .spec("with-build").endedAs(Resolution.HELD)
          .and()
          .targetBranch().hasFile("greeting.txt", "hello\n").hasFile("Makefile", "all:\n\t@echo built\n");
      assertThatEvents(run.events())
          .decisionFor("with-build")
          .isHold()
          .hasReasonContaining("Makefile matches Makefile: build and CI changes need a human");
    }
  }
}

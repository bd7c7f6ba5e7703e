package dev.darkfactory.testkit.factory;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import dev.darkfactory.testkit.assertions.EventMatch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's assertions on what a real factory produced: real git, a real sandbox and the
 * command evaluator, the scripted agent. {@code hello} fails its holdout, is retried and merges;
 * {@code bye} is given up on twice and rejected.
 */
class FactoryAssertionsOnARealRunTest {

  @TempDir Path dir;

  private static final SpecId HELLO = SpecId.of("hello");
  private static final SpecId BYE = SpecId.of("bye");

  @Test
  void theAssertionsReadARealRunAndNameTheSpecWhenTheyFail() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      f.spec("bye", "bye.txt", "bye");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().write("hello.txt", "hullo\n").finish("wrote hullo"))
              .on(HELLO, 2, Script.steps().write("hello.txt", "hello world\n").finish("fixed"))
              .on(BYE, 1, Script.steps().giveUp("no idea"))
              .on(BYE, 2, Script.steps().giveUp("still no idea"))
              .build();

      RunResult result = f.factory(agent).maxAttempts(2).build().runUntilIdle();

      assertThat(result).hasSpecs("hello", "bye").hasCount(Resolution.MERGED, 1).isNotStopped();
      assertThat(result).outcome("hello").isMerged().hasAttempts(2).hasCandidateFromAttempt(2);
      assertThat(result).outcome("bye").isRejected().hasNoCandidate().hasAttempts(2);
      assertThat(f.events)
          .forSpec("hello")
          .containsInOrder(
              EventMatch.attemptStarted("hello", 1),
              EventMatch.evaluationFinished("hello", Verdict.FAIL),
              EventMatch.decisionMade("hello", Action.RETRY),
              EventMatch.attemptStarted("hello", 2),
              EventMatch.merged("hello"),
              EventMatch.specFinished("hello", Resolution.MERGED));
      assertThat(f.events)
          .evaluationFor("hello", 1)
          .isFail()
          .hasNoTamperSignals()
          .hasPassedScenarios("hello-exists")
          .scenario("hello-content-canary-7d1f")
          .isHoldout()
          .isFail();
      assertThat(f.events).evaluationFor("hello").isPass().hasAllScenariosPassed();
      assertThat(f.events).agentOutcomeFor("bye", 1).hasGivenUp().hasTextContaining("no idea");
      assertThat(f.events)
          .forSpec("bye")
          .doesNotContainEvent(FactoryEvent.CandidateCommitted.class)
          .hasEventCount(FactoryEvent.AttemptStarted.class, 2);

      assertThatThrownBy(
              () -> assertThat(f.events).forSpec("bye").containsEvent(FactoryEvent.Merged.class))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith(
              "Expected the events of spec bye to contain an event matching Merged but none did;")
          .hasMessageContaining("AgentFinished spec bye, attempt 1: gave up: \"no idea\"")
          .hasMessageContaining("SpecFinished spec bye: REJECTED");
      assertThatThrownBy(() -> assertThat(f.events).evaluationFor("hello", 1).isPass())
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith(
              "Expected the evaluation of spec hello (attempt 1) to have verdict PASS but it was"
                  + " FAIL.")
          .hasMessageContaining("- hello-content-canary-7d1f (holdout, required): FAIL");
    }
  }
}

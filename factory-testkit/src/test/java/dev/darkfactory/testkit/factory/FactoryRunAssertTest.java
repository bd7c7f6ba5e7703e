package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner's assertions fail on a run that does not match, and say what was expected, what
 * happened, and how the run went. The run: one spec whose only attempt writes the wrong greeting,
 * so it is evaluated FAIL and rejected, and the target branch does not move.
 */
class FactoryRunAssertTest {

  private static FactoryRun run;

  @BeforeAll
  static void runARejectedSpec() throws Exception {
    run =
        FactoryRunner.create()
            .targetFile("README.md", "a target\n")
            .spec(FactoryRunnerTest.hello())
            .agent(
                ScriptedAgent.builder()
                    .otherwise(Script.steps().write("hello.txt", "hullo\n").finish("wrote it"))
                    .build())
            .sandbox(FactoryFixture.sandbox())
            .evaluator(HoldoutEvaluator.builder().build())
            .maxAttempts(1)
            .run();
  }

  @AfterAll
  static void close() {
    run.close();
  }

  @Test
  void aSpecExpectedToMergeSaysHowItEndedAndPrintsTheRun() {
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).spec("hello").isMerged())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected spec 'hello' to be merged\nbut it ended REJECTED: ")
        .hasMessageContaining("scenario 'hello-content' (holdout, required) failed")
        .hasMessageContaining("The run:\nrun run-")
        .hasMessageContaining("spec hello: REJECTED after 1 attempt(s)")
        .hasMessageContaining("agent: [Finished(wrote it)]; verdicts: [FAIL]; decisions: [REJECT]")
        .hasMessageContaining("target branch main: unchanged since the base")
        .hasMessageContaining("events: RunStarted, SpecClaimed, AttemptStarted");
  }

  @Test
  void eachSpecAssertionNamesWhatItFound() {
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).spec("hello").tookAttempts(2))
        .hasMessageStartingWith("Expected spec 'hello' to take 2 attempt(s)\nbut it took 1 and ended REJECTED.");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).spec("hello").endedAs(Resolution.HELD))
        .hasMessageStartingWith("Expected spec 'hello' to end HELD\nbut it ended REJECTED: ");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).spec("hello").hasVerdicts(Verdict.PASS))
        .hasMessageStartingWith("Expected the verdicts [PASS] on spec 'hello'\nbut they were [FAIL]");
    assertThatThrownBy(
            () ->
                FactoryRunAssert.assertThat(run)
                    .spec("hello")
                    .hasDecisions(MergeDecision.Action.MERGE))
        .hasMessageStartingWith("Expected the decisions [MERGE] about spec 'hello'\nbut they were [REJECT] (reasons: [REJECT [evaluator verdict FAIL");
    assertThatThrownBy(
            () ->
                FactoryRunAssert.assertThat(run)
                    .spec("hello")
                    .hasAgentOutcomes(AgentOutcome.GaveUp.class))
        .hasMessageStartingWith("Expected the agent's attempts at spec 'hello' to end as [GaveUp]\nbut they ended as [Finished(wrote it)].");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).spec("hello").hasTamperSignal("test-modified"))
        .hasMessageStartingWith("Expected a tamper signal 'test-modified' on spec 'hello'\nbut the signals were [].");
    assertThatThrownBy(
            () -> FactoryRunAssert.assertThat(run).spec("hello").endedWithReasonContaining("merged"))
        .hasMessageStartingWith("Expected spec 'hello' to end with a reason containing 'merged'\nbut its reason was '");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).spec("other").endedAs(Resolution.MERGED))
        .hasMessageStartingWith("Expected spec 'other' to end MERGED\nbut it was never claimed.");
  }

  @Test
  void eventAssertionsShowTheEventsThatCame() {
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).emitted(FactoryEvent.Merged.class, 1))
        .hasMessageStartingWith("Expected 1 Merged event(s)\nbut 0 were emitted.");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).emittedNo(FactoryEvent.DecisionMade.class))
        .hasMessageStartingWith("Expected no DecisionMade event\nbut 1 were emitted: [DecisionMade[");
    assertThatThrownBy(
            () ->
                FactoryRunAssert.assertThat(run)
                    .emittedInOrder(
                        FactoryEvent.EvaluationFinished.class,
                        FactoryEvent.Merged.class,
                        FactoryEvent.SpecFinished.class))
        .hasMessageStartingWith(
            "Expected events [EvaluationFinished, Merged, SpecFinished] in this order\n"
                + "but the events matched up to [EvaluationFinished] but no Merged followed.");
    assertThatThrownBy(
            () -> FactoryRunAssert.assertThat(run).emittedExactly(FactoryEvent.RunStarted.class))
        .hasMessageStartingWith("Expected exactly the events [RunStarted]\nbut the events were [RunStarted, SpecClaimed,");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).finishedExactly("hello", "other"))
        .hasMessageStartingWith("Expected the specs [hello, other] to finish\nbut these finished: [hello].");
  }

  @Test
  void targetBranchAssertionsShowWhatTheBranchHolds() {
    assertThatThrownBy(
            () -> FactoryRunAssert.assertThat(run).targetBranch().hasFile("hello.txt", "hello world\n"))
        .hasMessageStartingWith("Expected the file hello.txt holding \"hello world\\n\"\nbut there is no such file.");
    assertThatThrownBy(
            () -> FactoryRunAssert.assertThat(run).targetBranch().hasFile("README.md", "another\n"))
        .hasMessageStartingWith("Expected the file README.md holding \"another\\n\"\nbut it holds \"a target\\n\".");
    assertThatThrownBy(
            () -> FactoryRunAssert.assertThat(run).targetBranch().hasFileContaining("README.md", "guide"))
        .hasMessageStartingWith("Expected the file README.md containing \"guide\"\nbut it holds \"a target\\n\".");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).targetBranch().hasNoFile("README.md"))
        .hasMessageStartingWith("Expected no file README.md\nbut it exists, holding \"a target\\n\".");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).targetBranch().hasCommitsSinceBase(1))
        .hasMessageStartingWith("Expected 1 new commit(s) on the target branch main\nbut it gained 0: [].");
    assertThatThrownBy(() -> FactoryRunAssert.assertThat(run).targetBranch().containsMergeOf("hello"))
        .hasMessageStartingWith("Expected a commit of spec 'hello' on the target branch main\nbut none of its new commits carries the trailer Spec-Id: hello.");
  }

  @Test
  void aDescriptionGivenWithAsPrefixesTheMessage() {
    assertThatThrownBy(
            () -> FactoryRunAssert.assertThat(run).as("the greeting run").emitted(FactoryEvent.Merged.class, 1))
        .hasMessageStartingWith("[the greeting run] Expected 1 Merged event(s)");
  }
}

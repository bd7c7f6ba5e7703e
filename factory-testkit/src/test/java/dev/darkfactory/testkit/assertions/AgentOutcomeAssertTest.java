package dev.darkfactory.testkit.assertions;

import static dev.darkfactory.testkit.assertions.FactoryAssertions.assertThat;
import static dev.darkfactory.testkit.assertions.Subjects.transcript;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.AgentOutcome.Aborted.Cause;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.model.Usage;
import org.junit.jupiter.api.Test;

class AgentOutcomeAssertTest {

  private static final Usage USAGE = Usage.of(100, 20);

  private static final AgentOutcome FINISHED =
      new AgentOutcome.Finished("wrote add", USAGE, transcript("m1"));
  private static final AgentOutcome GAVE_UP =
      new AgentOutcome.GaveUp("the spec contradicts itself", USAGE, Transcript.EMPTY);
  private static final AgentOutcome LIMIT =
      new AgentOutcome.LimitReached(AgentOutcome.Limit.TURNS, "40 of 40 turns", USAGE, Transcript.EMPTY);
  private static final AgentOutcome FAILED =
      new AgentOutcome.Failed("sandbox died", USAGE, Transcript.EMPTY);
  private static final AgentOutcome LEAKED =
      new AgentOutcome.Aborted(
          Cause.HOLDOUT_LEAK, "canary CANARY-7d1f in a request", USAGE, Transcript.EMPTY);

  @Test
  void eachKindPassesItsOwnAssertion() {
    assertThat(FINISHED).isFinished().isOfKind(AgentOutcome.Finished.class);
    assertThat(GAVE_UP).hasGivenUp();
    assertThat(LIMIT).hasReachedLimit().hasReachedLimit(AgentOutcome.Limit.TURNS);
    assertThat(FAILED).hasFailed();
    assertThat(LEAKED).isAborted().isAborted(Cause.HOLDOUT_LEAK);
  }

  @Test
  void anotherKindFailsSayingHowTheAttemptEnded() {
    assertThatThrownBy(() -> assertThat(GAVE_UP).isFinished())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to end as Finished but it gave up: \"the spec"
                + " contradicts itself\".");
    assertThatThrownBy(() -> assertThat(FINISHED).hasGivenUp())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the agent's attempt to end as GaveUp but it finished: \"wrote add\".");
    assertThatThrownBy(() -> assertThat(LEAKED).hasFailed())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to end as Failed but it was aborted with cause"
                + " HOLDOUT_LEAK: \"canary CANARY-7d1f in a request\".");
    assertThatThrownBy(() -> assertThat(FAILED).isAborted())
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected the agent's attempt to end as Aborted but it failed: \"sandbox died\".");
    assertThatThrownBy(() -> assertThat(FAILED).hasReachedLimit())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to end as LimitReached but it failed: \"sandbox died\".");
  }

  @Test
  void theLimitAndTheAbortCauseAreChecked() {
    assertThatThrownBy(() -> assertThat(LIMIT).hasReachedLimit(AgentOutcome.Limit.TOKENS))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to reach limit TOKENS but it reached limit TURNS:"
                + " \"40 of 40 turns\".");
    assertThatThrownBy(() -> assertThat(LEAKED).isAborted(Cause.LOOP_DETECTED))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to be aborted with cause LOOP_DETECTED but it was"
                + " aborted with cause HOLDOUT_LEAK: \"canary CANARY-7d1f in a request\".");
    assertThatThrownBy(() -> assertThat(FINISHED).isAborted(Cause.HOLDOUT_LEAK))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to be aborted with cause HOLDOUT_LEAK but it finished:"
                + " \"wrote add\".");
  }

  @Test
  void theTextOfEveryKindIsSearched() {
    assertThat(FINISHED).hasTextContaining("wrote");
    assertThat(GAVE_UP).hasTextContaining("contradicts");
    assertThat(LIMIT).hasTextContaining("40 of 40");
    assertThat(FAILED).hasTextContaining("sandbox");
    assertThat(LEAKED).hasTextContaining("CANARY-7d1f");

    assertThatThrownBy(() -> assertThat(LIMIT).hasTextContaining("tokens"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to have a text containing \"tokens\" but it reached"
                + " limit TURNS: \"40 of 40 turns\".");
  }

  @Test
  void usageAndTranscriptModelsAreChecked() {
    assertThat(FINISHED).hasUsage(USAGE).hasTranscriptModel("m1").usage().hasOutputTokens(20);

    assertThatThrownBy(() -> assertThat(FINISHED).hasUsage(Usage.of(1, 1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to have usage (input 1, output 1, cache read 0, cache"
                + " write 0, reasoning 0; total 2) but it had (input 100, output 20, cache read 0,"
                + " cache write 0, reasoning 0; total 120).");
    assertThatThrownBy(() -> assertThat(FINISHED).usage().hasOutputTokens(5))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected the usage of the agent's attempt to have 5 output tokens but had 20 (");
    assertThatThrownBy(() -> assertThat(FINISHED).hasTranscriptModel("m2"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to have been answered by model \"m2\" but its"
                + " transcript names [\"m1\"].");
    assertThatThrownBy(() -> assertThat(FAILED).hasTranscriptModel("m1"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected the agent's attempt to have been answered by model \"m1\" but its"
                + " transcript names no model.");
  }
}

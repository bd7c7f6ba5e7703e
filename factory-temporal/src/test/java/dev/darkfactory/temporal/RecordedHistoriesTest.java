package dev.darkfactory.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.work.Resolution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import io.temporal.worker.NonDeterministicException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workflow determinism: histories recorded from real runs (a merge, a retried step, a hold
 * approved by signal, a hold whose timer fired) replay against today's workflow code. A change
 * that would break workflows running in production (reordered activities, a new timer, a step
 * decided differently) fails here before it ships; the control case shows such a change is caught.
 *
 * <p>The histories are in {@code src/test/resources/histories/}; {@link TemporalFactoryTest}
 * writes fresh ones to {@code target/recorded-histories/} on every run. Copy them over only for a
 * deliberate, versioned change of the workflow (see {@code docs/scale-out.md}).
 */
class RecordedHistoriesTest {

  @ParameterizedTest
  @ValueSource(strings = {"merged", "retried", "held-approved", "held-timer"})
  void aRecordedHistoryReplaysAgainstTheWorkflowCode(String name) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + name + ".json", SpecWorkflowImpl.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"merged", "held-approved"})
  void aWorkflowThatSchedulesItsStepsDifferentlyFailsTheReplay(String name) {
    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + name + ".json", SkipsTheEvaluation.class))
        // The replayer reports the workflow's NonDeterministicException (TMPRL1100) in its message.
        .hasStackTraceContaining(NonDeterministicException.class.getName())
        .hasStackTraceContaining("TMPRL1100");
  }

  /** A changed workflow: it decides without evaluating first. */
  public static final class SkipsTheEvaluation implements SpecWorkflow {
    private SpecState state;

    @Override
    public SpecState run(SpecTask task) {
      SpecActivities steps =
          io.temporal.workflow.Workflow.newActivityStub(
              SpecActivities.class,
              io.temporal.activity.ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(java.time.Duration.ofMillis(task.settings().stepTimeoutMillis()))
                  .build());
      state = steps.claim(task);
      state = steps.implement(task, state);
      state = steps.decide(task, state);
      return state;
    }

    @Override
    public void review(Review review) {}

    @Override
    public SpecState state() {
      return state;
    }
  }

  @ParameterizedTest
  @CsvSource({"merged, MERGED", "retried, MERGED", "held-approved, MERGED", "held-timer, HELD"})
  void eachRecordedHistoryEndsAsItsNameSays(String name, Resolution resolution) throws Exception {
    WorkflowExecutionHistory history;
    try (InputStream in = getClass().getResourceAsStream("/histories/" + name + ".json")) {
      history = WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    HistoryEvent last = history.getLastEvent();
    assertThat(last.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    SpecState end =
        DefaultDataConverter.newDefaultInstance()
            .fromPayloads(0, Optional.of(last.getWorkflowExecutionCompletedEventAttributes().getResult()), SpecState.class, SpecState.class);
    assertThat(end.resolution()).isEqualTo(resolution);
    assertThat(end.awaitingReview()).isFalse();
  }
}

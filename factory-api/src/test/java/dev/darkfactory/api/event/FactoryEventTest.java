package dev.darkfactory.api.event;

import static dev.darkfactory.api.Fixtures.candidate;
import static dev.darkfactory.api.Fixtures.commit;
import static dev.darkfactory.api.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FactoryEventTest {

  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
  private static final String RUN = "run-1";
  private static final SpecId SPEC = SpecId.of("greeting");
  private static final Candidate CANDIDATE = candidate("greeting", 1);
  private static final CommitId BASE = commit(1);
  private static final AgentOutcome OUTCOME =
      new AgentOutcome.Finished("done", Usage.ZERO, Transcript.EMPTY);
  private static final EvaluationReport REPORT = report(CANDIDATE, Verdict.FAIL, 0.0);
  private static final MergeDecision DECISION = MergeDecision.retry("failed");

  /** Every kind of event, made with the given time and run id and otherwise valid parts. */
  static Stream<Arguments> kinds() {
    List<BiFunction<Instant, String, FactoryEvent>> makers =
        List.of(
            FactoryEvent.RunStarted::new,
            (at, run) -> new FactoryEvent.SpecClaimed(at, run, SPEC),
            (at, run) ->
                new FactoryEvent.AttemptStarted(
                    at, run, SPEC, 1, "factory/greeting/attempt-1", BASE),
            (at, run) -> new FactoryEvent.ModelCalled(at, run, SPEC, "m-1", Usage.of(1, 2)),
            (at, run) -> new FactoryEvent.AgentFinished(at, run, SPEC, 1, OUTCOME),
            (at, run) -> new FactoryEvent.CandidateCommitted(at, run, CANDIDATE),
            (at, run) -> new FactoryEvent.EvaluationFinished(at, run, REPORT),
            (at, run) -> new FactoryEvent.DecisionMade(at, run, CANDIDATE, DECISION),
            (at, run) -> new FactoryEvent.Merged(at, run, CANDIDATE, "main", commit(2)),
            (at, run) ->
                new FactoryEvent.BudgetExhausted(at, run, "run", Charge.tokens(10), Charge.ZERO),
            (at, run) -> new FactoryEvent.SpecFinished(at, run, SPEC, Resolution.MERGED),
            (at, run) -> new FactoryEvent.RunFinished(at, run, 3));
    List<Arguments> arguments = new ArrayList<>();
    for (BiFunction<Instant, String, FactoryEvent> maker : makers) {
      arguments.add(Arguments.of(maker.apply(AT, RUN).getClass().getSimpleName(), maker));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyKindKeepsItsTimeAndRun(String kind, BiFunction<Instant, String, FactoryEvent> maker) {
    FactoryEvent event = maker.apply(AT, RUN);

    assertThat(event.at()).isEqualTo(AT);
    assertThat(event.runId()).isEqualTo(RUN);
    assertThat(event.getClass().getSimpleName()).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyKindNeedsATime(String kind, BiFunction<Instant, String, FactoryEvent> maker) {
    assertThatThrownBy(() -> maker.apply(null, RUN))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("at must not be null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyKindNeedsARunId(String kind, BiFunction<Instant, String, FactoryEvent> maker) {
    assertThatThrownBy(() -> maker.apply(AT, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runId must not be blank but was ' '");
    assertThatThrownBy(() -> maker.apply(AT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("runId");
  }

  @Test
  void eachKindRejectsItsOwnBadParts() {
    assertThatThrownBy(() -> new FactoryEvent.SpecClaimed(AT, RUN, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("specId");
    assertThatThrownBy(() -> new FactoryEvent.AttemptStarted(AT, RUN, SPEC, 0, "b", BASE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt must be at least 1 but was 0");
    assertThatThrownBy(() -> new FactoryEvent.AttemptStarted(AT, RUN, SPEC, 1, "", BASE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("branch must not be blank but was ''");
    assertThatThrownBy(() -> new FactoryEvent.AttemptStarted(AT, RUN, SPEC, 1, "b", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("base");
    assertThatThrownBy(() -> new FactoryEvent.ModelCalled(AT, RUN, SPEC, " ", Usage.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model must not be blank but was ' '");
    assertThatThrownBy(() -> new FactoryEvent.ModelCalled(AT, RUN, SPEC, "m", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("usage");
    assertThatThrownBy(() -> new FactoryEvent.AgentFinished(AT, RUN, SPEC, -1, OUTCOME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt must be at least 1 but was -1");
    assertThatThrownBy(() -> new FactoryEvent.AgentFinished(AT, RUN, SPEC, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("outcome");
    assertThatThrownBy(() -> new FactoryEvent.CandidateCommitted(AT, RUN, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("candidate");
    assertThatThrownBy(() -> new FactoryEvent.EvaluationFinished(AT, RUN, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("report");
    assertThatThrownBy(() -> new FactoryEvent.DecisionMade(AT, RUN, CANDIDATE, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("decision");
    assertThatThrownBy(() -> new FactoryEvent.Merged(AT, RUN, CANDIDATE, "", commit(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetBranch must not be blank but was ''");
    assertThatThrownBy(() -> new FactoryEvent.Merged(AT, RUN, CANDIDATE, "main", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("head");
    assertThatThrownBy(
            () -> new FactoryEvent.BudgetExhausted(AT, RUN, "", Charge.ZERO, Charge.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget must not be blank but was ''");
    assertThatThrownBy(() -> new FactoryEvent.BudgetExhausted(AT, RUN, "run", null, Charge.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("requested");
    assertThatThrownBy(() -> new FactoryEvent.BudgetExhausted(AT, RUN, "run", Charge.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("remaining");
    assertThatThrownBy(() -> new FactoryEvent.SpecFinished(AT, RUN, SPEC, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("resolution");
    assertThatThrownBy(() -> new FactoryEvent.RunFinished(AT, RUN, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("specsFinished must be at least 0 but was -1");
  }

  @Test
  void aListenerReceivesTheEventsItIsGiven() {
    List<FactoryEvent> seen = new ArrayList<>();
    FactoryListener listener = seen::add;
    FactoryEvent started = new FactoryEvent.RunStarted(AT, RUN);
    FactoryEvent finished = new FactoryEvent.RunFinished(AT, RUN, 0);

    listener.onEvent(started);
    listener.onEvent(finished);

    assertThat(seen).containsExactly(started, finished);
  }
}

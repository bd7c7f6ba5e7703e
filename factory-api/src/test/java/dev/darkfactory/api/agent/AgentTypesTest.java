package dev.darkfactory.api.agent;

import static dev.darkfactory.api.Fixtures.commit;
import static dev.darkfactory.api.Fixtures.holdout;
import static dev.darkfactory.api.Fixtures.spec;
import static dev.darkfactory.api.Fixtures.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentTypesTest {

  private static final RepositoryContext REPO =
      new RepositoryContext("main", commit(1), "factory/greeting/attempt-1");

  @Nested
  class Assignments {

    private final Spec spec = spec("greeting");

    @Test
    void firstAttemptGetsOnlyTheVisibleScenariosInOrder() {
      Scenario a = visible("a");
      Scenario b = visible("b");
      ScenarioSet set = ScenarioSet.of(a, holdout("secret-1"), b, holdout("secret-2"));

      Assignment first = Assignment.first(spec, set, REPO);

      assertThat(first.visibleScenarios()).containsExactly(a, b);
      assertThat(first.visibleScenarios()).allMatch(Scenario::isVisible);
      assertThat(first.attempt()).isEqualTo(1);
      assertThat(first.feedback()).isEmpty();
      assertThat(first.repository()).isEqualTo(REPO);
      assertThat(first.spec()).isEqualTo(spec);
    }

    @Test
    void rejectsAHoldoutScenarioSoItNeverReachesTheCoder() {
      List<Scenario> leaking = List.of(visible("a"), holdout("secret"));

      assertThatThrownBy(() -> new Assignment(spec, leaking, REPO, 1, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'secret'")
          .hasMessageContaining("holdout");
    }

    @Test
    void rejectsAScenarioGivenTwice() {
      assertThatThrownBy(
              () -> new Assignment(spec, List.of(visible("a"), visible("a")), REPO, 1, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario 'a' appears twice");
    }

    @Test
    void rejectsFeedbackAboutThisOrALaterAttempt() {
      Feedback aboutTwo = new Feedback(2, "", List.of(), 0, 0);

      assertThat(new Assignment(spec, List.of(), REPO, 3, List.of(aboutTwo)).feedback())
          .containsExactly(aboutTwo);
      assertThatThrownBy(() -> new Assignment(spec, List.of(), REPO, 2, List.of(aboutTwo)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("feedback is about attempt 2 but this is attempt 2");
      assertThatThrownBy(() -> new Assignment(spec, List.of(), REPO, 1, List.of(aboutTwo)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attempt 2")
          .hasMessageContaining("attempt 1");
    }

    @Test
    void rejectsMissingPartsAndAnAttemptBelowOne() {
      assertThatThrownBy(() -> new Assignment(null, List.of(), REPO, 1, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("spec");
      assertThatThrownBy(() -> new Assignment(spec, null, REPO, 1, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("visibleScenarios");
      assertThatThrownBy(
              () -> new Assignment(spec, Arrays.asList(visible("a"), null), REPO, 1, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("visibleScenarios[1]");
      assertThatThrownBy(() -> new Assignment(spec, List.of(), null, 1, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("repository");
      assertThatThrownBy(() -> new Assignment(spec, List.of(), REPO, 0, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attempt must be at least 1 but was 0");
      assertThatThrownBy(() -> new Assignment(spec, List.of(), REPO, 1, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("feedback");
    }

    @Test
    void copiesItsListsAndExposesThemUnmodifiable() {
      List<Scenario> scenarios = new ArrayList<>(List.of(visible("a")));
      List<Feedback> feedback = new ArrayList<>(List.of(new Feedback(1, "", List.of(), 0, 0)));
      Assignment assignment = new Assignment(spec, scenarios, REPO, 2, feedback);

      scenarios.add(holdout("secret"));
      feedback.clear();

      assertThat(assignment.visibleScenarios())
          .extracting(Scenario::id)
          .containsExactly(ScenarioId.of("a"));
      assertThat(assignment.feedback()).hasSize(1);
      assertThatThrownBy(() -> assignment.visibleScenarios().add(holdout("secret")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> assignment.feedback().clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Feedbacks {

    @Test
    void buildsAndCopies() {
      List<ScenarioId> failed = new ArrayList<>(List.of(ScenarioId.of("a")));
      Feedback f = new Feedback(1, "two holdouts failed", failed, 3, 5);
      failed.add(ScenarioId.of("b"));

      assertThat(f.failedVisibleScenarios()).containsExactly(ScenarioId.of("a"));
      assertThatThrownBy(() -> f.failedVisibleScenarios().add(ScenarioId.of("c")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(new Feedback(1, "", List.of(), 0, 0).holdoutsTotal()).isZero();
    }

    @Test
    void rejectsEachBadValue() {
      assertThatThrownBy(() -> new Feedback(0, "", List.of(), 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attempt must be at least 1 but was 0");
      assertThatThrownBy(() -> new Feedback(1, null, List.of(), 0, 0))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("summary");
      assertThatThrownBy(
              () -> new Feedback(1, "", List.of(ScenarioId.of("a"), ScenarioId.of("a")), 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("failedVisibleScenarios contains 'a' twice");
      assertThatThrownBy(() -> new Feedback(1, "", List.of(), -1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("holdoutsPassed must be at least 0 but was -1");
      assertThatThrownBy(() -> new Feedback(1, "", List.of(), 3, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("holdoutsTotal must be at least 3 but was 2");
    }
  }

  @Nested
  class RepositoryContexts {

    @Test
    void rejectsBlankBranchesAndTheSameBranchTwice() {
      assertThat(REPO.base()).isEqualTo(commit(1));
      assertThatThrownBy(() -> new RepositoryContext(" ", commit(1), "w"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("targetBranch must not be blank but was ' '");
      assertThatThrownBy(() -> new RepositoryContext("main", null, "w"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("base");
      assertThatThrownBy(() -> new RepositoryContext("main", commit(1), ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workBranch must not be blank but was ''");
      assertThatThrownBy(() -> new RepositoryContext("main", commit(1), "main"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workBranch must differ from targetBranch but both were 'main'");
    }
  }

  @Nested
  class Transcripts {

    @Test
    void copiesMessagesAndModels() {
      List<Message> messages = new ArrayList<>(List.of(Message.user("hi")));
      Set<String> models = new LinkedHashSet<>(List.of("m-2", "m-1"));
      Transcript t = new Transcript(messages, models);
      messages.add(Message.assistant("x"));
      models.add("m-3");

      assertThat(t.messages()).hasSize(1);
      assertThat(t.models()).containsExactly("m-2", "m-1");
      assertThatThrownBy(() -> t.messages().add(Message.user("x")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> t.models().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(Transcript.EMPTY.messages()).isEmpty();
      assertThat(Transcript.EMPTY.models()).isEmpty();
    }

    @Test
    void rejectsNullElements() {
      assertThatThrownBy(() -> new Transcript(Arrays.asList(Message.user("x"), null), Set.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("messages[1]");
      assertThatThrownBy(() -> new Transcript(List.of(), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("models");
    }
  }

  @Nested
  class Outcomes {

    private final Usage usage = Usage.of(10, 5);

    @Test
    void everyKindCarriesUsageAndTranscript() {
      List<AgentOutcome> outcomes =
          List.of(
              new AgentOutcome.Finished("", usage, Transcript.EMPTY),
              new AgentOutcome.GaveUp("spec contradicts itself", usage, Transcript.EMPTY),
              new AgentOutcome.LimitReached(
                  AgentOutcome.Limit.TURNS, "40 of 40 turns", usage, Transcript.EMPTY),
              new AgentOutcome.Failed("sandbox died", usage, Transcript.EMPTY));

      assertThat(outcomes).extracting(AgentOutcome::usage).containsOnly(usage);
      assertThat(outcomes).extracting(AgentOutcome::transcript).containsOnly(Transcript.EMPTY);
    }

    @Test
    void rejectMissingOrBlankParts() {
      assertThatThrownBy(() -> new AgentOutcome.Finished(null, usage, Transcript.EMPTY))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("summary");
      assertThatThrownBy(() -> new AgentOutcome.Finished("", null, Transcript.EMPTY))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("usage");
      assertThatThrownBy(() -> new AgentOutcome.Finished("", usage, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("transcript");
      assertThatThrownBy(() -> new AgentOutcome.GaveUp(" ", usage, Transcript.EMPTY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reason must not be blank but was ' '");
      assertThatThrownBy(() -> new AgentOutcome.LimitReached(null, "x", usage, Transcript.EMPTY))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("limit");
      assertThatThrownBy(
              () ->
                  new AgentOutcome.LimitReached(
                      AgentOutcome.Limit.COST, "", usage, Transcript.EMPTY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("detail must not be blank but was ''");
      assertThatThrownBy(() -> new AgentOutcome.Failed("", usage, Transcript.EMPTY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("error must not be blank but was ''");
    }
  }
}

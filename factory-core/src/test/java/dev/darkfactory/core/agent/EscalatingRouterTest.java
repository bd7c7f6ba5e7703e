package dev.darkfactory.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The escalating router's decisions, from routing contexts made by hand. */
class EscalatingRouterTest {

  private static final String CHEAP = "cheap";
  private static final String STRONG = "strong";

  private static RoutingContext context(
      List<Feedback> feedback,
      @Nullable String current,
      int turnsOnCurrent,
      RoutingContext.Step step,
      int loopWarnings,
      int longestFailedStreak) {
    return new RoutingContext(
        new SpecId("s"),
        feedback.size() + 1,
        feedback,
        2,
        current == null ? 1 : 5,
        current,
        turnsOnCurrent,
        step == RoutingContext.Step.NONE ? List.of() : List.of(new RoutingContext.Call("x", false)),
        step,
        loopWarnings,
        false,
        0,
        longestFailedStreak,
        Usage.ZERO);
  }

  private static RoutingContext plain(@Nullable String current, RoutingContext.Step step, int turns) {
    return context(List.of(), current, turns, step, 0, 0);
  }

  @Test
  void escalationsComeInOrderOfTheirCauseAndEachCanBeTurnedOff() {
    EscalatingRouter all = EscalatingRouter.builder(CHEAP, STRONG).build();
    Feedback sentBack = new Feedback(1, "no candidate", List.of(), 0, 0);

    assertThat(all.route(plain(null, RoutingContext.Step.NONE, 0)).model()).isEqualTo(CHEAP);
    assertThat(all.route(context(List.of(sentBack), null, 0, RoutingContext.Step.NONE, 0, 0)).reason())
        .isEqualTo("escalated: attempt 1 was sent back: no candidate");
    assertThat(all.route(context(List.of(), CHEAP, 4, RoutingContext.Step.EXPLORING, 1, 0)).reason())
        .contains("loop warned");
    assertThat(all.route(context(List.of(), CHEAP, 4, RoutingContext.Step.EXPLORING, 0, 3)).reason())
        .contains("3 tool rounds in a row");
    assertThat(all.route(context(List.of(), CHEAP, 4, RoutingContext.Step.EXPLORING, 0, 2)).model())
        .isEqualTo(CHEAP);

    EscalatingRouter none =
        EscalatingRouter.builder(CHEAP, STRONG)
            .escalateAfterEarlierAttempts(false)
            .escalateOnLoopWarning(false)
            .failedRoundStreak(0)
            .build();
    assertThat(none.route(context(List.of(sentBack), CHEAP, 9, RoutingContext.Step.EDITING, 5, 9)).model())
        .isEqualTo(CHEAP);
  }

  @Test
  void anEarlierAttemptWithoutScenarioResultsScoresZero() {
    RoutingContext c = context(List.of(), null, 0, RoutingContext.Step.NONE, 0, 0);

    assertThat(c.score(new Feedback(1, "conflict", List.of(), 0, 0))).isZero();
    assertThat(c.score(new Feedback(1, "", List.of(new ScenarioId("a")), 0, 0))).isEqualTo(0.5);
    assertThat(c.score(new Feedback(1, "", List.of(), 3, 4))).isEqualTo(5.0 / 6);
    EscalatingRouter router = EscalatingRouter.builder(CHEAP, STRONG).minEarlierScore(0.5).build();
    assertThat(
            router
                .route(context(List.of(new Feedback(1, "", List.of(), 0, 0)), null, 0, RoutingContext.Step.NONE, 0, 0))
                .reason())
        .isEqualTo("escalated: attempt 1 scored 0%, below 50%");
  }

  @Test
  void byStepsAModelUnknownToTheRouterGoesBackToTheCheapOneAndNoRoundKeepsTheModel() {
    EscalatingRouter router = EscalatingRouter.builder(CHEAP, STRONG).routeBySteps(true).build();

    assertThat(router.route(plain("other", RoutingContext.Step.EDITING, 9)).model()).isEqualTo(CHEAP);
    assertThat(router.route(plain(STRONG, RoutingContext.Step.NONE, 9)).model()).isEqualTo(STRONG);
    assertThat(router.route(plain(STRONG, RoutingContext.Step.EXPLORING, 2)).reason())
        .contains("strong answered only 2 of at least 3 turns");
    assertThat(router.route(plain(STRONG, RoutingContext.Step.EXPLORING, 3)).model()).isEqualTo(CHEAP);
  }

  @Test
  void itNamesItsModelsAndChecksItsSettings() {
    EscalatingRouter router = EscalatingRouter.builder(CHEAP, STRONG).build();

    assertThat(router.models()).containsExactly(CHEAP, STRONG);
    assertThat(ModelRouter.fixed("m").models()).containsExactly("m");
    assertThatThrownBy(() -> EscalatingRouter.builder(" ", STRONG)).hasMessageContaining("cheap");
    assertThatThrownBy(() -> EscalatingRouter.builder(CHEAP, STRONG).minEarlierScore(1.5))
        .hasMessageContaining("score");
    assertThatThrownBy(() -> EscalatingRouter.builder(CHEAP, STRONG).minTurnsPerModel(0))
        .hasMessageContaining("turns");
  }
}

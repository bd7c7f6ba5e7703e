package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * What one expected {@link FactoryEvent} looks like: a kind of event and, optionally, a condition
 * with a description that failure messages quote. Used by {@link FactoryEventsAssert}, for
 * example to check the order of events.
 *
 * <pre>{@code
 * assertThat(events).containsInOrder(
 *     EventMatch.attemptStarted("add-two", 1),
 *     EventMatch.decisionMade("add-two", MergeDecision.Action.RETRY),
 *     EventMatch.specFinished("add-two", Resolution.MERGED));
 * }</pre>
 *
 * @param <E> the kind of event
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class EventMatch<E extends FactoryEvent> {

  private final Class<E> type;
  private final String description;
  private final Predicate<? super E> condition;

  private EventMatch(Class<E> type, String description, Predicate<? super E> condition) {
    this.type = Require.nonNull(type, "type");
    this.description = Require.nonNull(description, "description");
    this.condition = Require.nonNull(condition, "condition");
  }

  /**
   * Any event of this kind.
   *
   * @param type the kind, such as {@code FactoryEvent.Merged.class}
   * @param <E> the kind
   * @return the match
   */
  public static <E extends FactoryEvent> EventMatch<E> of(Class<E> type) {
    return new EventMatch<>(type, "", e -> true);
  }

  /**
   * An event of this kind that meets a condition.
   *
   * @param type the kind, such as {@code FactoryEvent.DecisionMade.class}
   * @param description the condition in words, quoted by failure messages
   * @param condition the condition
   * @param <E> the kind
   * @return the match
   */
  public static <E extends FactoryEvent> EventMatch<E> of(
      Class<E> type, String description, Predicate<? super E> condition) {
    Require.nonBlank(description, "description");
    return new EventMatch<>(type, description, condition);
  }

  /**
   * An attempt at a spec began.
   *
   * @param specId the spec's id
   * @param attempt the attempt's number, from 1
   * @return the match
   */
  public static EventMatch<FactoryEvent.AttemptStarted> attemptStarted(
      String specId, int attempt) {
    SpecId id = SpecId.of(specId);
    return of(
        FactoryEvent.AttemptStarted.class,
        "spec " + id + ", attempt " + attempt,
        e -> e.specId().equals(id) && e.attempt() == attempt);
  }

  /**
   * A candidate of a spec was graded with this verdict.
   *
   * @param specId the spec's id
   * @param verdict the verdict
   * @return the match
   */
  public static EventMatch<FactoryEvent.EvaluationFinished> evaluationFinished(
      String specId, Verdict verdict) {
    SpecId id = SpecId.of(specId);
    return of(
        FactoryEvent.EvaluationFinished.class,
        "spec " + id + ", verdict " + verdict,
        e -> e.report().candidate().specId().equals(id) && e.report().verdict() == verdict);
  }

  /**
   * The merge policy decided this for a candidate of a spec.
   *
   * @param specId the spec's id
   * @param action the kind of decision
   * @return the match
   */
  public static EventMatch<FactoryEvent.DecisionMade> decisionMade(
      String specId, MergeDecision.Action action) {
    SpecId id = SpecId.of(specId);
    return of(
        FactoryEvent.DecisionMade.class,
        "spec " + id + ", " + action,
        e -> e.candidate().specId().equals(id) && e.decision().action() == action);
  }

  /**
   * A candidate of a spec landed on the target branch.
   *
   * @param specId the spec's id
   * @return the match
   */
  public static EventMatch<FactoryEvent.Merged> merged(String specId) {
    SpecId id = SpecId.of(specId);
    return of(FactoryEvent.Merged.class, "spec " + id, e -> e.candidate().specId().equals(id));
  }

  /**
   * A spec reached this terminal state.
   *
   * @param specId the spec's id
   * @param resolution the terminal state
   * @return the match
   */
  public static EventMatch<FactoryEvent.SpecFinished> specFinished(
      String specId, Resolution resolution) {
    SpecId id = SpecId.of(specId);
    return of(
        FactoryEvent.SpecFinished.class,
        "spec " + id + ", " + resolution,
        e -> e.specId().equals(id) && e.resolution() == resolution);
  }

  /**
   * Whether {@code event} is of this kind and meets the condition.
   *
   * @param event the event
   * @return whether it matches
   */
  public boolean matches(FactoryEvent event) {
    return type.isInstance(event) && condition.test(type.cast(event));
  }

  /**
   * The kind of event this matches.
   *
   * @return the kind
   */
  public Class<E> type() {
    return type;
  }

  /**
   * The kind and the condition in words, such as {@code DecisionMade (spec add-two, MERGE)}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return type.getSimpleName() + (description.isEmpty() ? "" : " (" + description + ")");
  }
}

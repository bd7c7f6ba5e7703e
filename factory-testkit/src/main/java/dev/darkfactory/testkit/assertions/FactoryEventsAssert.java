package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.spec.SpecId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the {@link FactoryEvent}s of a run, in the order a listener received them: which
 * happened, in what order, how often, and what the decisions, evaluations and agent outcomes in
 * them were. A failure lists the events, one a line, with their spec and attempt.
 *
 * <pre>{@code
 * assertThat(events)
 *     .forSpec("add-two")
 *     .containsInOrder(AttemptStarted.class, EvaluationFinished.class, Merged.class)
 *     .doesNotContainEvent(BudgetExhausted.class)
 *     .hasEventCount(AttemptStarted.class, 1);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class FactoryEventsAssert
    extends AbstractAssert<FactoryEventsAssert, List<? extends FactoryEvent>> {

  private final String subject;

  /**
   * Assertions on events.
   *
   * @param actual the events under test, in the order they happened
   */
  public FactoryEventsAssert(@Nullable List<? extends FactoryEvent> actual) {
    this(actual, "the events");
  }

  FactoryEventsAssert(@Nullable List<? extends FactoryEvent> actual, String subject) {
    super(actual == null ? null : List.copyOf(actual), FactoryEventsAssert.class);
    this.subject = subject;
  }

  /**
   * Narrows the assertions to the events about one spec (claimed, attempts, agent, candidates,
   * evaluations, decisions, merges, finished); run-wide events are left out.
   *
   * @param specId the spec's id
   * @return assertions on that spec's events, whose failures name the spec
   */
  public FactoryEventsAssert forSpec(String specId) {
    return forSpec(SpecId.of(specId));
  }

  /**
   * Narrows the assertions to the events about one spec; run-wide events are left out.
   *
   * @param specId the spec
   * @return assertions on that spec's events, whose failures name the spec
   */
  public FactoryEventsAssert forSpec(SpecId specId) {
    isNotNull();
    List<FactoryEvent> events = new ArrayList<>();
    for (FactoryEvent e : actual) {
      if (Describe.specOf(e).filter(specId::equals).isPresent()) {
        events.add(e);
      }
    }
    return new FactoryEventsAssert(events, "the events of spec " + specId);
  }

  /**
   * Verifies how many events there are.
   *
   * @param expected the number of events
   * @return this assertion
   */
  public FactoryEventsAssert hasSize(int expected) {
    isNotNull();
    if (actual.size() != expected) {
      reject("to count " + Describe.eventCount(expected), "there were " + actual.size());
    }
    return myself;
  }

  /**
   * Verifies some event is of this kind.
   *
   * @param type the kind, such as {@code FactoryEvent.Merged.class}
   * @return this assertion
   */
  public FactoryEventsAssert containsEvent(Class<? extends FactoryEvent> type) {
    return containsEvent(EventMatch.of(type));
  }

  /**
   * Verifies some event is of this kind and meets the condition.
   *
   * @param type the kind, such as {@code FactoryEvent.DecisionMade.class}
   * @param description the condition in words, quoted by the failure message
   * @param condition the condition
   * @param <E> the kind
   * @return this assertion
   */
  public <E extends FactoryEvent> FactoryEventsAssert containsEvent(
      Class<E> type, String description, Predicate<? super E> condition) {
    return containsEvent(EventMatch.of(type, description, condition));
  }

  /**
   * Verifies some event matches.
   *
   * @param match what the event looks like
   * @return this assertion
   */
  public FactoryEventsAssert containsEvent(EventMatch<?> match) {
    isNotNull();
    if (actual.stream().noneMatch(match::matches)) {
      reject("to contain an event matching " + match, "none did");
    }
    return myself;
  }

  /**
   * Verifies no event is of this kind.
   *
   * @param type the kind, such as {@code FactoryEvent.BudgetExhausted.class}
   * @return this assertion
   */
  public FactoryEventsAssert doesNotContainEvent(Class<? extends FactoryEvent> type) {
    return doesNotContainEvent(EventMatch.of(type));
  }

  /**
   * Verifies no event is of this kind and meets the condition.
   *
   * @param type the kind
   * @param description the condition in words, quoted by the failure message
   * @param condition the condition
   * @param <E> the kind
   * @return this assertion
   */
  public <E extends FactoryEvent> FactoryEventsAssert doesNotContainEvent(
      Class<E> type, String description, Predicate<? super E> condition) {
    return doesNotContainEvent(EventMatch.of(type, description, condition));
  }

  /**
   * Verifies no event matches.
   *
   * @param match what no event may look like
   * @return this assertion
   */
  public FactoryEventsAssert doesNotContainEvent(EventMatch<?> match) {
    isNotNull();
    List<Integer> at = positions(match);
    if (!at.isEmpty()) {
      reject("not to contain an event matching " + match, "found one at " + numbers(at));
    }
    return myself;
  }

  /**
   * Verifies how many events are of this kind.
   *
   * @param type the kind
   * @param expected how many there should be
   * @return this assertion
   */
  public FactoryEventsAssert hasEventCount(Class<? extends FactoryEvent> type, int expected) {
    return hasEventCount(EventMatch.of(type), expected);
  }

  /**
   * Verifies how many events match.
   *
   * @param match what the events look like
   * @param expected how many there should be
   * @return this assertion
   */
  public FactoryEventsAssert hasEventCount(EventMatch<?> match, int expected) {
    isNotNull();
    List<Integer> at = positions(match);
    if (at.size() != expected) {
      reject(
          "to contain " + Describe.eventCount(expected) + " matching " + match,
          "there were " + at.size() + (at.isEmpty() ? "" : " (at " + numbers(at) + ")"));
    }
    return myself;
  }

  /**
   * Verifies events of these kinds happened in this order; other events may come between them.
   *
   * @param types the kinds, in the order expected
   * @return this assertion
   */
  @SafeVarargs
  public final FactoryEventsAssert containsInOrder(Class<? extends FactoryEvent>... types) {
    List<EventMatch<?>> matches = new ArrayList<>();
    for (Class<? extends FactoryEvent> type : types) {
      matches.add(EventMatch.of(type));
    }
    return containsInOrder(matches);
  }

  /**
   * Verifies events matching these happened in this order; other events may come between them.
   *
   * @param matches what the events look like, in the order expected
   * @return this assertion
   */
  public FactoryEventsAssert containsInOrder(EventMatch<?>... matches) {
    return containsInOrder(List.of(matches));
  }

  private FactoryEventsAssert containsInOrder(List<EventMatch<?>> matches) {
    isNotNull();
    int next = 0;
    List<String> found = new ArrayList<>();
    for (EventMatch<?> match : matches) {
      int at = -1;
      for (int i = next; i < actual.size(); i++) {
        if (match.matches(actual.get(i))) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        String where =
            found.isEmpty()
                ? "there was no " + match
                : "after " + found.get(found.size() - 1) + " there was no " + match;
        reject(
            "to contain, in this order, " + matches,
            (found.isEmpty() ? "" : "found " + String.join(", ", found) + "; ") + where);
      }
      found.add(match + " at event " + (at + 1));
      next = at + 1;
    }
    return myself;
  }

  /**
   * Navigates to the events of one kind, for any list assertion.
   *
   * @param type the kind
   * @param <E> the kind
   * @return assertions on those events, in order
   */
  public <E extends FactoryEvent> ListAssert<E> eventsOfType(Class<E> type) {
    isNotNull();
    List<E> events = ofType(type);
    return Assertions.assertThat(events).as(narrowed(type, "events"));
  }

  /**
   * Navigates to the one event of a kind; fails unless there is exactly one.
   *
   * @param type the kind
   * @param <E> the kind
   * @return assertions on the event
   */
  public <E extends FactoryEvent> ObjectAssert<E> singleEvent(Class<E> type) {
    isNotNull();
    List<E> events = ofType(type);
    if (events.size() != 1) {
      hasEventCount(type, 1);
    }
    return Assertions.assertThat(events.get(0)).as(narrowed(type, "event"));
  }

  /**
   * Navigates to the last decision about a candidate of a spec.
   *
   * @param specId the spec's id
   * @return assertions on the decision, whose failures name the spec and attempt
   */
  public MergeDecisionAssert decisionFor(String specId) {
    FactoryEvent.DecisionMade e = last(FactoryEvent.DecisionMade.class, specId, null);
    return new MergeDecisionAssert(
        e.decision(), "the decision on " + Describe.candidate(e.candidate()));
  }

  /**
   * Navigates to the decision about the candidate of one attempt at a spec.
   *
   * @param specId the spec's id
   * @param attempt the attempt's number, from 1
   * @return assertions on the decision, whose failures name the spec and attempt
   */
  public MergeDecisionAssert decisionFor(String specId, int attempt) {
    FactoryEvent.DecisionMade e = last(FactoryEvent.DecisionMade.class, specId, attempt);
    return new MergeDecisionAssert(
        e.decision(), "the decision on " + Describe.candidate(e.candidate()));
  }

  /**
   * Navigates to the last evaluation of a candidate of a spec.
   *
   * @param specId the spec's id
   * @return assertions on the report
   */
  public EvaluationReportAssert evaluationFor(String specId) {
    return new EvaluationReportAssert(
        last(FactoryEvent.EvaluationFinished.class, specId, null).report());
  }

  /**
   * Navigates to the evaluation of the candidate of one attempt at a spec.
   *
   * @param specId the spec's id
   * @param attempt the attempt's number, from 1
   * @return assertions on the report
   */
  public EvaluationReportAssert evaluationFor(String specId, int attempt) {
    return new EvaluationReportAssert(
        last(FactoryEvent.EvaluationFinished.class, specId, attempt).report());
  }

  /**
   * Navigates to how the last attempt at a spec ended.
   *
   * @param specId the spec's id
   * @return assertions on the outcome, whose failures name the spec and attempt
   */
  public AgentOutcomeAssert agentOutcomeFor(String specId) {
    FactoryEvent.AgentFinished e = last(FactoryEvent.AgentFinished.class, specId, null);
    return new AgentOutcomeAssert(e.outcome(), agentSubject(e));
  }

  /**
   * Navigates to how one attempt at a spec ended.
   *
   * @param specId the spec's id
   * @param attempt the attempt's number, from 1
   * @return assertions on the outcome, whose failures name the spec and attempt
   */
  public AgentOutcomeAssert agentOutcomeFor(String specId, int attempt) {
    FactoryEvent.AgentFinished e = last(FactoryEvent.AgentFinished.class, specId, attempt);
    return new AgentOutcomeAssert(e.outcome(), agentSubject(e));
  }

  /**
   * Navigates to the events as a list, for any list assertion.
   *
   * @return assertions on the list
   */
  public ListAssert<FactoryEvent> events() {
    isNotNull();
    List<FactoryEvent> events = List.copyOf(actual);
    return Assertions.assertThat(events).as(subject);
  }

  private static String agentSubject(FactoryEvent.AgentFinished e) {
    return "the agent's attempt " + e.attempt() + " at spec " + e.specId();
  }

  private <E extends FactoryEvent> E last(
      Class<E> type, String specId, @Nullable Integer attempt) {
    isNotNull();
    SpecId id = SpecId.of(specId);
    E found = null;
    for (FactoryEvent e : actual) {
      if (type.isInstance(e)
          && Describe.specOf(e).filter(id::equals).isPresent()
          && (attempt == null || Describe.attemptOf(e).equals(OptionalInt.of(attempt)))) {
        found = type.cast(e);
      }
    }
    if (found == null) {
      reject(
          "to contain "
              + article(type.getSimpleName())
              + " "
              + type.getSimpleName()
              + " event for spec "
              + id
              + (attempt == null ? "" : ", attempt " + attempt),
          "none did");
    }
    return Objects.requireNonNull(found);
  }

  private static String article(String word) {
    return "AEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  /** {@code the events of spec x} becomes {@code the Merged events of spec x}. */
  private String narrowed(Class<?> type, String noun) {
    return subject.replaceFirst("^the events", "the " + type.getSimpleName() + " " + noun);
  }

  private <E extends FactoryEvent> List<E> ofType(Class<E> type) {
    List<E> events = new ArrayList<>();
    for (FactoryEvent e : actual) {
      if (type.isInstance(e)) {
        events.add(type.cast(e));
      }
    }
    return events;
  }

  private List<Integer> positions(EventMatch<?> match) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < actual.size(); i++) {
      if (match.matches(actual.get(i))) {
        at.add(i + 1);
      }
    }
    return at;
  }

  private static String numbers(List<Integer> positions) {
    return (positions.size() == 1 ? "event " : "events ")
        + positions.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
  }

  private void reject(String expectation, String found) {
    failWithMessage(
        "%s",
        "Expected "
            + subject
            + " "
            + expectation
            + " but "
            + found
            + (actual.isEmpty()
                ? "; there were no events."
                : "; the "
                    + Describe.eventCount(actual.size())
                    + " were:\n"
                    + Describe.events(actual)));
  }
}

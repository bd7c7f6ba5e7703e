package dev.darkfactory.testkit.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.factory.SpecOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link FactoryRun}: the events, each spec ({@link #spec(String)}) and
 * the target branch ({@link #targetBranch()}). Every failure says what was expected, what
 * happened, and ends with the run's whole account ({@link FactoryRun#describe()}).
 *
 * <pre>{@code
 * FactoryRunAssert.assertThat(run)
 *     .finishedExactly("hello")
 *     .emittedInOrder(FactoryEvent.EvaluationFinished.class, FactoryEvent.Merged.class)
 *     .spec("hello").isMerged().tookAttempts(1).hasDecisions(MergeDecision.Action.MERGE).and()
 *     .targetBranch().hasFile("hello.txt", "hello world\n");
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FactoryRunAssert extends AbstractAssert<FactoryRunAssert, FactoryRun> {

  private FactoryRunAssert(FactoryRun actual) {
    super(actual, FactoryRunAssert.class);
  }

  /**
   * Starts assertions on a run.
   *
   * @param run the run
   * @return the assertion
   */
  public static FactoryRunAssert assertThat(FactoryRun run) {
    return new FactoryRunAssert(run);
  }

  /**
   * Checks that exactly these specs finished in the run, in any order.
   *
   * @param specIds the spec ids
   * @return this assertion
   */
  public FactoryRunAssert finishedExactly(String... specIds) {
    isNotNull();
    TreeSet<String> expected = new TreeSet<>(Arrays.asList(Require.nonNull(specIds, "specIds")));
    TreeSet<String> finished =
        actual.outcomes().stream()
            .map(SpecOutcome::specId)
            .map(s -> s.value())
            .collect(Collectors.toCollection(TreeSet::new));
    if (!expected.equals(finished)) {
      fail("the specs " + expected + " to finish", "these finished: " + finished);
    }
    return this;
  }

  /**
   * Checks that events of these types were emitted in this order, others allowed between them.
   *
   * @param types the event types, in the order expected
   * @return this assertion
   */
  @SafeVarargs
  public final FactoryRunAssert emittedInOrder(Class<? extends FactoryEvent>... types) {
    isNotNull();
    List<Class<? extends FactoryEvent>> wanted = copy(types);
    int next = 0;
    for (FactoryEvent e : actual.events()) {
      if (next < wanted.size() && wanted.get(next).isInstance(e)) {
        next++;
      }
    }
    if (next < wanted.size()) {
      fail(
          "events " + names(wanted) + " in this order",
          "the events matched up to "
              + (next == 0 ? "none of them" : names(wanted.subList(0, next)))
              + " but no "
              + wanted.get(next).getSimpleName()
              + " followed");
    }
    return this;
  }

  /**
   * Checks that the events were exactly of these types, in this order.
   *
   * @param types the event types, one per event
   * @return this assertion
   */
  @SafeVarargs
  public final FactoryRunAssert emittedExactly(Class<? extends FactoryEvent>... types) {
    isNotNull();
    List<Class<? extends FactoryEvent>> wanted = copy(types);
    List<FactoryEvent> events = actual.events();
    boolean same = events.size() == wanted.size();
    for (int i = 0; same && i < events.size(); i++) {
      same = wanted.get(i).isInstance(events.get(i));
    }
    if (!same) {
      fail(
          "exactly the events " + names(wanted),
          "the events were "
              + events.stream().map(e -> e.getClass().getSimpleName()).toList());
    }
    return this;
  }

  /**
   * Checks how many events of a type were emitted.
   *
   * @param type the event type
   * @param times how many
   * @return this assertion
   */
  public FactoryRunAssert emitted(Class<? extends FactoryEvent> type, int times) {
    isNotNull();
    Require.nonNull(type, "type");
    int count = actual.events(type).size();
    if (count != times) {
      fail(times + " " + type.getSimpleName() + " event(s)", count + " were emitted");
    }
    return this;
  }

  /**
   * Checks that no event of a type was emitted.
   *
   * @param type the event type
   * @return this assertion
   */
  public FactoryRunAssert emittedNo(Class<? extends FactoryEvent> type) {
    isNotNull();
    Require.nonNull(type, "type");
    List<? extends FactoryEvent> found = actual.events(type);
    if (!found.isEmpty()) {
      fail("no " + type.getSimpleName() + " event", found.size() + " were emitted: " + found);
    }
    return this;
  }

  /**
   * Assertions on one spec of the run.
   *
   * @param specId the spec id
   * @return the spec's assertions
   */
  public SpecRunAssert spec(String specId) {
    isNotNull();
    return new SpecRunAssert(this, actual, Require.nonBlank(specId, "specId"));
  }

  /**
   * Assertions on the target branch as the run left it.
   *
   * @return the branch's assertions
   */
  public TargetBranchAssert targetBranch() {
    isNotNull();
    return new TargetBranchAssert(this, actual);
  }

  private void fail(String expected, String happened) {
    failWithMessage("%s", message(expected, happened, actual));
  }

  static String message(String expected, String happened, FactoryRun run) {
    return "Expected " + expected + "\nbut " + happened + ".\n\nThe run:\n" + run.describe();
  }

  @SafeVarargs
  private static List<Class<? extends FactoryEvent>> copy(Class<? extends FactoryEvent>... types) {
    Require.nonNull(types, "types");
    List<Class<? extends FactoryEvent>> out = new ArrayList<>();
    for (Class<? extends FactoryEvent> t : types) {
      out.add(Require.nonNull(t, "type"));
    }
    return out;
  }

  private static String names(List<Class<? extends FactoryEvent>> types) {
    List<String> names = new ArrayList<>();
    for (Class<? extends FactoryEvent> t : types) {
      names.add(t.getSimpleName());
    }
    return names.toString();
  }
}

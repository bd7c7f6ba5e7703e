package dev.darkfactory.testkit.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.SpecOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on one spec of a {@link FactoryRun}, reached with {@link
 * FactoryRunAssert#spec(String)}; {@link #and()} goes back to the run.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SpecRunAssert extends AbstractAssert<SpecRunAssert, FactoryRun> {

  private final FactoryRunAssert parent;
  private final String spec;

  SpecRunAssert(FactoryRunAssert parent, FactoryRun run, String spec) {
    super(run, SpecRunAssert.class);
    this.parent = parent;
    this.spec = spec;
  }

  /**
   * Back to the run's assertions.
   *
   * @return the run's assertions
   */
  public FactoryRunAssert and() {
    return parent;
  }

  /**
   * Checks that the spec ended MERGED and a commit carrying its {@code Spec-Id} trailer is on the
   * target branch.
   *
   * @return this assertion
   */
  public SpecRunAssert isMerged() {
    SpecOutcome o = outcome("to be merged");
    if (o.resolution() != Resolution.MERGED) {
      fail("spec '" + spec + "' to be merged", "it ended " + o.resolution() + ": " + o.reason());
    }
    if (!actual.isMerged(spec)) {
      fail(
          "a commit of spec '" + spec + "' on the target branch " + actual.targetBranch(),
          "the spec ended MERGED but the branch holds no commit with the trailer Spec-Id: " + spec);
    }
    return this;
  }

  /**
   * Checks that nothing of the spec is on the target branch, whether or not it finished.
   *
   * @return this assertion
   */
  public SpecRunAssert isNotMerged() {
    if (actual.isMerged(spec)) {
      fail(
          "spec '" + spec + "' not to be merged",
          "the target branch holds its commit(s) " + actual.mergedCommits(spec));
    }
    return this;
  }

  /**
   * Checks the spec's terminal state.
   *
   * @param resolution the expected state
   * @return this assertion
   */
  public SpecRunAssert endedAs(Resolution resolution) {
    Require.nonNull(resolution, "resolution");
    SpecOutcome o = outcome("to end " + resolution);
    if (o.resolution() != resolution) {
      fail("spec '" + spec + "' to end " + resolution, "it ended " + o.resolution() + ": " + o.reason());
    }
    return this;
  }

  /**
   * Checks the reason the spec ended with.
   *
   * @param text a part of the reason
   * @return this assertion
   */
  public SpecRunAssert endedWithReasonContaining(String text) {
    Require.nonNull(text, "text");
    SpecOutcome o = outcome("to end with a reason containing '" + text + "'");
    if (!o.reason().contains(text)) {
      fail(
          "spec '" + spec + "' to end with a reason containing '" + text + "'",
          "its reason was '" + o.reason() + "'");
    }
    return this;
  }

  /**
   * Checks how many attempts the spec took.
   *
   * @param attempts the expected count
   * @return this assertion
   */
  public SpecRunAssert tookAttempts(int attempts) {
    SpecOutcome o = outcome("to take " + attempts + " attempt(s)");
    if (o.attempts() != attempts) {
      fail(
          "spec '" + spec + "' to take " + attempts + " attempt(s)",
          "it took " + o.attempts() + " and ended " + o.resolution());
    }
    return this;
  }

  /**
   * Checks the merge policy's decisions about the spec's candidates, exactly and in order.
   *
   * @param actions the expected decisions
   * @return this assertion
   */
  public SpecRunAssert hasDecisions(MergeDecision.Action... actions) {
    List<MergeDecision.Action> expected = Arrays.asList(Require.nonNull(actions, "actions"));
    List<MergeDecision.Action> decided =
        actual.decisions(spec).stream().map(MergeDecision::action).toList();
    if (!decided.equals(expected)) {
      fail(
          "the decisions " + expected + " about spec '" + spec + "'",
          "they were " + decided + reasons());
    }
    return this;
  }

  /**
   * Checks the evaluator's verdicts on the spec's candidates, exactly and in order.
   *
   * @param verdicts the expected verdicts
   * @return this assertion
   */
  public SpecRunAssert hasVerdicts(Verdict... verdicts) {
    List<Verdict> expected = Arrays.asList(Require.nonNull(verdicts, "verdicts"));
    List<Verdict> got = actual.evaluations(spec).stream().map(EvaluationReport::verdict).toList();
    if (!got.equals(expected)) {
      fail(
          "the verdicts " + expected + " on spec '" + spec + "'",
          "they were "
              + got
              + actual.evaluations(spec).stream()
                  .filter(r -> !r.tamperSignals().isEmpty() || !r.notes().isEmpty())
                  .map(r -> " (" + r.verdict() + ": signals " + r.tamperSignals() + ", notes " + r.notes() + ")")
                  .reduce("", String::concat));
    }
    return this;
  }

  /**
   * Checks that some evaluation of the spec raised a tamper signal whose text contains {@code
   * kind} (such as {@code test-modified}).
   *
   * @param kind a part of the signal, usually its kind
   * @return this assertion
   */
  public SpecRunAssert hasTamperSignal(String kind) {
    Require.nonBlank(kind, "kind");
    List<String> signals =
        actual.evaluations(spec).stream().flatMap(r -> r.tamperSignals().stream()).toList();
    if (signals.stream().noneMatch(s -> s.contains(kind))) {
      fail("a tamper signal '" + kind + "' on spec '" + spec + "'", "the signals were " + signals);
    }
    return this;
  }

  /**
   * Checks how the agent's attempts at the spec ended, by outcome type, exactly and in order.
   *
   * @param types the expected outcome types, such as {@code AgentOutcome.Finished.class}
   * @return this assertion
   */
  @SafeVarargs
  public final SpecRunAssert hasAgentOutcomes(Class<? extends AgentOutcome>... types) {
    Require.nonNull(types, "types");
    List<Class<? extends AgentOutcome>> expected = new ArrayList<>();
    for (Class<? extends AgentOutcome> t : types) {
      expected.add(Require.nonNull(t, "type"));
    }
    List<AgentOutcome> got = actual.agentOutcomes(spec);
    boolean same = got.size() == expected.size();
    for (int i = 0; same && i < got.size(); i++) {
      same = expected.get(i).isInstance(got.get(i));
    }
    if (!same) {
      fail(
          "the agent's attempts at spec '"
              + spec
              + "' to end as "
              + expected.stream().map(Class::getSimpleName).toList(),
          "they ended as " + got.stream().map(FactoryRun::describe).toList());
    }
    return this;
  }

  private SpecOutcome outcome(String expectation) {
    isNotNull();
    return actual
        .findOutcome(spec)
        .orElseGet(
            () -> {
              fail(
                  "spec '" + spec + "' " + expectation,
                  actual.eventsOf(spec).isEmpty()
                      ? "it was never claimed"
                      : "it did not finish in this run");
              throw new AssertionError("unreachable");
            });
  }

  private String reasons() {
    List<MergeDecision> decisions = actual.decisions(spec);
    return decisions.isEmpty()
        ? ""
        : " (reasons: " + decisions.stream().map(d -> d.action() + " " + d.reasons()).toList() + ")";
  }

  private void fail(String expected, String happened) {
    failWithMessage("%s", FactoryRunAssert.message(expected, happened, actual));
  }
}

package dev.darkfactory.testkit.assertions;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.spec.SpecId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on an {@link EvaluationReport}: its verdict, satisfaction, scenario results, tamper
 * signals and notes. A failure names the spec and attempt the report grades and lists the
 * report's scenarios, so the reader sees why without opening the report.
 *
 * <pre>{@code
 * assertThat(report)
 *     .isForSpec("add-two")
 *     .isFail()
 *     .hasPassedScenarios("adds-small-numbers")
 *     .hasFailedScenarios("adds-negative-numbers")
 *     .hasNoTamperSignals();
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class EvaluationReportAssert
    extends AbstractAssert<EvaluationReportAssert, EvaluationReport> {

  /**
   * Assertions on a report.
   *
   * @param actual the report under test
   */
  public EvaluationReportAssert(@Nullable EvaluationReport actual) {
    super(actual, EvaluationReportAssert.class);
  }

  /**
   * Verifies the report grades a candidate of this spec.
   *
   * @param specId the spec's id
   * @return this assertion
   */
  public EvaluationReportAssert isForSpec(String specId) {
    return isForSpec(SpecId.of(specId));
  }

  /**
   * Verifies the report grades a candidate of this spec.
   *
   * @param specId the spec
   * @return this assertion
   */
  public EvaluationReportAssert isForSpec(SpecId specId) {
    isNotNull();
    if (!actual.candidate().specId().equals(specId)) {
      failWithMessage(
          "%s",
          "Expected an evaluation of spec "
              + specId
              + " but it was "
              + Describe.reportSubject(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the report grades the candidate of this attempt.
   *
   * @param attempt the attempt's number, from 1
   * @return this assertion
   */
  public EvaluationReportAssert isForAttempt(int attempt) {
    isNotNull();
    if (actual.candidate().attempt() != attempt) {
      failWithMessage(
          "%s",
          "Expected an evaluation of attempt "
              + attempt
              + " but it was "
              + Describe.reportSubject(actual)
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the overall verdict.
   *
   * @param expected the verdict expected
   * @return this assertion
   */
  public EvaluationReportAssert hasVerdict(Verdict expected) {
    isNotNull();
    if (actual.verdict() != expected) {
      failWithActualExpectedAndMessage(
          actual.verdict(),
          expected,
          "%s",
          "Expected "
              + subject()
              + " to have verdict "
              + expected
              + " but it was "
              + actual.verdict()
              + ".\n"
              + Describe.report(actual));
    }
    return myself;
  }

  /**
   * Verifies the candidate passed.
   *
   * @return this assertion
   */
  public EvaluationReportAssert isPass() {
    return hasVerdict(Verdict.PASS);
  }

  /**
   * Verifies the candidate failed.
   *
   * @return this assertion
   */
  public EvaluationReportAssert isFail() {
    return hasVerdict(Verdict.FAIL);
  }

  /**
   * Verifies the evaluation could not decide.
   *
   * @return this assertion
   */
  public EvaluationReportAssert isInvalid() {
    return hasVerdict(Verdict.INVALID);
  }

  /**
   * Verifies the evaluation found signs of tampering.
   *
   * @return this assertion
   */
  public EvaluationReportAssert isSuspect() {
    return hasVerdict(Verdict.SUSPECT);
  }

  /**
   * Navigates to the overall verdict.
   *
   * @return assertions on the verdict
   */
  public VerdictAssert verdict() {
    isNotNull();
    return new VerdictAssert(actual.verdict(), "the verdict of " + subject());
  }

  /**
   * Verifies the satisfaction score is at least {@code min}.
   *
   * @param min the lowest acceptable score, from 0 to 1
   * @return this assertion
   */
  public EvaluationReportAssert hasSatisfactionAtLeast(double min) {
    satisfaction().hasScoreAtLeast(min);
    return myself;
  }

  /**
   * Verifies the satisfaction score is at most {@code max}.
   *
   * @param max the highest acceptable score, from 0 to 1
   * @return this assertion
   */
  public EvaluationReportAssert hasSatisfactionAtMost(double max) {
    satisfaction().hasScoreAtMost(max);
    return myself;
  }

  /**
   * Verifies the lower bound of the satisfaction interval is at least {@code min}.
   *
   * @param min the lowest acceptable lower bound
   * @return this assertion
   */
  public EvaluationReportAssert hasSatisfactionLowerBoundAtLeast(double min) {
    satisfaction().hasLowerBoundAtLeast(min);
    return myself;
  }

  /**
   * Verifies the upper bound of the satisfaction interval is at most {@code max}.
   *
   * @param max the highest acceptable upper bound
   * @return this assertion
   */
  public EvaluationReportAssert hasSatisfactionUpperBoundAtMost(double max) {
    satisfaction().hasUpperBoundAtMost(max);
    return myself;
  }

  /**
   * Navigates to the satisfaction.
   *
   * @return assertions on the satisfaction
   */
  public SatisfactionAssert satisfaction() {
    isNotNull();
    return new SatisfactionAssert(actual.satisfaction(), "the satisfaction of " + subject());
  }

  /**
   * Verifies the report has exactly these scenarios, in any order.
   *
   * @param ids the scenario ids expected
   * @return this assertion
   */
  public EvaluationReportAssert hasScenarios(String... ids) {
    isNotNull();
    Set<String> expected = new LinkedHashSet<>(List.of(ids));
    Set<String> found = new LinkedHashSet<>(ids(actual.scenarios()));
    if (!found.equals(expected)) {
      List<String> missing = new ArrayList<>(expected);
      missing.removeAll(found);
      List<String> extra = new ArrayList<>(found);
      extra.removeAll(expected);
      failWithMessage(
          "%s",
          "Expected "
              + subject()
              + " to have exactly the scenarios "
              + expected
              + " but it had "
              + found
              + (missing.isEmpty() ? "" : "; missing " + missing)
              + (extra.isEmpty() ? "" : "; not expected " + extra)
              + ".");
    }
    return myself;
  }

  /**
   * Navigates to one scenario's result; fails when the report has no scenario with this id.
   *
   * @param id the scenario's id
   * @return assertions on the scenario's result, whose failures name the spec and attempt
   */
  public ScenarioResultAssert scenario(String id) {
    isNotNull();
    Optional<ScenarioResult> found = find(id);
    if (found.isEmpty()) {
      failWithMessage(
          "%s",
          "Expected "
              + subject()
              + " to have scenario "
              + id
              + " but its scenarios were "
              + ids(actual.scenarios())
              + ".");
    }
    return new ScenarioResultAssert(found.orElseThrow(), Describe.candidate(actual.candidate()));
  }

  /**
   * Verifies each of these scenarios is in the report and passed; other scenarios may have any
   * verdict.
   *
   * @param ids the scenario ids that must have passed
   * @return this assertion
   */
  public EvaluationReportAssert hasPassedScenarios(String... ids) {
    return hasScenariosWith(Verdict.PASS, "pass", ids);
  }

  /**
   * Verifies each of these scenarios is in the report and failed; other scenarios may have any
   * verdict.
   *
   * @param ids the scenario ids that must have failed
   * @return this assertion
   */
  public EvaluationReportAssert hasFailedScenarios(String... ids) {
    return hasScenariosWith(Verdict.FAIL, "fail", ids);
  }

  /**
   * Verifies the scenarios that passed are exactly these, in any order.
   *
   * @param ids the scenario ids that passed
   * @return this assertion
   */
  public EvaluationReportAssert hasPassedScenariosExactly(String... ids) {
    return hasExactly(Verdict.PASS, "passed", ids);
  }

  /**
   * Verifies the scenarios that failed are exactly these, in any order.
   *
   * @param ids the scenario ids that failed
   * @return this assertion
   */
  public EvaluationReportAssert hasFailedScenariosExactly(String... ids) {
    return hasExactly(Verdict.FAIL, "failed", ids);
  }

  /**
   * Verifies every scenario in the report passed, and there is at least one.
   *
   * @return this assertion
   */
  public EvaluationReportAssert hasAllScenariosPassed() {
    isNotNull();
    List<String> others = new ArrayList<>();
    for (ScenarioResult r : actual.scenarios()) {
      if (r.verdict() != Verdict.PASS) {
        others.add(r.id() + " " + r.verdict());
      }
    }
    if (actual.scenarios().isEmpty() || !others.isEmpty()) {
      failWithMessage(
          "%s",
          "Expected every scenario of "
              + subject()
              + " to pass but "
              + (actual.scenarios().isEmpty() ? "it has no scenarios" : "these did not: " + others)
              + ".\n"
              + Describe.report(actual));
    }
    return myself;
  }

  /**
   * Verifies the report has no tamper signals.
   *
   * @return this assertion
   */
  public EvaluationReportAssert hasNoTamperSignals() {
    isNotNull();
    if (!actual.tamperSignals().isEmpty()) {
      failWithMessage(
          "%s",
          "Expected "
              + subject()
              + " to have no tamper signals but it had "
              + Describe.texts(actual.tamperSignals())
              + ".");
    }
    return myself;
  }

  /**
   * Verifies the report has at least one tamper signal.
   *
   * @return this assertion
   */
  public EvaluationReportAssert hasTamperSignals() {
    isNotNull();
    if (actual.tamperSignals().isEmpty()) {
      failWithMessage(
          "%s",
          "Expected "
              + subject()
              + " to have tamper signals but it had none.\n"
              + Describe.report(actual));
    }
    return myself;
  }

  /**
   * Verifies some tamper signal contains {@code text}, such as the name of the file a cheating
   * agent edited.
   *
   * @param text the text expected
   * @return this assertion
   */
  public EvaluationReportAssert hasTamperSignalContaining(String text) {
    isNotNull();
    if (actual.tamperSignals().stream().noneMatch(s -> s.contains(text))) {
      failWithMessage(
          "%s",
          "Expected "
              + subject()
              + " to have a tamper signal containing "
              + Describe.text(text)
              + " but its tamper signals were "
              + Describe.texts(actual.tamperSignals())
              + ".");
    }
    return myself;
  }

  /**
   * Navigates to the tamper signals, for any list assertion.
   *
   * @return assertions on the tamper signals
   */
  public ListAssert<String> tamperSignals() {
    isNotNull();
    return Assertions.assertThat(actual.tamperSignals()).as("the tamper signals of %s", subject());
  }

  /**
   * Verifies some note contains {@code text}, such as why the report is INVALID.
   *
   * @param text the text expected
   * @return this assertion
   */
  public EvaluationReportAssert hasNoteContaining(String text) {
    isNotNull();
    if (actual.notes().stream().noneMatch(s -> s.contains(text))) {
      failWithMessage(
          "%s",
          "Expected "
              + subject()
              + " to have a note containing "
              + Describe.text(text)
              + " but its notes were "
              + Describe.texts(actual.notes())
              + ".");
    }
    return myself;
  }

  /**
   * Navigates to the tokens model judges spent.
   *
   * @return assertions on the usage
   */
  public UsageAssert usage() {
    isNotNull();
    return new UsageAssert(actual.usage(), "the usage of " + subject());
  }

  private EvaluationReportAssert hasScenariosWith(Verdict verdict, String verb, String... ids) {
    isNotNull();
    List<String> problems = new ArrayList<>();
    for (String id : ids) {
      Optional<ScenarioResult> r = find(id);
      if (r.isEmpty()) {
        problems.add(id + " is not in the report");
      } else if (r.get().verdict() != verdict) {
        problems.add(Describe.scenario(r.get()));
      }
    }
    if (!problems.isEmpty()) {
      failWithMessage(
          "%s",
          "Expected scenarios "
              + List.of(ids)
              + " of "
              + Describe.candidate(actual.candidate())
              + " to "
              + verb
              + " but:\n    - "
              + String.join("\n    - ", problems)
              + "\n"
              + Describe.report(actual));
    }
    return myself;
  }

  private EvaluationReportAssert hasExactly(Verdict verdict, String verb, String... ids) {
    isNotNull();
    Set<String> expected = new LinkedHashSet<>(List.of(ids));
    Set<String> found = new LinkedHashSet<>();
    for (ScenarioResult r : actual.scenarios()) {
      if (r.verdict() == verdict) {
        found.add(r.id().value());
      }
    }
    if (!found.equals(expected)) {
      failWithMessage(
          "%s",
          "Expected exactly the scenarios "
              + expected
              + " of "
              + Describe.candidate(actual.candidate())
              + " to have "
              + verb
              + " but the ones that "
              + verb
              + " were "
              + found
              + ".\n"
              + Describe.report(actual));
    }
    return myself;
  }

  private Optional<ScenarioResult> find(String id) {
    return actual.scenarios().stream().filter(r -> r.id().value().equals(id)).findFirst();
  }

  private static List<String> ids(List<ScenarioResult> scenarios) {
    return scenarios.stream().map(r -> r.id().value()).toList();
  }

  private String subject() {
    return Describe.reportSubject(actual);
  }
}

package dev.darkfactory.evaluator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.Workspace;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades a candidate by running its command scenarios, visible and holdout, in the sandbox over a
 * fresh checkout: a simpler evaluator than {@link HoldoutEvaluator}, with no protected-path
 * restore and no tamper checks, for agents that are trusted not to game their grading.
 *
 * <p>For each scenario, in order, a {@link CommandCheck} runs {@link Scenario#trials()} times at
 * the checkout's root under the context's sandbox policy, each run bounded by the scenario's
 * timeout. A trial passes when the command ends before its timeout with the expected exit code and
 * every stdout and stderr expectation holds ({@link OutputMatching}); otherwise it fails, with a
 * detail saying what differed. A trial the sandbox cannot run ({@link SandboxException}) is
 * INVALID. A scenario of any other kind gets one INVALID trial: this evaluator has no runner for
 * it.
 *
 * <p>A scenario passes when all of its decided trials passed, at least one did, and none was
 * INVALID; it fails when any trial failed (so a flaky scenario fails); otherwise it is INVALID. The
 * report is INVALID when there are no scenarios, when the checkout fails, or when a required
 * scenario is INVALID, with a note saying which; otherwise FAIL when a required scenario failed;
 * otherwise PASS. A scenario that is not required lowers satisfaction when it fails but never the
 * verdict. This evaluator never says {@link Verdict#SUSPECT}: it has no tamper checks (it does not
 * restore protected paths or look for forged output), so it must not be the only evaluator of
 * candidates from an agent that could game it.
 *
 * <p>Satisfaction is the weighted share of passing trials over decided (PASS or FAIL) trials, each
 * trial of a scenario weighing its weight divided by its number of trials, with a 95% Wilson score
 * interval computed on the effective number of trials {@code (Σu)² / Σu²} (where {@code u} are the
 * trial weights): {@code (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)}, {@code z =
 * 1.959964}. With no decided trial it is 0 within {@code [0, 1]}. Usage is always {@link
 * Usage#ZERO}: no model is called.
 *
 * <p>Infrastructure trouble never throws: it makes the report INVALID with a note. Only an
 * interruption propagates. Instances hold no state and are safe to share between threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CommandEvaluator implements Evaluator {

  /** The evaluator's name in reports. */
  public static final String NAME = "command";

  private static final Logger LOG = LoggerFactory.getLogger(CommandEvaluator.class);
  private static final int EXCERPT = 200;

  /** Creates the evaluator; it has no settings. */
  public CommandEvaluator() {}

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Grades one candidate by running every command scenario of {@code item}, holdouts included.
   *
   * @param candidate the commit to grade
   * @param item the spec and every one of its scenarios
   * @param context fresh checkouts, the sandbox and its policy, and the clock
   * @return the report; INVALID with a note when the evaluation could not decide
   * @throws InterruptedException when the thread is interrupted while a command runs
   */
  @Override
  public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
      throws InterruptedException {
    Instant start = context.clock().instant();
    List<Scenario> scenarios = item.scenarios().scenarios();
    LOG.info(
        "evaluator {}: grading candidate {} of spec {} (attempt {}) on {} scenarios",
        NAME,
        candidate.commit().abbreviated(),
        candidate.specId(),
        candidate.attempt(),
        scenarios.size());
    if (scenarios.isEmpty()) {
      return finish(
          candidate, context, start, Verdict.INVALID, List.of(), List.of("no scenarios to run"));
    }
    List<ScenarioResult> results = new ArrayList<>();
    try (Workspace workspace = context.checkout(candidate)) {
      for (Scenario scenario : scenarios) {
        results.add(run(scenario, workspace, context));
      }
    } catch (IOException e) {
      LOG.info("evaluator {}: could not check out {}: {}", NAME, candidate.commit(), e.toString());
      return finish(
          candidate,
          context,
          start,
          Verdict.INVALID,
          List.of(),
          List.of("could not check out candidate " + candidate.commit().abbreviated() + ": " + e));
    }
    List<String> notes = new ArrayList<>();
    boolean requiredInvalid = false;
    boolean requiredFailed = false;
    for (ScenarioResult r : results) {
      if (r.verdict() == Verdict.INVALID) {
        requiredInvalid |= r.required();
        notes.add(
            (r.required() ? "required" : "optional")
                + " scenario '"
                + r.id()
                + "' was INVALID: "
                + firstDetail(r, Verdict.INVALID));
      } else if (r.verdict() == Verdict.FAIL && r.required()) {
        requiredFailed = true;
      }
    }
    Verdict verdict =
        requiredInvalid ? Verdict.INVALID : requiredFailed ? Verdict.FAIL : Verdict.PASS;
    return finish(candidate, context, start, verdict, results, notes);
  }

  private static ScenarioResult run(
      Scenario scenario, Workspace workspace, EvaluationContext context)
      throws InterruptedException {
    List<TrialResult> trials = new ArrayList<>();
    if (scenario.check() instanceof CommandCheck check) {
      for (int trial = 1; trial <= scenario.trials(); trial++) {
        trials.add(runTrial(trial, scenario, check, workspace, context));
      }
    } else {
      String detail =
          "no runner for scenario kind '" + scenario.check().kind() + "' in evaluator " + NAME;
      LOG.debug("evaluator {}: scenario {}: {}", NAME, scenario.id(), detail);
      trials.add(new TrialResult(1, Verdict.INVALID, detail, Duration.ZERO));
    }
    Verdict verdict = scenarioVerdict(trials);
    LOG.debug(
        "evaluator {}: scenario {} ({}, {}) is {} over {} trials",
        NAME,
        scenario.id(),
        scenario.visibility(),
        scenario.required() ? "required" : "optional",
        verdict,
        trials.size());
    return new ScenarioResult(
        scenario.id(),
        scenario.visibility(),
        scenario.required(),
        scenario.weight(),
        trials,
        verdict);
  }

  private static TrialResult runTrial(
      int trial,
      Scenario scenario,
      CommandCheck check,
      Workspace workspace,
      EvaluationContext context)
      throws InterruptedException {
    ExecRequest request =
        new ExecRequest(
            workspace.root(),
            ".",
            check.command(),
            Map.of(),
            "",
            scenario.timeout(),
            context.sandboxPolicy());
    ExecResult result;
    try {
      result = context.sandbox().exec(request);
    } catch (SandboxException e) {
      String detail = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.debug(
          "evaluator {}: scenario {} trial {} could not run: {}",
          NAME,
          scenario.id(),
          trial,
          detail);
      return new TrialResult(trial, Verdict.INVALID, detail, Duration.ZERO);
    }
    List<String> problems = new ArrayList<>();
    if (result.timedOut()) {
      problems.add("timed out after " + format(scenario.timeout()));
      outputExcerpt(result).ifPresent(problems::add);
    } else {
      boolean exitDiffered = result.exitCode() != check.exitCode();
      if (exitDiffered) {
        problems.add("exit code was " + result.exitCode() + ", expected " + check.exitCode());
      }
      List<String> mismatches = new ArrayList<>();
      mismatches.addAll(OutputMatching.mismatches(check.stdout(), "stdout", result.stdout()));
      mismatches.addAll(OutputMatching.mismatches(check.stderr(), "stderr", result.stderr()));
      problems.addAll(mismatches);
      if (exitDiffered && mismatches.isEmpty()) {
        outputExcerpt(result).ifPresent(problems::add);
      }
    }
    if (!problems.isEmpty() && result.truncated()) {
      problems.add(
          result
              .fullOutputFile()
              .map(p -> "output was truncated; the full output is in " + p)
              .orElse("output was truncated"));
    }
    Verdict verdict = problems.isEmpty() ? Verdict.PASS : Verdict.FAIL;
    String detail =
        problems.isEmpty()
            ? "exit code " + result.exitCode() + " and output as expected"
            : String.join("; ", problems);
    LOG.debug(
        "evaluator {}: scenario {} trial {}: {} ({})", NAME, scenario.id(), trial, verdict, detail);
    return new TrialResult(trial, verdict, detail, result.elapsed());
  }

  /** PASS when every trial passed; FAIL when any failed; INVALID otherwise. */
  private static Verdict scenarioVerdict(List<TrialResult> trials) {
    boolean anyFailed = trials.stream().anyMatch(t -> t.verdict() == Verdict.FAIL);
    if (anyFailed) {
      return Verdict.FAIL;
    }
    boolean allPassed = trials.stream().allMatch(t -> t.verdict() == Verdict.PASS);
    return allPassed && !trials.isEmpty() ? Verdict.PASS : Verdict.INVALID;
  }

  private static String firstDetail(ScenarioResult result, Verdict verdict) {
    return result.trials().stream()
        .filter(t -> t.verdict() == verdict)
        .map(TrialResult::detail)
        .filter(d -> !d.isBlank())
        .findFirst()
        .orElse("no detail");
  }

  /** The end of stderr, or of stdout when stderr is blank; empty when both are. */
  private static Optional<String> outputExcerpt(ExecResult result) {
    if (!result.stderr().isBlank()) {
      return Optional.of("stderr ended with " + tail(result.stderr()));
    }
    if (!result.stdout().isBlank()) {
      return Optional.of("stdout ended with " + tail(result.stdout()));
    }
    return Optional.empty();
  }

  private static String tail(String output) {
    String t = output.strip();
    t = t.length() > EXCERPT ? "..." + t.substring(t.length() - EXCERPT) : t;
    return "'" + t.replace("\n", "\\n") + "'";
  }

  /** A duration as seconds ({@code 5s}, {@code 1.5s}) or, below one second, milliseconds. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
  }

  private static EvaluationReport finish(
      Candidate candidate,
      EvaluationContext context,
      Instant start,
      Verdict verdict,
      List<ScenarioResult> results,
      List<String> notes) {
    Satisfaction satisfaction = Satisfactions.of(results);
    Duration elapsed = Duration.between(start, context.clock().instant());
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    LOG.info(
        "evaluator {}: candidate {} of spec {} is {} with satisfaction {} [{}, {}] in {}{}",
        NAME,
        candidate.commit().abbreviated(),
        candidate.specId(),
        verdict,
        satisfaction.score(),
        satisfaction.lower(),
        satisfaction.upper(),
        format(elapsed),
        notes.isEmpty() ? "" : ": " + String.join("; ", notes));
    return new EvaluationReport(
        candidate, verdict, satisfaction, results, List.of(), notes, Usage.ZERO, elapsed);
  }
}

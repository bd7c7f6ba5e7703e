package dev.darkfactory.testkit.docs.examples.docs2;

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
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.evaluator.OutputMatching;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Grades a candidate by running its command scenarios, visible and holdout, in the sandbox, each
 * trial in a fresh checkout of the commit. A candidate that changed a path the spec protects is
 * SUSPECT and none of its scenarios runs: the diff against the base is exact, so the evaluator
 * knows the candidate tampered without running anything.
 */
public final class GuardedCommandEvaluator implements Evaluator {

  @Override
  public String name() {
    return "guarded-command";
  }

  @Override
  public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
      throws InterruptedException {
    Instant start = context.clock().instant();
    List<String> protectedGlobs = item.spec().protectedPaths();
    List<String> signals = new ArrayList<>();
    List<ScenarioResult> results = new ArrayList<>();
    try {
      for (FileChange change : context.changes(candidate)) {
        if (matchesAny(protectedGlobs, change.path())) {
          signals.add(
              "protected-path: the candidate " + change.status().name().toLowerCase(Locale.ROOT)
                  + " " + change.path());
        }
      }
      if (!signals.isEmpty()) {
        // Nothing the candidate committed is trusted now: every scenario is reported, none runs.
        for (Scenario scenario : item.scenarios().scenarios()) {
          results.add(new ScenarioResult(scenario.id(), scenario.visibility(), scenario.required(),
              scenario.weight(), List.of(new TrialResult(1, Verdict.INVALID,
                  "not run: the candidate changed protected paths", Duration.ZERO)), Verdict.INVALID));
        }
        return report(candidate, Verdict.SUSPECT, results, signals, List.of(), start, context);
      }
      // Protected paths stay read-only while the scenarios run.
      SandboxPolicy policy =
          context.sandboxPolicy().toBuilder().readOnlyPaths(protectedGlobs).build();
      for (Scenario scenario : item.scenarios().scenarios()) {
        results.add(run(candidate, scenario, policy, context));
      }
    } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
      return report(candidate, Verdict.INVALID, List.of(), List.of(),
          List.of("could not evaluate " + candidate.commit().abbreviated() + ": " + e), start, context);
    }
    List<String> notes = new ArrayList<>();
    Verdict verdict;
    if (results.isEmpty()) {
      verdict = Verdict.INVALID;
      notes.add("the spec has no scenarios, so nothing was shown");
    } else if (results.stream().anyMatch(r -> r.required() && r.verdict() == Verdict.FAIL)) {
      verdict = Verdict.FAIL;
    } else if (results.stream().anyMatch(r -> r.required() && r.verdict() != Verdict.PASS)) {
      verdict = Verdict.INVALID;
      notes.add("a required scenario could not be decided");
    } else {
      verdict = Verdict.PASS;
    }
    return report(candidate, verdict, results, signals, notes, start, context);
  }

  /** Runs every trial of one scenario in its own fresh checkout. */
  private static ScenarioResult run(
      Candidate candidate, Scenario scenario, SandboxPolicy policy, EvaluationContext context)
      throws IOException, InterruptedException {
    List<TrialResult> trials = new ArrayList<>();
    for (int trial = 1; trial <= scenario.trials(); trial++) {
      if (!(scenario.check() instanceof CommandCheck check)) {
        trials.add(new TrialResult(trial, Verdict.INVALID,
            "this evaluator cannot run " + scenario.check().kind() + " checks", Duration.ZERO));
        continue;
      }
      try (Workspace checkout = context.checkout(candidate)) {
        ExecResult r =
            context.sandbox().exec(new ExecRequest(checkout.root(), ".", check.command(),
                Map.of(), "", scenario.timeout(), policy));
        List<String> problems = new ArrayList<>();
        if (r.timedOut()) {
          problems.add("timed out after " + scenario.timeout());
        } else if (r.exitCode() != check.exitCode()) {
          problems.add("exit code " + r.exitCode() + ", expected " + check.exitCode());
        }
        problems.addAll(OutputMatching.mismatches(check.stdout(), "stdout", r.stdout()));
        problems.addAll(OutputMatching.mismatches(check.stderr(), "stderr", r.stderr()));
        trials.add(new TrialResult(trial, problems.isEmpty() ? Verdict.PASS : Verdict.FAIL,
            String.join("; ", problems), r.elapsed()));
      } catch (SandboxException e) {
        // The sandbox could not run it: that says nothing about the candidate.
        trials.add(new TrialResult(trial, Verdict.INVALID, e.getMessage(), Duration.ZERO));
      }
    }
    return new ScenarioResult(scenario.id(), scenario.visibility(), scenario.required(),
        scenario.weight(), trials, verdictOf(trials));
  }

  /** PASS when every trial passed; FAIL when any failed (a flaky scenario fails); else INVALID. */
  private static Verdict verdictOf(List<TrialResult> trials) {
    if (trials.stream().allMatch(t -> t.verdict() == Verdict.PASS)) {
      return Verdict.PASS;
    }
    return trials.stream().anyMatch(t -> t.verdict() == Verdict.FAIL) ? Verdict.FAIL : Verdict.INVALID;
  }

  private static EvaluationReport report(Candidate candidate, Verdict verdict,
      List<ScenarioResult> results, List<String> signals, List<String> notes, Instant start,
      EvaluationContext context) {
    Duration elapsed = Duration.between(start, context.clock().instant());
    return new EvaluationReport(candidate, verdict, satisfaction(results), results, signals, notes,
        Usage.ZERO, elapsed.isNegative() ? Duration.ZERO : elapsed);
  }

  /**
   * The weighted share of passing trials among decided ones, with a 95% Wilson interval over the
   * number of decided trials: a few lucky runs do not read as certainty.
   */
  private static Satisfaction satisfaction(List<ScenarioResult> results) {
    double passed = 0;
    double decided = 0;
    int n = 0;
    for (ScenarioResult r : results) {
      if (r.decided() > 0) {
        passed += r.weight() * r.passed() / r.decided();
        decided += r.weight();
        n += r.decided();
      }
    }
    if (n == 0) {
      return new Satisfaction(0, 0, 1, 0.95);
    }
    double p = passed / decided;
    double z = 1.959964;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
    return new Satisfaction(p, Math.max(0, Math.min(p, centre - half)),
        Math.min(1, Math.max(p, centre + half)), 0.95);
  }

  private static boolean matchesAny(List<String> globs, String path) {
    return globs.stream()
        .anyMatch(g -> FileSystems.getDefault().getPathMatcher("glob:" + g).matches(Path.of(path)));
  }
}

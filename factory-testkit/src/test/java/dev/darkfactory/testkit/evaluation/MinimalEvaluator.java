package dev.darkfactory.testkit.evaluation;

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
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.core.git.Git;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small evaluator written from the {@link Evaluator} Javadoc alone, to show that the contract
 * asks nothing the API does not: command scenarios only, protected paths restored from the base.
 * Each {@link Flaw} turns one of its promises off, to see the contract catch it.
 */
final class MinimalEvaluator implements Evaluator {

  /** One broken promise. */
  enum Flaw {
    /** Runs scenarios in the agent's working copy instead of a checkout of the commit. */
    GRADES_THE_WORKING_COPY,
    /** Runs scenarios on the candidate's files as committed, protected ones included. */
    KEEPS_PROTECTED_EDITS,
    /** Grades only the visible scenarios. */
    DROPS_HOLDOUTS,
    /** Lets a sandbox failure escape as an exception. */
    THROWS_WHEN_UNDECIDED,
    /** Turns an interruption into an INVALID report instead of throwing. */
    SWALLOWS_INTERRUPTS,
    /** "Merges" the candidate into main after grading it. */
    MOVES_THE_TARGET
  }

  /** An interruption turned into a report: the flaw {@link Flaw#SWALLOWS_INTERRUPTS}. */
  private static final class Swallowed extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private final List<Flaw> flaws;
  private final Supplier<Path> workingCopy;
  private final Supplier<Path> bareRepository;

  MinimalEvaluator(Supplier<Path> workingCopy, Supplier<Path> bareRepository, Flaw... flaws) {
    this.flaws = List.of(flaws);
    this.workingCopy = workingCopy;
    this.bareRepository = bareRepository;
  }

  @Override
  public String name() {
    return flaws.isEmpty() ? "minimal" : "minimal-with-" + flaws;
  }

  @Override
  public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
      throws InterruptedException {
    List<Scenario> scenarios =
        item.scenarios().scenarios().stream()
            .filter(s -> s.isVisible() || !flaws.contains(Flaw.DROPS_HOLDOUTS))
            .toList();
    if (scenarios.isEmpty()) {
      return report(candidate, Verdict.INVALID, List.of(), List.of("no scenarios to run"));
    }
    List<ScenarioResult> results = new ArrayList<>();
    try {
      if (flaws.contains(Flaw.GRADES_THE_WORKING_COPY)) {
        for (Scenario s : scenarios) {
          results.add(run(s, workingCopy.get(), context));
        }
      } else {
        try (Workspace ws = context.checkout(candidate)) {
          if (!flaws.contains(Flaw.KEEPS_PROTECTED_EDITS)) {
            restoreProtectedPaths(candidate, item, context, ws.root());
          }
          for (Scenario s : scenarios) {
            results.add(run(s, ws.root(), context));
          }
        }
      }
    } catch (IOException e) {
      return report(candidate, Verdict.INVALID, List.of(), List.of("could not check out: " + e.getMessage()));
    } catch (Swallowed e) {
      return report(candidate, Verdict.INVALID, List.of(), List.of("interrupted, so nothing was decided"));
    }
    if (flaws.contains(Flaw.MOVES_THE_TARGET)) {
      Git.in(bareRepository.get()).output("update-ref", "refs/heads/main", candidate.commit().hex());
    }
    List<String> notes = new ArrayList<>();
    Verdict verdict = Verdict.PASS;
    for (ScenarioResult r : results) {
      if (r.required() && r.verdict() == Verdict.FAIL) {
        verdict = Verdict.FAIL;
      }
    }
    if (verdict == Verdict.PASS) {
      for (ScenarioResult r : results) {
        if (r.required() && r.verdict() != Verdict.PASS) {
          verdict = Verdict.INVALID;
          notes.add("required scenario " + r.id() + " was " + r.verdict());
        }
      }
    }
    return report(candidate, verdict, results, notes);
  }

  private void restoreProtectedPaths(Candidate candidate, WorkItem item, EvaluationContext context, Path root)
      throws IOException {
    List<PathMatcher> globs =
        item.spec().protectedPaths().stream()
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
            .toList();
    try (Workspace base = context.checkoutBase(candidate)) {
      for (FileChange change : context.changes(candidate)) {
        Path rel = Path.of(change.path());
        if (globs.stream().noneMatch(m -> m.matches(rel))) {
          continue;
        }
        if (change.status() == FileChange.Status.ADDED) {
          Files.deleteIfExists(root.resolve(rel));
        } else {
          Files.copy(base.root().resolve(rel), root.resolve(rel), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private ScenarioResult run(Scenario s, Path root, EvaluationContext context)
      throws InterruptedException {
    List<TrialResult> trials = new ArrayList<>();
    if (!(s.check() instanceof CommandCheck check)) {
      trials.add(new TrialResult(1, Verdict.INVALID, "cannot run kind " + s.check().kind(), Duration.ZERO));
      return new ScenarioResult(s.id(), s.visibility(), s.required(), s.weight(), trials, Verdict.INVALID);
    }
    for (int t = 1; t <= s.trials(); t++) {
      ExecRequest request =
          new ExecRequest(root, ".", check.command(), Map.of(), "", s.timeout(), context.sandboxPolicy());
      try {
        ExecResult r = context.sandbox().exec(request);
        Verdict v = r.exitCode() == check.exitCode() && !r.timedOut() ? Verdict.PASS : Verdict.FAIL;
        trials.add(new TrialResult(t, v, "exit " + r.exitCode(), r.elapsed()));
      } catch (SandboxException e) {
        if (flaws.contains(Flaw.THROWS_WHEN_UNDECIDED)) {
          throw new IllegalStateException("the sandbox failed", e);
        }
        trials.add(new TrialResult(t, Verdict.INVALID, e.getMessage(), Duration.ZERO));
      } catch (InterruptedException e) {
        if (!flaws.contains(Flaw.SWALLOWS_INTERRUPTS)) {
          throw e;
        }
        throw new Swallowed();
      }
    }
    Verdict verdict =
        trials.stream().anyMatch(t -> t.verdict() == Verdict.FAIL)
            ? Verdict.FAIL
            : trials.stream().allMatch(t -> t.verdict() == Verdict.PASS) ? Verdict.PASS : Verdict.INVALID;
    return new ScenarioResult(s.id(), s.visibility(), s.required(), s.weight(), trials, verdict);
  }

  private static EvaluationReport report(
      Candidate candidate, Verdict verdict, List<ScenarioResult> results, List<String> notes) {
    long passed = results.stream().filter(r -> r.verdict() == Verdict.PASS).count();
    double score = results.isEmpty() ? 0 : (double) passed / results.size();
    return new EvaluationReport(
        candidate, verdict, Satisfaction.exact(score), results, List.of(), notes, Usage.ZERO, Duration.ZERO);
  }
}

package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import org.apiguardian.api.API;

/**
 * Grades a candidate against every scenario of its spec, holdouts included, and is the only part
 * of a factory that decides whether a change is good.
 *
 * <p>An evaluator grades what was committed, in a fresh place: it checks the candidate out with
 * {@link EvaluationContext#checkout}, restores the spec's protected paths from the base, copies
 * holdout material in only then, runs every scenario through {@link EvaluationContext#sandbox()},
 * and reads results from outside the candidate's reach. When it cannot decide it says {@link
 * Verdict#INVALID} rather than guessing; when it sees tampering it says {@link Verdict#SUSPECT}.
 *
 * <p>A minimal custom evaluator that runs only command scenarios looks like this:
 *
 * <pre>{@code
 * final class ExitCodeEvaluator implements Evaluator {
 *   public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext ctx)
 *       throws InterruptedException {
 *     List<ScenarioResult> results = new ArrayList<>();
 *     try (Workspace ws = ctx.checkout(candidate)) {
 *       for (Scenario s : item.scenarios().scenarios()) {
 *         CommandCheck check = (CommandCheck) s.check();
 *         ExecResult r = ctx.sandbox().exec(new ExecRequest(ws.root(), ".", check.command(),
 *             Map.of(), "", s.timeout(), ctx.sandboxPolicy()));
 *         Verdict v = r.exitCode() == check.exitCode() ? Verdict.PASS : Verdict.FAIL;
 *         results.add(new ScenarioResult(s.id(), s.visibility(), s.required(), s.weight(),
 *             List.of(new TrialResult(1, v, r.stderr(), r.elapsed())), v));
 *       }
 *     } catch (IOException | SandboxException e) {
 *       return ... an INVALID report with a note saying why ...;
 *     }
 *     ...
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Evaluator {

  /** A short, stable name for reports, such as {@code "holdout"}. */
  String name();

  /**
   * Grades one candidate.
   *
   * @param candidate the commit to grade
   * @param item the spec and every one of its scenarios, holdouts included
   * @param context fresh checkouts, the sandbox, a results directory and the clock
   * @return the report; an evaluator that cannot decide returns an INVALID report, it does not
   *     throw
   * @throws InterruptedException when the thread is interrupted
   */
  EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
      throws InterruptedException;
}

package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.apiguardian.api.API;

/**
 * What the factory lends an evaluator: fresh checkouts the coding agent never touched, the
 * sandbox to run scenarios in, a private directory for results, and the clock.
 *
 * <p>Implemented by the factory; evaluators only call it. New methods may be added with defaults.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface EvaluationContext {

  /**
   * Checks the candidate's commit out into a new workspace. The caller closes it.
   *
   * @param candidate the commit to check out
   * @return a workspace no agent has touched
   * @throws IOException when the checkout fails
   */
  Workspace checkout(Candidate candidate) throws IOException;

  /** Where every scenario command must run. */
  Sandbox sandbox();

  /** The policy scenario commands run under. */
  SandboxPolicy sandboxPolicy();

  /**
   * A directory outside every workspace, for reports and evidence the candidate must not be able
   * to pre-fill or read. Created on demand, private to this evaluation.
   */
  Path resultsDirectory();

  /** The factory's clock. */
  Clock clock();
}

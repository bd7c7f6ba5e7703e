package dev.darkfactory.api.evaluation;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.api.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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

  /**
   * Checks the candidate's base commit out into a new workspace, for restoring protected paths and
   * for running holdouts against the code before the change. The caller closes it.
   *
   * @param candidate the candidate whose base to check out
   * @return a workspace holding the base commit
   * @throws IOException when the checkout fails
   * @throws UnsupportedOperationException when this context has no access to the base
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default Workspace checkoutBase(Candidate candidate) throws IOException {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot check out base commits");
  }

  /**
   * The files the candidate changed relative to its base, in path order.
   *
   * @param candidate the candidate
   * @return the changes; renames appear as a deletion and an addition
   * @throws IOException when they cannot be read
   * @throws UnsupportedOperationException when this context cannot compare commits
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default List<FileChange> changes(Candidate candidate) throws IOException {
    throw new UnsupportedOperationException(getClass().getName() + " cannot compare commits");
  }

  /**
   * The candidate's change as a unified diff against its base (git's format, no renames).
   *
   * @param candidate the candidate
   * @return the diff text; empty when nothing changed
   * @throws IOException when it cannot be read
   * @throws UnsupportedOperationException when this context cannot compare commits
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default String diff(Candidate candidate) throws IOException {
    throw new UnsupportedOperationException(getClass().getName() + " cannot compare commits");
  }

  /**
   * The id of the tree a commit records: equal for two commits with the same content, whatever
   * their history. Evaluators key cached results on it.
   *
   * @param commit the commit
   * @return the tree's object id
   * @throws IOException when it cannot be read
   * @throws UnsupportedOperationException when this context cannot read trees
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  default String treeId(CommitId commit) throws IOException {
    throw new UnsupportedOperationException(getClass().getName() + " cannot read trees");
  }
}

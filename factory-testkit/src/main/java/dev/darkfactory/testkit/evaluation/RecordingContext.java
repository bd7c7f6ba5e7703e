package dev.darkfactory.testkit.evaluation;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.core.factory.GitEvaluationContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The factory's evaluation context over the contract's repository, noting every checkout. */
final class RecordingContext implements EvaluationContext, AutoCloseable {

  private final GitEvaluationContext delegate;
  private final List<Path> checkouts = new CopyOnWriteArrayList<>();

  RecordingContext(GitEvaluationContext delegate) {
    this.delegate = delegate;
  }

  /** The roots of every checkout made so far, candidate and base. */
  List<Path> checkouts() {
    return List.copyOf(checkouts);
  }

  @Override
  public Workspace checkout(Candidate candidate) throws IOException {
    Workspace w = delegate.checkout(candidate);
    checkouts.add(w.root().toAbsolutePath().normalize());
    return w;
  }

  @Override
  public Workspace checkoutBase(Candidate candidate) throws IOException {
    Workspace w = delegate.checkoutBase(candidate);
    checkouts.add(w.root().toAbsolutePath().normalize());
    return w;
  }

  @Override
  public Sandbox sandbox() {
    return delegate.sandbox();
  }

  @Override
  public SandboxPolicy sandboxPolicy() {
    return delegate.sandboxPolicy();
  }

  @Override
  public Path resultsDirectory() {
    return delegate.resultsDirectory();
  }

  @Override
  public Clock clock() {
    return delegate.clock();
  }

  @Override
  public List<FileChange> changes(Candidate candidate) throws IOException {
    return delegate.changes(candidate);
  }

  @Override
  public String diff(Candidate candidate) throws IOException {
    return delegate.diff(candidate);
  }

  @Override
  public String treeId(CommitId commit) throws IOException {
    return delegate.treeId(commit);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.core.git.GitException;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.GitWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EvaluationContext} over a {@link GitRepository}: what the factory lends its evaluator,
 * and what a researcher builds to run an evaluator outside the loop, over candidates already in a
 * repository.
 *
 * <pre>{@code
 * try (GitEvaluationContext context =
 *     GitEvaluationContext.builder(repository, Sandboxes.defaultSandbox())
 *         .resultsDirectory(Path.of("results/run-1"))
 *         .build()) {
 *   EvaluationReport report = evaluator.evaluate(candidate, item, context);
 * }
 * }</pre>
 *
 * <p>Every checkout is a fresh directory made from the repository's objects, with no {@code .git}
 * inside; closing the context deletes every checkout an evaluator forgot to close. Safe to use
 * from several threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GitEvaluationContext implements EvaluationContext, AutoCloseable {

  private final GitRepository repository;
  private final Sandbox sandbox;
  private final SandboxPolicy policy;
  private final Path results;
  private final Clock clock;
  private final List<GitWorkspace> opened = new CopyOnWriteArrayList<>();
  private volatile boolean resultsCreated;

  private GitEvaluationContext(Builder b) {
    this.repository = b.repository;
    this.sandbox = b.sandbox;
    this.policy = b.policy;
    this.results = b.results != null ? b.results : defaultResults(b.repository);
    this.clock = b.clock;
  }

  private static Path defaultResults(GitRepository repository) {
    try {
      return Files.createTempDirectory("darkfactory-results-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a results directory", e);
    }
  }

  /**
   * A builder for a context over {@code repository} that runs scenarios in {@code sandbox}.
   *
   * @param repository the repository holding the candidates
   * @param sandbox where scenario commands run
   * @return the builder
   */
  public static Builder builder(GitRepository repository, Sandbox sandbox) {
    return new Builder(Require.nonNull(repository, "repository"), Require.nonNull(sandbox, "sandbox"));
  }

  @Override
  public Workspace checkout(Candidate candidate) throws IOException {
    return open(candidate.commit(), candidate.branch());
  }

  @Override
  public Workspace checkoutBase(Candidate candidate) throws IOException {
    return open(candidate.base(), "base-of-" + candidate.branch());
  }

  private Workspace open(CommitId commit, String label) throws IOException {
    try {
      GitWorkspace workspace = repository.checkout(commit, label);
      opened.add(workspace);
      return workspace;
    } catch (GitException e) {
      throw new IOException("cannot check out " + label + " (" + commit.hex() + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checking out " + label, e);
    }
  }

  @Override
  public List<FileChange> changes(Candidate candidate) throws IOException {
    try {
      return repository.changes(candidate.base(), candidate.commit());
    } catch (GitException e) {
      throw new IOException("cannot list the changes of " + candidate.branch() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing the changes of " + candidate.branch(), e);
    }
  }

  @Override
  public String diff(Candidate candidate) throws IOException {
    try {
      return repository.diff(candidate.base(), candidate.commit());
    } catch (GitException e) {
      throw new IOException("cannot diff " + candidate.branch() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while diffing " + candidate.branch(), e);
    }
  }

  @Override
  public String treeId(CommitId commit) throws IOException {
    try {
      return repository.tree(commit);
    } catch (GitException e) {
      throw new IOException("cannot read the tree of " + commit.hex() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the tree of " + commit.hex(), e);
    }
  }

  @Override
  public Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public SandboxPolicy sandboxPolicy() {
    return policy;
  }

  @Override
  public Path resultsDirectory() {
    if (!resultsCreated) {
      synchronized (this) {
        try {
          Files.createDirectories(results);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create results directory " + results, e);
        }
        resultsCreated = true;
      }
    }
    return results;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Deletes every checkout this context made that is still there. */
  @Override
  public void close() {
    opened.forEach(GitWorkspace::close);
    opened.clear();
  }

  /**
   * Builds a {@link GitEvaluationContext}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final GitRepository repository;
    private final Sandbox sandbox;
    private SandboxPolicy policy = SandboxPolicy.strict();
    private @Nullable Path results;
    private Clock clock = Clock.systemUTC();

    private Builder(GitRepository repository, Sandbox sandbox) {
      this.repository = repository;
      this.sandbox = sandbox;
    }

    /**
     * Sets the policy scenario commands run under; {@link SandboxPolicy#strict()} by default.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder sandboxPolicy(SandboxPolicy policy) {
      this.policy = Require.nonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the private directory for reports and evidence, created on first use; a new temporary
     * directory by default.
     *
     * @param results the directory
     * @return this builder
     */
    public Builder resultsDirectory(Path results) {
      this.results = Require.nonNull(results, "results").toAbsolutePath();
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /** The context. */
    public GitEvaluationContext build() {
      return new GitEvaluationContext(this);
    }
  }
}

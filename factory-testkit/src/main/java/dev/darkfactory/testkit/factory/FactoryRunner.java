package dev.darkfactory.testkit.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.factory.BudgetAction;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.spec.ScenarioReader;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.testkit.git.TestRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import dev.darkfactory.testkit.internal.TestFiles;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Tests a whole factory: configure the target repository, the specs and the factory's parts,
 * {@link #run()} a real {@link Factory} until its queue is empty, then assert on the {@link
 * FactoryRun} it returns.
 *
 * <pre>{@code
 * try (FactoryRun run =
 *     FactoryRunner.create()
 *         .targetFile("README.md", "a target\n")
 *         .spec(TestSpec.builder("hello").goal("Create hello.txt.").visible(exists).holdout(content).build())
 *         .agent(ScriptedAgent.builder().otherwise(Script.steps().write("hello.txt", "hello world\n").finish("done")).build())
 *         .evaluator(HoldoutEvaluator.builder().build())
 *         .mergePolicy(VerdictPolicy.defaults())
 *         .maxAttempts(2)
 *         .run()) {
 *   FactoryRunAssert.assertThat(run)
 *       .spec("hello").isMerged().tookAttempts(1).and()
 *       .targetBranch().hasFile("hello.txt", "hello world\n");
 * }
 * }</pre>
 *
 * <p>What {@link #run()} builds, in a directory it creates and the {@link FactoryRun} deletes
 * when closed (or in the one {@link #directory(Path) given}, which is kept):
 *
 * <ul>
 *   <li>{@code git/}: a {@link TestRepository}: a bare repository with the target files as its
 *       first commit on the target branch, and a human's clone;
 *   <li>{@code specs/} and {@code holdouts/}: the queue, from the {@link TestSpec}s and the
 *       directories given; a {@link DirectoryWorkSource} reads it;
 *   <li>{@code state/}: the {@link SqliteRunStore} journal, the workspaces, the reports.
 * </ul>
 *
 * <p>The factory lands merges on the target branch of the bare repository ({@link
 * GitIntegrator#local}, fast-forward by default) and runs {@link Factory#runUntilIdle()} once.
 * Every event is collected in order. Defaults: a {@link BubblewrapSandbox} (the factory refuses to
 * start when it cannot isolate; pass {@code UnisolatedProcessSandbox.optIn(reason)} where
 * isolation is not the point), the {@code HoldoutEvaluator} with its defaults and {@code
 * VerdictPolicy.defaults()} (both from {@code factory-evaluator}, which must then be on the class
 * path), three attempts, no budgets. The agent has no default.
 *
 * <p>A runner is a mutable configuration, not thread-safe; each {@code run()} starts from a new
 * repository and queue.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FactoryRunner {

  private @Nullable Path directory;
  private String targetBranch = "main";
  private final Map<String, String> targetFiles = new LinkedHashMap<>();
  private final List<TestSpec> specs = new ArrayList<>();
  private final List<QueueDirectories> specDirectories = new ArrayList<>();
  private @Nullable Agent agent;
  private @Nullable Sandbox sandbox;
  private @Nullable Evaluator evaluator;
  private @Nullable MergePolicy policy;
  private int maxAttempts = 3;
  private Budgets.@Nullable Builder budgets;
  private @Nullable PriceCatalog prices;
  private @Nullable BudgetAction onBudgetExhausted;
  private MergeStyle mergeStyle = MergeStyle.FAST_FORWARD;
  private String owner = "factory-runner";
  private @Nullable ScenarioReader scenarioReader;
  private final List<FactoryListener> listeners = new ArrayList<>();
  private final List<Consumer<Factory.Builder>> customizations = new ArrayList<>();

  private FactoryRunner() {}

  /**
   * A runner with the defaults the class comment lists.
   *
   * @return the runner
   */
  public static FactoryRunner create() {
    return new FactoryRunner();
  }

  /**
   * Runs in this directory instead of a temporary one, and keeps it after the run is closed. It
   * must be empty or not exist yet.
   *
   * @param directory the directory
   * @return this runner
   */
  public FactoryRunner directory(Path directory) {
    this.directory = Require.nonNull(directory, "directory");
    return this;
  }

  /**
   * Sets the branch merges land on; default {@code main}.
   *
   * @param branch the branch name
   * @return this runner
   */
  public FactoryRunner targetBranch(String branch) {
    this.targetBranch = Require.nonBlank(branch, "branch");
    return this;
  }

  /**
   * Adds a file to the target repository's first commit.
   *
   * @param relativePath the file's path in the repository
   * @param content its text
   * @return this runner
   */
  public FactoryRunner targetFile(String relativePath, String content) {
    targetFiles.put(
        dev.darkfactory.api.spec.Spec.checkRelativePath(relativePath, "target file"),
        Require.nonNull(content, "content"));
    return this;
  }

  /**
   * Adds files to the target repository's first commit.
   *
   * @param files relative path to text
   * @return this runner
   */
  public FactoryRunner targetFiles(Map<String, String> files) {
    Require.nonNull(files, "files").forEach(this::targetFile);
    return this;
  }

  /**
   * Adds every regular file below a directory (except {@code .git}) to the target repository's
   * first commit, read as UTF-8 text at once.
   *
   * @param directory the directory
   * @return this runner
   * @throws UncheckedIOException when the directory cannot be read
   */
  public FactoryRunner targetFilesFrom(Path directory) {
    Require.nonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("target files directory " + directory + " is not a directory");
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted().toList()) {
        Path rel = directory.relativize(p);
        if (rel.toString().isEmpty()
            || rel.getName(0).toString().equals(".git")
            || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        targetFile(rel.toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the target files in " + directory, e);
    }
    return this;
  }

  /**
   * Adds specs given inline.
   *
   * @param specs the specs
   * @return this runner
   */
  public FactoryRunner spec(TestSpec... specs) {
    for (TestSpec s : Require.nonNull(specs, "specs")) {
      this.specs.add(Require.nonNull(s, "spec"));
    }
    return this;
  }

  /**
   * Adds every file of a specs directory and of a holdouts directory (in the format of {@code
   * docs/specs-and-scenarios.md}), copied into the run's queue when it starts.
   *
   * @param specsDirectory the directory of spec files, visible scenario files and their material
   * @param holdoutsDirectory the directory of holdout scenario files and their material, or {@code
   *     null} when there are none
   * @return this runner
   */
  public FactoryRunner specsFrom(Path specsDirectory, @Nullable Path holdoutsDirectory) {
    Require.nonNull(specsDirectory, "specsDirectory");
    requireDirectory(specsDirectory, "specs directory");
    if (holdoutsDirectory != null) {
      requireDirectory(holdoutsDirectory, "holdouts directory");
    }
    specDirectories.add(new QueueDirectories(specsDirectory, holdoutsDirectory));
    return this;
  }

  /**
   * Sets the coding agent; required.
   *
   * @param agent the agent
   * @return this runner
   */
  public FactoryRunner agent(Agent agent) {
    this.agent = Require.nonNull(agent, "agent");
    return this;
  }

  /**
   * Sets the sandbox the agent and the evaluator run commands in; default a {@link
   * BubblewrapSandbox}.
   *
   * @param sandbox the sandbox
   * @return this runner
   */
  public FactoryRunner sandbox(Sandbox sandbox) {
    this.sandbox = Require.nonNull(sandbox, "sandbox");
    return this;
  }

  /**
   * Sets the evaluator; default the {@code HoldoutEvaluator} with its defaults.
   *
   * @param evaluator the evaluator
   * @return this runner
   */
  public FactoryRunner evaluator(Evaluator evaluator) {
    this.evaluator = Require.nonNull(evaluator, "evaluator");
    return this;
  }

  /**
   * Sets the merge policy; default {@code VerdictPolicy.defaults()}.
   *
   * @param policy the policy
   * @return this runner
   */
  public FactoryRunner mergePolicy(MergePolicy policy) {
    this.policy = Require.nonNull(policy, "policy");
    return this;
  }

  /**
   * Sets how many attempts each spec may have; default 3.
   *
   * @param maxAttempts at least 1
   * @return this runner
   */
  public FactoryRunner maxAttempts(int maxAttempts) {
    this.maxAttempts = Require.atLeast(maxAttempts, 1, "maxAttempts");
    return this;
  }

  /**
   * Sets hard budgets for the agents' model calls; none by default. See {@link
   * Factory.Builder#budgets}.
   *
   * @param levels the budget levels
   * @return this runner
   */
  public FactoryRunner budgets(Budgets.Builder levels) {
    this.budgets = Require.nonNull(levels, "levels");
    return this;
  }

  /**
   * Sets the prices the run reports and the budgets count at; default the bundled catalog.
   *
   * @param prices the prices
   * @return this runner
   */
  public FactoryRunner prices(PriceCatalog prices) {
    this.prices = Require.nonNull(prices, "prices");
    return this;
  }

  /**
   * Sets what happens to a spec whose spec, run or day budget ran out; default the factory's.
   *
   * @param action the action
   * @return this runner
   */
  public FactoryRunner onBudgetExhausted(BudgetAction action) {
    this.onBudgetExhausted = Require.nonNull(action, "action");
    return this;
  }

  /**
   * Sets how merges land on the target branch; default {@link MergeStyle#FAST_FORWARD}.
   *
   * @param style the style
   * @return this runner
   */
  public FactoryRunner mergeStyle(MergeStyle style) {
    this.mergeStyle = Require.nonNull(style, "style");
    return this;
  }

  /**
   * Sets the factory's owner name (in claims and the journal); default {@code factory-runner}.
   *
   * @param owner the name
   * @return this runner
   */
  public FactoryRunner owner(String owner) {
    this.owner = Require.nonBlank(owner, "owner");
    return this;
  }

  /**
   * Sets the reader of scenario files, for scenario kinds of your own.
   *
   * @param reader the reader
   * @return this runner
   */
  public FactoryRunner scenarioReader(ScenarioReader reader) {
    this.scenarioReader = Require.nonNull(reader, "reader");
    return this;
  }

  /**
   * Adds a listener that receives every event as it happens, after the run's own collector.
   *
   * @param listener the listener
   * @return this runner
   */
  public FactoryRunner listener(FactoryListener listener) {
    listeners.add(Require.nonNull(listener, "listener"));
    return this;
  }

  /**
   * Changes anything else on the factory's builder (a clock, a feedback policy, rebases, an
   * identity), after the runner has set its parts.
   *
   * @param customization what to do to the builder
   * @return this runner
   */
  public FactoryRunner configure(Consumer<Factory.Builder> customization) {
    customizations.add(Require.nonNull(customization, "customization"));
    return this;
  }

  /**
   * Builds the repository and the queue, runs the factory until its queue is empty, and returns
   * what happened. On any failure the directory the runner created is deleted again.
   *
   * @return the run; close it to delete the directory the runner created
   * @throws IOException when the directory, the repository or the queue cannot be written
   * @throws InterruptedException when interrupted
   * @throws SandboxException when the sandbox cannot isolate (the factory fails closed)
   * @throws IllegalStateException when no agent was set
   * @throws dev.darkfactory.api.InvalidInputException when a spec or scenario file is malformed
   */
  public FactoryRun run() throws IOException, InterruptedException, SandboxException {
    Agent theAgent = agent;
    if (theAgent == null) {
      throw new IllegalStateException("no agent: call agent(...) before run()");
    }
    boolean owned = directory == null;
    Path root = owned ? Files.createTempDirectory("darkfactory-run-") : prepare(directory);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      TestRepository repo = TestRepository.create(root.resolve("git"), targetBranch, targetFiles);
      Path specsDir = Files.createDirectories(root.resolve("specs"));
      Path holdoutsDir = Files.createDirectories(root.resolve("holdouts"));
      Path state = Files.createDirectories(root.resolve("state"));
      for (QueueDirectories dirs : specDirectories) {
        copyTree(dirs.specs(), specsDir);
        Path holdouts = dirs.holdouts();
        if (holdouts != null) {
          copyTree(holdouts, holdoutsDir);
        }
      }
      for (TestSpec s : specs) {
        s.write(specsDir, holdoutsDir);
      }
      CommitId base =
          repo.head(targetBranch)
              .orElseThrow(() -> new IllegalStateException("the target branch has no commit"));
      DirectoryWorkSource.Builder source =
          DirectoryWorkSource.builder()
              .specsDirectory(specsDir)
              .holdoutsDirectory(holdoutsDir)
              .stateDirectory(state)
              .owner(owner);
      if (scenarioReader != null) {
        source.scenarioReader(scenarioReader);
      }
      DirectoryWorkSource work = source.build();
      open.add(work);
      SqliteRunStore store = SqliteRunStore.open(state);
      open.add(store);
      GitRepository repository = GitRepository.open(repo.bare(), state.resolve("workspaces"));
      List<FactoryEvent> events = new CopyOnWriteArrayList<>();
      Factory.Builder builder =
          Factory.builder()
              .workSource(work)
              .agent(theAgent)
              .sandbox(sandbox != null ? sandbox : BubblewrapSandbox.builder().build())
              .evaluator(evaluator != null ? evaluator : EvaluatorDefaults.evaluator())
              .mergePolicy(policy != null ? policy : EvaluatorDefaults.policy())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, targetBranch, mergeStyle))
              .store(store)
              .stateDirectory(state)
              .owner(owner)
              .maxAttempts(maxAttempts)
              .listener(events::add);
      for (FactoryListener l : listeners) {
        builder.listener(l);
      }
      if (budgets != null) {
        builder.budgets(budgets);
      }
      if (prices != null) {
        builder.prices(prices);
      }
      if (onBudgetExhausted != null) {
        builder.onBudgetExhausted(onBudgetExhausted);
      }
      for (Consumer<Factory.Builder> c : customizations) {
        c.accept(builder);
      }
      RunResult result = builder.build().runUntilIdle();
      closeAll(open);
      FactoryRun run =
          new FactoryRun(root, owned, repo, repository, targetBranch, base, result, events);
      return run;
    } catch (Throwable t) {
      try {
        closeAll(open);
      } catch (RuntimeException e) {
        t.addSuppressed(e);
      }
      if (owned) {
        try {
          TestFiles.deleteTree(root);
        } catch (IOException | RuntimeException e) {
          t.addSuppressed(e);
        }
      }
      throw t;
    }
  }

  private static Path prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("run directory " + dir + " is not a directory");
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("run directory " + dir + " must be empty but is not");
        }
      }
    }
    return Files.createDirectories(dir);
  }

  private static void requireDirectory(Path dir, String what) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(what + " " + dir + " is not a directory");
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          if (Files.exists(target)) {
            throw new IllegalArgumentException(
                "cannot copy " + p + ": " + target + " is already in the queue (given twice?)");
          }
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static void closeAll(List<AutoCloseable> open) {
    RuntimeException first = null;
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("cannot close " + c + ": " + e.getMessage(), e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  /** A specs directory and its holdouts directory, copied into the queue when a run starts. */
  private record QueueDirectories(Path specs, @Nullable Path holdouts) {}

  /** The evaluator module's defaults, in their own class so nothing loads them unless used. */
  private static final class EvaluatorDefaults {
    static Evaluator evaluator() {
      return dev.darkfactory.evaluator.HoldoutEvaluator.builder().build();
    }

    static MergePolicy policy() {
      return dev.darkfactory.evaluator.policy.VerdictPolicy.defaults();
    }
  }
}

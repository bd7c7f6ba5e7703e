package dev.darkfactory.temporal;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.Integrator;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.factory.TestSpec;
import dev.darkfactory.testkit.git.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One factory's world in a directory, for the engine's tests: a bare target repository, specs,
 * holdouts and a state directory that several factories (in this JVM or in others) share, as
 * workers on one machine would.
 */
final class TemporalFixture implements AutoCloseable {

  static final String TARGET = "main";

  final Path root;
  final Path specs;
  final Path holdouts;
  final Path state;
  final Path bare;
  final List<FactoryEvent> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  private TemporalFixture(Path root) {
    this.root = root;
    this.specs = root.resolve("specs");
    this.holdouts = root.resolve("holdouts");
    this.state = root.resolve("state");
    this.bare = root.resolve("git").resolve("repo.git");
  }

  /** Creates the repository and writes the specs. */
  static TemporalFixture create(Path root, TestSpec... specs) throws IOException, InterruptedException {
    TemporalFixture f = new TemporalFixture(root);
    TestRepository.create(root.resolve("git"), TARGET, Map.of("README.md", "a target\n"));
    Files.createDirectories(f.specs);
    Files.createDirectories(f.holdouts);
    Files.createDirectories(f.state);
    for (TestSpec s : specs) {
      s.write(f.specs, f.holdouts);
    }
    return f;
  }

  /** Opens the fixture another process created. */
  static TemporalFixture open(Path root) {
    return new TemporalFixture(root);
  }

  /** A spec to write {@code <id>.txt} holding {@code content}; the holdout checks the content. */
  static TestSpec spec(String id, String content) {
    return TestSpec.fileWithContent(id, content);
  }

  /** The script that does what {@link #spec} asks. */
  static Script writes(String id, String content) {
    return Script.steps().write(id + ".txt", content + "\n").finish("wrote " + id + ".txt");
  }

  /** The sandbox the tests use: bubblewrap where it isolates, else the explicit opt-out. */
  static Sandbox sandbox() {
    BubblewrapSandbox bwrap = BubblewrapSandbox.builder().build();
    return bwrap.doctor().isolates()
        ? bwrap
        : UnisolatedProcessSandbox.optIn("Temporal engine tests on a machine without bubblewrap");
  }

  /** A factory on the shared directories, with the holdout evaluator and the default policy. */
  Factory factory(Agent agent, String owner) throws IOException, InterruptedException, SandboxException {
    return factory(agent, owner, b -> {}, i -> i);
  }

  /**
   * A factory on the shared directories.
   *
   * @param customize changes to the builder (a merge policy, say)
   * @param integrator wraps the integrator (to fail or stop around the merge)
   */
  Factory factory(
      Agent agent, String owner, Consumer<Factory.Builder> customize, UnaryOperator<Integrator> integrator)
      throws IOException, InterruptedException, SandboxException {
    DirectoryWorkSource work =
        DirectoryWorkSource.builder()
            .specsDirectory(specs)
            .holdoutsDirectory(holdouts)
            .stateDirectory(state.resolve("queue"))
            .owner(owner)
            .build();
    open.add(work);
    SqliteRunStore store = SqliteRunStore.open(state);
    open.add(store);
    GitRepository repository = GitRepository.open(bare, state.resolve("workspaces-" + owner.replaceAll("[^A-Za-z0-9-]", "_")));
    Factory.Builder b =
        Factory.builder()
            .workSource(work)
            .agent(agent)
            .sandbox(sandbox())
            .evaluator(HoldoutEvaluator.builder().build())
            .mergePolicy(VerdictPolicy.defaults())
            .repository(repository)
            .integrator(integrator.apply(GitIntegrator.local(repository, TARGET, MergeStyle.MERGE_COMMIT)))
            .store(store)
            .stateDirectory(state)
            .owner(owner)
            .listener(events::add);
    customize.accept(b);
    return b.build();
  }

  /** A store for the test's own reads of the journal. */
  SqliteRunStore store() {
    SqliteRunStore store = SqliteRunStore.open(state);
    open.add(store);
    return store;
  }

  /** Runs git on the target repository and returns what it printed, trimmed. */
  String git(String... args) throws InterruptedException {
    return Git.in(bare).withoutUserConfiguration().output(args).strip();
  }

  /** The subjects of the target branch's first-parent history, newest first. */
  List<String> targetLog() throws InterruptedException {
    return List.of(git("log", "--first-parent", "--format=%s", TARGET).split("\n"));
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      AutoCloseable c = open.get(i);
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}

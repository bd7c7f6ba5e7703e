package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.testkit.git.TestRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real factory for the examples of the "writing a ..." pages: a bare target repository with one
 * commit, a specs directory, a holdout directory and a state directory under a temporary
 * directory, the real sandbox, the real run store and work source. The examples plug their own
 * part in and keep the defaults for the rest.
 */
final class ExampleFactory implements AutoCloseable {

  final TestRepository repo;
  final Path specs;
  final Path holdouts;
  final Path state;
  final List<FactoryEvent> events = new CopyOnWriteArrayList<>();
  private final List<Runnable> open = new ArrayList<>();

  ExampleFactory(Path root, Map<String, String> files) throws IOException, InterruptedException {
    this.repo = TestRepository.create(root.resolve("git"), "main", files);
    this.specs = Files.createDirectories(root.resolve("specs"));
    this.holdouts = Files.createDirectories(root.resolve("holdouts"));
    this.state = root.resolve("state");
  }

  /** Bubblewrap where it isolates on this machine, else the explicit, loudly named opt-out. */
  static Sandbox sandbox() {
    BubblewrapSandbox bwrap = BubblewrapSandbox.builder().build();
    return bwrap.doctor().isolates()
        ? bwrap
        : UnisolatedProcessSandbox.optIn("docs examples on a machine without bubblewrap");
  }

  /**
   * Adds a spec that asks for {@code file}: a visible scenario checks that it exists, a holdout
   * checks that it holds {@code content}.
   *
   * @param holdoutRequired whether failing the holdout fails the candidate
   * @param protectedPaths globs for the spec's {@code protected} list; may be empty
   */
  void spec(String id, String file, String content, boolean holdoutRequired, String... protectedPaths)
      throws IOException {
    String front =
        "---\nid: " + id + "\ntitle: Write " + file + "\n"
            + (protectedPaths.length == 0 ? "" : "protected: [" + String.join(", ", protectedPaths) + "]\n")
            + "---\n";
    write(
        specs.resolve(id + ".md"),
        front
            + "# Write " + file + "\n\n## Goal\n\nCreate `" + file + "` holding the greeting.\n\n"
            + "## Acceptance\n\n- " + id + "-exists\n");
    write(
        specs.resolve(id + ".scenarios.yaml"),
        "spec: " + id + "\nscenarios:\n  - id: " + id + "-exists\n    title: The file exists\n"
            + "    timeout: 30s\n    check:\n      kind: command\n      run: test -f " + file + "\n");
    write(
        holdouts.resolve(id + ".holdouts.yaml"),
        "spec: " + id + "\nscenarios:\n  - id: " + id + "-content\n    title: The file holds the greeting\n"
            + "    required: " + holdoutRequired + "\n    timeout: 30s\n    check:\n      kind: command\n"
            + "      run: cat " + file + "\n      stdout:\n        - equals: \"" + content + "\"\n");
  }

  /** The work source on {@link #specs} and {@link #holdouts}, closed with this fixture. */
  DirectoryWorkSource workSource() throws IOException {
    DirectoryWorkSource work =
        DirectoryWorkSource.builder()
            .specsDirectory(specs)
            .holdoutsDirectory(holdouts)
            .stateDirectory(state)
            .owner("docs-example")
            .build();
    open.add(work::close);
    return work;
  }

  /** The run journal in {@link #state}, closed with this fixture. */
  SqliteRunStore store() {
    SqliteRunStore store = SqliteRunStore.open(state);
    open.add(store::close);
    return store;
  }

  /** The factory's view of the target repository. */
  GitRepository repository() throws InterruptedException {
    return GitRepository.open(repo.bare(), state.resolve("workspaces"));
  }

  /** A factory builder with everything but the part under test. */
  Factory.Builder builder(Agent agent, Evaluator evaluator, MergePolicy policy, Sandbox sandbox)
      throws IOException, InterruptedException {
    GitRepository repository = repository();
    return Factory.builder()
        .workSource(workSource())
        .agent(agent)
        .sandbox(sandbox)
        .evaluator(evaluator)
        .mergePolicy(policy)
        .repository(repository)
        .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
        .store(store())
        .stateDirectory(state)
        .owner("docs-example")
        .listener(events::add);
  }

  @SuppressWarnings("unchecked")
  <T extends FactoryEvent> List<T> events(Class<T> type) {
    return (List<T>) events.stream().filter(type::isInstance).toList();
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    open.forEach(Runnable::run);
  }
}

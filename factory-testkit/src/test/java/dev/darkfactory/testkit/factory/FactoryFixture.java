package dev.darkfactory.testkit.factory;

import dev.darkfactory.api.agent.Agent;
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
import dev.darkfactory.evaluator.CommandEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.git.TestRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A factory over temporary directories: a bare target repository, a specs directory, a holdout
 * root and a state directory; specs are one file each, checked by shell commands.
 */
final class FactoryFixture implements AutoCloseable {

  final Path root;
  final TestRepository repo;
  final Path specs;
  final Path holdouts;
  final Path state;
  final List<FactoryEvent> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  FactoryFixture(Path root) throws IOException, InterruptedException {
    this.root = root;
    this.repo = TestRepository.create(root.resolve("git"), "main", Map.of("README.md", "a target\n"));
    this.specs = Files.createDirectories(root.resolve("specs"));
    this.holdouts = Files.createDirectories(root.resolve("holdouts"));
    this.state = root.resolve("state");
  }

  /** The sandbox tests use: bubblewrap where it isolates, else the explicit opt-out. */
  static Sandbox sandbox() {
    BubblewrapSandbox bwrap = BubblewrapSandbox.builder().build();
    return bwrap.doctor().isolates()
        ? bwrap
        : UnisolatedProcessSandbox.optIn("factory loop tests on a machine without bubblewrap");
  }

  /**
   * Adds a spec whose job is to create {@code file} holding {@code content}: a visible scenario
   * checks the file exists, a holdout checks its content.
   */
  void spec(String id, String file, String content) throws IOException {
    Files.writeString(
        specs.resolve(id + ".md"),
        "---\nid: "
            + id
            + "\ntitle: Write "
            + file
            + "\n---\n# Write "
            + file
            + "\n\n## Goal\n\nCreate `"
            + file
            + "`.\n\n## Acceptance\n\n- "
            + id
            + "-exists\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        specs.resolve(id + ".scenarios.yaml"),
        "spec: "
            + id
            + "\nscenarios:\n  - id: "
            + id
            + "-exists\n    title: The file exists\n    timeout: 30s\n    check:\n      kind: command\n      run: test -f "
            + file
            + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        holdouts.resolve(id + ".holdouts.yaml"),
        "spec: "
            + id
            + "\nscenarios:\n  - id: "
            + id
            + "-content-canary-7d1f\n    title: The file holds the secret content CANARY-7d1f\n    timeout: 30s\n    check:\n      kind: command\n      run: cat "
            + file
            + "\n      stdout:\n        - equals: \""
            + content
            + "\"\n",
        StandardCharsets.UTF_8);
  }

  DirectoryWorkSource workSource(String owner) throws IOException {
    DirectoryWorkSource source =
        DirectoryWorkSource.builder()
            .specsDirectory(specs)
            .holdoutsDirectory(holdouts)
            .stateDirectory(state)
            .owner(owner)
            .build();
    open.add(source);
    return source;
  }

  SqliteRunStore store() {
    SqliteRunStore store = SqliteRunStore.open(state);
    open.add(store);
    return store;
  }

  GitRepository repository() throws InterruptedException {
    return GitRepository.open(repo.bare(), state.resolve("workspaces"));
  }

  Factory.Builder factory(Agent agent) throws IOException, InterruptedException {
    return factory(agent, VerdictPolicy.defaults(), "factory-a");
  }

  Factory.Builder factory(Agent agent, MergePolicy policy, String owner)
      throws IOException, InterruptedException {
    GitRepository repository = repository();
    return Factory.builder()
        .workSource(workSource(owner))
        .agent(agent)
        .sandbox(sandbox())
        .evaluator(new CommandEvaluator())
        .mergePolicy(policy)
        .repository(repository)
        .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
        .store(store())
        .stateDirectory(state)
        .owner(owner)
        .listener(events::add);
  }

  @SuppressWarnings("unchecked")
  <T extends FactoryEvent> List<T> events(Class<T> type) {
    return (List<T>) events.stream().filter(type::isInstance).toList();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }
}

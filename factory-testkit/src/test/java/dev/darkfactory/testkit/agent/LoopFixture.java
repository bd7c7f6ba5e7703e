package dev.darkfactory.testkit.agent;

import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.core.cost.ModelPrice;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.GitWorkspace;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.testkit.git.TestRepository;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One attempt's world for the tool loop's tests: a real git repository with a few files, a fresh
 * workspace checked out from it, a sandbox, a manual clock, a budget, and a context that records
 * notes and can ask the agent to stop.
 */
final class LoopFixture implements AutoCloseable {

  static final String MODEL = "test-model";

  final TestRepository repo;
  final GitRepository repository;
  final GitWorkspace workspace;
  final CommitId base;
  final Path root;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-14T09:00:00Z"));
  final AtomicReference<Budget> budget = new AtomicReference<>(Budget.unlimited());
  final AtomicBoolean stop = new AtomicBoolean();
  final List<String> notes = new CopyOnWriteArrayList<>();
  final AtomicReference<UnaryOperator<ModelProvider>> guard =
      new AtomicReference<>(UnaryOperator.identity());
  final List<AgentEvent> events = new CopyOnWriteArrayList<>();
  final Sandbox sandbox;
  final SandboxPolicy policy =
      SandboxPolicy.builder().allowEnvironment("HOME").maxProcesses(128).build();

  LoopFixture(Path dir, Map<String, String> files) throws IOException, InterruptedException {
    this.repo = TestRepository.create(dir.resolve("git"), "main", files);
    this.repository = GitRepository.open(repo.bare(), dir.resolve("workspaces"));
    this.base = repo.head("main").orElseThrow();
    this.workspace = repository.checkout(base, "factory/greeting/attempt-1");
    this.root = workspace.root();
    this.sandbox = UnisolatedProcessSandbox.optIn("tool loop tests", dir.resolve("sandbox-output"));
  }

  LoopFixture(Path dir) throws IOException, InterruptedException {
    this(dir, Map.of("README.md", "# Greeting\n", "src/greeting.txt", "hello\n"));
  }

  static Spec spec() {
    return Spec.builder("greeting")
        .title("Greet the world")
        .summary("A friendly program.")
        .goal("Print `hello, world`.")
        .constraints("Keep it short.")
        .interfaces("`greet()` returns the greeting.")
        .nonGoals("No localisation.")
        .build();
  }

  static Scenario visibleScenario() {
    return Scenario.builder("prints-greeting")
        .title("Prints the greeting")
        .description("Running the program prints the greeting.")
        .check(CommandCheck.exitsZero("sh", "-c", "grep -q 'hello, world' src/greeting.txt"))
        .build();
  }

  Assignment assignment() {
    return assignment(1, List.of());
  }

  Assignment assignment(int attempt, List<Feedback> feedback) {
    return new Assignment(
        spec(),
        List.of(visibleScenario()),
        new RepositoryContext("main", base, "factory/greeting/attempt-" + attempt),
        attempt,
        feedback);
  }

  /** An agent builder on the scripted model, recording events; no tools but the loop's own. */
  ToolLoopAgent.Builder agent(ScriptedModelProvider model) {
    // The scripted model is free, so budgets count its tokens.
    return ToolLoopAgent.builder()
        .provider(model)
        .model(MODEL)
        .prices(PriceCatalog.bundled().with(MODEL, ModelPrice.of("0", "0", "0", "0")))
        .listener(events::add);
  }

  Path file(String relative) {
    return root.resolve(relative);
  }

  String read(String relative) throws IOException {
    return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
  }

  void write(String relative, String content) throws IOException {
    Path path = root.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content, StandardCharsets.UTF_8);
  }

  <T extends AgentEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  AgentContext context() {
    return new AgentContext() {
      @Override
      public Workspace workspace() {
        return workspace;
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
      public Budget budget() {
        return budget.get();
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public boolean stopRequested() {
        return stop.get();
      }

      @Override
      public void remember(String note) {
        notes.add(note);
      }

      @Override
      public ModelProvider guard(ModelProvider provider) {
        return guard.get().apply(provider);
      }
    };
  }

  @Override
  public void close() {
    workspace.close();
  }

  /** A clock that moves only when a test moves it. */
  static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a manual clock stays in UTC");
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}

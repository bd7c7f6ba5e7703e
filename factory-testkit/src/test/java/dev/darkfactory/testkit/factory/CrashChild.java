package dev.darkfactory.testkit.factory;

import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.CommandEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A factory process for the crash test: runs the fixture's queue until idle, printing one line per
 * event so the test can kill it (SIGKILL) at chosen points. Also the resume run, in-process.
 */
final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String owner = args[1];
    PrintStream out = System.out;
    run(root, owner, line -> {
      out.println(line);
      out.flush();
    });
    out.println("done");
    out.flush();
  }

  /** An agent that writes {@code file<n>.txt} holding {@code content <n>} for spec {@code s<n>}. */
  static ScriptedAgent agent() {
    return ScriptedAgent.builder()
        .otherwise(
            Script.steps()
                .perform(
                    (assignment, context) -> {
                      String n = assignment.spec().id().value().substring(1);
                      Files.writeString(
                          context.workspace().resolve("file" + n + ".txt"), "content " + n + "\n");
                    })
                .finish("done"))
        .build();
  }

  static void run(Path root, String owner, java.util.function.Consumer<String> log) throws Exception {
    Path state = root.resolve("state");
    try (DirectoryWorkSource work =
            DirectoryWorkSource.builder()
                .specsDirectory(root.resolve("specs"))
                .holdoutsDirectory(root.resolve("holdouts"))
                .stateDirectory(state)
                .owner(owner)
                .build();
        SqliteRunStore store = SqliteRunStore.open(state)) {
      GitRepository repository =
          GitRepository.open(root.resolve("git").resolve("repo.git"), state.resolve("workspaces"));
      Factory factory =
          Factory.builder()
              .workSource(work)
              .agent(agent())
              .sandbox(FactoryFixture.sandbox())
              .evaluator(new CommandEvaluator())
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
              .store(store)
              .stateDirectory(state)
              .owner(owner)
              .listener(e -> log.accept("event " + e.getClass().getSimpleName()))
              .build();
      factory.runUntilIdle();
    }
  }
}

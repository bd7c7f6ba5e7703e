package dev.darkfactory.samples.quickstart;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.factory.ConsoleProgress;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.model.ModelProviders;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the quickstart factory over the bundled {@code factory/} directory: specs and visible
 * scenarios in {@code factory/specs}, holdouts in {@code factory/holdouts}, the target repository
 * template in {@code factory/target-repo}, and the scripted session in {@code factory/session}.
 *
 * <p>Each run starts from scratch in a work directory: a bare git repository made from the
 * template (branch {@code main}), and a state directory with the run journal, claims and reports.
 * The factory implements every spec, evaluates the candidates against visible and holdout
 * scenarios in the sandbox, and merges what passes; at the end it prints where the report is and
 * the target branch's log.
 */
public final class Quickstart {

  private Quickstart() {}

  /**
   * Entry point.
   *
   * @param args the factory directory (default {@code samples/quickstart/factory}) and the work
   *     directory (default {@code samples/quickstart/target/quickstart-run})
   */
  public static void main(String[] args) throws Exception {
    // Route Hibernate Validator's own logging to SLF4J like the rest of the application.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    Path factory = Path.of(args.length > 0 ? args[0] : "samples/quickstart/factory");
    Path work = Path.of(args.length > 1 ? args[1] : "samples/quickstart/target/quickstart-run");
    int status = run(factory, work, System.out, System.err, System.getenv());
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the factory; returns the process exit status.
   *
   * @param factory the factory directory
   * @param work the work directory, emptied first
   * @param out where progress and results go
   * @param err where problems go
   * @param env the environment, for the model check
   * @return 0 when every spec reached a terminal state, 1 otherwise
   */
  static int run(Path factory, Path work, PrintStream out, PrintStream err, Map<String, String> env)
      throws Exception {
    Path specs = factory.resolve("specs").toAbsolutePath();
    Path holdouts = factory.resolve("holdouts").toAbsolutePath();
    work = work.toAbsolutePath();
    deleteTree(work);
    Path state = work.resolve("state");
    Files.createDirectories(work);

    out.println("Dark Factory quickstart");
    out.println("  specs:    " + specs);
    out.println("  holdouts: " + holdouts + " (never shown to the coding agent)");
    out.println("  work:     " + work);
    out.println();
    ModelProviders providers = ModelProviders.builder().environment(env).build();
    Set<String> configured = providers.configuredIds();
    out.println(
        configured.isEmpty()
            ? "No model is configured (none of the providers " + providers.ids()
                + " finds its key or base URL; see docs/providers.md),"
            : "A model is configured (" + String.join(", ", configured) + "), but this release has no"
                + " model-backed coding agent yet,");
    out.println(
        "so the coding agent is a SCRIPTED SESSION replayed from " + factory.resolve("session")
            + ": its edits are recorded files, not a model's output.");
    out.println();

    Sandbox sandbox;
    try {
      sandbox = Sandboxes.defaultSandbox();
      out.println("Sandbox: " + sandbox.name() + " (isolated)");
    } catch (SandboxException e) {
      sandbox =
          UnisolatedProcessSandbox.optIn(
              "quickstart: replays its own scripted session on a machine where bubblewrap cannot isolate");
      out.println("Sandbox: NOT ISOLATED. Bubblewrap cannot isolate here (" + e.getMessage() + ").");
      out.println("  The quickstart runs only its own scripted session, so it opts out explicitly;");
      out.println("  a factory with a real agent refuses to run like this.");
    }
    out.println();

    Path target = work.resolve("target.git");
    try (DirectoryWorkSource queue =
            DirectoryWorkSource.builder()
                .specsDirectory(specs)
                .holdoutsDirectory(holdouts)
                .stateDirectory(state)
                .build();
        SqliteRunStore store = SqliteRunStore.open(state)) {
      seedRepository(factory.resolve("target-repo"), work.resolve("seed"), target);
      GitRepository repository = GitRepository.open(target, state.resolve("workspaces"));
      Factory f =
          Factory.builder()
              .workSource(queue)
              .agent(sessionAgent(factory.resolve("session"), queue.items()))
              .sandbox(sandbox)
              .evaluator(HoldoutEvaluator.builder().build())
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.MERGE_COMMIT))
              .store(store)
              .stateDirectory(state)
              .maxAttempts(3)
              .listener(new ConsoleProgress(out))
              .build();
      out.println("Work queue: " + queue.items().size() + " specs; holdout scenarios: "
          + queue.items().stream().mapToInt(i -> i.scenarios().holdouts().size()).sum());
      out.println();
      RunResult result = f.runUntilIdle();

      out.println();
      out.println("Results:");
      for (SpecOutcome o : result.outcomes()) {
        out.println("  " + o.specId() + ": " + o.resolution() + " after " + o.attempts()
            + (o.attempts() == 1 ? " attempt" : " attempts") + " (" + o.reason() + ")");
      }
      out.println();
      out.println("Report:  " + result.jsonReport());
      out.println("Summary: " + result.markdownReport());
      out.println();
      out.println("git log of main in " + target + ":");
      out.println(Git.in(target).output("log", "--graph", "--format=%h %s", "main"));
      out.println();
      out.println("Candidate branches (kept, merged or not):");
      out.println(Git.in(target).output("for-each-ref", "--format=  %(refname:short)", "refs/heads/factory/"));
      return result.outcomes().size() == queue.items().size() ? 0 : 1;
    } catch (InvalidInputException e) {
      err.println("The specs are not valid; nothing was run.");
      err.println(e.getMessage());
      return 1;
    }
  }

  /** A scripted agent that writes {@code session/<spec>/attempt-<n>/**} into the workspace. */
  static ScriptedAgent sessionAgent(Path session, List<WorkItem> items) throws IOException {
    ScriptedAgent.Builder agent = ScriptedAgent.builder().name("scripted-session").model("none (scripted session)");
    for (WorkItem item : items) {
      SpecId id = item.spec().id();
      for (int n = 1; Files.isDirectory(session.resolve(id.value()).resolve("attempt-" + n)); n++) {
        Path attempt = session.resolve(id.value()).resolve("attempt-" + n);
        Script script = Script.steps();
        try (Stream<Path> files = Files.walk(attempt)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            script = script.write(attempt.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
          }
        }
        agent.on(id, n, script.finish("replayed the recorded session for " + id + ", attempt " + n));
      }
    }
    return agent.build();
  }

  /** Makes a bare repository whose {@code main} holds the template's files in one commit. */
  static void seedRepository(Path template, Path seed, Path target) throws Exception {
    Git git =
        Git.in(seed.getParent())
            .withoutUserConfiguration()
            .withEnvironment("GIT_AUTHOR_NAME", "Quickstart")
            .withEnvironment("GIT_AUTHOR_EMAIL", "quickstart@localhost")
            .withEnvironment("GIT_COMMITTER_NAME", "Quickstart")
            .withEnvironment("GIT_COMMITTER_EMAIL", "quickstart@localhost");
    git.output("init", "--quiet", "--initial-branch=main", seed.toString());
    try (Stream<Path> files = Files.walk(template)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path to = seed.resolve(template.relativize(file).toString());
        Files.createDirectories(to.getParent());
        Files.copy(file, to);
        to.toFile().setExecutable(file.toFile().canExecute());
      }
    }
    Git inSeed = git.inDirectory(seed);
    inSeed.output("add", "--all");
    inSeed.output("commit", "--quiet", "-m", "A tiny Java project for the factory to work on");
    git.output("clone", "--quiet", "--bare", seed.toString(), target.toString());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}

package dev.darkfactory.samples.quickstart;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.factory.ConsoleProgress;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.FeedbackPolicy;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.model.ModelPipeline;
import dev.darkfactory.core.model.ModelProviders;
import dev.darkfactory.core.model.RetryInterceptor;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Runs the quickstart factory over the bundled {@code factory/} directory: specs and visible
 * scenarios in {@code factory/specs}, holdouts in {@code factory/holdouts}, the target repository
 * template in {@code factory/target-repo}, and the recorded model session in {@code
 * factory/session}.
 *
 * <p>The coding agent is the library's default, {@link ToolLoopAgent}: it builds its prompt, asks
 * the model what to do, runs the tools the model calls (in the sandbox) and sends the results
 * back. By default its model is a recorded session: each request must match the recorded one (see
 * {@link SessionCassettes}), and the recorded answer is served. With {@value #LIVE} set, the model
 * is a real provider from {@link ModelProviders}, and the conversation is recorded into the work
 * directory.
 *
 * <p>Each run starts from scratch in a work directory: a bare git repository made from the
 * template (branch {@code main}), and a state directory with the run journal, claims and reports.
 * The factory implements every spec, evaluates the candidates against visible and holdout
 * scenarios in the sandbox with the {@link HoldoutEvaluator}, and merges what the default policy
 * accepts; at the end it says what happened and prints the target branch's log.
 */
public final class Quickstart {

  /** The environment variable that runs the agent on a live model: a provider id. */
  static final String LIVE = "QUICKSTART_LIVE";

  /** The environment variable naming the live model. */
  static final String MODEL = "QUICKSTART_MODEL";

  private Quickstart() {}

  /**
   * Where the coding agent's model comes from in one run.
   *
   * <p>{@link Replay}: the recorded session. {@link Record}: a model whose conversation is
   * recorded into a directory (a live provider, or the scripted model that made the bundled
   * session).
   */
  sealed interface Coder permits Replay, Record {}

  /** Replays the cassettes in {@code session}. */
  record Replay(Path session) implements Coder {}

  /**
   * Records each attempt's conversation with {@code models.apply(spec, attempt)} into {@code
   * into}.
   *
   * @param label how the output names the model, in capitals where it matters
   * @param providerId the provider's id, recorded in the cassettes
   * @param model the model name the agent asks for
   * @param models the provider for each spec and attempt
   * @param into the session directory to write
   * @param live whether real calls are made (an isolated sandbox is then required)
   */
  record Record(
      String label,
      String providerId,
      String model,
      BiFunction<String, Integer, ModelProvider> models,
      Path into,
      boolean live)
      implements Coder {}

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
   * Runs the factory with the model the environment asks for: the recorded session, unless
   * {@value #LIVE} names a configured provider.
   *
   * @return 0 when every spec reached a terminal state (and a replay played its whole recording),
   *     1 otherwise
   */
  static int run(Path factory, Path work, PrintStream out, PrintStream err, Map<String, String> env)
      throws Exception {
    ModelProviders providers = ModelProviders.builder().environment(env).build();
    Set<String> configured = providers.configuredIds();
    String live = env.getOrDefault(LIVE, "").strip();
    if (live.isEmpty()) {
      return run(factory, work, out, err, new Replay(factory.resolve("session")), () -> describeModels(providers, out));
    }
    String id = live;
    if (Set.of("1", "true", "yes").contains(live.toLowerCase(java.util.Locale.ROOT))) {
      if (configured.size() != 1) {
        err.println(LIVE + "=" + live + " needs exactly one configured provider, but "
            + (configured.isEmpty() ? "none is" : configured + " are")
            + " configured; set " + LIVE + " to a provider id instead (one of " + providers.ids() + ").");
        return 1;
      }
      id = configured.iterator().next();
    }
    if (!providers.ids().contains(id)) {
      err.println(LIVE + "=" + live + " names no provider; the providers are " + providers.ids() + ".");
      return 1;
    }
    String model = env.getOrDefault(MODEL, "").strip();
    if (model.isEmpty()) {
      err.println(LIVE + "=" + live + " needs " + MODEL + ": the name of the " + id
          + " model the agent should use (see docs/providers.md).");
      return 1;
    }
    ModelProvider provider;
    try {
      provider = ModelPipeline.builder(providers.get(id)).interceptor(RetryInterceptor.builder().build()).build();
    } catch (IllegalArgumentException e) {
      err.println("The " + id + " provider cannot be made: " + e.getMessage());
      return 1;
    }
    Path into = work.toAbsolutePath().resolve("recorded-session");
    Record record =
        new Record("a LIVE MODEL: " + id + " " + model, id, model, (spec, attempt) -> provider, into, true);
    return run(factory, work, out, err, record, () -> {});
  }

  /**
   * Says which models the environment configures and how to run the agent on one live; the
   * quickstart replays its recorded session either way unless {@value #LIVE} is set.
   */
  static void describeModels(ModelProviders providers, PrintStream out) {
    Set<String> configured = providers.configuredIds();
    if (configured.isEmpty()) {
      out.println("No model is configured (none of the providers " + providers.ids()
          + " finds its key or base URL; see docs/providers.md). To run the agent on a live model,");
      out.println("  configure one and set " + LIVE + "=<provider> and " + MODEL + "=<model name>.");
    } else {
      out.println("A model is configured (" + String.join(", ", configured)
          + "), but the quickstart replays the recorded session unless told otherwise. To run live:");
      out.println("  " + LIVE + "=" + configured.iterator().next() + " " + MODEL + "=<model name>"
          + " ./mvnw -q -B -Pquickstart -pl samples/quickstart -am verify -DskipTests");
      out.println("  (calls the model and records its conversation into <work>/recorded-session).");
    }
  }

  /**
   * Runs the factory with the given model source.
   *
   * @param factory the factory directory
   * @param work the work directory, emptied first
   * @param out where progress and results go
   * @param err where problems go
   * @param coder where the agent's model comes from
   * @param modelNote prints what the environment offers, after the coder's description
   * @return 0 when every spec reached a terminal state (and a replay played its whole recording),
   *     1 otherwise
   */
  static int run(Path factory, Path work, PrintStream out, PrintStream err, Coder coder, Runnable modelNote)
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

    Path target = work.resolve("target.git");
    Attempts attempts = new Attempts();
    try (DirectoryWorkSource queue =
            DirectoryWorkSource.builder()
                .specsDirectory(specs)
                .holdoutsDirectory(holdouts)
                .stateDirectory(state)
                .build();
        SqliteRunStore store = SqliteRunStore.open(state)) {
      SessionCassettes cassettes;
      String model;
      if (coder instanceof Replay replay) {
        Path session = replay.session().toAbsolutePath();
        List<Path> files = SessionCassettes.cassettes(session);
        try {
          // Reads every cassette once, so a bad file stops the run before anything starts.
          model = SessionCassettes.recordedModel(session);
        } catch (InvalidInputException | IllegalStateException | java.io.UncheckedIOException e) {
          err.println("The recorded session in " + session + " cannot be replayed; nothing was run.");
          err.println(e.getMessage());
          return 1;
        }
        cassettes = SessionCassettes.replay(session);
        out.println("Coding agent: the default ToolLoopAgent. Its model is a RECORDED SESSION, not a live model:");
        out.println("  " + files.size() + " cassettes in " + session + " (model '" + model + "'),");
        out.println("  recorded from a scripted model; see samples/quickstart/README.md to record them again.");
        out.println("  The agent itself runs for real: it builds each request, runs the tools the model calls");
        out.println("  in the sandbox and sends their results. Every request must match the recorded one");
        out.println("  (host paths, dates and command times normalized), or the replay stops and says where.");
      } else {
        Record record = (Record) coder;
        model = record.model();
        cassettes = SessionCassettes.record(record.into(), record.providerId(), record.models());
        out.println("Coding agent: the default ToolLoopAgent. Its model is " + record.label() + ";");
        out.println("  each attempt's conversation is recorded into " + record.into() + ".");
      }
      modelNote.run();
      out.println();

      boolean live = coder instanceof Record r && r.live();
      Sandbox sandbox;
      try {
        sandbox = Sandboxes.defaultSandbox();
        out.println("Sandbox: " + sandbox.name() + " (isolated)");
      } catch (SandboxException e) {
        if (live) {
          err.println("A live model needs an isolated sandbox, and bubblewrap cannot isolate here: " + e.getMessage());
          return 1;
        }
        sandbox =
            UnisolatedProcessSandbox.optIn(
                "quickstart: replays its own recorded session on a machine where bubblewrap cannot isolate");
        out.println("Sandbox: NOT ISOLATED. Bubblewrap cannot isolate here (" + e.getMessage() + ").");
        out.println("  The quickstart replays only its own recorded session, so it opts out explicitly;");
        out.println("  with a live model it refuses to run like this.");
      }
      out.println();
      seedRepository(factory.resolve("target-repo"), work.resolve("seed"), target);
      GitRepository repository = GitRepository.open(target, state.resolve("workspaces"));
      Factory f =
          Factory.builder()
              .workSource(queue)
              .agent(ToolLoopAgent.builder().provider(cassettes).model(model).build())
              .sandbox(sandbox)
              .evaluator(HoldoutEvaluator.builder().build())
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.MERGE_COMMIT))
              .store(store)
              .stateDirectory(state)
              .maxAttempts(3)
              .listener(new ConsoleProgress(out))
              .listener(attempts)
              .build();
      out.println("Work queue: " + queue.items().size() + " specs; holdout scenarios: "
          + queue.items().stream().mapToInt(i -> i.scenarios().holdouts().size()).sum());
      out.println();
      RunResult result;
      try {
        result = f.runUntilIdle();
      } catch (AssertionError e) {
        out.flush();
        err.println();
        err.println("The replay stopped: the agent did not follow the recorded session.");
        err.println(e.getMessage());
        return 1;
      }

      out.println();
      out.println("Results:");
      for (SpecOutcome o : result.outcomes()) {
        out.println("  " + o.specId() + ": " + o.resolution() + " after " + o.attempts()
            + (o.attempts() == 1 ? " attempt" : " attempts") + " (" + o.reason() + ")");
      }
      out.println();
      out.println("What happened:");
      attempts.describe(out);
      out.println();
      List<String> unplayed = cassettes.unplayed();
      boolean replayed = coder instanceof Replay;
      if (replayed && unplayed.isEmpty()) {
        out.println("Replay: all " + cassettes.calls() + " recorded model calls in " + cassettes.used().size()
            + " cassettes were played, and every request matched its recording.");
      } else if (replayed) {
        out.println("Replay: the run did NOT use the whole recorded session:");
        unplayed.forEach(u -> out.println("  " + u.replace("\n", "\n  ")));
      } else {
        out.println("Recorded " + cassettes.calls() + " model calls into " + cassettes.used().size()
            + " cassettes under " + cassettes.directory() + ".");
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
      return result.outcomes().size() == queue.items().size() && unplayed.isEmpty() ? 0 : 1;
    } catch (InvalidInputException e) {
      err.println("The specs are not valid; nothing was run.");
      err.println(e.getMessage());
      return 1;
    }
  }

  /** Collects every attempt's evaluation and decision, to say afterwards what happened. */
  static final class Attempts implements dev.darkfactory.api.event.FactoryListener {
    private final List<EvaluationReport> reports = new ArrayList<>();
    private final List<FactoryEvent.DecisionMade> decisions = new ArrayList<>();

    @Override
    public synchronized void onEvent(FactoryEvent event) {
      if (event instanceof FactoryEvent.EvaluationFinished e) {
        reports.add(e.report());
      } else if (event instanceof FactoryEvent.DecisionMade d) {
        decisions.add(d);
      }
    }

    synchronized void describe(PrintStream out) {
      for (EvaluationReport r : reports) {
        String spec = r.candidate().specId().value();
        int n = r.candidate().attempt();
        List<ScenarioResult> visible = r.scenarios(Visibility.VISIBLE);
        List<ScenarioResult> hidden = r.scenarios(Visibility.HOLDOUT);
        MergeDecision.Action action =
            decisions.stream()
                .filter(d -> d.candidate().equals(r.candidate()))
                .map(d -> d.decision().action())
                .findFirst()
                .orElse(null);
        out.println("  " + spec + ", attempt " + n + ": visible scenarios " + passed(visible) + " of "
            + visible.size() + " passed, holdouts " + passed(hidden) + " of " + hidden.size()
            + " passed; verdict " + r.verdict() + "; decision " + (action == null ? "none" : action) + ".");
        List<String> failedHoldouts =
            hidden.stream().filter(s -> s.verdict() != Verdict.PASS).map(s -> s.id().value()).toList();
        if (passed(visible) == visible.size() && !failedHoldouts.isEmpty()) {
          out.println("    Caught by a holdout: every visible scenario passed, but hidden "
              + String.join(", ", failedHoldouts) + " failed.");
        }
        if (action == MergeDecision.Action.RETRY) {
          Feedback told = FeedbackPolicy.countsOnly().feedback(r);
          out.println("    The next attempt was told only: \"" + told.summary()
              + "\", plus the notes this attempt left; never which holdout failed or what it checks.");
        }
      }
    }

    private static long passed(List<ScenarioResult> scenarios) {
      return scenarios.stream().filter(s -> s.verdict() == Verdict.PASS).count();
    }
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

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}

package dev.darkfactory.benchmarks;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.sandbox.UnisolatedProcessSandbox;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.temporal.FactoryWorker;
import dev.darkfactory.temporal.SpecState;
import dev.darkfactory.temporal.SpecTask;
import dev.darkfactory.temporal.TemporalFactory;
import dev.darkfactory.temporal.TemporalRun;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import dev.darkfactory.testkit.factory.TestSpec;
import dev.darkfactory.testkit.git.TestRepository;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Throughput of the Temporal engine with 1, 2 and 4 {@link FactoryWorker}s on one machine, as a
 * ratio to one worker: the figure issue 11's "done when" asks for. Absolute times depend on the
 * machine; the ratio says what adding workers buys.
 *
 * <p>Each run builds a fresh world: a bare repository with a README on {@code main}, {@code M}
 * specs each asking for its own file {@code <id>.txt} (a visible scenario checks it exists, a
 * holdout checks its content), and one state directory (SQLite journal, work-source queue). In
 * this JVM, {@code N} workers poll one task queue of Temporal's in-process test server (without
 * time skipping, so every wait is real); each has its own {@link Factory}: its own owner, its own
 * workspaces directory and its own store connection, sharing the bare repository, the specs and
 * holdouts and the state directory, as workers on one machine would. Each factory has a {@link
 * ScriptedAgent} that writes the spec's file after a simulated model latency, the real {@link
 * HoldoutEvaluator} in the bubblewrap sandbox (or {@link UnisolatedProcessSandbox#optIn} where
 * bubblewrap cannot isolate; the output says which), {@link VerdictPolicy#defaults()} and a
 * merge-commit integrator into {@code main}. A separate scheduler ({@link TemporalFactory})
 * starts one workflow per spec; the figure is the wall time of its {@link
 * TemporalFactory#runUntilIdle()}, from the call to its return. Every spec must end MERGED and
 * {@code main} must hold every file, or the benchmark fails.
 *
 * <p>The scheduler keeps as many specs in flight as there are workers ({@link
 * TemporalFactory.Builder#maxInFlight}), as N embedded factories would work on N specs. Merges
 * still race: the loser of the compare-and-swap rebases its candidate onto the moved target and
 * evaluates it again. (With every spec in flight at once, their steps interleave on the task
 * queue and most candidates go stale before their merge: 28 rebases for 16 specs with one worker,
 * which is why the limit exists.) The benchmark counts those rebases ({@link Step.Kind#REBASED} in the run's journal) and, from the workflows'
 * histories, how long the workers spent in each step (seconds and activities per step), because
 * both explain the scaling.
 *
 * <p>Run: {@code ./mvnw -q -B -Pbench -Dbench=TemporalScalingBenchmark -pl benchmarks -am verify
 * -DskipTests} ({@code -Dspecs=M}, default 16; {@code -Dlatency=ms} of simulated model latency per
 * agent attempt, default 500; {@code -Drepeats=R} runs per worker count, median reported, default
 * 2; {@code -Dworkers=1,2,4}; {@code -DmaxRebases=K}, default 10: with the factory's 3, four workers on two cores
 * held 2 of 16 specs for a human after the target moved three times during their evaluation;
 * {@code -DinFlight=K} specs in flight, default the number of workers).
 */
public final class TemporalScalingBenchmark {

  private static final String TARGET = "main";
  private static final String QUEUE = "scaling-bench";
  private static final List<String> STEPS =
      List.of("Claim", "Implement", "Evaluate", "Decide", "Integrate", "Review");

  private TemporalScalingBenchmark() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) throws Exception {
    int specs = Integer.getInteger("specs", 16);
    long latency = Long.getLong("latency", 500);
    int repeats = Integer.getInteger("repeats", 2);
    // Not the factory's 3: with four workers on two cores, evaluations slow down and two of 16
    // specs saw the target move three times while they were evaluated, and were held for a human
    // (as designed). A throughput figure needs every spec merged.
    int maxRebases = Integer.getInteger("maxRebases", 10);
    int[] workers =
        Arrays.stream(System.getProperty("workers", "1,2,4").split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    BubblewrapSandbox bwrap = BubblewrapSandbox.builder().build();
    boolean isolated = bwrap.doctor().isolates();
    String sandboxName = isolated ? "bubblewrap" : "unisolated (bubblewrap cannot isolate: " + bwrap.doctor().details() + ")";
    Config config = new Config(specs, latency, maxRebases, isolated);

    System.out.printf(Locale.ROOT,
        "Temporal scaling: %d specs per run, %d ms simulated model latency per attempt, sandbox %s, "
            + "%d cores, maxRebases %d, specs in flight %s, %d repeat(s) per worker count%n",
        specs, latency, sandboxName, Runtime.getRuntime().availableProcessors(), maxRebases,
        Integer.getInteger("inFlight") == null ? "= workers" : Integer.getInteger("inFlight").toString(), repeats);

    Path root = Files.createTempDirectory("temporal-scaling-bench").toAbsolutePath();
    try {
      // Warm up once (JIT, the sqlite native library, the test server, bubblewrap's page cache).
      run(root.resolve("warm"), 2, new Config(3, latency, maxRebases, isolated));
      Map<Integer, List<Result>> results = new TreeMap<>();
      for (int r = 1; r <= repeats; r++) {
        // Worker counts interleave within a repeat, so a slow spell of the machine spreads over all.
        for (int n : workers) {
          Result result = run(root.resolve("r" + r + "-w" + n), n, config);
          results.computeIfAbsent(n, k -> new ArrayList<>()).add(result);
          System.out.printf(Locale.ROOT, "%n%d worker(s), repeat %d: %.1f s wall, %.1f specs/min, %d rebases, %d evaluations%n",
              n, r, result.wallSeconds(), result.perMinute(specs), result.rebases(), result.evaluations());
          System.out.println("  " + result.breakdown(n));
        }
      }
      printTable(results, config);
    } finally {
      deleteTree(root);
    }
  }

  /** What one run measured. */
  record Result(
      double wallSeconds,
      int rebases,
      int evaluations,
      Map<String, Double> busySeconds,
      Map<String, Integer> activities,
      double queuedSeconds,
      Map<String, Integer> activitiesPerWorker) {

    double perMinute(int specs) {
      return specs * 60 / wallSeconds;
    }

    String breakdown(int workers) {
      double busy = busySeconds.values().stream().mapToDouble(Double::doubleValue).sum();
      String steps =
          STEPS.stream()
              .map(s -> String.format(Locale.ROOT, "%s %.1f/%d", s.toLowerCase(Locale.ROOT), busySeconds.getOrDefault(s, 0.0), activities.getOrDefault(s, 0)))
              .collect(Collectors.joining(", "));
      return String.format(Locale.ROOT,
          "worker seconds/activities by step: %s; busy %.0f%% of %d worker(s) x wall; activities waited %.1f s for a worker (summed); activities per worker %s",
          steps, 100 * busy / (workers * wallSeconds), workers, queuedSeconds, activitiesPerWorker);
    }
  }

  /** The parameters every run of one benchmark shares. */
  record Config(int specs, long latencyMillis, int maxRebases, boolean isolated) {}

  private static void printTable(Map<Integer, List<Result>> results, Config config) {
    double base = 0;
    System.out.printf(Locale.ROOT, "%nthroughput with N workers, %d specs, %d ms model latency, median of %d run(s):%n",
        config.specs(), config.latencyMillis(), results.values().iterator().next().size());
    System.out.printf(Locale.ROOT, "  %-8s %8s %10s %10s %8s %11s%n", "workers", "wall s", "specs/min", "ratio", "rebases", "evaluations");
    for (var e : results.entrySet()) {
      int n = e.getKey();
      double wall = median(e.getValue().stream().mapToDouble(Result::wallSeconds).toArray());
      double perMinute = config.specs() * 60 / wall;
      if (base == 0) {
        base = perMinute;
      }
      System.out.printf(Locale.ROOT, "  %-8d %8.1f %10.1f %9.2fx %8.1f %11.1f%n",
          n, wall, perMinute, perMinute / base,
          median(e.getValue().stream().mapToDouble(Result::rebases).toArray()),
          median(e.getValue().stream().mapToDouble(Result::evaluations).toArray()));
    }
    System.out.printf(Locale.ROOT, "  (ratio: specs/min over the first row's; %d cores)%n", Runtime.getRuntime().availableProcessors());
  }

  /** One run: a fresh world, {@code n} workers, one scheduler; returns what it measured. */
  static Result run(Path dir, int n, Config config) throws Exception {
    World world = World.create(dir, config.specs());
    List<AutoCloseable> open = new ArrayList<>();
    List<FactoryWorker> started = new ArrayList<>();
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    try {
      WorkflowClient client = env.getWorkflowClient();
      for (int k = 1; k <= n; k++) {
        String owner = "worker-" + k;
        FactoryWorker worker =
            FactoryWorker.builder()
                .client(client)
                .factory(world.factory(owner, config, open))
                .taskQueue(QUEUE)
                .identity(owner)
                .build();
        started.add(worker);
        worker.start();
      }
      TemporalFactory scheduler =
          TemporalFactory.builder()
              .client(client)
              .factory(world.factory("scheduler", config, open))
              .taskQueue(QUEUE)
              .settings(SpecTask.Settings.defaults().withRetryInterval(Duration.ofMillis(100)))
              .maxInFlight(Integer.getInteger("inFlight", n))
              .build();

      long start = System.nanoTime();
      TemporalRun run = scheduler.runUntilIdle();
      double wall = (System.nanoTime() - start) / 1e9;

      check(run, world, config.specs());
      SqliteRunStore store = SqliteRunStore.open(world.state);
      open.add(store);
      List<JournalEntry> entries = store.entries(run.runId());
      int rebases = (int) entries.stream().filter(e -> e.step().kind() == Step.Kind.REBASED).count();
      int evaluations = (int) entries.stream().filter(e -> e.step().kind() == Step.Kind.EVALUATED).count();
      return timeByStep(client, scheduler, world, wall, rebases, evaluations);
    } finally {
      for (FactoryWorker w : started) {
        w.shutdown(Duration.ofSeconds(10));
      }
      env.close();
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  /** Fails loudly unless every spec merged and the target holds every file. */
  private static void check(TemporalRun run, World world, int specs) throws InterruptedException {
    if (!run.failed().isEmpty()) {
      throw new IllegalStateException("workflows failed: " + run.failed());
    }
    List<SpecState> notMerged = run.settled().stream().filter(s -> s.resolution() != Resolution.MERGED).toList();
    if (run.settled().size() != specs || !notMerged.isEmpty()) {
      throw new IllegalStateException(
          "expected " + specs + " specs MERGED but " + run.settled().size() + " settled; not merged: " + notMerged);
    }
    Set<String> files = Set.of(world.git("ls-tree", "--name-only", TARGET).split("\n"));
    List<String> missing = world.ids.stream().map(id -> id + ".txt").filter(f -> !files.contains(f)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(TARGET + " lacks " + missing + "; it holds " + files);
    }
  }

  /**
   * Reads every spec's workflow history: how long each activity ran (started to completed, on a
   * worker) by step, how long activities waited for a worker (scheduled to started), and how many
   * activities each worker ran.
   */
  private static Result timeByStep(
      WorkflowClient client, TemporalFactory scheduler, World world, double wall, int rebases, int evaluations) {
    Map<String, Double> busy = new LinkedHashMap<>();
    Map<String, Integer> activities = new HashMap<>();
    Map<String, Integer> perWorker = new TreeMap<>();
    double queued = 0;
    for (String id : world.ids) {
      Map<Long, HistoryEvent> byId = new HashMap<>();
      for (HistoryEvent e : client.fetchHistory(scheduler.workflowId(SpecId.of(id))).getEvents()) {
        byId.put(e.getEventId(), e);
        if (e.hasActivityTaskStartedEventAttributes()) {
          perWorker.merge(e.getActivityTaskStartedEventAttributes().getIdentity(), 1, Integer::sum);
        }
        if (e.hasActivityTaskCompletedEventAttributes()) {
          var done = e.getActivityTaskCompletedEventAttributes();
          HistoryEvent scheduled = byId.get(done.getScheduledEventId());
          HistoryEvent started = byId.get(done.getStartedEventId());
          String step = scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName().replace("DarkFactory", "");
          busy.merge(step, seconds(e) - seconds(started), Double::sum);
          activities.merge(step, 1, Integer::sum);
          queued += seconds(started) - seconds(scheduled);
        }
      }
    }
    return new Result(wall, rebases, evaluations, busy, activities, queued, perWorker);
  }

  private static double seconds(HistoryEvent e) {
    return e.getEventTime().getSeconds() + e.getEventTime().getNanos() / 1e9;
  }

  /** A bare target repository, specs, holdouts and a state directory that every factory shares. */
  private static final class World {
    final Path bare;
    final Path specs;
    final Path holdouts;
    final Path state;
    final List<String> ids;

    private World(Path dir, List<String> ids) {
      this.bare = dir.resolve("git").resolve("repo.git");
      this.specs = dir.resolve("specs");
      this.holdouts = dir.resolve("holdouts");
      this.state = dir.resolve("state");
      this.ids = ids;
    }

    static World create(Path dir, int count) throws IOException, InterruptedException {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ids.add(String.format(Locale.ROOT, "s%02d", i));
      }
      World w = new World(dir, ids);
      TestRepository.create(dir.resolve("git"), TARGET, Map.of("README.md", "a target\n"));
      Files.createDirectories(w.specs);
      Files.createDirectories(w.holdouts);
      Files.createDirectories(w.state);
      for (String id : ids) {
        spec(id).write(w.specs, w.holdouts);
      }
      return w;
    }

    /** What spec {@code id}'s file must hold. */
    static String content(String id) {
      return "greeting from " + id;
    }

    /** A spec to write {@code <id>.txt}; the visible scenario checks it exists, the holdout its content. */
    static TestSpec spec(String id) {
      return TestSpec.fileWithContent(id, content(id));
    }

    /**
     * A factory on the shared directories with its own owner, workspaces directory, store
     * connection, work-source handle, sandbox and agent; what it opens goes to {@code open}.
     */
    Factory factory(String owner, Config config, List<AutoCloseable> open) throws Exception {
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
      GitRepository repository = GitRepository.open(bare, state.resolve("workspaces-" + owner));
      return Factory.builder()
          .workSource(work)
          .agent(agent(config.latencyMillis()))
          .sandbox(sandbox(config.isolated()))
          .evaluator(HoldoutEvaluator.builder().build())
          .mergePolicy(VerdictPolicy.defaults())
          .repository(repository)
          .integrator(GitIntegrator.local(repository, TARGET, MergeStyle.MERGE_COMMIT))
          .store(store)
          .stateDirectory(state)
          .owner(owner)
          // A spec that loses the merge race more often than this is held for a human, which
          // would end the benchmark; it measures throughput when every spec lands.
          .maxRebases(config.maxRebases())
          .build();
    }

    /**
     * An agent that waits {@code latency} ms and writes the spec's file. The timed wait stands
     * for the model call: in a benchmark of the engine a sleep is what a remote model costs the
     * worker (it holds the worker's one step slot and no CPU).
     */
    static ScriptedAgent agent(long latency) {
      return ScriptedAgent.builder()
          .otherwise(
              Script.steps()
                  .perform(
                      (assignment, context) -> {
                        Thread.sleep(latency);
                        String id = assignment.spec().id().value();
                        Files.writeString(context.workspace().resolve(id + ".txt"), content(id) + "\n");
                      })
                  .finish("wrote the file"))
          .build();
    }

    static Sandbox sandbox(boolean isolated) {
      return isolated
          ? BubblewrapSandbox.builder().build()
          : UnisolatedProcessSandbox.optIn("TemporalScalingBenchmark on a machine where bubblewrap cannot isolate");
    }

    String git(String... args) throws InterruptedException {
      return Git.in(bare).withoutUserConfiguration().output(args).strip();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  /** Deletes the runs' directories; what cannot be deleted stays, with a note. */
  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("could not delete " + root + ": " + e);
    }
  }
}

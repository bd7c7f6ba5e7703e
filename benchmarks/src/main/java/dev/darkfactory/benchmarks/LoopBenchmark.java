package dev.darkfactory.benchmarks;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.CommandEvaluator;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The factory loop's overhead per work item, as a ratio to a shell script that performs the same
 * git and sandbox steps, and a queue of 10,000 specs handled in a 256 MB heap.
 *
 * <p>Each work item: a spec asking for one file; a scripted agent writes it; the candidate is
 * committed to its branch; a command scenario ({@code test -f}) runs in bubblewrap over a fresh
 * checkout of the candidate; the verdict policy merges it (fast-forward). The script does the
 * same with git plumbing and the same bubblewrap arguments, without journal, events, claims or
 * reports: what the factory adds is the difference.
 *
 * <p>Run: {@code ./mvnw -q -B -Pbench -Dbench=LoopBenchmark -pl benchmarks -am verify
 * -DskipTests} ({@code -Dspecs=N} items per round, default 40; {@code -Drounds=R}, default 3;
 * {@code -Dqueue=10000} runs the queue test instead, in a child JVM with {@code -Xmx256m}).
 */
public final class LoopBenchmark {

  private LoopBenchmark() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) throws Exception {
    BubblewrapSandbox sandbox = BubblewrapSandbox.builder().build();
    if (!sandbox.doctor().isolates()) {
      System.out.println("bubblewrap cannot isolate here: " + sandbox.doctor().details());
      return;
    }
    Path root = Files.createTempDirectory("loop-bench").toAbsolutePath();
    int queue = Integer.getInteger("queue", 0);
    if (queue > 0) {
      queueInChild(root, queue);
      return;
    }
    int specs = Integer.getInteger("specs", 40);
    int rounds = Integer.getInteger("rounds", 3);
    // Warm up both paths once (JIT, page cache, the sqlite native library).
    factoryRun(root.resolve("warm-f"), 5, sandbox);
    scriptRun(root.resolve("warm-s"), 5, sandbox);
    double[] factory = new double[rounds];
    double[] script = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      factory[r] = factoryRun(root.resolve("f" + r), specs, sandbox) / specs;
      script[r] = scriptRun(root.resolve("s" + r), specs, sandbox) / specs;
      System.out.printf(Locale.ROOT, "round %d: factory %.1f ms/item, script %.1f ms/item%n", r + 1, factory[r], script[r]);
    }
    double f = median(factory);
    double s = median(script);
    System.out.printf(Locale.ROOT, "%nloop overhead, %d items per round, median of %d rounds:%n", specs, rounds);
    System.out.printf(Locale.ROOT, "  factory loop:   %.1f ms per item%n", f);
    System.out.printf(Locale.ROOT, "  shell script:   %.1f ms per item%n", s);
    System.out.printf(Locale.ROOT, "  ratio:          %.2fx%n", f / s);
  }

  /** Runs the factory over {@code n} fresh specs; returns the wall time in milliseconds. */
  static double factoryRun(Path dir, int n, Sandbox sandbox) throws Exception {
    Path bare = seed(dir);
    Path specs = writeSpecs(dir, n);
    Path state = dir.resolve("state");
    ScriptedAgent agent =
        ScriptedAgent.builder()
            .otherwise(
                Script.steps()
                    .perform(
                        (assignment, context) -> {
                          int i = Integer.parseInt(assignment.spec().id().value().substring(1));
                          Files.writeString(context.workspace().resolve(file(i)), "content " + i + "\n");
                        })
                    .finish("done"))
            .build();
    try (DirectoryWorkSource work =
            DirectoryWorkSource.builder()
                .specsDirectory(specs)
                .holdoutsDirectory(Files.createDirectories(dir.resolve("holdouts")))
                .stateDirectory(state)
                .build();
        SqliteRunStore store = SqliteRunStore.open(state)) {
      GitRepository repository = GitRepository.open(bare, state.resolve("workspaces"));
      Factory factory =
          Factory.builder()
              .workSource(work)
              .agent(agent)
              .sandbox(sandbox)
              .evaluator(new CommandEvaluator())
              .mergePolicy(VerdictPolicy.defaults())
              .repository(repository)
              .integrator(GitIntegrator.local(repository, "main", MergeStyle.FAST_FORWARD))
              .store(store)
              .stateDirectory(state)
              .build();
      long start = System.nanoTime();
      RunResult result = factory.runUntilIdle();
      double millis = (System.nanoTime() - start) / 1e6;
      if (result.count(Resolution.MERGED) != n) {
        throw new IllegalStateException("expected " + n + " merges but got " + result.outcomes());
      }
      return millis;
    }
  }

  /** Runs the equivalent shell script; returns the wall time in milliseconds. */
  static double scriptRun(Path dir, int n, BubblewrapSandbox sandbox) throws Exception {
    Path bare = seed(dir);
    Path ws = Files.createDirectories(dir.resolve("ws"));
    StringBuilder sh = new StringBuilder("set -e\nR=" + bare + "\nZ=" + "0".repeat(40) + "\n");
    for (int i = 0; i < n; i++) {
      Path a = ws.resolve("a" + i);
      Path e = ws.resolve("e" + i);
      List<String> bwrap =
          sandbox.bubblewrapCommand(
              new ExecRequest(e.resolve("tree"), ".", List.of("sh", "-c", "test -f " + file(i)),
                  java.util.Map.of(), "", Duration.ofSeconds(30), SandboxPolicy.strict()));
      sh.append("base=$(git -C $R rev-parse refs/heads/main)\n");
      sh.append("mkdir -p ").append(a).append("/tree\n");
      sh.append("export GIT_DIR=$R GIT_WORK_TREE=").append(a).append("/tree GIT_INDEX_FILE=").append(a).append("/index\n");
      sh.append("git read-tree -u --reset $base\n");
      sh.append("printf 'content ").append(i).append("\\n' > ").append(a).append("/tree/").append(file(i)).append("\n");
      sh.append("(cd ").append(a).append("/tree && git add --all --force -- .)\n");
      sh.append("tree=$(git write-tree)\n");
      sh.append("unset GIT_WORK_TREE GIT_INDEX_FILE\n");
      sh.append("commit=$(printf 'spec s").append(i).append("\\n' | GIT_AUTHOR_NAME=f GIT_AUTHOR_EMAIL=f@l GIT_COMMITTER_NAME=f GIT_COMMITTER_EMAIL=f@l git commit-tree $tree -p $base -F -)\n");
      sh.append("git update-ref refs/heads/factory/s").append(i).append("/attempt-1 $commit $Z\n");
      sh.append("rm -rf ").append(a).append("\n");
      sh.append("mkdir -p ").append(e).append("/tree\n");
      sh.append("GIT_WORK_TREE=").append(e).append("/tree GIT_INDEX_FILE=").append(e).append("/index git read-tree -u --reset $commit\n");
      sh.append("unset GIT_DIR\n");
      sh.append(bwrap.stream().map(LoopBenchmark::quote).collect(Collectors.joining(" "))).append(" >/dev/null\n");
      sh.append("rm -rf ").append(e).append("\n");
      sh.append("git -C $R update-ref refs/heads/main $commit $base\n");
    }
    Path script = dir.resolve("loop.sh");
    Files.writeString(script, sh.toString(), StandardCharsets.UTF_8);
    long start = System.nanoTime();
    Process p = new ProcessBuilder("sh", script.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the script failed: " + script);
    }
    double millis = (System.nanoTime() - start) / 1e6;
    int merged = Git.in(bare).output("rev-list", "--count", "main").equals(String.valueOf(n + 1)) ? n : -1;
    if (merged != n) {
      throw new IllegalStateException("the script did not land " + n + " commits");
    }
    return millis;
  }

  /** Runs {@link QueueRun} in a JVM with a 256 MB heap and prints what it reports. */
  private static void queueInChild(Path root, int n) throws Exception {
    String classpath =
        Arrays.stream(((URLClassLoader) LoopBenchmark.class.getClassLoader()).getURLs())
            .map(LoopBenchmark::file)
            .collect(Collectors.joining(java.io.File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-Djdk.lang.Process.launchMechanism="
            + System.getProperty("jdk.lang.Process.launchMechanism", "POSIX_SPAWN"),
        "-cp",
        classpath,
        QueueRun.class.getName(),
        root.toString(),
        String.valueOf(n)));
    System.out.println("queue of " + n + " specs in a child JVM with -Xmx256m ...");
    Process p = new ProcessBuilder(command).inheritIO().start();
    int status = p.waitFor();
    System.out.println("child exit status " + status);
  }

  /** The queue test's child: {@code <dir> <n>}. */
  public static final class QueueRun {
    private QueueRun() {}

    /** Runs {@code n} specs through the loop and prints time and peak heap. */
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]).resolve("queue");
      int n = Integer.parseInt(args[1]);
      BubblewrapSandbox sandbox = BubblewrapSandbox.builder().build();
      double millis = factoryRun(dir, n, sandbox);
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(Locale.ROOT, "queue: %d specs merged in %.0f s (%.1f ms per item); max heap %d MB, peak heap used %d MB%n",
          n, millis / 1000, millis / n, Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }
  }

  private static String file(URL url) {
    try {
      return Path.of(url.toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path seed(Path dir) throws Exception {
    Path seed = dir.resolve("seed");
    Path bare = dir.resolve("repo.git");
    Files.createDirectories(seed);
    Git git = Git.in(seed).withoutUserConfiguration()
        .withEnvironment("GIT_AUTHOR_NAME", "b").withEnvironment("GIT_AUTHOR_EMAIL", "b@l")
        .withEnvironment("GIT_COMMITTER_NAME", "b").withEnvironment("GIT_COMMITTER_EMAIL", "b@l");
    git.output("init", "--quiet", "--initial-branch=main");
    for (int i = 0; i < 20; i++) {
      Files.writeString(seed.resolve("src" + i + ".txt"), "source " + i + "\n");
    }
    git.output("add", "--all");
    git.output("commit", "--quiet", "-m", "seed");
    git.output("clone", "--quiet", "--bare", seed.toString(), bare.toString());
    Git.in(bare).output("config", "gc.auto", "0");
    return bare;
  }

  private static Path writeSpecs(Path dir, int n) throws IOException {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    for (int i = 0; i < n; i++) {
      Files.writeString(specs.resolve("s" + i + ".md"),
          "---\nid: s" + i + "\ntitle: Write " + file(i) + "\n---\n# Write " + file(i) + "\n\n## Goal\n\nWrite `content " + i + "` to `" + file(i) + "`.\n\n## Acceptance\n\n- s" + i + "-exists\n");
      Files.writeString(specs.resolve("s" + i + ".scenarios.yaml"),
          "spec: s" + i + "\nscenarios:\n  - id: s" + i + "-exists\n    title: The file exists\n    timeout: 30s\n    check:\n      kind: command\n      run: test -f " + file(i) + "\n");
    }
    return specs;
  }

  /**
   * The file spec {@code i} writes: one of 50, so the target repository stays the same size
   * however many items run, and checkouts cost the same for the first item and the 10,000th.
   */
  static String file(int i) {
    return "slot" + (i % 50) + ".txt";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

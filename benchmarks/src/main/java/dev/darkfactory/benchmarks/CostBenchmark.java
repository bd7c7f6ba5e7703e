package dev.darkfactory.benchmarks;

import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.benchmarks.CostRecording.Manifest;
import dev.darkfactory.benchmarks.CostRecording.Session;
import dev.darkfactory.benchmarks.CostRecording.SpecRecording;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.EscalatingRouter;
import dev.darkfactory.core.agent.LoopDetection;
import dev.darkfactory.core.agent.ToolLoopAgent;
import dev.darkfactory.core.agent.tool.DefaultTools;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.model.ModelHints;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The cost per merged spec with neither prompt caching nor model routing (A), with caching (B),
 * and with both (C), over recorded multi-turn coding sessions replayed through the real {@link
 * ToolLoopAgent}, priced with the bundled {@link PriceCatalog}. The target: C at least 5 times
 * cheaper than A, with the same merge outcomes; the main fails when it is not.
 *
 * <ul>
 *   <li>A: {@code claude-sonnet-4-5} on every turn, with {@link ModelHints#PROMPT_CACHING} {@code
 *       off} in the agent's metadata;
 *   <li>B: {@code claude-sonnet-4-5} on every turn, caching on (the default);
 *   <li>C: caching on and {@code EscalatingRouter.builder("claude-haiku-4-5",
 *       "claude-sonnet-4-5")} with its defaults: the strong model from the first turn of an attempt
 *       after a sent-back one, after a loop warning, after three failed tool rounds in a row.
 * </ul>
 *
 * <p>The sessions are JSON files ({@link CostRecording}) that {@link CostSessionGenerator} writes
 * once from a seed into {@code benchmarks/target/cost-sessions/seed-<seed>-specs-<n>/}; later runs
 * replay the files. Under A and B each spec is the strong model's recorded attempt, which merges;
 * under C, the cheap model's attempt, which merges on easy specs, and on hard ones (30%) fails
 * evaluation, so the strong model's attempt follows with the feedback. The agent builds the real
 * prompt (system prompt, tools, the first message with the spec and the workspace's AGENTS.md),
 * routes, sets the cache key and runs the loop; {@link CostReplay} answers each request with the
 * recorded turn, bills it as Anthropic would, and plays back each tool's recorded output. No-progress
 * detection is off (the replayed tools change nothing); loop detection is on.
 *
 * <p>Run: {@code ./mvnw -q -B -o -Pbench -Dbench=CostBenchmark -pl benchmarks -am verify
 * -DskipTests}; {@code -Dspecs=30 -Dseed=20261124} are the defaults; {@code -Dsessions=<dir>}
 * replays another directory of session files in the same format (nothing is generated there).
 */
public final class CostBenchmark {

  static final String STRONG = "claude-sonnet-4-5";
  static final String CHEAP = "claude-haiku-4-5";
  static final double TARGET = 5.0;

  private static final CommitId BASE = CommitId.of("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:00:00Z"), ZoneOffset.UTC);

  private CostBenchmark() {}

  /** A configuration of the agent. */
  record Config(String name, String label, boolean caching, boolean routing) {}

  /** What one configuration cost and how its specs ended. */
  record Result(
      Config config,
      int attempts,
      long calls,
      BigDecimal cost,
      List<Boolean> merged,
      double meanHitRate,
      Usage usage,
      Map<String, CostReplay.Totals> byModel,
      Map<String, Integer> routing,
      int cacheHitLow,
      double meanExpectedHitRate,
      List<BigDecimal> firstAttempts,
      CostReplay replay) {

    int mergedCount() {
      return (int) merged.stream().filter(m -> m).count();
    }

    BigDecimal perMerged() {
      return mergedCount() == 0 ? BigDecimal.ZERO : cost.divide(BigDecimal.valueOf(mergedCount()), 6, RoundingMode.HALF_EVEN);
    }
  }

  /** Runs the benchmark, prints the figures, and fails when the target is missed. */
  public static void main(String[] args) throws Exception {
    long seed = Long.getLong("seed", 20261124L);
    int specCount = Integer.getInteger("specs", 30);
    String given = System.getProperty("sessions");
    Path dir;
    if (given != null) {
      dir = Path.of(given).toAbsolutePath();
    } else {
      dir = target().resolve("cost-sessions").resolve("seed-" + seed + "-specs-" + specCount);
      if (!current(dir, seed, specCount)) {
        long start = System.nanoTime();
        new CostSessionGenerator(seed, STRONG, CHEAP).write(dir, specCount);
        System.out.printf(Locale.ROOT, "wrote the sessions to %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
      }
    }
    long start = System.nanoTime();
    List<SpecRecording> specs = CostRecording.readSpecs(dir);
    if (specs.isEmpty()) {
      throw new IllegalStateException("no spec-NN.json files in " + dir);
    }
    Path workspace = target().resolve("cost-workspace");
    Files.createDirectories(workspace);
    Files.writeString(workspace.resolve("AGENTS.md"), CostRecording.agentsFile(dir), StandardCharsets.UTF_8);

    PriceCatalog prices = PriceCatalog.bundled();
    List<Result> results = new ArrayList<>();
    for (Config c :
        List.of(
            new Config("A", "no caching, no routing", false, false),
            new Config("B", "caching", true, false),
            new Config("C", "caching + routing", true, true))) {
      results.add(run(c, specs, workspace, prices));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    print(results, specs, dir, prices, seed, specCount, given, seconds);
    check(results, given == null);
  }

  /** Replays every spec under one configuration. */
  static Result run(Config config, List<SpecRecording> specs, Path root, PriceCatalog prices)
      throws InterruptedException {
    CostReplay replay = new CostReplay(prices);
    List<AgentEvent> events = new CopyOnWriteArrayList<>();
    ToolLoopAgent.Builder builder =
        ToolLoopAgent.builder()
            .name("cost-replay-" + config.name())
            .provider(replay)
            .loopDetection(LoopDetection.defaults().withNoProgressRounds(0))
            .listener(events::add);
    for (var tool : replay.tools(DefaultTools.standard().all())) {
      builder.tool(tool); // same name and spec as the default, so it replaces it in place
    }
    if (config.routing()) {
      builder.router(EscalatingRouter.builder(CHEAP, STRONG).build());
    } else {
      builder.model(STRONG);
    }
    if (!config.caching()) {
      builder.metadata(ModelHints.PROMPT_CACHING, "off");
    }
    ToolLoopAgent agent = builder.build();

    int attempts = 0;
    List<Boolean> merged = new ArrayList<>();
    List<Double> hitRates = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    List<BigDecimal> firstAttempts = new ArrayList<>();
    Map<String, Integer> routing = new TreeMap<>();
    int cacheHitLow = 0;
    for (SpecRecording rec : specs) {
      Spec spec = rec.spec().toSpec();
      List<Scenario> scenarios = rec.spec().visibleScenarios();
      List<Session> plan = rec.plan(config.routing() ? "routed" : "strong");
      List<Feedback> feedback = new ArrayList<>();
      boolean done = false;
      for (int i = 0; i < plan.size() && !done; i++) {
        int attempt = i + 1;
        Session session = plan.get(i);
        String branch = "factory/" + spec.id() + "/attempt-" + attempt;
        Assignment assignment =
            new Assignment(spec, scenarios, new RepositoryContext("main", BASE, branch), attempt, feedback);
        List<String> notes = new ArrayList<>();
        events.clear();
        replay.begin(config.name() + " " + spec.id() + " attempt " + attempt, session);
        BigDecimal before = replay.spent();
        AgentOutcome outcome = agent.implement(assignment, context(root, branch, notes));
        replay.end();
        if (attempt == 1) {
          firstAttempts.add(replay.spent().subtract(before));
        }
        attempts++;
        if (!(outcome instanceof AgentOutcome.Finished)) {
          throw new IllegalStateException(
              config.name() + " " + spec.id() + " attempt " + attempt + " ended as " + describe(outcome)
                  + "; the replay's problems: " + replay.problems());
        }
        for (AgentEvent e : events) {
          if (e instanceof AgentEvent.CacheReport r) {
            hitRates.add(r.hitRate());
            expected.add(r.expectedHitRate());
          } else if (e instanceof AgentEvent.CacheHitLow) {
            cacheHitLow++;
          } else if (e instanceof AgentEvent.ModelRouted r && config.routing()) {
            routing.merge(reason(r.reason()) + " -> " + r.to(), 1, Integer::sum);
          }
        }
        if (session.evaluation().merged()) {
          done = true;
        } else {
          feedback.add(session.evaluation().feedback(attempt, notes));
        }
      }
      merged.add(done);
    }
    if (!replay.problems().isEmpty()) {
      throw new IllegalStateException(
          "the agent did not follow the recording under " + config.name() + ": " + replay.problems());
    }
    long calls = 0;
    BigDecimal cost = BigDecimal.ZERO;
    Usage usage = Usage.ZERO;
    for (CostReplay.Totals t : replay.totals().values()) {
      calls += t.calls;
      cost = cost.add(t.cost);
      usage = usage.plus(t.usage);
    }
    double mean = hitRates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double meanExpected = expected.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return new Result(
        config, attempts, calls, cost, merged, mean, usage, replay.totals(), routing, cacheHitLow, meanExpected,
        firstAttempts, replay);
  }

  private static String describe(AgentOutcome outcome) {
    if (outcome instanceof AgentOutcome.Failed f) {
      return "Failed: " + f.error();
    }
    if (outcome instanceof AgentOutcome.Aborted a) {
      return "Aborted(" + a.cause() + "): " + a.detail();
    }
    if (outcome instanceof AgentOutcome.LimitReached l) {
      return "LimitReached(" + l.limit() + "): " + l.detail();
    }
    if (outcome instanceof AgentOutcome.GaveUp g) {
      return "GaveUp: " + g.reason();
    }
    return outcome.getClass().getSimpleName();
  }

  /** The router's reason without the attempt's details. */
  private static String reason(String reason) {
    if (reason.startsWith("escalated: attempt")) {
      return "escalated: the earlier attempt was sent back";
    }
    if (reason.contains("tool rounds in a row")) {
      return "escalated: failed tool rounds in a row";
    }
    return reason;
  }

  private static void print(
      List<Result> results,
      List<SpecRecording> specs,
      Path dir,
      PriceCatalog prices,
      long seed,
      int specCount,
      @Nullable String given,
      double seconds) {
    Map<String, Integer> kinds = new TreeMap<>();
    long turnsA = 0;
    for (SpecRecording s : specs) {
      kinds.merge(s.kind(), 1, Integer::sum);
      turnsA += s.plan("strong").get(0).turns().size();
    }
    StringBuilder command = new StringBuilder("./mvnw -q -B -o -Pbench -Dbench=CostBenchmark -pl benchmarks -am verify -DskipTests");
    if (given != null) {
      command.append(" -Dsessions=").append(given);
    } else {
      if (seed != 20261124L) {
        command.append(" -Dseed=").append(seed);
      }
      if (specCount != 30) {
        command.append(" -Dspecs=").append(specCount);
      }
    }
    System.out.println();
    System.out.println("command: " + command);
    System.out.printf(Locale.ROOT, "sessions: %s%n", dir);
    System.out.printf(
        Locale.ROOT,
        "%d specs (%s), %.1f turns per strong attempt on average; prices: bundled catalog %s (as of %s), strong %s, cheap %s%n%n",
        specs.size(), kinds.toString().replaceAll("[{}]", ""), (double) turnsA / specs.size(), prices.version(), prices.asOf(), STRONG, CHEAP);
    Result a = results.get(0);
    System.out.println("| configuration | attempts | model calls | total cost | merged specs | cost per merged spec | ratio to A | mean cache hit rate |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      double ratio = r.cost().signum() == 0 ? 0 : a.perMerged().doubleValue() / r.perMerged().doubleValue();
      System.out.printf(
          Locale.ROOT,
          "| %s: %s | %d | %d | $%s | %d of %d | $%s | %s | %.1f%% |%n",
          r.config().name(), r.config().label(), r.attempts(), r.calls(), r.cost().setScale(2, RoundingMode.HALF_EVEN),
          r.mergedCount(), r.merged().size(), r.perMerged().setScale(3, RoundingMode.HALF_EVEN),
          r == a ? "1.0x" : String.format(Locale.ROOT, "%.1fx cheaper", ratio), r.meanHitRate() * 100);
    }
    System.out.println();
    System.out.println("| configuration | model | calls | input | cache write | cache read | output | cost |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      for (Map.Entry<String, CostReplay.Totals> e : r.byModel().entrySet()) {
        Usage u = e.getValue().usage;
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %.2fM | %.2fM | %.2fM | %.2fM | $%s |%n",
            r.config().name(), e.getKey(), e.getValue().calls, u.inputTokens() / 1e6, u.cacheWriteTokens() / 1e6,
            u.cacheReadTokens() / 1e6, u.outputTokens() / 1e6, e.getValue().cost.setScale(2, RoundingMode.HALF_EVEN));
      }
    }
    Result c = results.get(2);
    System.out.println();
    System.out.println("routing decisions under C (ModelRouted events):");
    c.routing().forEach((why, n) -> System.out.printf(Locale.ROOT, "  %4d  %s%n", n, why));
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%s: cache reads are %.1f%% of all input; mean hit rate per attempt %.1f%%, the agent expected %.1f%%; %d CacheHitLow warnings%n",
          r.config().name(), r.usage().cacheHitRate() * 100, r.meanHitRate() * 100, r.meanExpectedHitRate() * 100, r.cacheHitLow());
    }
    long[] prefix = a.replay().prefix();
    System.out.printf(
        Locale.ROOT,
        "stable prefix (first request): %,d tokens on average; the first spec's: tools %,d, system prompt %,d, first message %,d; largest request %,d tokens%n",
        a.replay().meanFirstRequest(), prefix[0], prefix[1], prefix[2], a.replay().largestRequest());
    // C per merged spec ~ (C's first attempts + the hard share times a strong attempt with caching) / 1:
    // the hard share at which C would stop being TARGET times cheaper than A, all else equal.
    Result b = results.get(1);
    double firstC = mean(c.firstAttempts());
    double strongB = mean(b.firstAttempts());
    double breakEven = (a.perMerged().doubleValue() / TARGET - firstC) / strongB;
    System.out.printf(
        Locale.ROOT,
        "C's first attempts cost $%.3f per spec, B's (strong) attempts $%.3f: C stays %.0fx cheaper than A up to about %.0f%% hard specs, all else equal%n",
        firstC, strongB, TARGET, breakEven * 100);
    System.out.printf(Locale.ROOT, "replayed in %.1f s%n", seconds);
  }

  private static double mean(List<BigDecimal> values) {
    return values.stream().mapToDouble(BigDecimal::doubleValue).average().orElse(0);
  }

  private static void check(List<Result> results, boolean generated) {
    Result a = results.get(0);
    Result c = results.get(2);
    for (Result r : results) {
      if (!r.merged().equals(a.merged())) {
        throw new IllegalStateException(
            "the merge outcomes differ: " + a.config().name() + " merged " + a.mergedCount() + " specs, "
                + r.config().name() + " merged " + r.mergedCount() + " (per spec: " + a.merged() + " vs " + r.merged() + ")");
      }
    }
    if (generated && a.mergedCount() != a.merged().size()) {
      throw new IllegalStateException(
          "every generated spec should merge, but " + a.mergedCount() + " of " + a.merged().size() + " did");
    }
    double ratio = a.perMerged().doubleValue() / c.perMerged().doubleValue();
    if (ratio < TARGET) {
      throw new IllegalStateException(
          String.format(Locale.ROOT,
              "caching plus routing is only %.2fx cheaper per merged spec than neither ($%s against $%s); the target is %.0fx",
              ratio, c.perMerged().setScale(3, RoundingMode.HALF_EVEN), a.perMerged().setScale(3, RoundingMode.HALF_EVEN), TARGET));
    }
    System.out.printf(Locale.ROOT, "target met: C is %.1fx cheaper per merged spec than A (target %.0fx), same merge outcomes%n", ratio, TARGET);
  }

  /** Whether {@code dir} holds the sessions of this seed and size, complete. */
  private static boolean current(Path dir, long seed, int specs) {
    try {
      if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
        return false;
      }
      Manifest m = CostRecording.readManifest(dir);
      return m.format().equals(CostRecording.FORMAT) && m.generator() == CostSessionGenerator.VERSION
          && m.seed() == seed && m.specs() == specs
          && m.strongModel().equals(STRONG) && m.cheapModel().equals(CHEAP);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The benchmarks module's target directory, where the classes are. */
  private static Path target() throws URISyntaxException {
    Path classes = Path.of(CostBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return classes.getParent();
  }

  private static AgentContext context(Path root, String branch, List<String> notes) {
    Workspace workspace =
        new Workspace() {
          @Override
          public Path root() {
            return root;
          }

          @Override
          public CommitId base() {
            return BASE;
          }

          @Override
          public String branch() {
            return branch;
          }

          @Override
          public void close() {}
        };
    return new AgentContext() {
      @Override
      public Workspace workspace() {
        return workspace;
      }

      @Override
      public Sandbox sandbox() {
        return NO_SANDBOX;
      }

      @Override
      public SandboxPolicy sandboxPolicy() {
        return SandboxPolicy.strict();
      }

      @Override
      public Budget budget() {
        return Budget.unlimited();
      }

      @Override
      public Clock clock() {
        return CLOCK;
      }

      @Override
      public boolean stopRequested() {
        return false;
      }

      @Override
      public void remember(String note) {
        notes.add(note);
      }
    };
  }

  /** The replay runs no command: every tool plays back its recorded output. */
  private static final Sandbox NO_SANDBOX =
      new Sandbox() {
        @Override
        public String name() {
          return "none (replay)";
        }

        @Override
        public SandboxHealth doctor() {
          return SandboxHealth.notIsolating("the cost replay runs no commands");
        }

        @Override
        public ExecResult exec(ExecRequest request) throws SandboxException {
          throw new SandboxException("the cost replay runs no commands");
        }
      };
}

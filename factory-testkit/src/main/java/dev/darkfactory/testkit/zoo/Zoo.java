package dev.darkfactory.testkit.zoo;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.cost.BudgetLimits;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.factory.SpecOutcome;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.testkit.factory.FactoryRun;
import dev.darkfactory.testkit.factory.FactoryRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import dev.darkfactory.testkit.internal.TestFiles;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs zoo members through an evaluator, a merge policy and a sandbox, and reports what became of
 * each.
 *
 * <pre>{@code
 * ZooReport report =
 *     Zoo.builder()
 *         .evaluator(myEvaluator)                  // default: HoldoutEvaluator with its defaults
 *         .mergePolicy(myPolicy)                   // default: VerdictPolicy.defaults()
 *         .sandbox(BubblewrapSandbox.builder().build())   // the default
 *         .run();
 * ZooAssert.assertThat(report).noCheaterGotThrough().honestMembersMerged();
 * }</pre>
 *
 * <p>One run is one {@link FactoryRunner} run: one target repository holding {@link
 * ZooProject}'s files, and one spec per member ({@code zoo-<member>}, each the fixture's spec),
 * worked one after another by one factory whose agent hands each spec to its member. After each
 * member the zoo moves the target branch back to the fixture's base, so every member starts from
 * the same commit whatever merged before it, and checks the host: the member's outcome is {@link
 * ZooOutcome#ESCAPED} when a file the zoo planted outside every workspace changed or vanished,
 * when the holdouts directory changed, when the zoo's loopback server was contacted, or when the
 * member reported reading something it should not have. Every path and server a member attacks
 * is the zoo's own, in the run's directory.
 *
 * <p>Defaults: every member of {@link #members()}, one attempt each, and a hard budget of {@value
 * #DEFAULT_ATTEMPT_TOKENS} tokens per attempt (which the {@code burns-budget} member runs into).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Zoo {

  /** The default attempt budget in tokens. */
  public static final long DEFAULT_ATTEMPT_TOKENS = 1_000_000;

  private static final List<ZooMember> MEMBERS = ZooAgents.all();

  private Zoo() {}

  /**
   * The bundled members, in the order {@code docs/zoo.md} lists them.
   *
   * @return the members
   */
  public static List<ZooMember> members() {
    return MEMBERS;
  }

  /**
   * One bundled member.
   *
   * @param name its name
   * @return the member
   * @throws IllegalArgumentException naming the members, when there is none of that name
   */
  public static ZooMember member(String name) {
    Require.nonBlank(name, "name");
    return MEMBERS.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no zoo member '"
                        + name
                        + "'; the members are "
                        + MEMBERS.stream().map(ZooMember::name).toList()));
  }

  /**
   * A builder for a zoo run with the defaults the class comment lists.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every bundled member through these parts.
   *
   * @param evaluator the evaluator
   * @param policy the merge policy
   * @param sandbox the sandbox
   * @return the results
   * @throws IOException when the run's files cannot be written
   * @throws InterruptedException when interrupted
   * @throws SandboxException when the sandbox cannot isolate (the factory fails closed)
   */
  public static ZooReport run(Evaluator evaluator, MergePolicy policy, Sandbox sandbox)
      throws IOException, InterruptedException, SandboxException {
    return builder().evaluator(evaluator).mergePolicy(policy).sandbox(sandbox).run();
  }

  /**
   * Configures and starts a zoo run. Each method checks its arguments at once and names a bad
   * one.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final List<ZooMember> members = new ArrayList<>();
    private @Nullable Evaluator evaluator;
    private @Nullable MergePolicy policy;
    private @Nullable Sandbox sandbox;
    private int maxAttempts = 1;
    private Budgets.@Nullable Builder budgets;
    private @Nullable Path directory;
    private final List<Consumer<FactoryRunner>> customizations = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the evaluator; default the {@code HoldoutEvaluator} with its defaults.
     *
     * @param evaluator the evaluator
     * @return this builder
     */
    public Builder evaluator(Evaluator evaluator) {
      this.evaluator = Require.nonNull(evaluator, "evaluator");
      return this;
    }

    /**
     * Sets the merge policy; default {@code VerdictPolicy.defaults()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder mergePolicy(MergePolicy policy) {
      this.policy = Require.nonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the sandbox; default a {@code BubblewrapSandbox}.
     *
     * @param sandbox the sandbox
     * @return this builder
     */
    public Builder sandbox(Sandbox sandbox) {
      this.sandbox = Require.nonNull(sandbox, "sandbox");
      return this;
    }

    /**
     * Runs these members (bundled or your own) instead of every bundled one; may be called again
     * to add more.
     *
     * @param members the members; names must differ
     * @return this builder
     */
    public Builder members(ZooMember... members) {
      for (ZooMember m : Require.nonNull(members, "members")) {
        Require.nonNull(m, "member");
        if (this.members.stream().anyMatch(x -> x.name().equals(m.name()))) {
          throw new IllegalArgumentException("zoo member '" + m.name() + "' was added twice");
        }
        this.members.add(m);
      }
      return this;
    }

    /**
     * Runs these bundled members, by name, instead of every bundled one.
     *
     * @param names the members' names
     * @return this builder
     */
    public Builder members(String... names) {
      for (String n : Require.nonNull(names, "names")) {
        members(member(n));
      }
      return this;
    }

    /**
     * Sets how many attempts each member has; default 1.
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Require.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * Sets the hard budgets instead of the default attempt budget; a fresh builder for each run.
     *
     * @param levels the budget levels
     * @return this builder
     */
    public Builder budgets(Budgets.Builder levels) {
      this.budgets = Require.nonNull(levels, "levels");
      return this;
    }

    /**
     * Runs in this directory and keeps it (for looking at the journal, the evaluations and the
     * candidates' branches afterwards); it must be empty or not exist yet. By default a temporary
     * directory, deleted when the run ends.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Require.nonNull(directory, "directory");
      return this;
    }

    /**
     * Changes anything else on the underlying {@link FactoryRunner} (a listener, a clock through
     * {@link FactoryRunner#configure}), after the zoo has set its parts.
     *
     * @param customization what to do to the runner
     * @return this builder
     */
    public Builder configure(Consumer<FactoryRunner> customization) {
      customizations.add(Require.nonNull(customization, "customization"));
      return this;
    }

    /**
     * Runs the members, one after another, and reports what became of each.
     *
     * @return the results, in the order the members ran
     * @throws IOException when the run's files cannot be written
     * @throws InterruptedException when interrupted
     * @throws SandboxException when the sandbox cannot isolate (the factory fails closed)
     * @throws IllegalStateException when the zoo could not check the host or reset the target
     */
    public ZooReport run() throws IOException, InterruptedException, SandboxException {
      long started = System.nanoTime();
      List<ZooMember> chosen = members.isEmpty() ? MEMBERS : List.copyOf(members);
      boolean owned = directory == null;
      Path root = owned ? Files.createTempDirectory("darkfactory-zoo-") : Files.createDirectories(directory);
      try (AnswerServer server = AnswerServer.start(ZooProject.testFile(ZooProject.hiddenTests()))) {
        Path runDirectory = root.resolve("run");
        Path holdouts = runDirectory.resolve("holdouts");
        Path hostDirectory = Files.createDirectories(root.resolve("host"));
        Map<SpecId, ZooMember> bySpec = new LinkedHashMap<>();
        Map<SpecId, ZooHost> hosts = new LinkedHashMap<>();
        Map<SpecId, Agent> agents = new LinkedHashMap<>();
        List<Path> sentinels = new ArrayList<>();
        for (ZooMember m : chosen) {
          Path sentinel = hostDirectory.resolve(m.name() + ".sentinel");
          Files.writeString(sentinel, "planted by the zoo for " + m.name() + "\n", StandardCharsets.UTF_8);
          sentinels.add(sentinel);
          ZooHost host = new ZooHost(m.name(), holdouts, sentinel, server.port());
          bySpec.put(m.specId(), m);
          hosts.put(m.specId(), host);
          agents.put(m.specId(), Require.nonNull(m.agent().create(host), "agent of " + m.name()));
        }
        Watch watch =
            new Watch(runDirectory.resolve("git").resolve("repo.git"), "main", sentinels, holdouts, server);
        FactoryRunner runner =
            FactoryRunner.create()
                .directory(runDirectory)
                .targetBranch("main")
                .targetFiles(ZooProject.targetFiles())
                .agent(new ZooAgents.Dispatcher(Map.copyOf(agents)))
                .maxAttempts(maxAttempts)
                .budgets(
                    budgets != null
                        ? budgets
                        : Budgets.builder()
                            .attempt(BudgetLimits.none().withTokens(DEFAULT_ATTEMPT_TOKENS)))
                .listener(watch);
        for (ZooMember m : chosen) {
          runner.spec(ZooProject.spec(m.specId().value()));
        }
        if (evaluator != null) {
          runner.evaluator(evaluator);
        }
        if (policy != null) {
          runner.mergePolicy(policy);
        }
        if (sandbox != null) {
          runner.sandbox(sandbox);
        }
        for (Consumer<FactoryRunner> c : customizations) {
          c.accept(runner);
        }
        List<ZooResult> results = new ArrayList<>();
        try (FactoryRun run = runner.run()) {
          if (!watch.problems.isEmpty()) {
            throw new IllegalStateException(
                "the zoo could not check the host or reset the target branch: " + watch.problems);
          }
          List<SpecId> order = new ArrayList<>();
          run.outcomes().forEach(o -> order.add(o.specId()));
          bySpec.keySet().stream().filter(s -> !order.contains(s)).forEach(order::add);
          for (SpecId spec : order) {
            List<String> evidence = new ArrayList<>(watch.evidence.getOrDefault(spec, List.of()));
            evidence.addAll(hosts.get(spec).reached());
            results.add(result(run, bySpec.get(spec), evidence));
          }
        }
        return new ZooReport(results, Duration.ofNanos(System.nanoTime() - started));
      } finally {
        if (owned) {
          TestFiles.deleteTree(root);
        }
      }
    }

    private static ZooResult result(FactoryRun run, ZooMember member, List<String> evidence) {
      String spec = member.specId().value();
      Optional<SpecOutcome> outcome = run.findOutcome(spec);
      List<EvaluationReport> evaluations = run.evaluations(spec);
      List<Verdict> verdicts = evaluations.stream().map(EvaluationReport::verdict).toList();
      List<String> signals =
          evaluations.stream().flatMap(r -> r.tamperSignals().stream()).distinct().toList();
      List<String> notPassed =
          evaluations.isEmpty()
              ? List.of()
              : evaluations.get(evaluations.size() - 1).scenarios().stream()
                  .filter(s -> s.verdict() != Verdict.PASS)
                  .map(s -> s.id().value() + " " + s.verdict())
                  .toList();
      List<MergeDecision.Action> decisions =
          run.decisions(spec).stream().map(MergeDecision::action).toList();
      List<String> agent = run.agentOutcomes(spec).stream().map(FactoryRun::describe).toList();
      List<FactoryEvent> events = run.eventsOf(spec);
      Duration elapsed =
          events.isEmpty()
              ? Duration.ZERO
              : Duration.between(at(events.get(0)), at(events.get(events.size() - 1)));
      return new ZooResult(
          member,
          ZooResult.classify(outcome.map(SpecOutcome::resolution).orElse(null), verdicts, evidence),
          outcome.map(SpecOutcome::resolution).orElse(null),
          outcome.map(SpecOutcome::reason).orElse(""),
          outcome.map(SpecOutcome::attempts).orElse(run.agentOutcomes(spec).size()),
          verdicts,
          signals,
          notPassed,
          decisions,
          agent,
          evidence,
          elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
  }

  private static Instant at(FactoryEvent e) {
    return e.at();
  }

  /**
   * Watches the run: before each member, what the host looks like; after it, what changed (the
   * member's evidence) and the target branch moved back to the base.
   */
  private static final class Watch implements FactoryListener {
    private final Path bare;
    private final String branch;
    private final List<Path> sentinels;
    private final Path holdouts;
    private final AnswerServer server;
    private final Map<SpecId, List<String>> evidence = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private @Nullable CommitId base;
    private @Nullable HostState before;

    Watch(Path bare, String branch, List<Path> sentinels, Path holdouts, AnswerServer server) {
      this.bare = bare;
      this.branch = branch;
      this.sentinels = sentinels;
      this.holdouts = holdouts;
      this.server = server;
    }

    @Override
    public void onEvent(FactoryEvent event) {
      try {
        if (event instanceof FactoryEvent.SpecClaimed) {
          if (base == null) {
            base = Git.in(bare).resolve("refs/heads/" + branch).orElse(null);
          }
          before = snapshot();
        } else if (event instanceof FactoryEvent.SpecFinished finished) {
          HostState after = snapshot();
          HostState earlier = before;
          if (earlier != null) {
            List<String> found = earlier.changesTo(after);
            if (!found.isEmpty()) {
              evidence.computeIfAbsent(finished.specId(), k -> new CopyOnWriteArrayList<>()).addAll(found);
            }
          }
          resetTarget();
        }
      } catch (IOException | RuntimeException e) {
        problems.add(event.getClass().getSimpleName() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add(event.getClass().getSimpleName() + ": interrupted");
      }
    }

    private void resetTarget() throws InterruptedException {
      CommitId b = base;
      if (b == null) {
        throw new IllegalStateException("the target branch's base is unknown");
      }
      Git git = Git.in(bare);
      Optional<CommitId> head = git.resolve("refs/heads/" + branch);
      if (head.isPresent() && !head.get().equals(b)) {
        git.output("update-ref", "refs/heads/" + branch, b.hex(), head.get().hex());
      }
    }

    private HostState snapshot() throws IOException {
      Map<Path, String> files = new TreeMap<>();
      for (Path s : sentinels) {
        files.put(s, Files.exists(s, LinkOption.NOFOLLOW_LINKS) ? Files.readString(s) : null);
      }
      return new HostState(files, fingerprint(holdouts), server.connections(), holdouts, server.port());
    }

    private static String fingerprint(Path dir) throws IOException {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return "missing";
      }
      MessageDigest sha;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted().toList()) {
          sha.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            sha.update(Files.readAllBytes(p));
          }
          sha.update((byte) 0);
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  /** What the zoo watches on the host. */
  private record HostState(
      Map<Path, @Nullable String> sentinels,
      String holdouts,
      int connections,
      Path holdoutsDirectory,
      int port) {

    List<String> changesTo(HostState after) {
      List<String> out = new ArrayList<>();
      for (Map.Entry<Path, @Nullable String> e : sentinels.entrySet()) {
        String now = after.sentinels.get(e.getKey());
        if (now == null && e.getValue() != null) {
          out.add("the host file " + e.getKey() + " was deleted");
        } else if (now != null && !now.equals(e.getValue())) {
          out.add("the host file " + e.getKey() + " was changed");
        }
      }
      if (!holdouts.equals(after.holdouts)) {
        out.add(
            "the holdouts directory "
                + holdoutsDirectory
                + (after.holdouts.equals("missing") ? " was deleted" : " was changed"));
      }
      if (after.connections > connections) {
        out.add(
            (after.connections - connections)
                + " connection(s) reached the zoo's server on the host's loopback port "
                + port);
      }
      return out;
    }
  }
}

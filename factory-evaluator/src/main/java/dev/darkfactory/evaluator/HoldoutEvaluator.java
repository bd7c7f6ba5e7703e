package dev.darkfactory.evaluator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.evaluator.runner.CommandRunner;
import dev.darkfactory.evaluator.runner.ScenarioRunner;
import dev.darkfactory.evaluator.runner.TestSuiteRunner;
import dev.darkfactory.evaluator.runner.TrialContext;
import dev.darkfactory.evaluator.runner.TrialOutcome;
import dev.darkfactory.evaluator.tamper.ChangeUnderReview;
import dev.darkfactory.evaluator.tamper.TamperCheck;
import dev.darkfactory.evaluator.tamper.TamperChecks;
import dev.darkfactory.evaluator.tamper.TamperSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default evaluator: grades what the candidate committed, in fresh checkouts the agent never
 * touched, against every scenario (holdouts included), and says PASS, FAIL, INVALID or SUSPECT.
 *
 * <pre>{@code
 * Evaluator evaluator = HoldoutEvaluator.builder()
 *     .runner(ModelJudgeRunner.builder(judgeProvider, "judge-model").build()) // for model-judge scenarios
 *     .concurrency(4)
 *     .cache(EvaluationCache.inDirectory(stateDir.resolve("evaluation-cache")))
 *     .build();
 * }</pre>
 *
 * <p>For every trial of every scenario:
 *
 * <ol>
 *   <li>the candidate's commit is checked out into a new workspace;
 *   <li>the spec's protected paths are restored from the base commit (files the candidate changed
 *       get the base content back, files it added there are deleted);
 *   <li>anything the candidate put at a path a holdout scenario will write (hidden test files,
 *       report directories) is deleted;
 *   <li>only then the scenario's {@link ScenarioRunner} copies its holdout material in and runs,
 *       inside the {@link Sandbox}, with the protected and holdout paths read-only, and writes its
 *       logs to a directory outside every workspace.
 * </ol>
 *
 * <p>Before any of that, the {@linkplain TamperChecks tamper checks} read the candidate's change;
 * runners add the signals they see while running (a forged report, a result that contradicts the
 * exit code). Trials run in parallel on a bounded pool; each is bounded by its scenario's timeout
 * (plus a {@linkplain Builder#trialGrace grace} for the runner's own work). Model judges run last, with the other
 * scenarios' results as evidence.
 *
 * <p>A scenario passes when every trial passed; it fails when any decided trial failed (a flaky
 * scenario fails, and is marked flaky); otherwise it is INVALID. The report is SUSPECT when any
 * tamper signal fired, even if every test is green; otherwise FAIL when a required scenario failed;
 * otherwise INVALID when a required scenario was INVALID (or there were no scenarios, or the
 * context could not check out or compare commits), with a note saying why; otherwise PASS.
 * Satisfaction is the weighted share of passing trials with its 95% Wilson interval ({@link
 * CommandEvaluator} documents the computation). Usage is what the model judges spent.
 *
 * <p>Every evaluation writes {@code evaluation.json} (schema {@value #REPORT_SCHEMA}, in {@code
 * docs/evaluator.md}) and {@code evaluation.md} into the context's results directory, next to one
 * directory of evidence per scenario and trial. With a {@linkplain Builder#cache cache}, a result
 * is reused only for the same base commit, the same candidate tree, the same scenarios and holdout
 * material and the same evaluator version, so a changed patch never reuses an old verdict.
 *
 * <p>Infrastructure trouble never throws: it makes the report INVALID with a note. Only an
 * interruption propagates. Instances are safe to share between threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class HoldoutEvaluator implements Evaluator {

  /** The evaluator's name in reports. */
  public static final String NAME = "holdout";

  /**
   * The evaluator's version, part of every cache key: raise it whenever grading changes, so no
   * cached verdict of an older grading is reused.
   */
  public static final String VERSION = "1";

  /** The schema name of {@code evaluation.json}. */
  public static final String REPORT_SCHEMA = "dark-factory/evaluation/1";

  private static final Logger LOG = LoggerFactory.getLogger(HoldoutEvaluator.class);

  private final Map<String, ScenarioRunner> runners;
  private final List<TamperCheck> tamperChecks;
  private final int concurrency;
  private final @Nullable EvaluationCache cache;
  private final Set<ScenarioId> quarantined;
  private final Duration grace;

  private HoldoutEvaluator(Builder b) {
    this.grace = b.grace;
    this.runners = Map.copyOf(b.runners);
    this.tamperChecks = List.copyOf(b.tamperChecks);
    this.concurrency = b.concurrency;
    this.cache = b.cache;
    this.quarantined = Set.copyOf(b.quarantined);
  }

  /**
   * A builder with the command and test-suite runners, the default tamper checks, and as many
   * parallel trials as the machine has processors (at least two).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The tamper checks every evaluation runs; empty when tamper detection was turned off. */
  public List<TamperCheck> tamperChecks() {
    return tamperChecks;
  }

  /** The runner for each scenario kind, by kind. */
  public Map<String, ScenarioRunner> runners() {
    return runners;
  }

  /**
   * Grades one candidate against every scenario of {@code item}.
   *
   * @param candidate the commit to grade
   * @param item the spec and all of its scenarios, holdouts included
   * @param context checkouts of the candidate and its base, its changes, the sandbox, a private
   *     results directory and the clock
   * @return the report; INVALID with a note when the evaluation could not decide
   * @throws InterruptedException when interrupted; running trials are stopped
   */
  @Override
  public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
      throws InterruptedException {
    Instant start = context.clock().instant();
    Spec spec = item.spec();
    List<Scenario> scenarios =
        item.scenarios().scenarios().stream().filter(s -> !quarantined.contains(s.id())).toList();
    List<String> notes = new ArrayList<>();
    for (ScenarioId id : quarantined) {
      if (item.scenarios().find(id).isPresent()) {
        notes.add("scenario '" + id + "' is quarantined (flaky on the base) and was not run");
      }
    }
    LOG.info(
        "evaluator {}: grading {} of spec {} (attempt {}) on {} scenarios",
        NAME,
        candidate.commit().abbreviated(),
        candidate.specId(),
        candidate.attempt(),
        scenarios.size());
    if (scenarios.isEmpty()) {
      notes.add("no scenarios to run");
      return finish(candidate, context, start, List.of(), List.of(), notes, Usage.ZERO, null);
    }

    List<FileChange> changes;
    String diff;
    String cacheKey = null;
    try {
      changes = context.changes(candidate);
      diff = context.diff(candidate);
      if (cache != null) {
        cacheKey =
            EvaluationCache.key(
                VERSION,
                candidate.base().hex(),
                context.treeId(candidate.commit()),
                HoldoutFingerprint.of(spec, scenarios, quarantined));
        Optional<EvaluationReport> hit = cache.get(cacheKey);
        if (hit.isPresent()) {
          LOG.info("evaluator {}: reusing the cached result {} for {}", NAME, cacheKey, candidate.branch());
          return reuse(hit.get(), candidate, cacheKey, context, start);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      notes.add("could not read the candidate's change against its base: " + e.getMessage());
      return finish(candidate, context, start, List.of(), List.of(), notes, Usage.ZERO, null);
    }

    Set<String> holdoutPaths = new TreeSet<>();
    for (Scenario s : scenarios) {
      ScenarioRunner r = runners.get(s.check().kind());
      if (r != null) {
        holdoutPaths.addAll(r.holdoutPaths(s));
      }
    }
    List<String> signals = new ArrayList<>();
    TamperChecks.inspectAll(
            tamperChecks, new ChangeUnderReview(changes, diff, spec.protectedPaths(), holdoutPaths))
        .stream()
        .map(TamperSignal::describe)
        .forEach(signals::add);

    Path results = context.resultsDirectory();
    List<ScenarioResult> scenarioResults;
    Usage usage;
    try (Workspace base = context.checkoutBase(candidate)) {
      Run run = new Run(candidate, spec, context, base.root(), diff, changes, holdoutPaths, results);
      List<Scenario> first =
          scenarios.stream().filter(s -> !needsEvidence(s)).toList();
      List<Scenario> last = scenarios.stream().filter(this::needsEvidence).toList();
      Map<ScenarioId, ScenarioResult> done = new LinkedHashMap<>(run.runAll(first, List.of()));
      done.putAll(run.runAll(last, List.copyOf(done.values())));
      scenarioResults = scenarios.stream().map(s -> done.get(s.id())).toList();
      signals.addAll(run.signals());
      usage = run.usage();
    } catch (IOException | UnsupportedOperationException | UncheckedIOException e) {
      notes.add("could not prepare the evaluation: " + e.getMessage());
      return finish(candidate, context, start, List.of(), signals, notes, Usage.ZERO, null);
    }
    for (ScenarioResult r : scenarioResults) {
      if (r.verdict() == Verdict.INVALID) {
        notes.add(
            (r.required() ? "required" : "optional")
                + " scenario '"
                + r.id()
                + "' was INVALID: "
                + firstDetail(r, Verdict.INVALID));
      }
      if (r.flaky()) {
        notes.add(
            "scenario '" + r.id() + "' is flaky: " + r.passed() + " of " + r.decided() + " trials passed");
      }
    }
    EvaluationReport report =
        finish(candidate, context, start, scenarioResults, signals, notes, usage, cacheKey);
    if (cache != null && cacheKey != null && report.verdict() != Verdict.INVALID) {
      cache.put(cacheKey, report);
    }
    return report;
  }

  /**
   * Runs every holdout of {@code item} against the base commit {@code runs} times, with no change
   * applied, to find holdouts that test nothing (a holdout for new behaviour that already passes),
   * that are broken (a pass-to-pass-only test suite that fails) or that are flaky (quarantine
   * them). Test suites with fail-to-pass tests and every other kind of scenario are taken to test
   * new behaviour; a test suite with only pass-to-pass tests guards existing behaviour.
   *
   * @param item the spec and its scenarios; only the holdouts run
   * @param base the commit the holdouts are written against
   * @param context the checkouts, the sandbox and a results directory
   * @param runs how many times each holdout runs; at least 2 to detect flakiness
   * @return one finding per holdout
   * @throws InterruptedException when interrupted
   */
  public HoldoutValidation validate(
      WorkItem item, dev.darkfactory.api.workspace.CommitId base, EvaluationContext context, int runs)
      throws InterruptedException {
    Require.nonNull(item, "item");
    Require.nonNull(base, "base");
    Require.nonNull(context, "context");
    Require.atLeast(runs, 1, "runs");
    List<Scenario> holdouts =
        item.scenarios().holdouts().stream()
            .map(
                s ->
                    new Scenario(
                        s.id(),
                        s.title(),
                        s.description(),
                        s.visibility(),
                        s.weight(),
                        s.required(),
                        runs,
                        s.timeout(),
                        s.check(),
                        s.source()))
            .toList();
    List<HoldoutValidation.Finding> findings = new ArrayList<>();
    if (holdouts.isEmpty()) {
      return new HoldoutValidation(findings);
    }
    Candidate asIs =
        new Candidate(item.spec().id(), 1, "validate/" + item.spec().id().value(), base, base);
    WorkItem onlyHoldouts =
        new WorkItem(item.spec(), dev.darkfactory.api.spec.ScenarioSet.of(holdouts));
    HoldoutEvaluator plain =
        new Builder().tamperChecks(List.of()).concurrency(concurrency).trialGrace(grace).runnersFrom(runners).build();
    EvaluationReport report = plain.evaluate(asIs, onlyHoldouts, context);
    for (Scenario s : holdouts) {
      ScenarioResult r =
          report.scenarios().stream().filter(x -> x.id().equals(s.id())).findFirst().orElse(null);
      if (r == null) {
        continue;
      }
      boolean guard =
          s.check() instanceof dev.darkfactory.api.spec.TestSuiteCheck suite
              && suite.failToPass().isEmpty()
              && !suite.passToPass().isEmpty();
      HoldoutValidation.Status status;
      if (r.decided() < r.trials().size()) { // a run that could not decide says nothing
        status = HoldoutValidation.Status.INVALID;
      } else if (r.flaky()) {
        status = HoldoutValidation.Status.FLAKY;
      } else if (r.passed() == r.decided()) {
        status = guard ? HoldoutValidation.Status.OK : HoldoutValidation.Status.PASSES_ON_BASE;
      } else {
        status = guard ? HoldoutValidation.Status.FAILS_ON_BASE : HoldoutValidation.Status.OK;
      }
      HoldoutValidation.Finding f = new HoldoutValidation.Finding(s.id(), status, guard, r);
      if (status != HoldoutValidation.Status.OK) {
        LOG.warn("evaluator {}: holdout {}", NAME, f.describe());
      }
      findings.add(f);
    }
    return new HoldoutValidation(findings);
  }

  private boolean needsEvidence(Scenario s) {
    ScenarioRunner r = runners.get(s.check().kind());
    return r != null && r.needsEvidence(s);
  }

  /** The trials of one evaluation. */
  private final class Run {
    private final Candidate candidate;
    private final Spec spec;
    private final EvaluationContext context;
    private final Path base;
    private final String diff;
    private final List<FileChange> changes;
    private final Set<String> holdoutPaths;
    private final Path results;
    private final List<String> signals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Usage> usages = new java.util.concurrent.CopyOnWriteArrayList<>();

    Run(
        Candidate candidate,
        Spec spec,
        EvaluationContext context,
        Path base,
        String diff,
        List<FileChange> changes,
        Set<String> holdoutPaths,
        Path results) {
      this.candidate = candidate;
      this.spec = spec;
      this.context = context;
      this.base = base;
      this.diff = diff;
      this.changes = changes;
      this.holdoutPaths = holdoutPaths;
      this.results = results;
    }

    List<String> signals() {
      return List.copyOf(new LinkedHashSet<>(signals));
    }

    Usage usage() {
      Usage sum = Usage.ZERO;
      for (Usage u : usages) {
        sum = sum.plus(u);
      }
      return sum;
    }

    Map<ScenarioId, ScenarioResult> runAll(List<Scenario> scenarios, List<ScenarioResult> evidence)
        throws InterruptedException {
      Map<ScenarioId, ScenarioResult> out = new LinkedHashMap<>();
      if (scenarios.isEmpty()) {
        return out;
      }
      AtomicInteger threads = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              concurrency,
              r -> {
                Thread t = new Thread(r, "holdout-evaluator-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        Map<ScenarioId, List<Future<TrialResult>>> futures = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
          List<Future<TrialResult>> trials = new ArrayList<>();
          for (int t = 1; t <= s.trials(); t++) {
            int trial = t;
            trials.add(pool.submit(() -> trial(s, trial, evidence)));
          }
          futures.put(s.id(), trials);
        }
        for (Scenario s : scenarios) {
          List<TrialResult> trials = new ArrayList<>();
          List<Future<TrialResult>> fs = futures.get(s.id());
          for (int i = 0; i < fs.size(); i++) {
            trials.add(await(s, i + 1, fs.get(i)));
          }
          out.put(
              s.id(),
              new ScenarioResult(
                  s.id(), s.visibility(), s.required(), s.weight(), trials, scenarioVerdict(trials)));
        }
        return out;
      } finally {
        pool.shutdownNow();
      }
    }

    private TrialResult await(Scenario s, int trial, Future<TrialResult> f)
        throws InterruptedException {
      // Futures are awaited in the order they were queued, so by now every trial queued before this
      // one has ended and this one is running: its limit counts from here.
      Duration limit = s.timeout().plus(grace);
      try {
        return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        return new TrialResult(
            trial, Verdict.INVALID, "did not finish within " + limit.toSeconds() + " s", limit);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.warn("evaluator {}: scenario {} trial {} failed", NAME, s.id(), trial, cause);
        return new TrialResult(trial, Verdict.INVALID, "the evaluator failed: " + cause, Duration.ZERO);
      }
    }

    private TrialResult trial(Scenario scenario, int trial, List<ScenarioResult> evidence)
        throws InterruptedException {
      Clock clock = context.clock();
      Instant started = clock.instant();
      ScenarioRunner runner = runners.get(scenario.check().kind());
      if (runner == null) {
        return new TrialResult(
            trial,
            Verdict.INVALID,
            "no runner for scenario kind '" + scenario.check().kind() + "'; known kinds: "
                + new TreeSet<>(runners.keySet()),
            Duration.ZERO);
      }
      Path evidenceDir = results.resolve("scenarios").resolve(scenario.id().value()).resolve("trial-" + trial);
      TrialOutcome outcome;
      try (Workspace ws = context.checkout(candidate)) {
        Files.createDirectories(evidenceDir);
        // A link the candidate made on the way to a protected or holdout path is never followed;
        // it is a tamper signal. One the base already had is left alone without accusing anyone.
        for (String link : restoreProtectedPaths(ws.root())) {
          if (!changedByCandidate(link)) {
            continue;
          }
          signals.add(
              new TamperSignal(
                      "protected-path-link",
                      link,
                      "a symbolic link on the way to a protected path; nothing was restored"
                          + " through it")
                  .describe());
        }
        Set<String> paths = runner.holdoutPaths(scenario);
        for (String link : deleteAll(ws.root(), holdoutPaths)) {
          if (!changedByCandidate(link)) {
            continue;
          }
          signals.add(
              new TamperSignal(
                      "holdout-path-link",
                      link,
                      "a symbolic link on the way to a holdout path; nothing was deleted through"
                          + " it")
                  .describe());
        }
        SandboxPolicy policy = withReadOnly(context.sandboxPolicy(), spec.protectedPaths(), paths);
        outcome =
            runner.run(
                new Trial(scenario, trial, ws.root(), policy, evidenceDir, evidence));
      } catch (IOException | UncheckedIOException e) {
        return new TrialResult(
            trial, Verdict.INVALID, "could not prepare a checkout: " + e.getMessage(), Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.warn("evaluator {}: runner {} failed on {}", NAME, runner.kind(), scenario.id(), e);
        return new TrialResult(
            trial, Verdict.INVALID, "runner '" + runner.kind() + "' failed: " + e, Duration.ZERO);
      }
      for (String signal : outcome.tamperSignals()) {
        signals.add("scenario " + scenario.id() + " trial " + trial + ": " + signal);
      }
      usages.add(outcome.usage());
      Duration elapsed = Duration.between(started, clock.instant());
      return new TrialResult(
          trial, outcome.verdict(), outcome.detail(), elapsed.isNegative() ? Duration.ZERO : elapsed);
    }

    private boolean changedByCandidate(String path) {
      return changes.stream().anyMatch(c -> c.path().equals(path));
    }

    /**
     * Undoes the candidate's changes under the protected paths: the base's version of each file it
     * modified or deleted goes back, and each file it added is removed. The change list says which
     * files differ, so neither tree is walked.
     */
    private List<String> restoreProtectedPaths(Path workspace) throws IOException {
      List<String> globs = spec.protectedPaths();
      List<String> links = new ArrayList<>();
      for (FileChange change : changes) {
        if (!PathGlobs.matchesAny(globs, change.path())) {
          continue;
        }
        Path target = workspace.resolve(change.path());
        Path link = linkOnTheWay(workspace, target);
        if (link != null) {
          // Writing or deleting through it would reach whatever it points to, on the host.
          links.add(workspace.relativize(link).toString());
          continue;
        }
        if (change.status() == FileChange.Status.ADDED) {
          Files.deleteIfExists(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(target);
        }
        Files.copy(
            base.resolve(change.path()),
            target,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
      }
      return links;
    }

    /** A trial's view of the evaluation. */
    private final class Trial implements TrialContext {
      private final Scenario scenario;
      private final int trial;
      private final Path workspace;
      private final SandboxPolicy policy;
      private final Path evidenceDir;
      private final List<ScenarioResult> evidence;

      Trial(
          Scenario scenario,
          int trial,
          Path workspace,
          SandboxPolicy policy,
          Path evidenceDir,
          List<ScenarioResult> evidence) {
        this.scenario = scenario;
        this.trial = trial;
        this.workspace = workspace;
        this.policy = policy;
        this.evidenceDir = evidenceDir;
        this.evidence = evidence;
      }

      @Override
      public Scenario scenario() {
        return scenario;
      }

      @Override
      public int trial() {
        return trial;
      }

      @Override
      public Spec spec() {
        return spec;
      }

      @Override
      public Candidate candidate() {
        return candidate;
      }

      @Override
      public Path workspace() {
        return workspace;
      }

      @Override
      public Optional<Path> scenarioDirectory() {
        return scenario
            .sourceLocation()
            .map(loc -> Path.of(loc.source()).toAbsolutePath().getParent());
      }

      @Override
      public Sandbox sandbox() {
        return context.sandbox();
      }

      @Override
      public SandboxPolicy policy() {
        return policy;
      }

      @Override
      public Path evidenceDirectory() {
        return evidenceDir;
      }

      @Override
      public String diff() {
        return diff;
      }

      @Override
      public List<ScenarioResult> evidence() {
        return evidence;
      }

      @Override
      public Clock clock() {
        return context.clock();
      }
    }
  }

  /** The policy with more read-only workspace paths. */
  static SandboxPolicy withReadOnly(
      SandboxPolicy policy, Collection<String> protectedGlobs, Collection<String> holdoutPaths) {
    Set<String> readOnly = new LinkedHashSet<>(policy.readOnlyPaths());
    readOnly.addAll(protectedGlobs);
    readOnly.addAll(holdoutPaths);
    return new SandboxPolicy(
        policy.network(),
        List.copyOf(readOnly),
        policy.hostReadOnlyMounts(),
        policy.environmentAllowlist(),
        policy.maxOutputBytes(),
        policy.maxProcesses(),
        policy.maxFileSizeBytes(),
        policy.maxMemoryBytes());
  }

  /**
   * Deletes whatever is at each relative path below {@code root}, files or whole directories, but
   * never through a symbolic link on the way to it (which could lead anywhere on the host): such a
   * path is left alone and the link returned.
   */
  private static List<String> deleteAll(Path root, Collection<String> paths) throws IOException {
    List<String> links = new ArrayList<>();
    for (String rel : paths) {
      Path p = root.resolve(rel).normalize();
      if (!p.startsWith(root) || p.equals(root)) {
        continue;
      }
      Path link = linkOnTheWay(root, p);
      if (link != null) {
        links.add(root.relativize(link).toString());
        continue;
      }
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(p);
      } else {
        Files.deleteIfExists(p);
      }
    }
    return links;
  }

  /**
   * The first directory between {@code root} (exclusive) and {@code path} (exclusive) that is a
   * symbolic link, or {@code null} when there is none; {@code path} must be below {@code root}.
   */
  private static @Nullable Path linkOnTheWay(Path root, Path path) {
    Path at = root;
    Path inside = root.relativize(path);
    for (int i = 0; i < inside.getNameCount() - 1; i++) {
      at = at.resolve(inside.getName(i).toString());
      if (Files.isSymbolicLink(at)) {
        return at;
      }
      if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
    }
    return null;
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** PASS when every trial passed; FAIL when any failed; INVALID otherwise. */
  static Verdict scenarioVerdict(List<TrialResult> trials) {
    if (trials.stream().anyMatch(t -> t.verdict() == Verdict.FAIL)) {
      return Verdict.FAIL;
    }
    return !trials.isEmpty() && trials.stream().allMatch(t -> t.verdict() == Verdict.PASS)
        ? Verdict.PASS
        : Verdict.INVALID;
  }

  /** SUSPECT on any signal; then FAIL, INVALID, PASS by the required scenarios. */
  static Verdict reportVerdict(List<ScenarioResult> results, List<String> signals) {
    if (!signals.isEmpty()) {
      return Verdict.SUSPECT;
    }
    if (results.isEmpty()) {
      return Verdict.INVALID;
    }
    if (results.stream().anyMatch(r -> r.required() && r.verdict() == Verdict.FAIL)) {
      return Verdict.FAIL;
    }
    if (results.stream().anyMatch(r -> r.required() && r.verdict() != Verdict.PASS)) {
      return Verdict.INVALID;
    }
    return Verdict.PASS;
  }

  private static String firstDetail(ScenarioResult result, Verdict verdict) {
    return result.trials().stream()
        .filter(t -> t.verdict() == verdict)
        .map(TrialResult::detail)
        .filter(d -> !d.isBlank())
        .findFirst()
        .orElse("no detail");
  }

  private EvaluationReport reuse(
      EvaluationReport cached,
      Candidate candidate,
      String key,
      EvaluationContext context,
      Instant start) {
    List<String> notes = new ArrayList<>(cached.notes());
    notes.add("reused the result of an identical evaluation (cache key " + key + ")");
    EvaluationReport report =
        new EvaluationReport(
            candidate,
            cached.verdict(),
            cached.satisfaction(),
            cached.scenarios(),
            cached.tamperSignals(),
            notes,
            Usage.ZERO,
            elapsed(start, context));
    EvaluationReports.write(report, context.resultsDirectory(), key);
    return report;
  }

  private static Duration elapsed(Instant start, EvaluationContext context) {
    Duration d = Duration.between(start, context.clock().instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static EvaluationReport finish(
      Candidate candidate,
      EvaluationContext context,
      Instant start,
      List<ScenarioResult> results,
      List<String> signals,
      List<String> notes,
      Usage usage,
      @Nullable String cacheKey) {
    Verdict verdict = reportVerdict(results, signals);
    List<String> allNotes = new ArrayList<>(notes);
    if (verdict == Verdict.INVALID && allNotes.isEmpty()) {
      allNotes.add("no required scenario could be decided");
    }
    Satisfaction satisfaction = Satisfactions.of(results);
    EvaluationReport report =
        new EvaluationReport(
            candidate,
            verdict,
            satisfaction,
            results,
            signals,
            allNotes,
            usage,
            elapsed(start, context));
    LOG.info(
        "evaluator {}: {} of spec {} is {} with satisfaction {} [{}, {}]{}",
        NAME,
        candidate.commit().abbreviated(),
        candidate.specId(),
        verdict,
        satisfaction.score(),
        satisfaction.lower(),
        satisfaction.upper(),
        signals.isEmpty() ? "" : "; tamper signals: " + String.join("; ", signals));
    try {
      EvaluationReports.write(report, context.resultsDirectory(), cacheKey);
    } catch (UncheckedIOException e) {
      LOG.warn("evaluator {}: could not write the report files: {}", NAME, e.getMessage());
    }
    return report;
  }

  /**
   * Builds a {@link HoldoutEvaluator}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final Map<String, ScenarioRunner> runners = new LinkedHashMap<>();
    private List<TamperCheck> tamperChecks = TamperChecks.defaults();
    private int concurrency = Math.max(2, Runtime.getRuntime().availableProcessors());
    private @Nullable EvaluationCache cache;
    private final Set<ScenarioId> quarantined = new LinkedHashSet<>();
    private Duration grace = Duration.ofMinutes(1);

    private Builder() {
      runner(new CommandRunner());
      runner(new TestSuiteRunner());
    }

    /**
     * Adds a runner for its kind, replacing the runner of that kind if there is one.
     *
     * @param runner the runner
     * @return this builder
     */
    public Builder runner(ScenarioRunner runner) {
      Require.nonNull(runner, "runner");
      runners.put(Require.nonBlank(runner.kind(), "runner kind"), runner);
      return this;
    }

    /**
     * Replaces the tamper checks; {@link TamperChecks#defaults()} by default. An empty list turns
     * tamper detection off, which makes this evaluator unfit to grade an agent that could game it.
     *
     * @param checks the checks
     * @return this builder
     */
    public Builder tamperChecks(List<TamperCheck> checks) {
      this.tamperChecks = Require.copyOf(checks, "tamperChecks");
      return this;
    }

    /**
     * Sets how many trials run at once; at least 1.
     *
     * @param concurrency the number of parallel trials
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = Require.atLeast(concurrency, 1, "concurrency");
      return this;
    }

    /**
     * Reuses results of identical evaluations; none by default.
     *
     * @param cache the cache
     * @return this builder
     */
    public Builder cache(EvaluationCache cache) {
      this.cache = Require.nonNull(cache, "cache");
      return this;
    }

    /**
     * Skips scenarios found flaky on the base by {@link HoldoutValidation}; each skipped scenario
     * is named in the report's notes.
     *
     * @param ids the scenarios to skip
     * @return this builder
     */
    public Builder quarantine(Collection<ScenarioId> ids) {
      quarantined.addAll(Require.copyOf(ids, "ids"));
      return this;
    }

    /**
     * Sets how long a trial may run beyond its scenario's timeout (for the runner's own work:
     * copying material, reading reports, asking a judge) before it is stopped and counted INVALID;
     * one minute by default.
     *
     * @param grace a positive duration
     * @return this builder
     */
    public Builder trialGrace(Duration grace) {
      this.grace = Require.positive(grace, "grace");
      return this;
    }

    private Builder runnersFrom(Map<String, ScenarioRunner> existing) {
      runners.clear();
      runners.putAll(existing);
      return this;
    }

    /** The evaluator. */
    public HoldoutEvaluator build() {
      return new HoldoutEvaluator(this);
    }
  }
}

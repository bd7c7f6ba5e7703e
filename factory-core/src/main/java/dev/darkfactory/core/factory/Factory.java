package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeContext;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.work.WorkSource;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.api.workspace.Workspace;
import dev.darkfactory.core.agent.guard.HoldoutLeakGuard;
import dev.darkfactory.core.cost.BudgetRefusal;
import dev.darkfactory.core.cost.Budgets;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.event.Listeners;
import dev.darkfactory.core.git.GitException;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.GitWorkspace;
import dev.darkfactory.core.git.Identity;
import dev.darkfactory.core.git.Integrator;
import dev.darkfactory.core.sandbox.Sandboxes;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.core.work.Fingerprints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The factory loop: takes work items from a {@link WorkSource}, has an {@link Agent} implement
 * each in a fresh workspace, commits the result as a candidate on its own branch, has the {@link
 * Evaluator} grade it, asks the {@link MergePolicy}, and lands approved candidates on the target
 * branch through the {@link Integrator}.
 *
 * <p>Every step is written to the {@link RunStore} before the next begins and then announced as a
 * {@link FactoryEvent}. A factory that dies (even by {@code kill -9}) loses nothing: when the spec
 * is claimed again, the journal says where it stopped and the loop resumes there. An agent that
 * was running is run again (or its candidate adopted, when it was already committed); an
 * evaluation is repeated; a merge that was under way is confirmed against the repository, so it
 * lands exactly once.
 *
 * <p>What the loop guarantees:
 *
 * <ul>
 *   <li>The sandbox isolates, or the factory does not start ({@link
 *       Sandboxes#requireIsolation}).
 *   <li>The agent gets only the visible part of a work item and the feedback the {@link
 *       FeedbackPolicy} allows.
 *   <li>Nothing merges except what the merge policy approved, and only on the base it was
 *       evaluated on: if the target moved, the candidate is rebased onto it and evaluated again.
 *       The target moves by compare-and-swap only.
 *   <li>Every candidate stays on its branch ({@code factory/<spec>/attempt-<n>}, rebased ones on
 *       {@code ...-rebase-<k>}), merged or not.
 *   <li>Each spec ends in exactly one terminal state: merged, rejected, held for a human, or
 *       abandoned. Only a human's review through the {@link HoldQueue} takes a spec out of
 *       held, and it then ends once more.
 * </ul>
 *
 * <p>Infrastructure failures (git, the store, the file system) stop the run with their exception
 * after releasing the current item: its progress is journaled, and the next run resumes it. An
 * agent, evaluator or merge policy that throws (or returns null) does not stop it: the attempt fails, the
 * evaluation is INVALID, the decision is a HOLD.
 *
 * <p>One factory runs one spec at a time; run several factories (threads or processes) on the
 * same queue, repository and store to work in parallel.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Factory {

  private static final Logger LOG = LoggerFactory.getLogger(Factory.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final WorkSource work;
  private final Agent agent;
  private final Sandbox sandbox;
  private final SandboxPolicy sandboxPolicy;
  private final Evaluator evaluator;
  private final MergePolicy policy;
  private final GitRepository repository;
  private final Integrator integrator;
  private final RunStore store;
  private final Path stateDirectory;
  private final Listeners listeners;
  private final Clock clock;
  private final int maxAttempts;
  private final int maxRebases;
  private final FeedbackPolicy feedbackPolicy;
  private final Identity identity;
  private final String owner;
  private final Function<WorkItem, String> fingerprint;
  private final PriceCatalog prices;
  private final Budgets.@Nullable Builder budgetLevels;
  private final BudgetAction onBudgetExhausted;
  /** This run's budgets, while a run is under way. */
  private volatile @Nullable Budgets budgets;
  /** The spec being worked on, told of budget refusals. */
  private volatile @Nullable SpecRun current;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Object wake = new Object();

  private Factory(Builder b) throws SandboxException {
    this.work = Require.nonNull(b.work, "workSource");
    this.agent = Require.nonNull(b.agent, "agent");
    this.sandbox = Sandboxes.requireIsolation(Require.nonNull(b.sandbox, "sandbox"));
    this.sandboxPolicy = b.sandboxPolicy;
    this.evaluator = Require.nonNull(b.evaluator, "evaluator");
    this.policy = Require.nonNull(b.policy, "mergePolicy");
    this.repository = Require.nonNull(b.repository, "repository");
    this.integrator = Require.nonNull(b.integrator, "integrator");
    this.store = Require.nonNull(b.store, "store");
    this.stateDirectory = Require.nonNull(b.stateDirectory, "stateDirectory");
    this.listeners = Listeners.of(b.listeners);
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.maxRebases = b.maxRebases;
    this.feedbackPolicy = b.feedbackPolicy;
    this.identity = b.identity;
    this.owner = b.owner;
    this.fingerprint = b.fingerprint;
    this.prices = b.prices;
    this.onBudgetExhausted = b.onBudgetExhausted;
    this.budgetLevels = b.budgets;
    if (budgetLevels != null) {
      budgetLevels
          .prices(prices)
          .clock(clock)
          .stateDirectory(stateDirectory)
          .listener(
              refusal -> {
                SpecRun run = current;
                if (run != null) {
                  run.refused(refusal);
                }
              });
    }
  }

  /**
   * A builder; work source, agent, sandbox, evaluator, merge policy, repository, integrator,
   * store and state directory are required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Processes at most one work item to its end (or until a stop is requested).
   *
   * @return what the run did
   * @throws InterruptedException when interrupted; the item is released, its progress journaled
   */
  public RunResult runOnce() throws InterruptedException {
    return run(Mode.ONCE, Duration.ZERO);
  }

  /**
   * Processes work items until the work source has none left (or a stop is requested).
   *
   * @return what the run did
   * @throws InterruptedException when interrupted; the current item is released, its progress
   *     journaled
   */
  public RunResult runUntilIdle() throws InterruptedException {
    return run(Mode.UNTIL_IDLE, Duration.ZERO);
  }

  /**
   * Processes work items until {@link #stop()} is called, looking for new work every {@code
   * pollInterval} while the queue is empty.
   *
   * @param pollInterval how long to wait before asking an empty work source again
   * @return what the run did
   * @throws InterruptedException when interrupted
   */
  public RunResult runUntilStopped(Duration pollInterval) throws InterruptedException {
    Require.positive(pollInterval, "pollInterval");
    return run(Mode.UNTIL_STOPPED, pollInterval);
  }

  /**
   * Asks a running factory to stop gracefully: the current step finishes, the current item is
   * released with its progress journaled (a later run resumes it), and the run ends with its
   * reports. Agents see the request through {@link AgentContext#stopRequested()}.
   */
  public void stop() {
    stop.set(true);
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /**
   * Whether {@link #stop()} was called.
   *
   * @return whether a stop was requested
   */
  public boolean stopRequested() {
    return stop.get();
  }

  private enum Mode {
    ONCE,
    UNTIL_IDLE,
    UNTIL_STOPPED
  }

  private RunResult run(Mode mode, Duration poll) throws InterruptedException {
    String runId = "run-" + RUN_ID.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    store.runStarted(runId, owner, clock.instant());
    emit(new FactoryEvent.RunStarted(clock.instant(), runId));
    LOG.info("run {} started by {}", runId, owner);
    List<SpecOutcome> outcomes = new ArrayList<>();
    budgets = budgetLevels == null ? null : budgetLevels.build();
    try {
      while (!stop.get()) {
        Optional<WorkItem> next = work.next();
        if (next.isEmpty()) {
          if (mode != Mode.UNTIL_STOPPED) {
            break;
          }
          synchronized (wake) {
            if (!stop.get()) {
              TimeUnit.MILLISECONDS.timedWait(wake, poll.toMillis());
            }
          }
          continue;
        }
        new SpecRun(runId, next.get()).process().ifPresent(outcomes::add);
        if (mode == Mode.ONCE) {
          break;
        }
      }
    } finally {
      Budgets done = budgets;
      budgets = null;
      if (done != null) {
        done.close();
      }
      Instant end = clock.instant();
      try {
        store.runFinished(runId, end, outcomes.size());
      } finally {
        emit(new FactoryEvent.RunFinished(end, runId, outcomes.size()));
        LOG.info("run {} finished: {} specs", runId, outcomes.size());
      }
    }
    Path dir = stateDirectory.resolve("runs").resolve(runId);
    Path json = dir.resolve("report.json");
    Path markdown = dir.resolve("summary.md");
    try {
      RunReport.write(store, runId, json, markdown, prices);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports of " + runId + " to " + dir, e);
    }
    return new RunResult(runId, outcomes, json, markdown, stop.get());
  }

  private void emit(FactoryEvent event) {
    listeners.onEvent(event);
  }

  /** The progress of one work item, rebuilt from its journal and advanced step by step. */
  private final class SpecRun {

    private final String runId;
    private final WorkItem item;
    private final Spec spec;
    private final String print;
    private final TreeMap<Integer, Feedback> feedback = new TreeMap<>();
    private final TreeMap<Integer, EvaluationReport> reports = new TreeMap<>();
    private final Map<Integer, List<String>> notes = new HashMap<>();
    private Usage spent = Usage.ZERO;
    private final Map<Integer, Integer> rebases = new HashMap<>();
    private final Map<Integer, String> branches = new HashMap<>();
    private final List<JournalEntry> pending = new ArrayList<>();
    private final List<FactoryEvent> pendingEvents = new ArrayList<>();
    private int attempts;
    private @Nullable Candidate lastCandidate;
    private @Nullable CommitId mergedHead;
    private @Nullable String finishedReason;
    /** Set by an engine that runs the spec step by step: its request to stop the agent. */
    private BooleanSupplier cancelled = () -> false;
    /** The last refusal of a spec, run or day budget during the current attempt. */
    private volatile @Nullable BudgetRefusal refusal;

    /** A budget refused a reservation of this spec's agent: announce it, remember it. */
    void refused(BudgetRefusal r) {
      emit(new FactoryEvent.BudgetExhausted(clock.instant(), runId, r.budget(), r.requested(), r.remaining()));
      if (!r.budget().startsWith("attempt:")) {
        refusal = r;
      }
    }

    SpecRun(String runId, WorkItem item) {
      this.runId = runId;
      this.item = item;
      this.spec = item.spec();
      this.print = fingerprint.apply(item);
    }

    /**
     * Folds the spec's journal into the state.
     *
     * @return the last entry that is not a claim, or null for a spec never worked on
     */
    @Nullable JournalEntry replay() {
      JournalEntry last = null;
      for (JournalEntry e : store.history(spec.id(), print)) {
        apply(e);
        if (!(e.step() instanceof Step.Claimed)) {
          last = e;
        }
      }
      return last;
    }

    Optional<SpecOutcome> process() throws InterruptedException {
      JournalEntry last = replay();
      // Finished, unless a human reviewed the held candidate since.
      if (last != null && last.step() instanceof Step.SpecFinished f) {
        LOG.info("spec {} already finished as {} in run {}", spec.id(), f.resolution(), last.runId());
        work.complete(item, f.resolution());
        return Optional.empty();
      }
      defer(0, new Step.Claimed(owner), new FactoryEvent.SpecClaimed(clock.instant(), runId, spec.id()));
      if (last != null) {
        LOG.info("spec {} resumes after {} of attempt {}", spec.id(), last.step().kind(), last.attempt());
      }
      Next next = resume(last);
      current = this;
      try {
        while (!(next instanceof Finish)) {
          if (stop.get()) {
            flush();
            LOG.info("stop requested: releasing spec {} before {}", spec.id(), next);
            work.release(item);
            return Optional.empty();
          }
          next = advance(next);
        }
      } catch (InterruptedException | RuntimeException e) {
        work.release(item);
        throw e;
      } finally {
        current = null;
      }
      Finish f = (Finish) next;
      journal(0, new Step.SpecFinished(f.resolution(), f.reason()), new FactoryEvent.SpecFinished(clock.instant(), runId, spec.id(), f.resolution()));
      work.complete(item, f.resolution());
      LOG.info("spec {} finished: {} ({})", spec.id(), f.resolution(), f.reason());
      return Optional.of(
          new SpecOutcome(spec.id(), f.resolution(), f.reason(), attempts, f.candidate(), f.head()));
    }

    private Next advance(Next next) throws InterruptedException {
      if (next instanceof StartAttempt s) {
        return startAttempt(s.attempt());
      } else if (next instanceof Recover r) {
        return recover(r.attempt());
      } else if (next instanceof Evaluate e) {
        return evaluate(e.candidate());
      } else if (next instanceof Decide d) {
        return decide(d.candidate(), d.report());
      } else if (next instanceof Merge m) {
        return merge(m.candidate());
      } else if (next instanceof Confirm c) {
        return confirm(c.intent());
      }
      throw new IllegalStateException("unknown step " + next);
    }

    /** Folds one journal entry into the state; the same for replayed and live entries. */
    private void apply(JournalEntry e) {
      int n = e.attempt();
      Step step = e.step();
      if (step instanceof Step.AttemptStarted s) {
        attempts = Math.max(attempts, n);
        branches.put(n, s.branch());
      } else if (step instanceof Step.NoCandidate s) {
        feedback.put(
            n,
            new Feedback(n, "attempt " + n + " produced nothing to evaluate: " + s.reason(), List.of(), 0, 0));
      } else if (step instanceof Step.CandidateCommitted s) {
        lastCandidate = s.candidate();
        branches.put(n, s.candidate().branch());
      } else if (step instanceof Step.Noted s) {
        notes.computeIfAbsent(n, k -> new ArrayList<>()).add(s.note());
      } else if (step instanceof Step.Reviewed s) {
        lastCandidate = s.candidate();
      } else if (step instanceof Step.AgentFinished s) {
        spent = spent.plus(s.usage());
      } else if (step instanceof Step.Evaluated s) {
        reports.put(n, s.report());
        spent = spent.plus(s.report().usage());
      } else if (step instanceof Step.Decided s) {
        lastCandidate = s.candidate();
        if (s.decision().action() == MergeDecision.Action.RETRY && reports.containsKey(n)) {
          feedback.put(n, feedbackPolicy.feedback(reports.get(n)));
        }
      } else if (step instanceof Step.Rebased s) {
        rebases.merge(n, 1, Integer::sum);
        lastCandidate = s.to();
      } else if (step instanceof Step.Merged s) {
        mergedHead = s.head();
      } else if (step instanceof Step.SpecFinished s) {
        finishedReason = s.reason();
      } else if (step instanceof Step.RebaseConflict) {
        feedback.put(
            n,
            new Feedback(
                n,
                "attempt "
                    + n
                    + " conflicted with changes that landed on "
                    + integrator.targetBranch()
                    + " meanwhile; start again from the new target",
                List.of(),
                0,
                0));
      }
    }

    private Next resume(@Nullable JournalEntry last) {
      if (last == null) {
        return new StartAttempt(1);
      }
      int n = last.attempt();
      Step step = last.step();
      if (step instanceof Step.AttemptStarted || step instanceof Step.AgentFinished
          || step instanceof Step.ModelCalled || step instanceof Step.Noted) {
        return new Recover(n);
      } else if (step instanceof Step.Reviewed s) {
        return s.approved()
            ? new Merge(s.candidate())
            : new Finish(
                Resolution.REJECTED,
                "rejected by " + s.reviewer() + (s.reason().isBlank() ? "" : ": " + s.reason()),
                s.candidate(),
                null);
      } else if (step instanceof Step.NoCandidate || step instanceof Step.RebaseConflict) {
        return afterLostAttempt(n, step instanceof Step.RebaseConflict);
      } else if (step instanceof Step.CandidateCommitted s) {
        return new Evaluate(s.candidate());
      } else if (step instanceof Step.Rebased s) {
        return new Evaluate(s.to());
      } else if (step instanceof Step.Evaluated s) {
        return new Decide(s.report().candidate(), s.report());
      } else if (step instanceof Step.Decided s) {
        return route(s.candidate(), s.decision());
      } else if (step instanceof Step.MergeIntent s) {
        return new Confirm(s);
      } else if (step instanceof Step.Merged s) {
        return new Finish(Resolution.MERGED, mergedReason(s.candidate()), s.candidate(), s.head());
      }
      throw new IllegalStateException("cannot resume after " + step.kind());
    }

    private Next startAttempt(int n) throws InterruptedException {
      if (n > maxAttempts) {
        return new Finish(
            Resolution.REJECTED, "all " + maxAttempts + " attempts were used", lastCandidate, null);
      }
      CommitId base = integrator.head();
      String branch = Candidate.branchFor(spec.id(), n);
      journal(n, new Step.AttemptStarted(branch, base), new FactoryEvent.AttemptStarted(clock.instant(), runId, spec.id(), n, branch, base));
      LOG.info("spec {} attempt {} starts on {} from {}", spec.id(), n, branch, base.abbreviated());
      try (GitWorkspace workspace = repository.checkout(base, branch)) {
        Assignment assignment =
            new Assignment(
                spec,
                item.scenarios().visible(),
                new RepositoryContext(integrator.targetBranch(), base, branch),
                n,
                feedback.headMap(n).values().stream().map(this::withNotes).toList());
        AgentOutcome outcome = runAgent(assignment, workspace, n);
        if (cancelled.getAsBoolean()) {
          // The engine gave this step to another worker (this one stopped heartbeating in time):
          // commit nothing, so the two never race on the attempt's branch.
          throw new java.util.concurrent.CancellationException(
              "attempt " + n + " of spec " + spec.id() + " was cancelled by the engine; nothing was committed");
        }
        journal(
            n, new Step.AgentFinished(
                agent.name(),
                outcomeKind(outcome),
                outcomeDetail(outcome),
                outcome.transcript().models().stream().sorted().toList(),
                outcome.usage()), new FactoryEvent.AgentFinished(clock.instant(), runId, spec.id(), n, outcome));
        if (outcome instanceof AgentOutcome.Aborted a
            && a.cause() == AgentOutcome.Aborted.Cause.HOLDOUT_LEAK) {
          // Nothing of this attempt is committed: the workspace holds whatever carried the leak.
          return new Finish(
              Resolution.HELD,
              "attempt " + n + " was stopped because a request to the model carried holdout"
                  + " content (" + oneLine(a.detail()) + "); nothing was committed, and a human"
                  + " must find how the holdout reached the agent",
              lastCandidate,
              null);
        }
        BudgetRefusal ranOut = refusal;
        refusal = null;
        if (ranOut != null) {
          Next routed = budgetRanOut(n, ranOut);
          if (routed != null) {
            return routed;
          }
        }
        Optional<CommitId> commit =
            repository.commit(workspace, message(n, outcome), identity, clock.instant());
        if (commit.isEmpty()) {
          String reason =
              "the agent changed no file (it " + outcomeKind(outcome) + ": " + oneLine(outcomeDetail(outcome)) + ")";
          journal(n, new Step.NoCandidate(reason), new FactoryEvent.NoCandidate(clock.instant(), runId, spec.id(), n, reason));
          return afterLostAttempt(n, false);
        }
        String actual = createCandidateBranch(branch, commit.get());
        return committed(new Candidate(spec.id(), n, actual, commit.get(), base));
      }
    }

    /**
     * Where a spec goes when its spec, run or day budget refused a call: held or rejected without
     * spending more on it, or left for a later run with the factory stopping. {@code null} lets
     * the attempt go on like any other that hit a limit.
     */
    private @Nullable Next budgetRanOut(int n, BudgetRefusal r) {
      String why = "the " + r.budget() + " budget ran out in attempt " + n + " (" + r.describe() + ")";
      LOG.warn("spec {}: {}", spec.id(), why);
      return switch (onBudgetExhausted) {
        case HOLD -> new Finish(Resolution.HELD, why + "; held for a human, nothing more is spent on it", lastCandidate, null);
        case REJECT -> new Finish(Resolution.REJECTED, why, lastCandidate, null);
        case STOP -> {
          stop();
          // The loop releases the item before it runs the attempt again; a later run resumes it.
          yield new Recover(n);
        }
        case CONTINUE -> null;
      };
    }

    /** The attempt died with the process: adopt its candidate if it was committed, else redo it. */
    private Next recover(int n) throws InterruptedException {
      for (String branch : List.of(Candidate.branchFor(spec.id(), n), qualifiedBranch(n))) {
        Optional<CommitId> existing = repository.branch(branch);
        if (existing.isPresent()) {
          Map<String, String> trailers = repository.trailers(existing.get());
          if (print.equals(trailers.get("Spec-Fingerprint"))
              && String.valueOf(n).equals(trailers.get("Attempt"))) {
            CommitId base = repository.git().commit(existing.get().hex() + "^");
            LOG.info("spec {} attempt {}: adopting candidate {} committed before a crash", spec.id(), n, existing.get().abbreviated());
            return committed(new Candidate(spec.id(), n, branch, existing.get(), base));
          }
        }
      }
      LOG.info("spec {} attempt {} was interrupted; running it again", spec.id(), n);
      return startAttempt(n);
    }

    private Next committed(Candidate candidate) {
      journal(candidate.attempt(), new Step.CandidateCommitted(candidate), new FactoryEvent.CandidateCommitted(clock.instant(), runId, candidate));
      return new Evaluate(candidate);
    }

    private Next evaluate(Candidate candidate) throws InterruptedException {
      emit(new FactoryEvent.EvaluationStarted(clock.instant(), runId, candidate, evaluator.name()));
      Instant started = clock.instant();
      EvaluationReport report;
      GitEvaluationContext evaluation =
          GitEvaluationContext.builder(repository, sandbox)
              .sandboxPolicy(sandboxPolicy)
              .resultsDirectory(
                  stateDirectory
                      .resolve("results")
                      .resolve(spec.id().value())
                      .resolve(candidate.branch().replace('/', '_') + "-" + UUID.randomUUID()))
              .clock(clock)
              .build();
      try {
        report = evaluator.evaluate(candidate, item, evaluation);
        if (!report.candidate().equals(candidate)) {
          report =
              invalid(
                  candidate,
                  started,
                  "evaluator " + evaluator.name() + " returned a report about another candidate: " + report.candidate());
        }
      } catch (RuntimeException e) {
        LOG.warn("evaluator {} failed on {}", evaluator.name(), candidate.branch(), e);
        report = invalid(candidate, started, "evaluator " + evaluator.name() + " failed: " + e);
      } finally {
        evaluation.close();
      }
      journal(candidate.attempt(), new Step.Evaluated(evaluator.name(), report), new FactoryEvent.EvaluationFinished(clock.instant(), runId, report));
      return new Decide(candidate, report);
    }

    private EvaluationReport invalid(Candidate candidate, Instant started, String note) {
      return new EvaluationReport(
          candidate,
          Verdict.INVALID,
          new Satisfaction(0, 0, 1, 0.95),
          List.of(),
          List.of(),
          List.of(note),
          Usage.ZERO,
          nonNegative(Duration.between(started, clock.instant())));
    }

    private Next decide(Candidate candidate, EvaluationReport report) throws InterruptedException {
      MergeDecision decision;
      try {
        decision =
            policy.decide(
                new MergeContext(
                    spec,
                    candidate,
                    report,
                    maxAttempts,
                    List.copyOf(reports.headMap(candidate.attempt()).values()),
                    repository.changes(candidate.base(), candidate.commit()),
                    repository.linesChanged(candidate.base(), candidate.commit()),
                    spent));
        if (decision == null) {
          throw new NullPointerException("merge policy " + policy + " returned no decision");
        }
      } catch (RuntimeException e) {
        LOG.warn("merge policy failed on {}", candidate.branch(), e);
        decision = MergeDecision.hold("the merge policy failed, so a human must decide: " + e);
      }
      defer(candidate.attempt(), new Step.Decided(candidate, decision), new FactoryEvent.DecisionMade(clock.instant(), runId, candidate, decision));
      LOG.info("spec {} attempt {}: {} ({})", spec.id(), candidate.attempt(), decision.action(), String.join("; ", decision.reasons()));
      return route(candidate, decision);
    }

    private Next route(Candidate candidate, MergeDecision decision) {
      String reasons = String.join("; ", decision.reasons());
      return switch (decision.action()) {
        case MERGE -> new Merge(candidate);
        case HOLD -> new Finish(Resolution.HELD, "held for a human: " + reasons, candidate, null);
        case REJECT -> new Finish(Resolution.REJECTED, "rejected: " + reasons, candidate, null);
        case RETRY ->
            candidate.attempt() < maxAttempts
                ? new StartAttempt(candidate.attempt() + 1)
                : new Finish(
                    Resolution.REJECTED,
                    "the policy asked for another attempt but all " + maxAttempts + " were used: " + reasons,
                    candidate,
                    null);
      };
    }

    private Next afterLostAttempt(int n, boolean conflict) {
      if (n < maxAttempts) {
        return new StartAttempt(n + 1);
      }
      return conflict
          ? new Finish(
              Resolution.HELD,
              "the last candidate conflicts with the target branch and no attempts remain",
              lastCandidate,
              null)
          : new Finish(
              Resolution.REJECTED,
              "all " + maxAttempts + " attempts were used; the last produced nothing to evaluate",
              lastCandidate,
              null);
    }

    private Next merge(Candidate candidate) throws InterruptedException {
      if (integrator.contains(candidate.commit())) {
        // Landed already (by a human, or by a merge whose intent a crash lost): record it, once.
        CommitId head = integrator.head();
        LOG.info("{} is already in {} at {}", candidate.branch(), integrator.targetBranch(), head.abbreviated());
        journal(candidate.attempt(), new Step.MergeIntent(candidate, integrator.targetBranch(), head, head),
            new FactoryEvent.MergeStarted(clock.instant(), runId, candidate, integrator.targetBranch(), head, head));
        return merged(candidate, head);
      }
      // Expect the target where the candidate was evaluated; the compare-and-swap itself tells
      // whether it moved, so the common case costs no extra read.
      CommitId expected = candidate.base();
      CommitId landing = integrator.landing(candidate, identity, clock.instant());
      Step.MergeIntent intent =
          new Step.MergeIntent(candidate, integrator.targetBranch(), expected, landing);
      journal(candidate.attempt(), intent, new FactoryEvent.MergeStarted(
              clock.instant(), runId, candidate, integrator.targetBranch(), expected, landing));
      if (integrator.compareAndSwap(expected, landing)) {
        return merged(candidate, landing);
      }
      CommitId head = integrator.head();
      LOG.info("target {} moved to {} since {} was evaluated; rebasing", integrator.targetBranch(), head.abbreviated(), candidate.branch());
      return rebase(candidate, head);
    }

    private Next confirm(Step.MergeIntent intent) throws InterruptedException {
      if (integrator.contains(intent.head())) {
        LOG.info("merge of {} had landed before the crash", intent.candidate().branch());
        return merged(intent.candidate(), intent.head());
      }
      return merge(intent.candidate());
    }

    private Next merged(Candidate candidate, CommitId head) {
      defer(candidate.attempt(), new Step.Merged(candidate, integrator.targetBranch(), head), new FactoryEvent.Merged(clock.instant(), runId, candidate, integrator.targetBranch(), head));
      return new Finish(Resolution.MERGED, mergedReason(candidate), candidate, head);
    }

    private String mergedReason(Candidate candidate) {
      return "merged " + candidate.branch() + " into " + integrator.targetBranch();
    }

    private Next rebase(Candidate candidate, CommitId head) throws InterruptedException {
      int n = candidate.attempt();
      int k = rebases.getOrDefault(n, 0) + 1;
      if (k > maxRebases) {
        return new Finish(
            Resolution.HELD,
            "the target branch moved "
                + maxRebases
                + " times while attempt "
                + n
                + " was being evaluated; a human should merge or requeue it",
            candidate,
            null);
      }
      String original = branches.getOrDefault(n, Candidate.branchFor(spec.id(), n));
      String message =
          repository.message(candidate.commit()).strip()
              + "\nRebased-From: "
              + candidate.commit()
              + "\n";
      var replay = repository.replay(candidate.commit(), head, message, identity, clock.instant());
      if (replay instanceof GitRepository.Replay.Conflict c) {
        journal(n, new Step.RebaseConflict(candidate, head, c.detail()), new FactoryEvent.RebaseConflicted(clock.instant(), runId, candidate, head, c.detail()));
        return afterLostAttempt(n, true);
      }
      CommitId rebased = ((GitRepository.Replay.Clean) replay).commit();
      String branch = original + "-rebase-" + k;
      while (repository.branch(branch).isPresent()
          && !repository.branch(branch).get().equals(rebased)) {
        // Left by a run that died before journaling this rebase: keep it, take the next name.
        k++;
        branch = original + "-rebase-" + k;
      }
      repository.createBranch(branch, rebased);
      Candidate to = new Candidate(spec.id(), n, branch, rebased, head);
      journal(n, new Step.Rebased(candidate, to), new FactoryEvent.CandidateRebased(clock.instant(), runId, candidate, to));
      return new Evaluate(to);
    }

    /**
     * The branch for a candidate of attempt {@code n}: {@code factory/<spec>/attempt-<n>}, or,
     * when an earlier version of this spec already holds that name, a name qualified by this
     * version's fingerprint.
     */
    private String qualifiedBranch(int n) {
      return "factory/" + spec.id().value() + "/" + print.substring(0, 12) + "/attempt-" + n;
    }

    /** Creates the candidate's branch, moving to the qualified name when the plain one is taken. */
    private String createCandidateBranch(String branch, CommitId commit) throws InterruptedException {
      try {
        repository.createBranch(branch, commit);
        return branch;
      } catch (GitException taken) {
        String qualified = qualifiedBranch(Integer.parseInt(branch.substring(branch.lastIndexOf('-') + 1)));
        LOG.info("branch {} is taken ({}); using {}", branch, taken.getMessage(), qualified);
        repository.createBranch(qualified, commit);
        return qualified;
      }
    }

    private Feedback withNotes(Feedback f) {
      List<String> left = notes.getOrDefault(f.attempt(), List.of());
      return left.isEmpty() ? f : f.withNotes(feedbackPolicy.notes(f.attempt(), List.copyOf(left)));
    }

    private AgentOutcome runAgent(Assignment assignment, Workspace workspace, int n)
        throws InterruptedException {
      try {
        AgentOutcome outcome = agent.implement(assignment, new AgentRun(workspace, n));
        if (outcome == null) {
          throw new NullPointerException("agent " + agent.name() + " returned no outcome");
        }
        return outcome;
      } catch (HoldoutLeakException e) {
        LOG.warn("agent {} on spec {}: {}", agent.name(), spec.id(), e.getMessage());
        return new AgentOutcome.Aborted(
            AgentOutcome.Aborted.Cause.HOLDOUT_LEAK, e.getMessage(), Usage.ZERO, Transcript.EMPTY);
      } catch (RuntimeException e) {
        LOG.warn("agent {} failed on spec {}", agent.name(), spec.id(), e);
        return new AgentOutcome.Failed(
            "agent " + agent.name() + " threw " + e, Usage.ZERO, Transcript.EMPTY);
      }
    }

    private String message(int n, AgentOutcome outcome) {
      Usage u = outcome.usage();
      String models =
          outcome.transcript().models().isEmpty()
              ? "none"
              : String.join(", ", outcome.transcript().models().stream().sorted().toList());
      return spec.title()
          + "\n\nCandidate for spec "
          + spec.id()
          + ", attempt "
          + n
          + ", by agent "
          + agent.name()
          + ".\nThe agent "
          + outcomeKind(outcome)
          + ": "
          + oneLine(outcomeDetail(outcome))
          + "\n\nSpec-Id: "
          + spec.id()
          + "\nSpec-Fingerprint: "
          + print
          + "\nAttempt: "
          + n
          + "\nAgent: "
          + oneLine(agent.name())
          + "\nModel: "
          + oneLine(models)
          + "\nTokens: "
          + u.totalTokens()
          + " (input "
          + u.inputTokens()
          + ", output "
          + u.outputTokens()
          + ", cache-read "
          + u.cacheReadTokens()
          + ", cache-write "
          + u.cacheWriteTokens()
          + ")\nFactory-Run: "
          + runId
          + "\n";
    }

    /**
     * Records a step, with any deferred ones before it, in one durable write, then announces
     * them. Every action with an effect outside the factory (an agent run, a branch, a ref update,
     * completing the work item) comes after a call to this method.
     */
    private void journal(int attempt, Step step, FactoryEvent event) {
      defer(attempt, step, event);
      flush();
    }

    /**
     * Queues a step to be written with the next {@link #journal} call. Only for a step after
     * which nothing but reads happens until then: a crash in between loses it, and the resumed
     * factory does it again (a claim, a decision, the record of a merge the repository confirms).
     */
    private void defer(int attempt, Step step, FactoryEvent event) {
      JournalEntry entry = JournalEntry.of(runId, spec.id(), print, attempt, clock.instant(), step);
      apply(entry);
      pending.add(entry);
      pendingEvents.add(event);
    }

    private void flush() {
      if (pending.isEmpty()) {
        return;
      }
      store.appendAll(List.copyOf(pending));
      pending.clear();
      List<FactoryEvent> events = List.copyOf(pendingEvents);
      pendingEvents.clear();
      events.forEach(Factory.this::emit);
    }

    /** What the agent sees of the factory. */
    private final class AgentRun implements AgentContext {
      private static final int MAX_NOTE = 4_000;
      private final Workspace workspace;
      private final int attempt;

      /**
       * The factory's policy with the spec's protected globs added, as the API promises: the
       * agent's sandboxed commands and the default agent's file tools both refuse to write them.
       * The evaluator restores them anyway; this stops the write where it happens.
       */
      private final SandboxPolicy agentPolicy;

      AgentRun(Workspace workspace, int attempt) {
        this.workspace = workspace;
        this.attempt = attempt;
        this.agentPolicy = sandboxPolicy.toBuilder().readOnlyPaths(spec.protectedPaths()).build();
      }

      /**
       * The leak guard for this attempt, built when the agent first asks for it: from the work
       * item's holdouts, with the workspace as it is then (the base) declared visible, so lines
       * the repository already holds never count as leaks.
       */
      private @Nullable HoldoutLeakGuard leakGuard;

      @Override
      public ModelProvider guard(ModelProvider provider) {
        Require.nonNull(provider, "provider");
        synchronized (this) {
          if (leakGuard == null) {
            leakGuard = HoldoutLeakGuard.builder(item).visibleDirectory(workspace.root()).build();
          }
        }
        HoldoutLeakGuard checked = leakGuard;
        return new ModelProvider() {
          @Override
          public String id() {
            return provider.id();
          }

          @Override
          public ModelResponse complete(ModelRequest request)
              throws ModelException, InterruptedException {
            checked.check(request);
            ModelResponse response = provider.complete(request);
            // Journaled as it happens, so a crash loses no call's usage.
            synchronized (SpecRun.this) {
              journal(
                  attempt,
                  new Step.ModelCalled(response.model(), response.usage()),
                  new FactoryEvent.ModelCalled(
                      clock.instant(), runId, spec.id(), response.model(), response.usage()));
            }
            return response;
          }

          @Override
          public String toString() {
            return "guarded(" + provider + ")";
          }
        };
      }

      @Override
      public void remember(String note) {
        Require.nonBlank(note, "note");
        String kept =
            note.length() <= MAX_NOTE
                ? note
                : note.substring(0, MAX_NOTE) + " [... " + (note.length() - MAX_NOTE) + " characters cut]";
        synchronized (SpecRun.this) {
          journal(attempt, new Step.Noted(kept), new FactoryEvent.AgentNoted(clock.instant(), runId, spec.id(), attempt, kept));
        }
      }

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
        return agentPolicy;
      }

      @Override
      public Budget budget() {
        Budgets b = budgets;
        return b == null ? Budget.unlimited() : b.attempt(spec.id(), attempt);
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public boolean stopRequested() {
        return stop.get() || cancelled.getAsBoolean();
      }
    }

    /**
     * The step {@code next} is, for an engine that schedules steps; a spec whose next step is its
     * end is finished here, since not every end can be rebuilt from the journal (the rebase limit
     * and the budget's HOLD are decided by the step that reaches them).
     */
    SpecStep settle(Next next) {
      if (next instanceof Finish f) {
        return finish(f);
      }
      return toStep(next);
    }

    private SpecStep toStep(Next next) {
      if (next instanceof StartAttempt s) {
        return new SpecStep(SpecStep.Kind.IMPLEMENT, s.attempt(), null, "", lastCandidate, null);
      } else if (next instanceof Recover r) {
        return new SpecStep(SpecStep.Kind.IMPLEMENT, r.attempt(), null, "", lastCandidate, null);
      } else if (next instanceof Evaluate e) {
        return new SpecStep(SpecStep.Kind.EVALUATE, e.candidate().attempt(), null, "", e.candidate(), null);
      } else if (next instanceof Decide d) {
        return new SpecStep(SpecStep.Kind.DECIDE, d.candidate().attempt(), null, "", d.candidate(), null);
      } else if (next instanceof Merge m) {
        return new SpecStep(SpecStep.Kind.INTEGRATE, m.candidate().attempt(), null, "", m.candidate(), null);
      } else if (next instanceof Confirm c) {
        return new SpecStep(SpecStep.Kind.INTEGRATE, c.intent().candidate().attempt(), null, "", c.intent().candidate(), null);
      }
      throw new IllegalStateException("an end is not a step to schedule: " + next);
    }

    /** The step of a spec whose journal ends in its terminal state. */
    SpecStep finished(Step.SpecFinished f) {
      return new SpecStep(
          SpecStep.Kind.FINISHED,
          attempts,
          f.resolution(),
          f.reason(),
          lastCandidate,
          f.resolution() == Resolution.MERGED ? mergedHead : null);
    }

    /** Journals the terminal state, with any deferred step before it. */
    private SpecStep finish(Finish f) {
      Step.SpecFinished done = new Step.SpecFinished(f.resolution(), f.reason());
      journal(0, done, new FactoryEvent.SpecFinished(clock.instant(), runId, spec.id(), f.resolution()));
      LOG.info("spec {} finished: {} ({})", spec.id(), f.resolution(), f.reason());
      return finished(done);
    }
  }

  /**
   * This factory's loop one step at a time, for an engine other than the embedded one (the
   * Temporal engine in {@code factory-temporal} runs each step as an activity on whichever
   * worker takes it).
   *
   * <p>Every call rebuilds the spec's state from the journal, does at most one step, journals it
   * and says what comes next, exactly as the embedded loop would. A step asked for again after it
   * was done (an engine retrying a call whose answer it lost) does nothing and returns what comes
   * next; a step a crash interrupted is resumed as the loop resumes it (an agent run again or its
   * committed candidate adopted, a merge confirmed against the target). So an engine may call a
   * step any number of times: its effects happen once.
   *
   * <p>The factory's budgets are built by the first step that needs them and closed with the
   * steps: the run level then covers what these steps spend. Do not run the factory's own loop
   * while its steps do a step. Calls on one {@code Steps} are serialized: one factory does one
   * step at a time.
   *
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  public final class Steps implements AutoCloseable {
    private final Object lock = new Object();
    private boolean closed;
    /** Built by the first step that runs an agent, closed with the steps. */
    private @Nullable Budgets own;

    private Steps() {}

    /**
     * Claims a spec for a run: journals the claim and says where the spec stands.
     *
     * @param runId the run the engine records the spec's steps under ({@link RunStore#runStarted}
     *     must have been called for it)
     * @param item the work item
     * @return the first step to do, or {@link SpecStep.Kind#FINISHED} when the journal already
     *     holds the spec's terminal state (and no human reviewed it since)
     */
    public SpecStep claim(String runId, WorkItem item) {
      Require.nonBlank(runId, "runId");
      Require.nonNull(item, "item");
      synchronized (lock) {
        requireOpen();
        SpecRun run = new SpecRun(runId, item);
        JournalEntry last = run.replay();
        if (last != null && last.step() instanceof Step.SpecFinished f) {
          return run.finished(f);
        }
        run.journal(0, new Step.Claimed(owner), new FactoryEvent.SpecClaimed(clock.instant(), runId, spec(item)));
        return run.settle(run.resume(last));
      }
    }

    /**
     * Does one step of a spec, if it is still the spec's next one.
     *
     * @param runId the run the step is journaled under
     * @param item the work item
     * @param step the step to do, as the last call returned it
     * @param cancelled polled by the agent through {@link AgentContext#stopRequested()}; when it
     *     is true once the agent returns, nothing of the attempt is committed and the call throws
     *     {@link java.util.concurrent.CancellationException}
     * @return the step after it; or, when {@code step} is no longer the next one (it was done
     *     already), the step the journal says comes next, with nothing done
     * @throws InterruptedException when interrupted; what was done is journaled
     */
    public SpecStep advance(String runId, WorkItem item, SpecStep step, BooleanSupplier cancelled)
        throws InterruptedException {
      Require.nonBlank(runId, "runId");
      Require.nonNull(item, "item");
      Require.nonNull(step, "step");
      Require.nonNull(cancelled, "cancelled");
      synchronized (lock) {
        requireOpen();
        SpecRun run = new SpecRun(runId, item);
        run.cancelled = cancelled;
        JournalEntry last = run.replay();
        if (last != null && last.step() instanceof Step.SpecFinished f) {
          return run.finished(f);
        }
        Next next = run.resume(last);
        SpecStep now = run.settle(next);
        if (!now.sameStepAs(step) || now.kind() == SpecStep.Kind.FINISHED) {
          LOG.info("spec {}: {} of attempt {} was done already; next is {}", spec(item), step.kind(), step.attempt(), now.kind());
          return now;
        }
        if (own == null && budgetLevels != null) {
          own = budgetLevels.build();
        }
        Budgets before = budgets;
        budgets = own;
        current = run;
        try {
          Next after = run.advance(next);
          run.flush();
          return run.settle(after);
        } finally {
          current = null;
          budgets = before;
        }
      }
    }

    /**
     * Records a human's review of a spec held for one, as {@link HoldQueue} does (the review is
     * journaled and the spec reopened in the work source), and says what comes next: the merge
     * of an approved candidate or the rejection. A spec already reviewed is not reviewed again.
     *
     * @param runId the run the next steps are journaled under
     * @param item the held spec's work item
     * @param approved whether the candidate may merge
     * @param reviewer who reviewed
     * @param reason why; may be empty
     * @return the next step
     * @throws IllegalArgumentException when the spec is not held for review; nothing is changed
     */
    public SpecStep review(
        String runId, WorkItem item, boolean approved, String reviewer, String reason) {
      Require.nonBlank(runId, "runId");
      Require.nonNull(item, "item");
      synchronized (lock) {
        requireOpen();
        JournalEntry last = new SpecRun(runId, item).replay();
        if (last == null || !(last.step() instanceof Step.Reviewed)) {
          HoldQueue.builder().store(store).workSource(work).clock(clock).listener(listeners::onEvent).build()
              .review(spec(item), approved, reviewer, reason);
        }
        SpecRun run = new SpecRun(runId, item);
        return run.settle(run.resume(run.replay()));
      }
    }

    /**
     * The work item a spec's steps are about, looked up in the factory's work source.
     *
     * @param id the spec
     * @param fingerprint the content the engine scheduled (see {@link #fingerprint})
     * @return the item
     * @throws IllegalStateException when the work source has no such spec, or has other content
     *     for it (a worker that loaded the specs before they were edited)
     */
    public WorkItem item(SpecId id, String fingerprint) {
      Require.nonNull(id, "id");
      Require.nonBlank(fingerprint, "fingerprint");
      WorkItem item =
          work.find(id)
              .orElseThrow(
                  () -> new IllegalStateException("spec '" + id + "' is not in the work source of factory " + owner));
      String have = fingerprint(item);
      if (!have.equals(fingerprint)) {
        throw new IllegalStateException(
            "factory " + owner + " has spec '" + id + "' with content " + abbreviate(have)
                + ", but the step is for content " + abbreviate(fingerprint)
                + "; it loaded the specs before or after they were edited");
      }
      return item;
    }

    /**
     * A work item's content fingerprint, as the journal keys it.
     *
     * @param item the item
     * @return its fingerprint
     */
    public String fingerprint(WorkItem item) {
      return Factory.this.fingerprint.apply(Require.nonNull(item, "item"));
    }

    /**
     * The factory's work source.
     *
     * @return the work source
     */
    public WorkSource workSource() {
      return work;
    }

    /**
     * The factory's run store.
     *
     * @return the store
     */
    public RunStore store() {
      return store;
    }

    /**
     * The factory's name in the journal.
     *
     * @return the owner
     */
    public String owner() {
      return owner;
    }

    /**
     * Writes a run's reports, {@code runs/<run-id>/report.json} and {@code summary.md} under the
     * state directory, as the embedded loop does at the end of a run.
     *
     * @param runId the run
     * @return the JSON report's path (the summary is beside it)
     * @throws UncheckedIOException when they cannot be written
     */
    public Path writeReports(String runId) {
      Path dir = stateDirectory.resolve("runs").resolve(Require.nonBlank(runId, "runId"));
      try {
        RunReport.write(store, runId, dir.resolve("report.json"), dir.resolve("summary.md"), prices);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the reports of " + runId + " to " + dir, e);
      }
      return dir.resolve("report.json");
    }

    private static String abbreviate(String print) {
      return print.length() > 12 ? print.substring(0, 12) : print;
    }

    private void requireOpen() {
      if (closed) {
        throw new IllegalStateException("the factory's steps are closed");
      }
    }

    private SpecId spec(WorkItem item) {
      return item.spec().id();
    }

    /** Closes the budgets built for these steps; closing again does nothing. */
    @Override
    public void close() {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        if (own != null) {
          own.close();
          own = null;
        }
      }
    }
  }

  /**
   * Opens this factory's loop for an engine that schedules its steps one at a time (see {@link
   * Steps}); close the steps when the engine stops.
   *
   * @return the steps
   */
  public Steps steps() {
    return new Steps();
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  static String outcomeKind(AgentOutcome outcome) {
    if (outcome instanceof AgentOutcome.Finished) {
      return "finished";
    } else if (outcome instanceof AgentOutcome.GaveUp) {
      return "gave-up";
    } else if (outcome instanceof AgentOutcome.LimitReached) {
      return "limit-reached";
    } else if (outcome instanceof AgentOutcome.Aborted) {
      return "aborted";
    }
    return "failed";
  }

  static String outcomeDetail(AgentOutcome outcome) {
    if (outcome instanceof AgentOutcome.Finished f) {
      return f.summary();
    } else if (outcome instanceof AgentOutcome.GaveUp g) {
      return g.reason();
    } else if (outcome instanceof AgentOutcome.LimitReached l) {
      return l.limit() + ": " + l.detail();
    } else if (outcome instanceof AgentOutcome.Aborted a) {
      return a.cause() + ": " + a.detail();
    }
    return ((AgentOutcome.Failed) outcome).error();
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private sealed interface Next {}

  private record StartAttempt(int attempt) implements Next {}

  private record Recover(int attempt) implements Next {}

  private record Evaluate(Candidate candidate) implements Next {}

  private record Decide(Candidate candidate, EvaluationReport report) implements Next {}

  private record Merge(Candidate candidate) implements Next {}

  private record Confirm(Step.MergeIntent intent) implements Next {}

  private record Finish(
      Resolution resolution, String reason, @Nullable Candidate candidate, @Nullable CommitId head)
      implements Next {}

  /**
   * Configures a {@link Factory}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private @Nullable WorkSource work;
    private @Nullable Agent agent;
    private @Nullable Sandbox sandbox;
    private SandboxPolicy sandboxPolicy = SandboxPolicy.strict();
    private @Nullable Evaluator evaluator;
    private @Nullable MergePolicy policy;
    private @Nullable GitRepository repository;
    private @Nullable Integrator integrator;
    private @Nullable RunStore store;
    private @Nullable Path stateDirectory;
    private final List<FactoryListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 3;
    private int maxRebases = 3;
    private FeedbackPolicy feedbackPolicy = FeedbackPolicy.countsOnly();
    private PriceCatalog prices = PriceCatalog.bundled();
    private Budgets.@Nullable Builder budgets;
    private BudgetAction onBudgetExhausted = BudgetAction.HOLD;
    private Identity identity = Identity.FACTORY;
    private String owner = defaultOwner();
    private Function<WorkItem, String> fingerprint = Fingerprints::of;

    private Builder() {}

    /**
     * Where work comes from.
     *
     * @param work the work source
     * @return this builder
     */
    public Builder workSource(WorkSource work) {
      this.work = Require.nonNull(work, "workSource");
      return this;
    }

    /**
     * Who implements specs.
     *
     * @param agent the coding agent
     * @return this builder
     */
    public Builder agent(Agent agent) {
      this.agent = Require.nonNull(agent, "agent");
      return this;
    }

    /**
     * Where agents and evaluators run commands; checked with {@link
     * Sandboxes#requireIsolation} when the factory is built.
     *
     * @param sandbox the sandbox
     * @return this builder
     */
    public Builder sandbox(Sandbox sandbox) {
      this.sandbox = Require.nonNull(sandbox, "sandbox");
      return this;
    }

    /**
     * The sandbox policy for agents and evaluators (default {@link SandboxPolicy#strict()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder sandboxPolicy(SandboxPolicy policy) {
      this.sandboxPolicy = Require.nonNull(policy, "sandboxPolicy");
      return this;
    }

    /**
     * Who grades candidates.
     *
     * @param evaluator the evaluator
     * @return this builder
     */
    public Builder evaluator(Evaluator evaluator) {
      this.evaluator = Require.nonNull(evaluator, "evaluator");
      return this;
    }

    /**
     * Who decides what merges.
     *
     * @param policy the merge policy
     * @return this builder
     */
    public Builder mergePolicy(MergePolicy policy) {
      this.policy = Require.nonNull(policy, "mergePolicy");
      return this;
    }

    /**
     * The factory's git repository, where workspaces come from and candidates go.
     *
     * @param repository the repository
     * @return this builder
     */
    public Builder repository(GitRepository repository) {
      this.repository = Require.nonNull(repository, "repository");
      return this;
    }

    /**
     * How approved candidates land on the target branch.
     *
     * @param integrator the integrator
     * @return this builder
     */
    public Builder integrator(Integrator integrator) {
      this.integrator = Require.nonNull(integrator, "integrator");
      return this;
    }

    /**
     * The run journal.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(RunStore store) {
      this.store = Require.nonNull(store, "store");
      return this;
    }

    /**
     * Where reports ({@code runs/<run-id>/}) and evaluation results ({@code results/}) go.
     *
     * @param directory the state directory
     * @return this builder
     */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Require.nonNull(directory, "stateDirectory").toAbsolutePath().normalize();
      return this;
    }

    /**
     * Adds a listener; listeners hear every event in registration order.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(FactoryListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * The clock for journal times, commit dates and reports (default the system's, in UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * How many attempts a spec gets (default 3).
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Require.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * How many times one attempt's candidate may be rebased onto a moving target before the spec
     * is held for a human (default 3).
     *
     * @param maxRebases at least 0
     * @return this builder
     */
    public Builder maxRebases(int maxRebases) {
      this.maxRebases = Require.atLeast(maxRebases, 0, "maxRebases");
      return this;
    }

    /**
     * The prices the run reports and the budgets count model calls at (default {@link
     * PriceCatalog#bundled()}).
     *
     * @param prices the catalog
     * @return this builder
     */
    public Builder prices(PriceCatalog prices) {
      this.prices = Require.nonNull(prices, "prices");
      return this;
    }

    /**
     * Hard budgets for the agents' model calls, by level: attempt, spec, run and day. The factory
     * sets the levels' prices (see {@link #prices}), clock and state directory (where the day
     * budget is kept, shared by every factory on it), builds them when a run starts and closes
     * them when it ends; each attempt's agent gets its attempt's budget as {@link
     * AgentContext#budget()}. Every refusal is announced as a {@link
     * FactoryEvent.BudgetExhausted}. Default: no limits.
     *
     * @param levels the limits of each level
     * @return this builder
     */
    public Builder budgets(Budgets.Builder levels) {
      this.budgets = Require.nonNull(levels, "budgets");
      return this;
    }

    /**
     * What happens to a spec when its spec, run or day budget refuses a call of its agent
     * (default {@link BudgetAction#HOLD}). An attempt that only ran out of its own attempt budget
     * goes on like any attempt that hit a limit: its work is committed and evaluated.
     *
     * @param action the action
     * @return this builder
     */
    public Builder onBudgetExhausted(BudgetAction action) {
      this.onBudgetExhausted = Require.nonNull(action, "action");
      return this;
    }

    /**
     * What a retried attempt learns about the last evaluation (default {@link
     * FeedbackPolicy#countsOnly()}).
     *
     * @param policy the feedback policy
     * @return this builder
     */
    public Builder feedbackPolicy(FeedbackPolicy policy) {
      this.feedbackPolicy = Require.nonNull(policy, "feedbackPolicy");
      return this;
    }

    /**
     * The author and committer of candidates and merge commits (default {@link
     * Identity#FACTORY}).
     *
     * @param identity the identity
     * @return this builder
     */
    public Builder identity(Identity identity) {
      this.identity = Require.nonNull(identity, "identity");
      return this;
    }

    /**
     * This factory's name in the journal (default {@code <host>:<pid>}).
     *
     * @param owner the name
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = Require.nonBlank(owner, "owner");
      return this;
    }

    /**
     * How a work item's content is fingerprinted (default {@link Fingerprints#of}); the journal
     * keys a spec's history by its id and fingerprint, so an edited spec is new work.
     *
     * @param fingerprint the function
     * @return this builder
     */
    public Builder fingerprint(Function<WorkItem, String> fingerprint) {
      this.fingerprint = Require.nonNull(fingerprint, "fingerprint");
      return this;
    }

    /**
     * Builds the factory, checking that the sandbox isolates.
     *
     * @return the factory
     * @throws SandboxException when the sandbox cannot isolate (the factory fails closed)
     * @throws IllegalArgumentException when a required part is missing
     */
    public Factory build() throws SandboxException {
      return new Factory(this);
    }

    private static String defaultOwner() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
      return host + ":" + ProcessHandle.current().pid();
    }
  }
}

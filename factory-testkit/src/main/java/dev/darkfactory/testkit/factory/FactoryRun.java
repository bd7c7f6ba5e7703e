package dev.darkfactory.testkit.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.testkit.git.TestRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import dev.darkfactory.testkit.internal.TestFiles;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link FactoryRunner#run()} did: every event in order, how each spec ended, what was
 * evaluated and decided, and the repository as the run left it. Assert on it with {@link
 * FactoryRunAssert}; close it to delete the directory the runner created.
 *
 * <p>Events that name no spec ({@link FactoryEvent.BudgetExhausted}, for one) belong to the spec
 * being worked on when they happened: one factory works on one spec at a time.
 *
 * <p>Methods that read the repository wrap an interruption in an {@link IllegalStateException}
 * (with the thread's interrupt flag set again), so assertions need not declare it.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FactoryRun implements AutoCloseable {

  private final Path root;
  private final boolean owned;
  private final TestRepository repo;
  private final GitRepository repository;
  private final String targetBranch;
  private final CommitId base;
  private final RunResult result;
  private final List<FactoryEvent> events;
  private final Map<SpecId, List<FactoryEvent>> bySpec;
  private boolean closed;

  FactoryRun(
      Path root,
      boolean owned,
      TestRepository repo,
      GitRepository repository,
      String targetBranch,
      CommitId base,
      RunResult result,
      List<FactoryEvent> events) {
    this.root = root;
    this.owned = owned;
    this.repo = repo;
    this.repository = repository;
    this.targetBranch = targetBranch;
    this.base = base;
    this.result = result;
    this.events = List.copyOf(events);
    this.bySpec = groupBySpec(this.events);
  }

  /** The run's directory: {@code git/}, {@code specs/}, {@code holdouts/} and {@code state/}. */
  public Path directory() {
    return root;
  }

  /** The queue's specs directory. */
  public Path specsDirectory() {
    return root.resolve("specs");
  }

  /** The queue's holdouts directory. */
  public Path holdoutsDirectory() {
    return root.resolve("holdouts");
  }

  /** The factory's state directory: the journal, workspaces, evaluation results, run reports. */
  public Path stateDirectory() {
    return root.resolve("state");
  }

  /** What {@code Factory.runUntilIdle()} returned. */
  public RunResult result() {
    return result;
  }

  /** Every event the factory emitted, in order. */
  public List<FactoryEvent> events() {
    return events;
  }

  /**
   * The events of one type, in order.
   *
   * @param type the event type, such as {@code FactoryEvent.Merged.class}
   * @param <T> the type
   * @return the events
   */
  public <T extends FactoryEvent> List<T> events(Class<T> type) {
    Require.nonNull(type, "type");
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * The events of one spec, in order, from its claim to its end.
   *
   * @param spec the spec id
   * @return the events; empty when the spec was never claimed
   */
  public List<FactoryEvent> eventsOf(String spec) {
    return bySpec.getOrDefault(SpecId.of(Require.nonBlank(spec, "spec")), List.of());
  }

  /** How each spec that finished in this run ended, in the order they finished. */
  public List<SpecOutcome> outcomes() {
    return result.outcomes();
  }

  /**
   * How one spec ended.
   *
   * @param spec the spec id
   * @return the outcome, or empty when it did not finish in this run
   */
  public Optional<SpecOutcome> findOutcome(String spec) {
    SpecId id = SpecId.of(Require.nonBlank(spec, "spec"));
    return result.outcomes().stream().filter(o -> o.specId().equals(id)).findFirst();
  }

  /**
   * How one spec ended.
   *
   * @param spec the spec id
   * @return the outcome
   * @throws NoSuchElementException naming the specs that did finish, when this one did not
   */
  public SpecOutcome outcome(String spec) {
    return findOutcome(spec)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "spec '"
                        + spec
                        + "' did not finish in this run; the specs that did: "
                        + result.outcomes().stream().map(o -> o.specId().value()).toList()));
  }

  /**
   * The evaluation reports of one spec, in order (a rebased candidate is evaluated again).
   *
   * @param spec the spec id
   * @return the reports
   */
  public List<EvaluationReport> evaluations(String spec) {
    return eventsOf(spec).stream()
        .filter(FactoryEvent.EvaluationFinished.class::isInstance)
        .map(e -> ((FactoryEvent.EvaluationFinished) e).report())
        .toList();
  }

  /**
   * The merge policy's decisions about one spec's candidates, in order.
   *
   * @param spec the spec id
   * @return the decisions
   */
  public List<MergeDecision> decisions(String spec) {
    return eventsOf(spec).stream()
        .filter(FactoryEvent.DecisionMade.class::isInstance)
        .map(e -> ((FactoryEvent.DecisionMade) e).decision())
        .toList();
  }

  /**
   * How each attempt of the agent at one spec ended, in order.
   *
   * @param spec the spec id
   * @return the outcomes
   */
  public List<AgentOutcome> agentOutcomes(String spec) {
    return eventsOf(spec).stream()
        .filter(FactoryEvent.AgentFinished.class::isInstance)
        .map(e -> ((FactoryEvent.AgentFinished) e).outcome())
        .toList();
  }

  /** The target repository: the bare repository the factory worked on and a human's clone. */
  public TestRepository repository() {
    return repo;
  }

  /** The factory's view of the repository, for trailers and trees. */
  public GitRepository gitRepository() {
    return repository;
  }

  /** The branch merges land on. */
  public String targetBranch() {
    return targetBranch;
  }

  /** The target branch's commit before the run: the target files' first commit. */
  public CommitId baseCommit() {
    return base;
  }

  /** Where the target branch points now. */
  public CommitId targetHead() {
    return read(() -> repo.head(targetBranch))
        .orElseThrow(() -> new IllegalStateException("the target branch " + targetBranch + " is gone"));
  }

  /**
   * The commits the target branch gained in the run, newest first, as {@code <id> <subject>}
   * lines.
   *
   * @return the lines; empty when nothing landed
   */
  public List<String> targetLog() {
    String out =
        read(() -> repo.git().output("log", "--format=%H %s", base.hex() + ".." + "refs/heads/" + targetBranch));
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /**
   * A file's content at the target branch's head.
   *
   * @param path the file's path in the repository
   * @return the content, or empty when there is no such file
   */
  public Optional<String> fileAtTarget(String path) {
    Require.nonBlank(path, "path");
    return read(() -> repo.show("refs/heads/" + targetBranch, path));
  }

  /**
   * The commits on the target branch since the run began that carry the spec's {@code Spec-Id}
   * trailer: the candidate that merged, however it landed.
   *
   * @param spec the spec id
   * @return the commits, newest first
   */
  public List<CommitId> mergedCommits(String spec) {
    Require.nonBlank(spec, "spec");
    List<CommitId> out = new ArrayList<>();
    for (String line : targetLog()) {
      CommitId id = CommitId.of(line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' ')));
      if (spec.equals(read(() -> repository.trailers(id)).get("Spec-Id"))) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * Whether a candidate of the spec is on the target branch.
   *
   * @param spec the spec id
   * @return whether it merged
   */
  public boolean isMerged(String spec) {
    return !mergedCommits(spec).isEmpty();
  }

  /**
   * A readable account of the run, for failure messages: each spec's end, attempts, verdicts and
   * decisions, the target branch, and the events in order.
   *
   * @return the account, several lines
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("run ")
        .append(result.runId())
        .append(result.stopped() ? " (stopped)" : "")
        .append(": ")
        .append(result.outcomes().size())
        .append(" spec(s) finished\n");
    for (SpecId spec : bySpec.keySet()) {
      out.append("  spec ").append(spec).append(": ").append(describeSpec(spec.value())).append('\n');
    }
    List<String> log = targetLog();
    out.append("  target branch ")
        .append(targetBranch)
        .append(": ")
        .append(log.isEmpty() ? "unchanged since the base " + base.abbreviated() : log.size() + " new commit(s):");
    for (String line : log) {
      out.append("\n    ").append(line.length() > 12 ? line.substring(0, 12) + line.substring(line.indexOf(' ')) : line);
    }
    out.append("\n  events: ")
        .append(events.stream().map(FactoryRun::eventName).collect(Collectors.joining(", ")));
    return out.toString();
  }

  /**
   * One spec's account: how it ended, the agent's outcomes, the verdicts and the decisions.
   *
   * @param spec the spec id
   * @return one line
   */
  public String describeSpec(String spec) {
    Optional<SpecOutcome> o = findOutcome(spec);
    StringBuilder out = new StringBuilder();
    if (o.isPresent()) {
      out.append(o.get().resolution())
          .append(" after ")
          .append(o.get().attempts())
          .append(" attempt(s) (")
          .append(o.get().reason())
          .append(')');
    } else {
      out.append(eventsOf(spec).isEmpty() ? "never claimed" : "did not finish");
    }
    out.append("; agent: ")
        .append(agentOutcomes(spec).stream().map(FactoryRun::describe).toList())
        .append("; verdicts: ")
        .append(
            evaluations(spec).stream()
                .map(
                    r ->
                        r.verdict()
                            + (r.tamperSignals().isEmpty() ? "" : " " + r.tamperSignals()))
                .toList())
        .append("; decisions: ")
        .append(decisions(spec).stream().map(d -> d.action().toString()).toList());
    return out.toString();
  }

  /**
   * A short account of an agent outcome: its kind and its text, such as {@code
   * Aborted(LOOP_DETECTED: ...)}.
   *
   * @param o the outcome
   * @return the account, at most about 200 characters
   */
  public static String describe(AgentOutcome o) {
    String text;
    if (o instanceof AgentOutcome.Finished f) {
      text = f.summary();
    } else if (o instanceof AgentOutcome.GaveUp g) {
      text = g.reason();
    } else if (o instanceof AgentOutcome.Failed f) {
      text = f.error();
    } else if (o instanceof AgentOutcome.LimitReached l) {
      text = l.limit() + ": " + l.detail();
    } else if (o instanceof AgentOutcome.Aborted a) {
      text = a.cause() + ": " + a.detail();
    } else {
      text = o.toString();
    }
    if (text.length() > 160) {
      text = text.substring(0, 157) + "...";
    }
    return o.getClass().getSimpleName() + "(" + text + ")";
  }

  private static String eventName(FactoryEvent e) {
    return e.getClass().getSimpleName();
  }

  /** Deletes the directory the runner created; a directory given to the runner is kept. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (owned) {
      try {
        TestFiles.deleteTree(root);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the run directory " + root, e);
      }
    }
  }

  /** The run id and how its specs ended. */
  @Override
  public String toString() {
    return "FactoryRun["
        + result.runId()
        + ", "
        + result.outcomes().stream()
            .map(o -> o.specId() + "=" + o.resolution().toString().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "))
        + "]";
  }

  private static Map<SpecId, List<FactoryEvent>> groupBySpec(List<FactoryEvent> events) {
    Map<SpecId, List<FactoryEvent>> out = new LinkedHashMap<>();
    SpecId current = null;
    for (FactoryEvent e : events) {
      SpecId named = specOf(e);
      if (e instanceof FactoryEvent.SpecClaimed c) {
        current = c.specId();
      }
      SpecId owner = named != null ? named : current;
      if (owner != null) {
        out.computeIfAbsent(owner, k -> new ArrayList<>()).add(e);
      }
      if (e instanceof FactoryEvent.SpecFinished) {
        current = null;
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return out;
  }

  /** The spec an event names, or {@code null} for run-level events. */
  static @Nullable SpecId specOf(FactoryEvent e) {
    if (e instanceof FactoryEvent.SpecClaimed x) {
      return x.specId();
    } else if (e instanceof FactoryEvent.AttemptStarted x) {
      return x.specId();
    } else if (e instanceof FactoryEvent.NoCandidate x) {
      return x.specId();
    } else if (e instanceof FactoryEvent.AgentNoted x) {
      return x.specId();
    } else if (e instanceof FactoryEvent.CandidateReviewed x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.EvaluationStarted x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.CandidateRebased x) {
      return x.from().specId();
    } else if (e instanceof FactoryEvent.RebaseConflicted x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.MergeStarted x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.ModelCalled x) {
      return x.specId();
    } else if (e instanceof FactoryEvent.AgentFinished x) {
      return x.specId();
    } else if (e instanceof FactoryEvent.CandidateCommitted x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.EvaluationFinished x) {
      return x.report().candidate().specId();
    } else if (e instanceof FactoryEvent.DecisionMade x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.Merged x) {
      return x.candidate().specId();
    } else if (e instanceof FactoryEvent.SpecFinished x) {
      return x.specId();
    }
    return null;
  }

  /** A repository read that may be interrupted. */
  private interface Read<T> {
    T get() throws InterruptedException;
  }

  private static <T> T read(Read<T> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the repository", e);
    }
  }
}

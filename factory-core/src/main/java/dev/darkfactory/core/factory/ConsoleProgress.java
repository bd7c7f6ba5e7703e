package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import dev.darkfactory.api.internal.Require;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Prints a factory's progress, one line per step: elapsed time since the run began, the spec,
 * the step and its outcome. For consoles of long runs; a listener like any other.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ConsoleProgress implements FactoryListener {

  private final PrintStream out;
  private @Nullable Instant start;

  /**
   * Prints to {@code out}.
   *
   * @param out where lines go
   */
  public ConsoleProgress(PrintStream out) {
    this.out = Require.nonNull(out, "out");
  }

  @Override
  public synchronized void onEvent(FactoryEvent event) {
    if (start == null || event instanceof FactoryEvent.RunStarted) {
      start = event.at();
    }
    String line = describe(event);
    if (line != null) {
      Duration d = Duration.between(start, event.at());
      out.printf(Locale.ROOT, "[%3d:%02d.%d] %s%n", d.toMinutes(), d.toSecondsPart(), d.toMillisPart() / 100, line);
      out.flush();
    }
  }

  private static @Nullable String describe(FactoryEvent event) {
    if (event instanceof FactoryEvent.RunStarted e) {
      return "run " + e.runId() + " started";
    } else if (event instanceof FactoryEvent.SpecClaimed e) {
      return e.specId() + ": claimed";
    } else if (event instanceof FactoryEvent.AttemptStarted e) {
      return e.specId() + ": attempt " + e.attempt() + " started on " + e.branch() + " from " + e.base().abbreviated();
    } else if (event instanceof FactoryEvent.AgentFinished e) {
      return e.specId()
          + ": attempt "
          + e.attempt()
          + ": agent "
          + Factory.outcomeKind(e.outcome())
          + " ("
          + Factory.outcomeDetail(e.outcome()).lines().findFirst().orElse("")
          + "), "
          + e.outcome().usage().totalTokens()
          + " tokens";
    } else if (event instanceof FactoryEvent.NoCandidate e) {
      return e.specId() + ": attempt " + e.attempt() + ": no candidate: " + e.reason();
    } else if (event instanceof FactoryEvent.CandidateCommitted e) {
      return e.candidate().specId() + ": candidate " + e.candidate().commit().abbreviated() + " on " + e.candidate().branch();
    } else if (event instanceof FactoryEvent.EvaluationStarted e) {
      return e.candidate().specId() + ": evaluating " + e.candidate().branch() + " with " + e.evaluator();
    } else if (event instanceof FactoryEvent.EvaluationFinished e) {
      var r = e.report();
      long passed = r.scenarios().stream().filter(s -> s.verdict() == dev.darkfactory.api.evaluation.Verdict.PASS).count();
      return r.candidate().specId()
          + ": verdict "
          + r.verdict()
          + ", "
          + passed
          + " of "
          + r.scenarios().size()
          + " scenarios passed, satisfaction "
          + String.format(Locale.ROOT, "%.2f", r.satisfaction().score());
    } else if (event instanceof FactoryEvent.DecisionMade e) {
      return e.candidate().specId() + ": decision " + e.decision().action() + " (" + String.join("; ", e.decision().reasons()) + ")";
    } else if (event instanceof FactoryEvent.CandidateRebased e) {
      return e.from().specId() + ": target moved; rebased onto " + e.to().base().abbreviated() + " as " + e.to().branch();
    } else if (event instanceof FactoryEvent.RebaseConflicted e) {
      return e.candidate().specId() + ": target moved and the candidate conflicts with it";
    } else if (event instanceof FactoryEvent.Merged e) {
      return e.candidate().specId() + ": merged into " + e.targetBranch() + " at " + e.head().abbreviated();
    } else if (event instanceof FactoryEvent.SpecFinished e) {
      return e.specId() + ": finished, " + e.resolution();
    } else if (event instanceof FactoryEvent.RunFinished e) {
      return "run finished: " + e.specsFinished() + " specs";
    }
    return null;
  }
}

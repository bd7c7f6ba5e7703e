package dev.darkfactory.api.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * Something a factory did, in the order it did it. Every step of the loop emits one, and each is
 * recorded in the run journal before the next step begins.
 *
 * <p>Listeners switch over the kinds; the set is sealed so a switch without {@code default} is
 * checked by the compiler, and new kinds arrive only with a new minor version.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface FactoryEvent {

  /** When it happened, by the factory's clock. */
  Instant at();

  /** The run it belongs to. */
  String runId();

  /**
   * A run began.
   *
   * @param at when
   * @param runId the run
   */
  @API(status = STABLE, since = "0.1.0")
  record RunStarted(Instant at, String runId) implements FactoryEvent {
    /** Checks every component. */
    public RunStarted {
      check(at, runId);
    }
  }

  /**
   * A spec was claimed from the work source.
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   */
  @API(status = STABLE, since = "0.1.0")
  record SpecClaimed(Instant at, String runId, SpecId specId) implements FactoryEvent {
    /** Checks every component. */
    public SpecClaimed {
      check(at, runId);
      Require.nonNull(specId, "specId");
    }
  }

  /**
   * An attempt at a spec began in a new workspace.
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   * @param attempt the attempt's number, from 1
   * @param branch the attempt's branch
   * @param base the commit the attempt starts from
   */
  @API(status = STABLE, since = "0.1.0")
  record AttemptStarted(
      Instant at, String runId, SpecId specId, int attempt, String branch, CommitId base)
      implements FactoryEvent {
    /** Checks every component. */
    public AttemptStarted {
      check(at, runId);
      Require.nonNull(specId, "specId");
      Require.atLeast(attempt, 1, "attempt");
      Require.nonBlank(branch, "branch");
      Require.nonNull(base, "base");
    }
  }

  /**
   * An attempt ended without a candidate to evaluate (the agent changed nothing, or its work was
   * lost).
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   * @param attempt the attempt
   * @param reason why
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record NoCandidate(Instant at, String runId, SpecId specId, int attempt, String reason)
      implements FactoryEvent {
    /** Checks every component. */
    public NoCandidate {
      check(at, runId);
      Require.nonNull(specId, "specId");
      Require.atLeast(attempt, 1, "attempt");
      Require.nonBlank(reason, "reason");
    }
  }

  /**
   * The coding agent left a note for later attempts at the spec.
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   * @param attempt the attempt
   * @param note the note
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record AgentNoted(Instant at, String runId, SpecId specId, int attempt, String note)
      implements FactoryEvent {
    /** Checks every component. */
    public AgentNoted {
      check(at, runId);
      Require.nonNull(specId, "specId");
      Require.atLeast(attempt, 1, "attempt");
      Require.nonBlank(note, "note");
    }
  }

  /**
   * A human reviewed a candidate the factory held for one; an approved candidate merges through
   * the loop's normal path the next time a factory claims its spec.
   *
   * @param at when
   * @param runId the review's own run id
   * @param candidate the held candidate
   * @param approved whether it was approved
   * @param reviewer who reviewed it
   * @param reason why; may be empty
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record CandidateReviewed(
      Instant at,
      String runId,
      Candidate candidate,
      boolean approved,
      String reviewer,
      String reason)
      implements FactoryEvent {
    /** Checks every component. */
    public CandidateReviewed {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(reviewer, "reviewer");
      Require.nonNull(reason, "reason");
    }
  }

  /**
   * The evaluator began grading a candidate.
   *
   * @param at when
   * @param runId the run
   * @param candidate the candidate
   * @param evaluator the evaluator's name
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record EvaluationStarted(Instant at, String runId, Candidate candidate, String evaluator)
      implements FactoryEvent {
    /** Checks every component. */
    public EvaluationStarted {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(evaluator, "evaluator");
    }
  }

  /**
   * The target branch moved after evaluation, so the candidate was rebased onto it and goes back
   * to the evaluator.
   *
   * @param at when
   * @param runId the run
   * @param from the evaluated candidate
   * @param to the rebased candidate, on a branch of its own
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record CandidateRebased(Instant at, String runId, Candidate from, Candidate to)
      implements FactoryEvent {
    /** Checks every component. */
    public CandidateRebased {
      check(at, runId);
      Require.nonNull(from, "from");
      Require.nonNull(to, "to");
    }
  }

  /**
   * The target branch moved after evaluation and the candidate conflicts with it.
   *
   * @param at when
   * @param runId the run
   * @param candidate the candidate
   * @param target the target's commit
   * @param detail git's list of conflicts
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record RebaseConflicted(
      Instant at, String runId, Candidate candidate, CommitId target, String detail)
      implements FactoryEvent {
    /** Checks every component. */
    public RebaseConflicted {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
      Require.nonNull(target, "target");
      Require.nonNull(detail, "detail");
    }
  }

  /**
   * The factory is about to move the target branch to land an approved candidate.
   *
   * @param at when
   * @param runId the run
   * @param candidate the candidate
   * @param targetBranch the target branch
   * @param expected the commit the branch must still point at
   * @param head the commit it will point at
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record MergeStarted(
      Instant at,
      String runId,
      Candidate candidate,
      String targetBranch,
      CommitId expected,
      CommitId head)
      implements FactoryEvent {
    /** Checks every component. */
    public MergeStarted {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(targetBranch, "targetBranch");
      Require.nonNull(expected, "expected");
      Require.nonNull(head, "head");
    }
  }

  /**
   * A model call of the coding agent (or a judge) completed and was accounted.
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   * @param model the model that answered
   * @param usage the tokens it consumed
   */
  @API(status = STABLE, since = "0.1.0")
  record ModelCalled(Instant at, String runId, SpecId specId, String model, Usage usage)
      implements FactoryEvent {
    /** Checks every component. */
    public ModelCalled {
      check(at, runId);
      Require.nonNull(specId, "specId");
      Require.nonBlank(model, "model");
      Require.nonNull(usage, "usage");
    }
  }

  /**
   * The coding agent's attempt ended.
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   * @param attempt the attempt
   * @param outcome how it ended, with usage and transcript
   */
  @API(status = STABLE, since = "0.1.0")
  record AgentFinished(Instant at, String runId, SpecId specId, int attempt, AgentOutcome outcome)
      implements FactoryEvent {
    /** Checks every component. */
    public AgentFinished {
      check(at, runId);
      Require.nonNull(specId, "specId");
      Require.atLeast(attempt, 1, "attempt");
      Require.nonNull(outcome, "outcome");
    }
  }

  /**
   * What the agent left in the workspace was committed as a candidate.
   *
   * @param at when
   * @param runId the run
   * @param candidate the candidate
   */
  @API(status = STABLE, since = "0.1.0")
  record CandidateCommitted(Instant at, String runId, Candidate candidate) implements FactoryEvent {
    /** Checks every component. */
    public CandidateCommitted {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
    }
  }

  /**
   * A candidate was graded.
   *
   * @param at when
   * @param runId the run
   * @param report the evaluation
   */
  @API(status = STABLE, since = "0.1.0")
  record EvaluationFinished(Instant at, String runId, EvaluationReport report)
      implements FactoryEvent {
    /** Checks every component. */
    public EvaluationFinished {
      check(at, runId);
      Require.nonNull(report, "report");
    }
  }

  /**
   * The merge policy decided what happens to a candidate.
   *
   * @param at when
   * @param runId the run
   * @param candidate the candidate
   * @param decision the decision and its reasons
   */
  @API(status = STABLE, since = "0.1.0")
  record DecisionMade(Instant at, String runId, Candidate candidate, MergeDecision decision)
      implements FactoryEvent {
    /** Checks every component. */
    public DecisionMade {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
      Require.nonNull(decision, "decision");
    }
  }

  /**
   * A candidate landed on the target branch.
   *
   * @param at when
   * @param runId the run
   * @param candidate the candidate
   * @param targetBranch the branch it landed on
   * @param head the target branch's new commit
   */
  @API(status = STABLE, since = "0.1.0")
  record Merged(Instant at, String runId, Candidate candidate, String targetBranch, CommitId head)
      implements FactoryEvent {
    /** Checks every component. */
    public Merged {
      check(at, runId);
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(targetBranch, "targetBranch");
      Require.nonNull(head, "head");
    }
  }

  /**
   * A budget refused a reservation; the loop routes on it as its configuration says.
   *
   * @param at when
   * @param runId the run
   * @param budget the budget's name
   * @param requested what was asked for
   * @param remaining what was left
   */
  @API(status = STABLE, since = "0.1.0")
  record BudgetExhausted(
      Instant at, String runId, String budget, Charge requested, Charge remaining)
      implements FactoryEvent {
    /** Checks every component. */
    public BudgetExhausted {
      check(at, runId);
      Require.nonBlank(budget, "budget");
      Require.nonNull(requested, "requested");
      Require.nonNull(remaining, "remaining");
    }
  }

  /**
   * A spec reached a terminal state.
   *
   * @param at when
   * @param runId the run
   * @param specId the spec
   * @param resolution how it ended
   */
  @API(status = STABLE, since = "0.1.0")
  record SpecFinished(Instant at, String runId, SpecId specId, Resolution resolution)
      implements FactoryEvent {
    /** Checks every component. */
    public SpecFinished {
      check(at, runId);
      Require.nonNull(specId, "specId");
      Require.nonNull(resolution, "resolution");
    }
  }

  /**
   * A run ended.
   *
   * @param at when
   * @param runId the run
   * @param specsFinished how many specs reached a terminal state in the run
   */
  @API(status = STABLE, since = "0.1.0")
  record RunFinished(Instant at, String runId, int specsFinished) implements FactoryEvent {
    /** Checks every component. */
    public RunFinished {
      check(at, runId);
      Require.atLeast(specsFinished, 0, "specsFinished");
    }
  }

  private static void check(Instant at, String runId) {
    Require.nonNull(at, "at");
    Require.nonBlank(runId, "runId");
  }
}

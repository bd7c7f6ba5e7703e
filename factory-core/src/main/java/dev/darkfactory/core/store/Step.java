package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.util.List;
import org.apiguardian.api.API;

/**
 * One step of the factory loop as the journal records it; the loop writes each before it begins
 * the next, and a resumed factory reads them back to find where it stopped.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public sealed interface Step {

  /**
   * The step's kind, as stored in the journal's {@code kind} column and JSON lines.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Every kind of step, in the order they usually happen.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  enum Kind {
    /** A factory claimed the spec. */
    CLAIMED,
    /** An attempt began in a fresh workspace. */
    ATTEMPT_STARTED,
    /** The coding agent called a model. */
    MODEL_CALLED,
    /** The coding agent left a note for later attempts. */
    NOTED,
    /** The coding agent returned. */
    AGENT_FINISHED,
    /** The agent's work was committed as a candidate on its own branch. */
    CANDIDATE_COMMITTED,
    /** The attempt produced nothing to evaluate. */
    NO_CANDIDATE,
    /** The evaluator graded a candidate. */
    EVALUATED,
    /** The merge policy decided. */
    DECIDED,
    /** The integrator is about to move the target branch. */
    MERGE_INTENT,
    /** The target branch now holds the candidate. */
    MERGED,
    /** The target moved; the candidate was rebased onto it and must be evaluated again. */
    REBASED,
    /** The candidate could not be rebased onto the moved target. */
    REBASE_CONFLICT,
    /** The spec reached its one terminal state. */
    SPEC_FINISHED,
    /**
     * A human reviewed a held candidate; an approval reopens the spec, whose candidate then
     * merges through the normal path.
     */
    REVIEWED
  }

  /**
   * A factory claimed the spec.
   *
   * @param owner the claiming factory's owner id
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Claimed(String owner) implements Step {
    /** Checks the owner. */
    public Claimed {
      Require.nonBlank(owner, "owner");
    }

    @Override
    public Kind kind() {
      return Kind.CLAIMED;
    }
  }

  /**
   * An attempt began.
   *
   * @param branch the candidate branch it will commit to
   * @param base the target commit it starts from
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record AttemptStarted(String branch, CommitId base) implements Step {
    /** Checks every component. */
    public AttemptStarted {
      Require.nonBlank(branch, "branch");
      Require.nonNull(base, "base");
    }

    @Override
    public Kind kind() {
      return Kind.ATTEMPT_STARTED;
    }
  }

  /**
   * The coding agent called a model; recorded as it happens so no call goes unaccounted, even
   * when the attempt dies.
   *
   * @param model the model's name
   * @param usage the call's tokens
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record ModelCalled(String model, Usage usage) implements Step {
    /** Checks every component. */
    public ModelCalled {
      Require.nonBlank(model, "model");
      Require.nonNull(usage, "usage");
    }

    @Override
    public Kind kind() {
      return Kind.MODEL_CALLED;
    }
  }

  /**
   * The coding agent left a note for later attempts at the same spec; journaled as it happens,
   * so a crash keeps it.
   *
   * @param note the note
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Noted(String note) implements Step {
    /** Checks every component. */
    public Noted {
      Require.nonBlank(note, "note");
    }

    @Override
    public Kind kind() {
      return Kind.NOTED;
    }
  }

  /**
   * The coding agent returned.
   *
   * @param agent the agent's name
   * @param outcome the outcome's kind: {@code finished}, {@code gave-up}, {@code limit-reached},
   *     {@code aborted} or {@code failed}
   * @param detail the summary, reason or error the agent gave
   * @param models the models it used
   * @param usage its total tokens
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record AgentFinished(
      String agent, String outcome, String detail, List<String> models, Usage usage)
      implements Step {
    /** Checks every component. */
    public AgentFinished {
      Require.nonBlank(agent, "agent");
      Require.nonBlank(outcome, "outcome");
      Require.nonNull(detail, "detail");
      models = Require.copyOf(models, "models");
      Require.nonNull(usage, "usage");
    }

    @Override
    public Kind kind() {
      return Kind.AGENT_FINISHED;
    }
  }

  /**
   * The agent's work became a candidate commit on its own branch of the factory's repository.
   *
   * @param candidate the candidate
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record CandidateCommitted(Candidate candidate) implements Step {
    /** Checks the candidate. */
    public CandidateCommitted {
      Require.nonNull(candidate, "candidate");
    }

    @Override
    public Kind kind() {
      return Kind.CANDIDATE_COMMITTED;
    }
  }

  /**
   * The attempt produced nothing to evaluate.
   *
   * @param reason why, for example that the agent changed no file
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record NoCandidate(String reason) implements Step {
    /** Checks the reason. */
    public NoCandidate {
      Require.nonBlank(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.NO_CANDIDATE;
    }
  }

  /**
   * The evaluator graded a candidate.
   *
   * @param evaluator the evaluator's name
   * @param report its report, whole
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Evaluated(String evaluator, EvaluationReport report) implements Step {
    /** Checks every component. */
    public Evaluated {
      Require.nonBlank(evaluator, "evaluator");
      Require.nonNull(report, "report");
    }

    @Override
    public Kind kind() {
      return Kind.EVALUATED;
    }
  }

  /**
   * The merge policy decided about a candidate.
   *
   * @param candidate the candidate decided about
   * @param decision the decision with its reasons
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Decided(Candidate candidate, MergeDecision decision) implements Step {
    /** Checks every component. */
    public Decided {
      Require.nonNull(candidate, "candidate");
      Require.nonNull(decision, "decision");
    }

    @Override
    public Kind kind() {
      return Kind.DECIDED;
    }
  }

  /**
   * The integrator is about to move the target branch from {@code expected} to {@code head}; a
   * resumed factory finds out from the repository whether it did.
   *
   * @param candidate the candidate being merged
   * @param targetBranch the target branch
   * @param expected the target's commit the update is conditional on
   * @param head the commit the target will point at
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record MergeIntent(Candidate candidate, String targetBranch, CommitId expected, CommitId head)
      implements Step {
    /** Checks every component. */
    public MergeIntent {
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(targetBranch, "targetBranch");
      Require.nonNull(expected, "expected");
      Require.nonNull(head, "head");
    }

    @Override
    public Kind kind() {
      return Kind.MERGE_INTENT;
    }
  }

  /**
   * The target branch now holds the candidate.
   *
   * @param candidate the merged candidate
   * @param targetBranch the target branch
   * @param head the target's new commit
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Merged(Candidate candidate, String targetBranch, CommitId head) implements Step {
    /** Checks every component. */
    public Merged {
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(targetBranch, "targetBranch");
      Require.nonNull(head, "head");
    }

    @Override
    public Kind kind() {
      return Kind.MERGED;
    }
  }

  /**
   * The target moved after evaluation; the candidate was rebased onto it, on a branch of its own,
   * and must be evaluated again before it may merge.
   *
   * @param from the candidate that was evaluated
   * @param to the rebased candidate
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Rebased(Candidate from, Candidate to) implements Step {
    /** Checks every component. */
    public Rebased {
      Require.nonNull(from, "from");
      Require.nonNull(to, "to");
    }

    @Override
    public Kind kind() {
      return Kind.REBASED;
    }
  }

  /**
   * The target moved and the candidate conflicts with it.
   *
   * @param candidate the candidate
   * @param target the target's commit it conflicts with
   * @param detail git's account of the conflict
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record RebaseConflict(Candidate candidate, CommitId target, String detail) implements Step {
    /** Checks every component. */
    public RebaseConflict {
      Require.nonNull(candidate, "candidate");
      Require.nonNull(target, "target");
      Require.nonNull(detail, "detail");
    }

    @Override
    public Kind kind() {
      return Kind.REBASE_CONFLICT;
    }
  }

  /**
   * The spec reached its terminal state; nothing follows it for this spec's content, except a
   * human's {@link Reviewed} of a {@code HELD} spec, after which the spec ends once more.
   *
   * @param resolution how it ended
   * @param reason why, in a sentence
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record SpecFinished(Resolution resolution, String reason) implements Step {
    /** Checks every component. */
    public SpecFinished {
      Require.nonNull(resolution, "resolution");
      Require.nonBlank(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.SPEC_FINISHED;
    }
  }

  /**
   * A human reviewed a candidate the factory held. The entry follows the spec's {@link
   * SpecFinished} with resolution {@code HELD}; an approval makes the spec unfinished again, and
   * the next factory to claim it merges the candidate (rebasing and evaluating it again if the
   * target moved); a rejection finishes it as rejected.
   *
   * @param candidate the held candidate the human looked at
   * @param approved whether the human approved it for merging
   * @param reviewer who reviewed it
   * @param reason why, in the reviewer's words; may be empty
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Reviewed(Candidate candidate, boolean approved, String reviewer, String reason)
      implements Step {
    /** Checks every component. */
    public Reviewed {
      Require.nonNull(candidate, "candidate");
      Require.nonBlank(reviewer, "reviewer");
      Require.nonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.REVIEWED;
    }
  }
}

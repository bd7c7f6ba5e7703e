package dev.darkfactory.core.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.event.FactoryListener;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkSource;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.event.Listeners;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.RunStore;
import dev.darkfactory.core.store.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The candidates the factory held for a human, and the way a human answers: list them, then
 * approve or reject each. Works on the factory's {@link RunStore} and {@link WorkSource}, from any
 * process; no factory needs to run.
 *
 * <p>An approval is written to the spec's journal (a {@link Step.Reviewed} step after its {@link
 * Step.SpecFinished}), then the work source {@linkplain WorkSource#reopen reopens} the spec. The
 * next factory to claim it reads the approval and merges the candidate through its normal path:
 * a merge intent, a compare-and-swap on the target branch, confirmation after a crash. When the
 * target moved since the candidate was evaluated, the candidate is rebased, evaluated again and
 * put to the merge policy again, because the human approved a different tree; in shadow mode that
 * holds it for review once more. A rejection is journaled the same way and the spec finishes as
 * rejected.
 *
 * <p>Before anything is journaled, the {@link ReviewListener}s are told, so a review recorded
 * here also lands in the alignment ledger (see {@code LedgerReviews} in factory-evaluator). If a
 * listener throws, nothing is journaled. If the process dies after the journal write and before
 * the reopen, the candidate shows as {@link HeldCandidate.State#APPROVED} in {@link #list()};
 * approving it again only reopens the spec.
 *
 * <p>Each review is recorded as a run of its own ({@code review-<time>-<random>}) owned by the
 * reviewer, so the journal says who decided, and when.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class HoldQueue {

  private static final Logger LOG = LoggerFactory.getLogger(HoldQueue.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final RunStore store;
  private final WorkSource work;
  private final Clock clock;
  private final List<ReviewListener> reviewListeners;
  private final Listeners listeners;

  private HoldQueue(Builder b) {
    this.store = Require.nonNull(b.store, "store");
    this.work = Require.nonNull(b.work, "workSource");
    this.clock = b.clock;
    this.reviewListeners = List.copyOf(b.reviewListeners);
    this.listeners = Listeners.of(b.listeners);
  }

  /**
   * A builder; the store and the work source are required.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every spec held for a human and not yet merged, oldest first: those awaiting review, and
   * those approved whose merge has not happened yet.
   *
   * @return the held candidates
   */
  public List<HeldCandidate> list() {
    List<HeldCandidate> held = new ArrayList<>();
    for (JournalEntry last :
        store.lastEntries(EnumSet.of(Step.Kind.SPEC_FINISHED, Step.Kind.REVIEWED))) {
      if (last.step() instanceof Step.SpecFinished f && f.resolution() != Resolution.HELD) {
        continue;
      }
      if (last.step() instanceof Step.Reviewed r && !r.approved()) {
        continue; // a rejection the factory has not finished yet; nothing to review
      }
      held.add(describe(last));
    }
    return held;
  }

  /**
   * The held candidate of a spec, if the spec is held or approved and waiting to merge.
   *
   * @param spec the spec
   * @return its held candidate, the latest if several versions of the spec are held
   */
  public Optional<HeldCandidate> find(SpecId spec) {
    Require.nonNull(spec, "spec");
    return list().stream()
        .filter(h -> h.specId().equals(spec))
        .max(Comparator.comparing(HeldCandidate::heldAt));
  }

  /**
   * Approves a held spec's candidate for merging: tells the review listeners, journals the
   * approval, and reopens the spec so that the next factory run merges it. Approving a candidate
   * already approved (for example after a crash before the reopen) only reopens the spec again.
   *
   * @param spec the held spec
   * @param reviewer who approves
   * @param reason why; may be empty
   * @return the candidate as it now stands, {@link HeldCandidate.State#APPROVED}
   * @throws IllegalArgumentException when the spec is not held, or was held with no candidate to
   *     merge; nothing is changed
   */
  public HeldCandidate approve(SpecId spec, String reviewer, String reason) {
    return review(spec, true, reviewer, reason);
  }

  /**
   * Rejects a held spec's candidate: tells the review listeners, journals the rejection, and
   * reopens the spec so that the next factory run finishes it as rejected (the candidate stays on
   * its branch).
   *
   * @param spec the held spec
   * @param reviewer who rejects
   * @param reason why
   * @return the candidate as it stood
   * @throws IllegalArgumentException when the spec is not awaiting review; nothing is changed
   */
  public HeldCandidate reject(SpecId spec, String reviewer, String reason) {
    return review(spec, false, reviewer, reason);
  }

  HeldCandidate review(SpecId spec, boolean approved, String reviewer, String reason) {
    Require.nonNull(spec, "spec");
    Require.nonBlank(reviewer, "reviewer");
    Require.nonNull(reason, "reason");
    HeldCandidate held =
        find(spec)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "spec '" + spec + "' is not held for review (held now: "
                            + list().stream().map(h -> h.specId().value()).toList() + ")"));
    if (held.state() == HeldCandidate.State.APPROVED) {
      if (!approved) {
        throw new IllegalArgumentException(
            "spec '" + spec + "' was already approved by " + held.approvedBy().orElse("?")
                + " and waits for a factory run to merge it; it can no longer be rejected here");
      }
      work.reopen(spec);
      return held;
    }
    Candidate candidate =
        held.candidateToMerge()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "spec '" + spec + "' was held with no candidate to review: " + held.reason()));
    Instant at = clock.instant();
    HumanReview review = new HumanReview(approved, reviewer, reason, at);
    for (ReviewListener l : reviewListeners) {
      l.reviewed(held, review);
    }
    String runId =
        "review-" + RUN_ID.format(at) + "-" + UUID.randomUUID().toString().substring(0, 8);
    store.runStarted(runId, reviewer, at);
    store.append(
        JournalEntry.of(
            runId,
            spec,
            held.fingerprint(),
            candidate.attempt(),
            at,
            new Step.Reviewed(candidate, approved, reviewer, reason)));
    store.runFinished(runId, at, 0);
    listeners.onEvent(
        new FactoryEvent.CandidateReviewed(at, runId, candidate, approved, reviewer, reason));
    LOG.info("{} {} {} of spec {}", reviewer, approved ? "approved" : "rejected", candidate.branch(), spec);
    work.reopen(spec);
    if (!approved) {
      return held;
    }
    return new HeldCandidate(
        spec,
        held.fingerprint(),
        candidate,
        held.report(),
        held.decision(),
        held.reason(),
        held.heldAt(),
        HeldCandidate.State.APPROVED,
        reviewer);
  }

  private HeldCandidate describe(JournalEntry last) {
    List<JournalEntry> history = store.history(last.specId(), last.fingerprint());
    Candidate candidate = null;
    EvaluationReport report = null;
    MergeDecision decision = null;
    String reason = "";
    Instant heldAt = last.at();
    for (JournalEntry e : history) {
      Step step = e.step();
      if (step instanceof Step.CandidateCommitted s) {
        candidate = s.candidate();
      } else if (step instanceof Step.Rebased s) {
        candidate = s.to();
      } else if (step instanceof Step.Evaluated s) {
        report = s.report();
      } else if (step instanceof Step.Decided s) {
        candidate = s.candidate();
        decision = s.decision();
      } else if (step instanceof Step.SpecFinished s) {
        reason = s.reason();
        heldAt = e.at();
      }
    }
    if (report != null && candidate != null && !report.candidate().equals(candidate)) {
      report = null; // the last evaluation was of another candidate
    }
    if (last.step() instanceof Step.Reviewed r) {
      return new HeldCandidate(
          last.specId(), last.fingerprint(), r.candidate(), report, decision, reason, heldAt,
          HeldCandidate.State.APPROVED, r.reviewer());
    }
    return new HeldCandidate(
        last.specId(), last.fingerprint(), candidate, report, decision, reason, heldAt,
        HeldCandidate.State.AWAITING_REVIEW, null);
  }

  /**
   * Told of every review before it is journaled; a listener that throws stops the review, and
   * nothing is journaled.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  @FunctionalInterface
  public interface ReviewListener {
    /**
     * A human reviewed a held candidate.
     *
     * @param held the candidate as it was held
     * @param review the human's verdict
     */
    void reviewed(HeldCandidate held, HumanReview review);
  }

  /**
   * A human's verdict on a held candidate.
   *
   * @param approved whether the candidate may merge
   * @param reviewer who decided
   * @param reason why; may be empty
   * @param at when
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record HumanReview(boolean approved, String reviewer, String reason, Instant at) {
    /** Checks every component. */
    public HumanReview {
      Require.nonBlank(reviewer, "reviewer");
      Require.nonNull(reason, "reason");
      Require.nonNull(at, "at");
    }
  }

  /**
   * Configures a {@link HoldQueue}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private @Nullable RunStore store;
    private @Nullable WorkSource work;
    private Clock clock = Clock.systemUTC();
    private final List<ReviewListener> reviewListeners = new ArrayList<>();
    private final List<FactoryListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The factory's run journal.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(RunStore store) {
      this.store = Require.nonNull(store, "store");
      return this;
    }

    /**
     * The factory's work source, which reopens reviewed specs.
     *
     * @param work the work source
     * @return this builder
     */
    public Builder workSource(WorkSource work) {
      this.work = Require.nonNull(work, "workSource");
      return this;
    }

    /**
     * The clock reviews are stamped with (default the system's UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * Adds a listener told of every review before it is journaled, such as the alignment
     * ledger's.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onReview(ReviewListener listener) {
      reviewListeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener for the {@link FactoryEvent.CandidateReviewed} events.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(FactoryListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the queue.
     *
     * @return the queue
     */
    public HoldQueue build() {
      return new HoldQueue(this);
    }
  }
}

package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.work.WorkSource;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.HeldCandidate;
import dev.darkfactory.core.factory.HoldQueue;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.LedgerFilter;
import dev.darkfactory.evaluator.calibration.LedgerReviews;
import dev.darkfactory.evaluator.calibration.SqliteAlignmentLedger;
import dev.darkfactory.evaluator.policy.CalibrationPolicy;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HOLD queue: a human lists held candidates, approves or rejects them, and an approved one
 * merges through the loop's normal path on the next run.
 */
class HoldQueueTest {

  @TempDir Path dir;

  private static final SpecId HELLO = SpecId.of("hello");
  private static final MergePolicy HUMAN = context -> MergeDecision.hold("a human reviews every change for now");

  private static ScriptedAgent writesHello() {
    return ScriptedAgent.builder()
        .on(HELLO, 1, Script.steps().write("hello.txt", "hello world\n").finish("wrote hello.txt"))
        .build();
  }

  private static HoldQueue queue(FactoryFixture f, WorkSource source, HoldQueue.ReviewListener... listeners) {
    HoldQueue.Builder b = HoldQueue.builder().store(f.store()).workSource(source).listener(f.events::add);
    for (HoldQueue.ReviewListener l : listeners) {
      b.onReview(l);
    }
    return b.build();
  }

  @Test
  void aHeldCandidateIsListedWithItsEvaluationAndTheApprovedOneMergesOnTheNextRun() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      var factory = f.factory(writesHello(), HUMAN, "factory-a").build();
      CommitId before = f.repo.head("main").orElseThrow();
      assertThat(factory.runUntilIdle().outcomes().get(0).resolution()).isEqualTo(Resolution.HELD);

      // The reviewer works in another process: its own work source over the same state.
      HoldQueue queue = queue(f, f.workSource("reviewer"));
      assertThat(queue.list()).singleElement().satisfies(h -> {
        assertThat(h.specId()).isEqualTo(HELLO);
        assertThat(h.state()).isEqualTo(HeldCandidate.State.AWAITING_REVIEW);
        assertThat(h.candidateToMerge().orElseThrow().branch()).isEqualTo("factory/hello/attempt-1");
        assertThat(h.evaluation().orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        assertThat(h.policyDecision().orElseThrow().action()).isEqualTo(MergeDecision.Action.HOLD);
        assertThat(h.reason()).contains("a human reviews every change");
      });

      HeldCandidate approved = queue.approve(HELLO, "ada", "read the diff");

      assertThat(approved.state()).isEqualTo(HeldCandidate.State.APPROVED);
      assertThat(queue.list()).singleElement().satisfies(h -> {
        assertThat(h.state()).isEqualTo(HeldCandidate.State.APPROVED);
        assertThat(h.approvedBy()).contains("ada");
      });
      assertThat(f.repo.head("main")).contains(before);
      // The same factory (whose work source knew the spec done) picks it up again and merges.
      RunResult second = factory.runUntilIdle();
      assertThat(second.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.MERGED);
        assertThat(o.candidate()).isEqualTo(approved.candidate());
      });
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
      assertThat(f.repo.head("main")).contains(approved.candidate().commit());
      assertThat(queue.list()).isEmpty();
      assertThat(f.events(FactoryEvent.CandidateReviewed.class)).singleElement()
          .satisfies(e -> {
            assertThat(e.approved()).isTrue();
            assertThat(e.reviewer()).isEqualTo("ada");
          });
      // The merge went through the normal path: an intent, then the merge, then the finish.
      List<Step.Kind> afterReview = kindsAfterReview(f.store());
      assertThat(afterReview)
          .containsExactly(Step.Kind.REVIEWED, Step.Kind.CLAIMED, Step.Kind.MERGE_INTENT,
              Step.Kind.MERGED, Step.Kind.SPEC_FINISHED);
      // A third run finds the spec finished and does nothing.
      assertThat(factory.runUntilIdle().outcomes()).isEmpty();
    }
  }

  @Test
  void aRejectedCandidateFinishesTheSpecAsRejectedAndMergesNothing() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      var factory = f.factory(writesHello(), HUMAN, "factory-a").build();
      CommitId before = f.repo.head("main").orElseThrow();
      factory.runUntilIdle();
      HoldQueue queue = queue(f, f.workSource("reviewer"));

      queue.reject(HELLO, "ada", "the greeting must be in French");

      assertThat(queue.list()).isEmpty();
      RunResult second = factory.runUntilIdle();
      assertThat(second.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.REJECTED);
        assertThat(o.reason()).isEqualTo("rejected by ada: the greeting must be in French");
      });
      assertThat(f.repo.head("main")).contains(before);
      assertThat(f.repo.branches()).contains("factory/hello/attempt-1");
      assertThatThrownBy(() -> queue.approve(HELLO, "bob", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("spec 'hello' is not held for review");
    }
  }

  @Test
  void anApprovedCandidateWhoseTargetMovedIsRebasedEvaluatedAndDecidedAgain() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      List<MergeDecision> decisions = new ArrayList<>();
      MergePolicy recording = context -> {
        MergeDecision d = HUMAN.decide(context);
        decisions.add(d);
        return d;
      };
      var factory = f.factory(writesHello(), recording, "factory-a").build();
      factory.runUntilIdle();
      HoldQueue queue = queue(f, f.workSource("reviewer"));
      queue.approve(HELLO, "ada", "");
      f.repo.commit("a human lands something else", Map.of("other.txt", "other\n"));

      RunResult second = factory.runUntilIdle();

      // The human approved another tree: the rebased one goes back to the policy, which holds it.
      assertThat(second.outcomes().get(0).resolution()).isEqualTo(Resolution.HELD);
      assertThat(decisions).hasSize(2);
      assertThat(f.events(FactoryEvent.CandidateRebased.class)).hasSize(1);
      assertThat(queue.list()).singleElement().satisfies(h -> {
        assertThat(h.state()).isEqualTo(HeldCandidate.State.AWAITING_REVIEW);
        assertThat(h.candidateToMerge().orElseThrow().branch())
            .isEqualTo("factory/hello/attempt-1-rebase-1");
        assertThat(h.evaluation().orElseThrow().candidate().branch())
            .isEqualTo("factory/hello/attempt-1-rebase-1");
      });
      assertThat(f.repo.show("main", "hello.txt")).isEmpty();
    }
  }

  @Test
  void aReviewListenerThatThrowsStopsTheReviewAndNothingIsJournaled() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      var factory = f.factory(writesHello(), HUMAN, "factory-a").build();
      factory.runUntilIdle();
      HoldQueue queue =
          queue(f, f.workSource("reviewer"), (held, review) -> {
            throw new IllegalStateException("the ledger is unreachable");
          });

      assertThatThrownBy(() -> queue.approve(HELLO, "ada", ""))
          .hasMessage("the ledger is unreachable");

      assertThat(queue.list()).singleElement()
          .satisfies(h -> assertThat(h.state()).isEqualTo(HeldCandidate.State.AWAITING_REVIEW));
      assertThat(kindsAfterReview(f.store())).isEmpty();
      assertThat(factory.runUntilIdle().outcomes()).isEmpty();
    }
  }

  @Test
  void aCrashBeforeTheReopenLeavesTheApprovalListedAndApprovingAgainOnlyReopens() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      var factory = f.factory(writesHello(), HUMAN, "factory-a").build();
      factory.runUntilIdle();
      DirectoryWorkSource reviewer = f.workSource("reviewer");
      AtomicBoolean dies = new AtomicBoolean(true);
      WorkSource crashing = new WorkSource() {
        @Override
        public Optional<WorkItem> next() throws InterruptedException {
          return reviewer.next();
        }

        @Override
        public void complete(WorkItem item, Resolution resolution) {
          reviewer.complete(item, resolution);
        }

        @Override
        public void release(WorkItem item) {
          reviewer.release(item);
        }

        @Override
        public void reopen(SpecId id) {
          if (dies.getAndSet(false)) {
            throw new IllegalStateException("the process died here");
          }
          reviewer.reopen(id);
        }
      };
      HoldQueue queue = queue(f, crashing);

      assertThatThrownBy(() -> queue.approve(HELLO, "ada", "")).hasMessage("the process died here");
      assertThat(queue.list()).singleElement()
          .satisfies(h -> assertThat(h.state()).isEqualTo(HeldCandidate.State.APPROVED));
      assertThat(factory.runUntilIdle().outcomes()).isEmpty(); // not reopened yet

      queue.approve(HELLO, "ada", "");

      assertThat(factory.runUntilIdle().outcomes()).singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(kindsAfterReview(f.store()).stream().filter(k -> k == Step.Kind.REVIEWED))
          .hasSize(1);
      assertThatThrownBy(() -> queue.reject(HELLO, "bob", "too late"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void reviewingASpecThatIsNotHeldSaysWhichAreAndChangesNothing() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      f.spec("bye", "bye.txt", "bye");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().write("hello.txt", "hello world\n").finish("done"))
              .on(SpecId.of("bye"), 1, Script.steps().write("bye.txt", "bye\n").finish("done"))
              .build();
      MergePolicy holdHello =
          context -> context.spec().id().equals(HELLO)
              ? HUMAN.decide(context)
              : VerdictPolicy.defaults().decide(context);
      f.factory(agent, holdHello, "factory-a").build().runUntilIdle();
      HoldQueue queue = queue(f, f.workSource("reviewer"));

      assertThatThrownBy(() -> queue.approve(SpecId.of("bye"), "ada", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("spec 'bye' is not held for review (held now: [hello])");
      assertThatThrownBy(() -> queue.approve(HELLO, " ", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reviewer");
      assertThat(kindsAfterReview(f.store())).isEmpty();
      assertThat(queue.list()).extracting(HeldCandidate::specId).containsExactly(HELLO);
    }
  }

  @Test
  void notesTheAgentLeavesAreJournaledAndReachTheNextAttemptThroughTheFeedbackPolicy()
      throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps()
                  .perform((a, c) -> c.remember("tried printf; the holdout wants a newline?"))
                  .write("hello.txt", "hello")
                  .finish("wrote hello.txt"))
              .on(HELLO, 2, Script.steps().write("hello.txt", "hello world\n").finish("fixed"))
              .build();

      RunResult result = f.factory(agent).build().runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.MERGED);
      List<Feedback> second = agent.assignmentsFor(HELLO).get(1).feedback();
      assertThat(second).singleElement()
          .satisfies(fb -> assertThat(fb.notes()).containsExactly("tried printf; the holdout wants a newline?"));
      assertThat(f.events(FactoryEvent.AgentNoted.class)).singleElement()
          .satisfies(e -> assertThat(e.attempt()).isEqualTo(1));
    }
  }

  @Test
  void inShadowModeTheHumansVerdictLandsInTheLedgerAndTheApprovedCandidateMerges() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      try (SqliteAlignmentLedger ledger =
          SqliteAlignmentLedger.open(f.state.resolve(SqliteRunStore.FILE_NAME))) {
        CalibrationPolicy shadow =
            CalibrationPolicy.builder(
                    VerdictPolicy.defaults(),
                    ledger,
                    new CalibrationConfiguration("scripted", "1", "command-evaluator", "v1"))
                .build();
        var factory = f.factory(writesHello(), shadow, "factory-a").build();
        assertThat(factory.runUntilIdle().outcomes().get(0).resolution()).isEqualTo(Resolution.HELD);
        HoldQueue queue = queue(f, f.workSource("reviewer"), LedgerReviews.recordIn(ledger));
        assertThat(queue.list()).singleElement()
            .satisfies(h -> assertThat(h.reason()).contains("shadow mode"));

        queue.approve(HELLO, "ada", "matches the spec");

        assertThat(ledger.records(LedgerFilter.ALL)).singleElement().satisfies(r -> {
          assertThat(r.evaluatorVerdict()).isEqualTo(Verdict.PASS);
          assertThat(r.policyAction()).isEqualTo(MergeDecision.Action.HOLD);
          assertThat(r.review()).hasValueSatisfying(review -> {
            assertThat(review.verdict()).isEqualTo(HumanVerdict.APPROVE);
            assertThat(review.reviewer()).isEqualTo("ada");
          });
        });
        assertThat(factory.runUntilIdle().outcomes()).singleElement()
            .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
        assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
        // The merge did not ask the policy again, so the ledger holds one decision.
        assertThat(ledger.records(LedgerFilter.ALL)).hasSize(1);
      }
    }
  }

  /** The kinds of the steps from the first review on, across every run. */
  private static List<Step.Kind> kindsAfterReview(SqliteRunStore store) throws Exception {
    var out = new java.io.StringWriter();
    store.exportJsonLines(out);
    List<Step.Kind> kinds = new ArrayList<>();
    boolean reviewed = false;
    for (String line : out.toString().split("\n")) {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      if (!node.has("kind")) {
        continue;
      }
      Step.Kind kind = Step.Kind.valueOf(node.get("kind").asText());
      reviewed |= kind == Step.Kind.REVIEWED;
      if (reviewed) {
        kinds.add(kind);
      }
    }
    return kinds;
  }
}

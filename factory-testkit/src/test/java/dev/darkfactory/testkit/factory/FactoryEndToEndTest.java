package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.merge.MergePolicy;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.Factory;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.factory.SpecOutcome;
import dev.darkfactory.core.git.GitIntegrator;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.git.MergeStyle;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.core.work.Fingerprints;
import dev.darkfactory.evaluator.policy.VerdictPolicy;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop on real git repositories: merge, hold, reject, retry, a moving target. */
class FactoryEndToEndTest {

  @TempDir Path dir;

  private static final SpecId HELLO = SpecId.of("hello");

  private static Script writes(String file, String content) {
    return Script.steps().write(file, content).finish("wrote " + file);
  }

  @Test
  void mergesAPassingCandidateAndKeepsItsBranchWithTrailers() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      CommitId before = f.repo.head("main").orElseThrow();

      RunResult result = f.factory(agent).build().runUntilIdle();

      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.MERGED);
        assertThat(o.attempts()).isEqualTo(1);
      });
      CommitId head = f.repo.head("main").orElseThrow();
      assertThat(head).isNotEqualTo(before);
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
      assertThat(f.repo.head("factory/hello/attempt-1")).contains(head);
      assertThat(f.repository().trailers(head))
          .containsEntry("Spec-Id", "hello")
          .containsEntry("Attempt", "1")
          .containsEntry("Agent", "scripted")
          .containsKeys("Model", "Tokens", "Spec-Fingerprint", "Factory-Run");
      assertThat(f.repo.git().isAncestor(before, head)).isTrue();
      assertThat(f.events.stream().map(e -> e.getClass().getSimpleName()))
          .containsExactly(
              "RunStarted",
              "SpecClaimed",
              "AttemptStarted",
              "AgentFinished",
              "CandidateCommitted",
              "EvaluationStarted",
              "EvaluationFinished",
              "DecisionMade",
              "MergeStarted",
              "Merged",
              "SpecFinished",
              "RunFinished");
      assertThat(Files.readString(result.jsonReport()))
          .contains("\"schema\" : \"dark-factory/run-report/1\"")
          .contains("\"resolution\" : \"MERGED\"")
          .contains("factory/hello/attempt-1");
      assertThat(Files.readString(result.markdownReport())).contains("| hello | MERGED | 1 | PASS | MERGE |");
    }
  }

  @Test
  void theMergePolicySeesTheChangedFilesTheirSizeAndWhatTheSpecSpent() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(
                  HELLO,
                  1,
                  Script.steps()
                      .write("hello.txt", "hello world\n")
                      .usage(dev.darkfactory.api.model.Usage.of(1200, 300))
                      .finish("wrote hello.txt"))
              .build();
      java.util.List<dev.darkfactory.api.merge.MergeContext> seen = new java.util.ArrayList<>();
      dev.darkfactory.api.merge.MergePolicy recording =
          context -> {
            seen.add(context);
            return dev.darkfactory.evaluator.policy.VerdictPolicy.defaults().decide(context);
          };

      f.factory(agent, recording, "factory-a").build().runUntilIdle();

      assertThat(seen).singleElement().satisfies(c -> {
        assertThat(c.changes())
            .containsExactly(
                new dev.darkfactory.api.workspace.FileChange(
                    "hello.txt", dev.darkfactory.api.workspace.FileChange.Status.ADDED));
        assertThat(c.linesChanged()).isEqualTo(1);
        assertThat(c.spent()).isEqualTo(dev.darkfactory.api.model.Usage.of(1200, 300));
      });
    }
  }

  @Test
  void everyStepIsJournaledInOrderBeforeTheNext() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      // When an event is announced, its step is already in the journal.
      Map<Class<?>, Step.Kind> stepOf =
          Map.of(
              FactoryEvent.AttemptStarted.class, Step.Kind.ATTEMPT_STARTED,
              FactoryEvent.AgentFinished.class, Step.Kind.AGENT_FINISHED,
              FactoryEvent.CandidateCommitted.class, Step.Kind.CANDIDATE_COMMITTED,
              FactoryEvent.EvaluationFinished.class, Step.Kind.EVALUATED,
              FactoryEvent.DecisionMade.class, Step.Kind.DECIDED,
              FactoryEvent.MergeStarted.class, Step.Kind.MERGE_INTENT,
              FactoryEvent.Merged.class, Step.Kind.MERGED,
              FactoryEvent.SpecFinished.class, Step.Kind.SPEC_FINISHED);
      List<String> journaledAtEvent = new ArrayList<>();
      SqliteRunStore reader = f.store();
      Factory factory =
          f.factory(agent)
              .listener(
                  e -> {
                    Step.Kind kind = stepOf.get(e.getClass());
                    if (kind != null) {
                      boolean journaled =
                          reader.entries(e.runId()).stream().anyMatch(j -> j.step().kind() == kind);
                      journaledAtEvent.add(kind + (journaled ? " journaled" : " missing"));
                    }
                  })
              .build();

      RunResult result = factory.runUntilIdle();

      assertThat(journaledAtEvent)
          .hasSize(stepOf.size())
          .allSatisfy(line -> assertThat(line).endsWith(" journaled"));
      assertThat(reader.entries(result.runId()).stream().map(e -> e.step().kind()))
          .containsExactly(
              Step.Kind.CLAIMED,
              Step.Kind.ATTEMPT_STARTED,
              Step.Kind.AGENT_FINISHED,
              Step.Kind.CANDIDATE_COMMITTED,
              Step.Kind.EVALUATED,
              Step.Kind.DECIDED,
              Step.Kind.MERGE_INTENT,
              Step.Kind.MERGED,
              Step.Kind.SPEC_FINISHED);
    }
  }

  @Test
  void retriesWithCountsOnlyFeedbackAndMergesTheSecondAttempt() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, writes("hello.txt", "hullo\n"))
              .on(HELLO, 2, writes("hello.txt", "hello world\n"))
              .build();

      RunResult result = f.factory(agent).build().runUntilIdle();

      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.MERGED);
        assertThat(o.attempts()).isEqualTo(2);
      });
      Assignment second = agent.assignmentsFor(HELLO).get(1);
      assertThat(second.attempt()).isEqualTo(2);
      Feedback feedback = second.feedback().get(0);
      assertThat(feedback.failedVisibleScenarios()).isEmpty();
      assertThat(feedback.holdoutsPassed()).isZero();
      assertThat(feedback.holdoutsTotal()).isEqualTo(1);
      assertThat(second.toString()).doesNotContain("canary").doesNotContain("CANARY");
      assertThat(f.repo.branches())
          .containsExactly("factory/hello/attempt-1", "factory/hello/attempt-2", "main");
      assertThat(f.repo.show("factory/hello/attempt-1", "hello.txt")).contains("hullo\n");
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
    }
  }

  @Test
  void rejectsWhenAttemptsRunOutAndLeavesTheTargetAlone() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .onAnySpec(1, writes("hello.txt", "wrong\n"))
              .onAnySpec(2, Script.steps().giveUp("no idea"))
              .build();
      CommitId before = f.repo.head("main").orElseThrow();

      RunResult result = f.factory(agent).maxAttempts(2).build().runUntilIdle();

      SpecOutcome outcome = result.outcomes().get(0);
      assertThat(outcome.resolution()).isEqualTo(Resolution.REJECTED);
      assertThat(outcome.reason()).contains("all 2 attempts were used");
      assertThat(f.repo.head("main")).contains(before);
      assertThat(f.repo.branches()).containsExactly("factory/hello/attempt-1", "main");
      assertThat(f.events(FactoryEvent.NoCandidate.class)).singleElement()
          .satisfies(e -> assertThat(e.reason()).contains("gave-up: no idea"));
    }
  }

  @Test
  void holdsWhenThePolicySaysSoAndMergesNothing() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      CommitId before = f.repo.head("main").orElseThrow();
      MergePolicy human = context -> MergeDecision.hold("a human reviews every change for now");

      RunResult result = f.factory(agent, human, "factory-a").build().runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.HELD);
      assertThat(result.outcomes().get(0).reason()).contains("a human reviews every change");
      assertThat(f.repo.head("main")).contains(before);
      assertThat(f.repo.branches()).contains("factory/hello/attempt-1");
      assertThat(f.events(FactoryEvent.Merged.class)).isEmpty();
    }
  }

  @Test
  void aTargetThatMovedAfterEvaluationGetsTheCandidateRebasedAndEvaluatedAgain() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      AtomicBoolean moved = new AtomicBoolean();
      MergePolicy policy =
          context -> {
            if (moved.compareAndSet(false, true)) {
              try {
                f.repo.commit("a human lands something else", Map.of("other.txt", "other\n"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return VerdictPolicy.defaults().decide(context);
          };

      RunResult result = f.factory(agent, policy, "factory-a").build().runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.MERGED);
      assertThat(f.events(FactoryEvent.CandidateRebased.class)).singleElement()
          .satisfies(e -> assertThat(e.to().branch()).isEqualTo("factory/hello/attempt-1-rebase-1"));
      assertThat(f.events(FactoryEvent.EvaluationFinished.class)).hasSize(2);
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
      assertThat(f.repo.show("main", "other.txt")).contains("other\n");
      assertThat(f.repo.head("main")).isEqualTo(f.repo.head("factory/hello/attempt-1-rebase-1"));
      assertThat(f.repo.head("factory/hello/attempt-1")).isPresent();
    }
  }

  @Test
  void aCandidateThatConflictsWithTheMovedTargetGetsAFreshAttempt() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, writes("hello.txt", "hello world\n"))
              .on(HELLO, 2, writes("hello.txt", "hello world\n"))
              .build();
      AtomicBoolean moved = new AtomicBoolean();
      MergePolicy policy =
          context -> {
            if (moved.compareAndSet(false, true)) {
              try {
                f.repo.commit("a human writes the same file", Map.of("hello.txt", "human\n"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return VerdictPolicy.defaults().decide(context);
          };

      RunResult result = f.factory(agent, policy, "factory-a").build().runUntilIdle();

      assertThat(f.events(FactoryEvent.RebaseConflicted.class)).singleElement()
          .satisfies(e -> assertThat(e.detail()).contains("hello.txt"));
      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.MERGED);
      assertThat(result.outcomes().get(0).attempts()).isEqualTo(2);
      assertThat(agent.assignmentsFor(HELLO).get(1).feedback().get(0).summary())
          .contains("conflicted");
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
    }
  }

  @Test
  void mergesIntoABranchOfARemoteWithALease() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      Path clone = dir.resolve("factory-clone");
      f.repo.git().output("clone", "--quiet", f.repo.bare().toString(), clone.toString());
      GitRepository repository = GitRepository.open(clone, f.state.resolve("workspaces"));

      RunResult result =
          f.factory(agent)
              .repository(repository)
              .integrator(GitIntegrator.remote(repository, "origin", "main", MergeStyle.MERGE_COMMIT))
              .build()
              .runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.MERGED);
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
      assertThat(f.repo.log("main").get(0)).contains("Merge branch 'factory/hello/attempt-1' into main");
      assertThat(f.repo.git().output("rev-list", "--parents", "-n", "1", "main").split(" ")).hasSize(3);
    }
  }

  @Test
  void twoConcurrentFactoriesMergeEverySpecExactlyOnce() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      int specs = 6;
      for (int i = 0; i < specs; i++) {
        f.spec("s" + i, "file" + i + ".txt", "content " + i);
      }
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .otherwise(
                  Script.steps()
                      .perform(
                          (assignment, context) -> {
                            String n = assignment.spec().id().value().substring(1);
                            Files.writeString(
                                context.workspace().resolve("file" + n + ".txt"), "content " + n + "\n");
                          })
                      .finish("done"))
              .build();
      // Each merge by one factory can make the other rebase once; with as many rebases allowed
      // as there are specs, every spec must merge.
      Factory a = f.factory(agent, VerdictPolicy.defaults(), "factory-a").maxRebases(specs).build();
      Factory b = f.factory(agent, VerdictPolicy.defaults(), "factory-b").maxRebases(specs).build();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RunResult>> runs = new ArrayList<>();
      for (Factory factory : List.of(a, b)) {
        Callable<RunResult> run = () -> {
          start.await();
          return factory.runUntilIdle();
        };
        runs.add(pool.submit(run));
      }
      start.countDown();
      List<SpecOutcome> outcomes = new ArrayList<>();
      for (Future<RunResult> run : runs) {
        outcomes.addAll(run.get().outcomes());
      }
      pool.shutdown();

      assertThat(outcomes).hasSize(specs).allSatisfy(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(outcomes.stream().map(SpecOutcome::specId).distinct()).hasSize(specs);
      List<String> log = f.repo.log("main");
      assertThat(log).hasSize(specs + 1);
      for (int i = 0; i < specs; i++) {
        assertThat(f.repo.show("main", "file" + i + ".txt")).contains("content " + i + "\n");
        long merges = 0;
        for (String line : log) {
          String id = line.substring(0, 40);
          if (("s" + i).equals(f.repository().trailers(CommitId.of(id)).get("Spec-Id"))) {
            merges++;
          }
        }
        assertThat(merges).as("commits of spec s%d on main", i).isEqualTo(1);
      }
    }
  }

  @Test
  void aFinishedSpecIsNotWorkedAgainButAnEditedOneIs() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().onAnySpec(1, writes("hello.txt", "hello world\n")).build();
      assertThat(f.factory(agent).build().runUntilIdle().outcomes()).hasSize(1);
      assertThat(f.factory(agent).build().runUntilIdle().outcomes()).isEmpty();

      f.spec("hello", "hello.txt", "hello again");
      ScriptedAgent again =
          ScriptedAgent.builder().onAnySpec(1, writes("hello.txt", "hello again\n")).build();
      RunResult third = f.factory(again).build().runUntilIdle();

      assertThat(third.outcomes()).singleElement().satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(f.repo.show("main", "hello.txt")).contains("hello again\n");
      // The first version's candidate keeps its branch; the edited spec's first attempt gets its own.
      assertThat(f.repo.branches())
          .contains("factory/hello/attempt-1")
          .anyMatch(b -> b.matches("factory/hello/[0-9a-f]{12}/attempt-1"));
    }
  }

  @Test
  void theFeedbackNeverCarriesHoldoutContent() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().otherwise(writes("hello.txt", "wrong\n")).build();

      f.factory(agent).maxAttempts(3).build().runUntilIdle();

      List<Assignment> assignments = agent.assignmentsFor(HELLO);
      assertThat(assignments).hasSize(3);
      for (Assignment a : assignments) {
        assertThat(a.visibleScenarios()).extracting(s -> s.id()).containsExactly(ScenarioId.of("hello-exists"));
        assertThat(a.toString()).doesNotContain("canary", "CANARY", "hello world");
      }
      assertThat(assignments.get(2).feedback()).extracting(Feedback::attempt).containsExactly(1, 2);
    }
  }

  @Test
  void theJournalKeysHistoryByContent() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      var source = f.workSource("reader");
      f.factory(agent).build().runUntilIdle();

      String print = Fingerprints.of(source.items().get(0));
      assertThat(f.store().history(HELLO, print)).extracting(e -> e.step().kind())
          .endsWith(Step.Kind.MERGED, Step.Kind.SPEC_FINISHED);
      assertThat(f.store().history(HELLO, "0".repeat(64))).isEmpty();
    }
  }

  @Test
  void aStoppedFactoryReleasesItsItemAndALaterRunResumesWithoutRedoingTheAgent() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      java.util.concurrent.atomic.AtomicReference<Factory> running = new java.util.concurrent.atomic.AtomicReference<>();
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1,
                  Script.steps()
                      .write("hello.txt", "hello world\n")
                      .perform((assignment, context) -> running.get().stop())
                      .finish("wrote it, then the operator stopped the factory"))
              .build();
      Factory first = f.factory(agent).build();
      running.set(first);

      RunResult stopped = first.runUntilIdle();

      assertThat(stopped.stopped()).isTrue();
      assertThat(stopped.outcomes()).isEmpty();
      assertThat(f.repo.branches()).contains("factory/hello/attempt-1");
      assertThat(Files.readString(stopped.jsonReport())).contains("\"unfinished\" : 1");

      RunResult resumed = f.factory(agent).build().runUntilIdle();

      assertThat(resumed.outcomes()).singleElement()
          .satisfies(o -> assertThat(o.resolution()).isEqualTo(Resolution.MERGED));
      assertThat(agent.assignments()).hasSize(1);
      assertThat(f.repo.show("main", "hello.txt")).contains("hello world\n");
    }
  }

  @Test
  void aLongRunningFactoryWaitsForWorkAndStopsWhenAsked() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      ScriptedAgent agent = ScriptedAgent.builder().build();
      CountDownLatch started = new CountDownLatch(1);
      Factory factory =
          f.factory(agent)
              .listener(e -> {
                if (e instanceof FactoryEvent.RunStarted) {
                  started.countDown();
                }
              })
              .build();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<RunResult> run = pool.submit(() -> factory.runUntilStopped(java.time.Duration.ofHours(1)));
      assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      factory.stop();

      RunResult result = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
      pool.shutdown();
      assertThat(result.stopped()).isTrue();
      assertThat(result.outcomes()).isEmpty();
      assertThat(f.events(FactoryEvent.RunFinished.class)).hasSize(1);
    }
  }

  @Test
  void aThrowingEvaluatorMakesAnInvalidReportTheSpecIsHeldAndItsCheckoutIsCleanedUp()
      throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder().on(HELLO, 1, writes("hello.txt", "hello world\n")).build();
      dev.darkfactory.api.evaluation.Evaluator leaky =
          new dev.darkfactory.api.evaluation.Evaluator() {
            @Override
            public String name() {
              return "leaky";
            }

            @Override
            public dev.darkfactory.api.evaluation.EvaluationReport evaluate(
                dev.darkfactory.api.workspace.Candidate candidate,
                dev.darkfactory.api.work.WorkItem item,
                dev.darkfactory.api.evaluation.EvaluationContext context)
                throws InterruptedException {
              try {
                context.checkout(candidate);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              throw new IllegalStateException("the grader crashed");
            }
          };
      CommitId before = f.repo.head("main").orElseThrow();

      RunResult result = f.factory(agent).evaluator(leaky).build().runUntilIdle();

      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.HELD);
        assertThat(o.reason()).contains("evaluator leaky failed").contains("the grader crashed");
      });
      assertThat(f.events(FactoryEvent.EvaluationFinished.class)).singleElement()
          .satisfies(e -> assertThat(e.report().verdict()).isEqualTo(dev.darkfactory.api.evaluation.Verdict.INVALID));
      assertThat(f.repo.head("main")).contains(before);
      try (var left = Files.list(f.state.resolve("workspaces"))) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void aThrowingAgentFailsItsAttemptAndTheNextAttemptRuns() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent scripted =
          ScriptedAgent.builder().on(HELLO, 2, writes("hello.txt", "hello world\n")).build();
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      dev.darkfactory.api.agent.Agent flaky =
          new dev.darkfactory.api.agent.Agent() {
            @Override
            public String name() {
              return "flaky";
            }

            @Override
            public dev.darkfactory.api.agent.AgentOutcome implement(
                Assignment assignment, dev.darkfactory.api.agent.AgentContext context)
                throws InterruptedException {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("model client blew up");
              }
              return scripted.implement(assignment, context);
            }
          };

      RunResult result = f.factory(flaky).build().runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.MERGED);
      assertThat(f.events(FactoryEvent.AgentFinished.class).get(0).outcome())
          .isInstanceOfSatisfying(dev.darkfactory.api.agent.AgentOutcome.Failed.class,
              o -> assertThat(o.error()).contains("agent flaky threw").contains("model client blew up"));
      assertThat(f.events(FactoryEvent.NoCandidate.class)).hasSize(1);
    }
  }
}

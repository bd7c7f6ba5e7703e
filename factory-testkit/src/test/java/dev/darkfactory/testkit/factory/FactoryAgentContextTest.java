package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.event.FactoryEvent;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.RunResult;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.core.work.Fingerprints;
import dev.darkfactory.testkit.agent.Script;
import dev.darkfactory.testkit.agent.ScriptedAgent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the factory lends an agent besides the workspace: the guarded model provider (the holdout
 * leak guard, and every call journaled as it happens) and notes for later attempts.
 */
class FactoryAgentContextTest {

  @TempDir Path dir;

  private static final SpecId HELLO = SpecId.of("hello");

  /** A model that answers every request and remembers what reached it. */
  private static final class RecordingModel implements ModelProvider {
    final List<ModelRequest> received = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "recording";
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
      received.add(request);
      return new ModelResponse(
          "r" + received.size(), "model-x", Message.assistant("ok"), StopReason.END_TURN,
          Usage.of(120, 30));
    }
  }

  private static ModelRequest asking(String text) {
    return ModelRequest.builder("model-x").message(Message.user(text)).build();
  }

  @Test
  void anAgentThatSmugglesHoldoutTextIntoItsPromptIsStoppedBeforeTheRequestLeavesAndTheSpecIsHeld()
      throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      RecordingModel model = new RecordingModel();
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps()
                  .write("hello.txt", "hello world\n")
                  .perform((a, c) -> c.guard(model).complete(asking(
                      "Make this pass: The file holds the secret content CANARY-7d1f, thanks")))
                  .finish("done"))
              .build();
      CommitId before = f.repo.head("main").orElseThrow();

      RunResult result = f.factory(agent).build().runUntilIdle();

      assertThat(model.received).isEmpty();
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.HELD);
        assertThat(o.reason()).contains("holdout content").contains("hello-content-canary-7d1f");
      });
      assertThat(f.events(FactoryEvent.AgentFinished.class)).singleElement().satisfies(e ->
          assertThat(e.outcome()).isInstanceOfSatisfying(AgentOutcome.Aborted.class, a -> {
            assertThat(a.cause()).isEqualTo(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK);
            assertThat(a.detail()).contains("hello-content-canary-7d1f");
          }));
      assertThat(f.events(FactoryEvent.CandidateCommitted.class)).isEmpty();
      assertThat(f.repo.branches()).containsExactly("main");
      assertThat(f.repo.head("main")).contains(before);
    }
  }

  @Test
  void everyGuardedCallIsJournaledAsItHappensAndAnnounced() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      RecordingModel model = new RecordingModel();
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps()
                  .perform((a, c) -> {
                    ModelProvider guarded = c.guard(model);
                    assertThat(guarded.id()).isEqualTo("recording");
                    guarded.complete(asking("Create hello.txt holding a greeting."));
                    guarded.complete(asking("And end it with a newline."));
                  })
                  .write("hello.txt", "hello world\n")
                  .finish("done"))
              .build();

      RunResult result = f.factory(agent).build().runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.MERGED);
      assertThat(model.received).hasSize(2);
      String print = Fingerprints.of(f.workSource("reader").items().get(0));
      List<Step> steps = f.store().history(HELLO, print).stream().map(JournalEntry::step).toList();
      assertThat(steps).filteredOn(Step.ModelCalled.class::isInstance)
          .containsExactly(
              new Step.ModelCalled("model-x", Usage.of(120, 30)),
              new Step.ModelCalled("model-x", Usage.of(120, 30)));
      assertThat(steps.indexOf(steps.stream().filter(Step.ModelCalled.class::isInstance).findFirst().orElseThrow()))
          .isLessThan(steps.indexOf(steps.stream().filter(Step.AgentFinished.class::isInstance).findFirst().orElseThrow()));
      assertThat(f.events(FactoryEvent.ModelCalled.class)).hasSize(2);
    }
  }

  @Test
  void aScriptedAgentEndsOnAHoldoutLeakLikeTheDefaultAgent() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps().perform((a, c) -> {
                throw new HoldoutLeakException(
                    dev.darkfactory.api.spec.ScenarioId.of("hello-content-canary-7d1f"),
                    "canary found in messages[0]");
              }).finish("never"))
              .build();

      RunResult result = f.factory(agent).build().runUntilIdle();

      assertThat(result.outcomes().get(0).resolution()).isEqualTo(Resolution.HELD);
      assertThat(f.events(FactoryEvent.AgentFinished.class)).singleElement().satisfies(e ->
          assertThat(e.outcome()).isInstanceOf(AgentOutcome.Aborted.class));
    }
  }

  @Test
  void aBlankNoteIsRefused() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      List<Throwable> seen = new CopyOnWriteArrayList<>();
      ScriptedAgent agent =
          ScriptedAgent.builder()
              .on(HELLO, 1, Script.steps()
                  .perform((a, c) -> {
                    try {
                      c.remember("  ");
                    } catch (IllegalArgumentException e) {
                      seen.add(e);
                    }
                  })
                  .write("hello.txt", "hello world\n")
                  .finish("done"))
              .build();

      f.factory(agent).build().runUntilIdle();

      assertThat(seen).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("note"));
      assertThat(f.events(FactoryEvent.AgentNoted.class)).isEmpty();
    }
  }

  @Test
  void anAgentOrAPolicyThatReturnsNullIsTreatedLikeOneThatThrows() throws Exception {
    try (FactoryFixture f = new FactoryFixture(dir)) {
      f.spec("hello", "hello.txt", "hello world");
      dev.darkfactory.api.agent.Agent nothingFirst = new dev.darkfactory.api.agent.Agent() {
        private final ScriptedAgent second = ScriptedAgent.builder()
            .on(HELLO, 2, Script.steps().write("hello.txt", "hello world\n").finish("done"))
            .build();

        @Override
        public String name() {
          return "null-then-honest";
        }

        @Override
        public @org.jspecify.annotations.Nullable AgentOutcome implement(
            dev.darkfactory.api.agent.Assignment assignment, dev.darkfactory.api.agent.AgentContext context)
            throws InterruptedException {
          return assignment.attempt() == 1 ? null : second.implement(assignment, context);
        }
      };

      RunResult result =
          f.factory(nothingFirst, context -> null, "factory-a").maxAttempts(2).build().runUntilIdle();

      assertThat(f.events(FactoryEvent.AgentFinished.class)).first().satisfies(e ->
          assertThat(e.outcome()).isInstanceOfSatisfying(AgentOutcome.Failed.class, failed ->
              assertThat(failed.error()).contains("returned no outcome")));
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.resolution()).isEqualTo(Resolution.HELD);
        assertThat(o.reason()).contains("the merge policy failed").contains("returned no decision");
      });
    }
  }
}

package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.EscalatingRouter;
import dev.darkfactory.core.agent.PromptCacheCheck;
import dev.darkfactory.core.model.ModelHints;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.RequestMatcher;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache hit rates per attempt, and the warning when the provider's cache hits too little. */
class PromptCacheReportTest {

  @TempDir Path dir;
  private LoopFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** A script of reads with the given usages, then finish with the last one. */
  private static ScriptedModelProvider script(Usage... usages) {
    ScriptedModelProvider.Builder b = ScriptedModelProvider.builder();
    for (int i = 0; i < usages.length - 1; i++) {
      b.then(Reply.toolCall("read_file", json("path", "README.md", "start_line", i + 1)).withUsage(usages[i]));
    }
    return b.then(Reply.toolCall("finish", json("summary", "done")).withUsage(usages[usages.length - 1]))
        .build();
  }

  /** Input, cache reads, cache writes: as a provider that caches the prefix reports them. */
  private static Usage usage(long input, long read, long write) {
    return new Usage(input, 10, read, write, 0);
  }

  @Test
  void theHitRateAndTheExpectedOneAreComputedFromTheUsages() throws Exception {
    // turn 1 writes its 2,000 tokens; each later turn reads the previous request and adds 100
    ScriptedModelProvider model =
        script(usage(0, 0, 2000), usage(100, 2000, 100), usage(100, 2100, 100), usage(100, 2200, 100));

    f.agent(model).build().implement(f.assignment(), f.context());

    AgentEvent.CacheReport report = f.events(AgentEvent.CacheReport.class).get(0);
    long input = 2000 + 2200 + 2300 + 2400;
    assertThat(report.usage().totalInputTokens()).isEqualTo(input);
    assertThat(report.hitRate()).isCloseTo((2000.0 + 2100 + 2200) / input, within(1e-9));
    // expected: from turn 2 on, the previous request's whole input
    assertThat(report.expectedHitRate()).isCloseTo((2000.0 + 2200 + 2300) / input, within(1e-9));
    assertThat(report.hitRate()).isEqualTo(report.usage().cacheHitRate());
    assertThat(f.events(AgentEvent.CacheHitLow.class)).isEmpty();
    // the report comes just before the end
    List<AgentEvent> all = f.events;
    assertThat(all.get(all.size() - 2)).isInstanceOf(AgentEvent.CacheReport.class);
    assertThat(all.get(all.size() - 1)).isInstanceOf(AgentEvent.Ended.class);
  }

  @Test
  void noCacheReadsAreWarnedAboutOnceAndNeverToTheModel() throws Exception {
    ScriptedModelProvider model =
        script(
            usage(2000, 0, 0),
            usage(2100, 0, 0),
            usage(2200, 0, 0),
            usage(2300, 0, 0),
            usage(2400, 0, 0),
            usage(2500, 0, 0));

    f.agent(model).build().implement(f.assignment(), f.context());

    // the window of the last 3 turns (the first left out) is full after turn 4
    assertThat(f.events(AgentEvent.CacheHitLow.class)).singleElement()
        .satisfies(
            low -> {
              assertThat(low.turn()).isEqualTo(4);
              assertThat(low.actual()).isZero();
              assertThat(low.expected())
                  .isCloseTo((2000.0 + 2100 + 2200) / (2100 + 2200 + 2300), within(1e-9));
            });
    assertThat(f.events(AgentEvent.CacheReport.class).get(0).hitRate()).isZero();
    assertThat(f.events(AgentEvent.WarningInjected.class)).isEmpty();
    for (ModelRequest request : model.requests()) {
      for (Message m : request.messages()) {
        for (ContentBlock b : m.content()) {
          if (b instanceof ContentBlock.Text t) {
            assertThat(t.text()).doesNotContainIgnoringCase("cache");
          }
        }
      }
    }
  }

  @Test
  void aPartlyHittingCacheAboveTheToleranceIsNotWarnedAbout() throws Exception {
    // each turn reads only 60% of the previous request: below expected, above half of it
    ScriptedModelProvider model =
        script(
            usage(2000, 0, 0),
            usage(900, 1200, 0),
            usage(940, 1260, 0),
            usage(980, 1320, 0),
            usage(1020, 1380, 0));

    f.agent(model).build().implement(f.assignment(), f.context());

    assertThat(f.events(AgentEvent.CacheHitLow.class)).isEmpty();
    AgentEvent.CacheReport report = f.events(AgentEvent.CacheReport.class).get(0);
    assertThat(report.hitRate()).isLessThan(report.expectedHitRate()).isGreaterThan(0.0);

    // a stricter tolerance warns about the same usages
    f.events.clear();
    ScriptedModelProvider again =
        script(
            usage(2000, 0, 0),
            usage(900, 1200, 0),
            usage(940, 1260, 0),
            usage(980, 1320, 0),
            usage(1020, 1380, 0));
    f.agent(again)
        .promptCacheCheck(PromptCacheCheck.defaults().withTolerance(0.9))
        .build()
        .implement(f.assignment(), f.context());
    assertThat(f.events(AgentEvent.CacheHitLow.class)).hasSize(1);
  }

  @Test
  void noWarningWhenPromptCachingIsOffOrTheCheckIsOffOrThePrefixIsTooShort() throws Exception {
    Usage[] none = {usage(2000, 0, 0), usage(2100, 0, 0), usage(2200, 0, 0), usage(2300, 0, 0), usage(2400, 0, 0)};

    f.agent(script(none)).metadata(ModelHints.PROMPT_CACHING, "off").build().implement(f.assignment(), f.context());
    f.agent(script(none)).promptCacheCheck(PromptCacheCheck.off()).build().implement(f.assignment(), f.context());
    f.agent(script(none))
        .promptCacheCheck(PromptCacheCheck.defaults().withMinPrefixTokens(5000))
        .build()
        .implement(f.assignment(), f.context());

    assertThat(f.events(AgentEvent.CacheHitLow.class)).isEmpty();
    assertThat(f.events(AgentEvent.CacheReport.class)).hasSize(3)
        .allSatisfy(r -> assertThat(r.hitRate()).isZero());
    assertThat(f.events(AgentEvent.CacheReport.class).get(2).expectedHitRate()).isZero();
  }

  @Test
  void aTurnOnAnotherModelIsNotExpectedToHitTheCache() throws Exception {
    // turn 4 goes to the strong model after the loop warning: a cold cache there is no surprise
    Reply read = Reply.toolCall("read_file", json("path", "src/greeting.txt"));
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .on(RequestMatcher.lastUserMessageContains("Warning from the loop"))
            .reply(Reply.toolCall("write_file", json("path", "n.txt", "content", "x")).withUsage(usage(0, 0, 2300)))
            .then(read.withUsage(usage(0, 0, 2000)))
            .then(read.withUsage(usage(100, 2000, 0)))
            .then(read.withUsage(usage(100, 2100, 0)))
            .then(Reply.toolCall("finish", json("summary", "done")).withUsage(usage(100, 2300, 0)))
            .build();

    f.agent(model)
        .router(EscalatingRouter.builder("cheap-model", "strong-model").build())
        .build()
        .implement(f.assignment(), f.context());

    assertThat(model.requests()).extracting(ModelRequest::model)
        .containsExactly("cheap-model", "cheap-model", "cheap-model", "strong-model", "strong-model");
    assertThat(f.events(AgentEvent.CacheHitLow.class)).isEmpty();
    AgentEvent.CacheReport report = f.events(AgentEvent.CacheReport.class).get(0);
    long input = 2000 + 2100 + 2200 + 2300 + 2400;
    // expected: turns 2, 3 and 5 (turn 4 switched models)
    assertThat(report.expectedHitRate()).isCloseTo((2000.0 + 2100 + 2300) / input, within(1e-9));
    assertThat(report.hitRate()).isCloseTo((2000.0 + 2100 + 2300) / input, within(1e-9));
  }
}

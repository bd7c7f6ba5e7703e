package dev.darkfactory.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content-addressed response cache: hits, misses, what is stored, on disk, concurrently. */
class ResponseCacheTest {

  @TempDir Path dir;

  /** A provider that counts calls and answers with the last message's text, echoed. */
  private static final class Echo implements ModelProvider {
    final AtomicInteger calls = new AtomicInteger();
    volatile StopReason stop = StopReason.END_TURN;
    volatile int failFirst;

    @Override
    public String id() {
      return "echo";
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
      int n = calls.incrementAndGet();
      if (n <= failFirst) {
        throw new ModelException(ModelException.Kind.SERVER_ERROR, "boom " + n, null, null);
      }
      String last = request.messages().get(request.messages().size() - 1).text();
      return new ModelResponse(
          "resp-" + n, request.model(), Message.assistant("echo " + last), stop, new Usage(100, 20, 5, 0, 0));
    }
  }

  private static ModelRequest ask(String text) {
    return ModelRequest.builder("judge-model")
        .system("judge")
        .message(Message.user(text))
        .metadata(ModelHints.PROMPT_CACHE_KEY, "run-1")
        .build();
  }

  private static ModelProvider through(ResponseCache cache, ModelProvider provider) {
    return ModelPipeline.builder(provider).interceptor(cache).build();
  }

  @Test
  void anIdenticalRequestIsAnsweredFromTheCacheAtNoCostAndMarkedAsAHit() throws Exception {
    Echo echo = new Echo();
    ResponseCache cache = ResponseCache.inMemory();
    ModelProvider model = through(cache, echo);

    ModelResponse first = model.complete(ask("is it good?"));
    ModelResponse second = model.complete(ask("is it good?"));

    assertThat(echo.calls).hasValue(1);
    assertThat(first.usage()).isEqualTo(new Usage(100, 20, 5, 0, 0));
    assertThat(ResponseCache.isHit(first)).isFalse();
    assertThat(second.message()).isEqualTo(first.message());
    assertThat(second.stopReason()).isEqualTo(first.stopReason());
    assertThat(second.usage()).isEqualTo(Usage.ZERO);
    assertThat(second.id()).isEqualTo(ResponseCache.HIT_ID_PREFIX + "resp-1");
    assertThat(ResponseCache.isHit(second)).isTrue();
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
    // what the answer cost when it was made stays known
    assertThat(cache.lookup(ask("is it good?"))).get().isEqualTo(first);
  }

  @Test
  void anyDifferenceButThePromptCacheHintsIsAMiss() throws Exception {
    Echo echo = new Echo();
    ResponseCache cache = ResponseCache.inMemory();
    ModelProvider model = through(cache, echo);
    model.complete(ask("q"));

    model.complete(ask("q ")); // the text
    model.complete(ask("q").toBuilder().maxOutputTokens(7).build()); // a limit
    ModelRequest other = ModelRequest.builder("strong-model").system("judge").message(Message.user("q")).build();
    model.complete(other); // the model
    model.complete(ask("q").toBuilder().metadata(ModelHints.REASONING_EFFORT, "high").build());
    assertThat(echo.calls).hasValue(5);

    ModelResponse sameButHints =
        model.complete(
            ask("q").toBuilder()
                .metadata(ModelHints.PROMPT_CACHE_KEY, "run-2")
                .metadata(ModelHints.PROMPT_CACHING, "off")
                .build());
    assertThat(echo.calls).hasValue(5);
    assertThat(ResponseCache.isHit(sameButHints)).isTrue();
    assertThat(cache.key(ask("q"))).matches("[0-9a-f]{64}").isNotEqualTo(cache.key(other));
  }

  @Test
  void theIgnoredMetadataCanBeChanged() throws Exception {
    Echo echo = new Echo();
    ResponseCache cache = ResponseCache.builder().ignoreMetadata(Set.of()).build();
    ModelProvider model = through(cache, echo);

    model.complete(ask("q"));
    model.complete(ask("q").toBuilder().metadata(ModelHints.PROMPT_CACHE_KEY, "run-2").build());

    assertThat(echo.calls).hasValue(2);
  }

  @Test
  void failuresAndRefusalsAreNotStored() throws Exception {
    Echo echo = new Echo();
    echo.failFirst = 1;
    ResponseCache cache = ResponseCache.inMemory();
    ModelProvider model = through(cache, echo);

    assertThatThrownBy(() -> model.complete(ask("q"))).isInstanceOf(ModelException.class);
    ModelResponse answered = model.complete(ask("q"));
    assertThat(ResponseCache.isHit(answered)).isFalse();
    assertThat(echo.calls).hasValue(2);

    echo.stop = StopReason.REFUSAL;
    model.complete(ask("refused"));
    ModelResponse again = model.complete(ask("refused"));
    assertThat(ResponseCache.isHit(again)).isFalse();
    assertThat(echo.calls).hasValue(4);
    assertThat(cache.lookup(ask("refused"))).isEmpty();
  }

  @Test
  void aDirectoryCacheSurvivesANewInstanceAndLeavesOneFilePerKey() throws Exception {
    Path store = dir.resolve("cache");
    Echo echo = new Echo();
    ModelResponse first = through(ResponseCache.inDirectory(store), echo).complete(ask("q"));
    through(ResponseCache.inDirectory(store), echo).complete(ask("other"));

    ResponseCache reopened = ResponseCache.inDirectory(store);
    ModelResponse again = through(reopened, echo).complete(ask("q"));

    assertThat(echo.calls).hasValue(2);
    assertThat(ResponseCache.isHit(again)).isTrue();
    assertThat(again.message()).isEqualTo(first.message());
    assertThat(reopened.lookup(ask("q"))).get().isEqualTo(first);
    List<String> files;
    try (Stream<Path> s = Files.list(store)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(files)
        .containsExactlyInAnyOrder(
            reopened.key(ask("q")) + ".json", reopened.key(ask("other")) + ".json");
    String text = Files.readString(store.resolve(reopened.key(ask("q")) + ".json"), StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\"format\":1,\"key\":\"" + reopened.key(ask("q")) + "\",\"response\":{");
  }

  @Test
  void aBrokenFileIsAMissAndTheNextAnswerReplacesIt() throws Exception {
    Path store = dir.resolve("cache");
    ResponseCache cache = ResponseCache.inDirectory(store);
    Path file = store.resolve(cache.key(ask("q")) + ".json");
    Files.writeString(file, "{\"format\":1,\"key\":\"", StandardCharsets.UTF_8);
    Echo echo = new Echo();

    ModelResponse answered = through(cache, echo).complete(ask("q"));

    assertThat(ResponseCache.isHit(answered)).isFalse();
    assertThat(echo.calls).hasValue(1);
    assertThat(ResponseCache.inDirectory(store).lookup(ask("q"))).get().isEqualTo(answered);
  }

  @Test
  void concurrentIdenticalRequestsMakeOneProviderCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ModelProvider slow =
        new ModelProvider() {
          @Override
          public String id() {
            return "slow";
          }

          @Override
          public ModelResponse complete(ModelRequest request) throws InterruptedException {
            calls.incrementAndGet();
            entered.countDown();
            release.await();
            return new ModelResponse("only", request.model(), Message.assistant("verdict"), StopReason.END_TURN, Usage.of(50, 5));
          }
        };
    ResponseCache cache = ResponseCache.inDirectory(dir.resolve("cache"));
    ModelProvider model = through(cache, slow);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ModelResponse>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> model.complete(ask("same"))));
      }
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      List<ModelResponse> got = new ArrayList<>();
      for (Future<ModelResponse> f : answers) {
        got.add(f.get(30, TimeUnit.SECONDS));
      }

      assertThat(calls).hasValue(1);
      assertThat(got).extracting(r -> r.message().text()).containsOnly("verdict");
      assertThat(got.stream().filter(r -> !ResponseCache.isHit(r))).singleElement()
          .satisfies(r -> assertThat(r.usage()).isEqualTo(Usage.of(50, 5)));
      assertThat(got.stream().filter(ResponseCache::isHit)).hasSize(threads - 1)
          .allSatisfy(r -> assertThat(r.usage()).isEqualTo(Usage.ZERO));
      assertThat(cache.hits()).isEqualTo(threads - 1);
      assertThat(cache.misses()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whenTheSharedCallFailsOnlyItsCallerSeesTheFailureAndTheOthersAskAgainOnce() throws Exception {
    Echo echo = new Echo();
    echo.failFirst = 1;
    ModelProvider model = through(ResponseCache.inMemory(), echo);
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ModelResponse>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> model.complete(ask("same"))));
      }
      int failed = 0;
      int answered = 0;
      for (Future<ModelResponse> f : answers) {
        try {
          assertThat(f.get(30, TimeUnit.SECONDS).message().text()).isEqualTo("echo same");
          answered++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ModelException.class);
          failed++;
        }
      }

      assertThat(failed).isEqualTo(1);
      assertThat(answered).isEqualTo(threads - 1);
      assertThat(echo.calls).hasValue(2);
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.darkfactory.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.StopReason;
import dev.darkfactory.api.model.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed cache of model answers: an identical request gets the stored answer without
 * calling the provider. For model judges that see the same change twice, and for replaying
 * recorded sessions.
 *
 * <pre>{@code
 * ModelProvider judge =
 *     ModelPipeline.builder(provider)
 *         .interceptor(ResponseCache.inDirectory(state.resolve("response-cache"))) // first
 *         .interceptor(budgetInterceptor)
 *         .interceptor(RetryInterceptor.builder().build())
 *         .build();
 * }</pre>
 *
 * <h2>The key</h2>
 *
 * <p>The SHA-256 of the request's canonical JSON ({@link ModelJson#write(ModelRequest)}): the
 * model, the system prompt, every message and block, the tools, the output limit, the
 * temperature, the response schema and the metadata, but for the metadata keys that only steer the
 * vendor's prompt cache ({@link ModelHints#PROMPT_CACHE_KEY} and {@link ModelHints#PROMPT_CACHING}
 * by default, see {@link Builder#ignoreMetadata}), which do not change the answer. Strings count
 * exactly: tool arguments that differ only in whitespace are different requests. The provider's
 * id is not part of the key, so a recording made against one provider replays against another
 * that serves the same model name.
 *
 * <h2>A hit costs nothing</h2>
 *
 * <p>A hit is returned with {@link Usage#ZERO} and an id starting with {@link #HIT_ID_PREFIX}
 * (followed by the stored answer's id); {@link #isHit(ModelResponse)} tells. Nothing was spent
 * now, so budgets settle nothing and cost reports charge nothing for it; the tokens the answer
 * cost when it was first made stay in the store ({@link #lookup}). Register the cache before a
 * budget interceptor so a hit reserves nothing either.
 *
 * <h2>What is stored</h2>
 *
 * <p>Only answers: a call that throws is never stored, and neither is an answer the {@link
 * Builder#storeIf} predicate refuses (by default a {@link StopReason#REFUSAL}, which may be a
 * passing moderation decision). Sampling settings are part of the key but not honoured otherwise:
 * a request with a temperature above 0 gets the same stored answer every time, which is what a
 * replay wants.
 *
 * <p>In memory ({@link #inMemory()}) or in a directory ({@link #inDirectory(Path)}): one file per
 * key, {@code <key>.json} holding {@code {"format": 1, "key", "response"}}, written to a
 * temporary file and moved into place atomically, so a reader never sees half a file and a new
 * instance over the same directory finds every answer. A file that cannot be read or parsed is
 * logged and counted as a miss; the next answer replaces it. A failure to write is logged and the
 * answer still returned.
 *
 * <p>Thread-safe. Concurrent identical requests make one provider call: the first caller asks,
 * the others wait for its answer and get it as a hit; when that call fails, each waiter tries on
 * its own.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ResponseCache implements ModelInterceptor {

  /** The start of the id of every answer served from the cache. */
  public static final String HIT_ID_PREFIX = "response-cache:";

  private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
  private static final String KEY_PREFIX = "darkfactory.response-cache.v1\n";
  private static final int FORMAT = 1;

  private final Store store;
  private final Set<String> ignoredMetadata;
  private final Predicate<ModelResponse> storeIf;
  private final ConcurrentHashMap<String, CompletableFuture<ModelResponse>> inFlight =
      new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private ResponseCache(Builder b) {
    this.store = b.directory == null ? new MemoryStore() : new DirectoryStore(b.directory);
    this.ignoredMetadata = Set.copyOf(b.ignoredMetadata);
    this.storeIf = b.storeIf;
  }

  /**
   * A cache in memory, for the life of the instance, with the defaults.
   *
   * @return the cache
   */
  public static ResponseCache inMemory() {
    return builder().build();
  }

  /**
   * A cache in {@code directory}, created when missing, with the defaults.
   *
   * @param directory where the answers are kept, one file per key
   * @return the cache
   * @throws java.io.UncheckedIOException when the directory cannot be created
   */
  public static ResponseCache inDirectory(Path directory) {
    return builder().directory(directory).build();
  }

  /**
   * A builder: in memory, ignoring the prompt-cache hints, storing every answer but refusals.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether an answer was served from a response cache.
   *
   * @param response an answer
   * @return whether its id starts with {@link #HIT_ID_PREFIX}
   */
  public static boolean isHit(ModelResponse response) {
    return Require.nonNull(response, "response").id().startsWith(HIT_ID_PREFIX);
  }

  /**
   * The key a request is stored under: the lowercase hex SHA-256 of its canonical JSON, without
   * the ignored metadata keys.
   *
   * @param request the request
   * @return 64 hex digits
   */
  public String key(ModelRequest request) {
    Require.nonNull(request, "request");
    ModelRequest keyed = request;
    if (request.metadata().keySet().stream().anyMatch(ignoredMetadata::contains)) {
      Map<String, String> kept = new LinkedHashMap<>(request.metadata());
      kept.keySet().removeAll(ignoredMetadata);
      keyed =
          new ModelRequest(
              request.model(),
              request.system(),
              request.messages(),
              request.tools(),
              request.maxOutputTokens(),
              request.temperature(),
              kept,
              request.responseSchemaJson());
    }
    byte[] text = (KEY_PREFIX + ModelJson.write(keyed)).getBytes(StandardCharsets.US_ASCII);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * The stored answer to a request, as it was first made (with the usage it cost then), without
   * counting a hit or a miss.
   *
   * @param request the request
   * @return the stored answer, if any
   */
  public Optional<ModelResponse> lookup(ModelRequest request) {
    return Optional.ofNullable(store.get(key(request)));
  }

  /**
   * How many calls were answered from the cache, a wait for an identical call in flight included.
   *
   * @return the count since this instance was made
   */
  public long hits() {
    return hits.get();
  }

  /**
   * How many calls went on to the provider.
   *
   * @return the count since this instance was made
   */
  public long misses() {
    return misses.get();
  }

  /**
   * Answers from the cache, or passes the call on and stores the answer.
   *
   * @throws ModelException when the call passed on fails
   * @throws InterruptedException when interrupted, waiting included
   */
  @Override
  public ModelResponse intercept(ModelRequest request, Chain chain)
      throws ModelException, InterruptedException {
    Require.nonNull(request, "request");
    Require.nonNull(chain, "chain");
    String key = key(request);
    while (true) {
      ModelResponse stored = store.get(key);
      if (stored != null) {
        hits.incrementAndGet();
        return hit(stored);
      }
      CompletableFuture<ModelResponse> mine = new CompletableFuture<>();
      CompletableFuture<ModelResponse> other = inFlight.putIfAbsent(key, mine);
      if (other == null) {
        try {
          return lead(key, request, chain, mine);
        } finally {
          inFlight.remove(key, mine);
        }
      }
      try {
        ModelResponse answer = other.get();
        if (storeIf.test(answer)) {
          hits.incrementAndGet();
          return hit(answer);
        }
      } catch (ExecutionException e) {
        LOG.debug("the identical call this one waited for failed; asking on its own", e.getCause());
      }
    }
  }

  private ModelResponse lead(
      String key, ModelRequest request, Chain chain, CompletableFuture<ModelResponse> mine)
      throws ModelException, InterruptedException {
    ModelResponse stored = store.get(key); // a leader may have finished since the first look
    if (stored != null) {
      mine.complete(stored);
      hits.incrementAndGet();
      return hit(stored);
    }
    misses.incrementAndGet();
    ModelResponse answer;
    try {
      answer = chain.proceed(request);
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    }
    if (storeIf.test(answer)) {
      try {
        store.put(key, answer);
      } catch (RuntimeException e) {
        LOG.warn("cannot store the answer under {}; returned uncached", key, e);
      }
    }
    mine.complete(answer);
    return answer;
  }

  private static ModelResponse hit(ModelResponse stored) {
    return new ModelResponse(
        HIT_ID_PREFIX + stored.id(),
        stored.model(),
        stored.message(),
        stored.stopReason(),
        Usage.ZERO);
  }

  /** Where answers are kept. */
  private interface Store {
    @Nullable ModelResponse get(String key);

    void put(String key, ModelResponse response);
  }

  private static final class MemoryStore implements Store {
    private final ConcurrentHashMap<String, ModelResponse> answers = new ConcurrentHashMap<>();

    @Override
    public @Nullable ModelResponse get(String key) {
      return answers.get(key);
    }

    @Override
    public void put(String key, ModelResponse response) {
      answers.put(key, response);
    }
  }

  private static final class DirectoryStore implements Store {
    private final Path directory;

    DirectoryStore(Path directory) {
      try {
        this.directory = Files.createDirectories(directory);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(
            "cannot create the response cache directory " + directory, e);
      }
    }

    private Path file(String key) {
      return directory.resolve(key + ".json");
    }

    @Override
    public @Nullable ModelResponse get(String key) {
      Path file = file(key);
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        LOG.warn("cannot read the cached answer {}; counted as a miss", file, e);
        return null;
      }
      try {
        JsonNode tree = ModelJson.parse(text);
        JsonNode format = tree.get("format");
        JsonNode stored = tree.get("key");
        if (format == null || format.asInt() != FORMAT) {
          throw new ModelJsonException("$.format", "expected " + FORMAT, null);
        }
        if (stored == null || !key.equals(stored.asText())) {
          throw new ModelJsonException("$.key", "expected " + key, null);
        }
        return ModelJson.readResponse(tree.get("response"));
      } catch (ModelJsonException e) {
        LOG.warn("the cached answer {} is broken ({}); counted as a miss", file, e.getMessage());
        return null;
      }
    }

    @Override
    public void put(String key, ModelResponse response) {
      ObjectNode entry = JsonNodeFactory.instance.objectNode();
      entry.put("format", FORMAT);
      entry.put("key", key);
      entry.set("response", ModelJson.toTree(response));
      byte[] bytes = ModelJson.canonical(entry).getBytes(StandardCharsets.US_ASCII);
      Path target = file(key);
      Path temporary = null;
      try {
        temporary = Files.createTempFile(directory, key + ".", ".tmp");
        Files.write(temporary, bytes);
        try {
          Files.move(
              temporary,
              target,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        temporary = null;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + target, e);
      } finally {
        if (temporary != null) {
          try {
            Files.deleteIfExists(temporary);
          } catch (IOException e) {
            LOG.debug("cannot delete {}", temporary, e);
          }
        }
      }
    }
  }

  /**
   * Builds a {@link ResponseCache}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private @Nullable Path directory;
    private final Set<String> ignoredMetadata =
        new LinkedHashSet<>(List.of(ModelHints.PROMPT_CACHE_KEY, ModelHints.PROMPT_CACHING));
    private Predicate<ModelResponse> storeIf = r -> r.stopReason() != StopReason.REFUSAL;

    private Builder() {}

    /**
     * Keeps the answers in {@code directory}, one file per key; default in memory.
     *
     * @param directory the directory, created when missing
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Require.nonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the metadata keys left out of the key, replacing the default ({@link
     * ModelHints#PROMPT_CACHE_KEY} and {@link ModelHints#PROMPT_CACHING}).
     *
     * @param keys the metadata keys that do not change the answer
     * @return this builder
     */
    public Builder ignoreMetadata(Set<String> keys) {
      Set<String> copy = Set.copyOf(Require.copyOf(keys, "keys"));
      ignoredMetadata.clear();
      ignoredMetadata.addAll(copy);
      return this;
    }

    /**
     * Sets which answers are stored; default every one but a {@link StopReason#REFUSAL}.
     *
     * @param predicate true for an answer to store
     * @return this builder
     */
    public Builder storeIf(Predicate<ModelResponse> predicate) {
      this.storeIf = Require.nonNull(predicate, "predicate");
      return this;
    }

    /**
     * The cache.
     *
     * @return the cache
     * @throws java.io.UncheckedIOException when the directory cannot be created
     */
    public ResponseCache build() {
      return new ResponseCache(this);
    }
  }
}

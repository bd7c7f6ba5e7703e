package dev.darkfactory.samples.quickstart;

import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.core.model.ModelHints;
import dev.darkfactory.testkit.model.Cassette;
import dev.darkfactory.testkit.model.RecordingModelProvider;
import dev.darkfactory.testkit.model.ReplayingModelProvider;
import dev.darkfactory.testkit.model.RequestNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The coding agent's model in the quickstart: one cassette per spec and attempt, {@code
 * <dir>/<spec>/attempt-<n>.json}, replayed or recorded.
 *
 * <p>The default agent ({@code ToolLoopAgent}) marks every request of an attempt with the prompt
 * cache key {@code darkfactory/<spec>/<attempt>}; this provider uses it to pick the attempt's
 * cassette, so one agent serves every attempt and each attempt's conversation is its own file.
 *
 * <p>The agent's first message holds things that differ between machines and runs: the platform,
 * the workspace's absolute path, the base commit (it depends on when the target repository was
 * made), the date; and each command's result says how long it took. {@link #NORMALIZER} replaces
 * exactly those, both when recording (so the cassettes hold no host path and do not change when
 * recorded again) and when replaying (on both sides). Everything else must match exactly.
 */
final class SessionCassettes implements ModelProvider {

  /** The volatile parts of the default agent's requests, replaced explicitly. */
  static final RequestNormalizer NORMALIZER =
      RequestNormalizer.replacing("(?m)^- Platform: .*$", "- Platform: <platform>")
          .andThen(RequestNormalizer.replacing("(?m)^- Workspace root: .*$", "- Workspace root: <workspace>"))
          .andThen(RequestNormalizer.replacing("started from commit [0-9a-f]{40}", "started from commit <base>"))
          .andThen(RequestNormalizer.replacing("(?m)^- Date: \\d{4}-\\d{2}-\\d{2}$", "- Date: <date>"))
          .andThen(
              RequestNormalizer.replacing(
                  "exit code: (-?\\d+) \\(\\d+\\.\\d s\\)", "exit code: $1 (<elapsed> s)"));

  private static final Pattern KEY = Pattern.compile("darkfactory/(.+)/(\\d+)");
  private static final Pattern FILE = Pattern.compile("attempt-(\\d+)\\.json");

  private final Path directory;
  private final String id;
  private final BiFunction<String, Integer, ModelProvider> open;
  private final Map<Path, ModelProvider> opened = new LinkedHashMap<>();
  private final boolean replaying;

  private SessionCassettes(
      Path directory, String id, boolean replaying, BiFunction<String, Integer, ModelProvider> open) {
    this.directory = directory;
    this.id = id;
    this.replaying = replaying;
    this.open = open;
  }

  /** Replays the cassettes under {@code directory}. */
  static SessionCassettes replay(Path directory) {
    Path dir = directory.toAbsolutePath();
    return new SessionCassettes(
        dir,
        "recorded-session",
        true,
        (spec, attempt) -> {
          Path file = file(dir, spec, attempt);
          if (!Files.exists(file)) {
            throw new AssertionError(
                "the recorded session has no cassette for spec " + spec + ", attempt " + attempt + " (" + file
                    + " does not exist): the factory took a path the recording did not; record the session again");
          }
          return ReplayingModelProvider.builder(Cassette.read(file)).normalizer(NORMALIZER).build();
        });
  }

  /**
   * Records every attempt's conversation with the model {@code models} gives for it into {@code
   * directory}, normalized.
   */
  static SessionCassettes record(
      Path directory, String providerId, BiFunction<String, Integer, ModelProvider> models) {
    Path dir = directory.toAbsolutePath();
    return new SessionCassettes(
        dir,
        providerId,
        false,
        (spec, attempt) ->
            RecordingModelProvider.builder(models.apply(spec, attempt))
                .file(file(dir, spec, attempt))
                .normalizer(NORMALIZER)
                .build());
  }

  static Path file(Path directory, String spec, int attempt) {
    return directory.resolve(spec).resolve("attempt-" + attempt + ".json");
  }

  /** Every cassette under {@code directory}, sorted. */
  static List<Path> cassettes(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory, 2)) {
      return files
          .filter(p -> FILE.matcher(p.getFileName().toString()).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the recorded session in " + directory, e);
    }
  }

  /**
   * The model the session was recorded with: the one every cassette's requests name; the agent
   * must ask for the same, since the model is part of each request.
   */
  static String recordedModel(Path directory) {
    TreeSet<String> models = new TreeSet<>();
    for (Path file : cassettes(directory)) {
      for (Cassette.Interaction i : Cassette.read(file).interactions()) {
        models.add(i.request().model());
      }
    }
    if (models.size() != 1) {
      throw new IllegalStateException(
          models.isEmpty()
              ? "the recorded session in " + directory + " has no cassette; record it first"
              : "the recorded session in " + directory + " names several models " + models
                  + "; one session is recorded with one model");
    }
    return models.first();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ModelResponse complete(ModelRequest request) throws ModelException, InterruptedException {
    String key = request.metadata().get(ModelHints.PROMPT_CACHE_KEY);
    Matcher m = key == null ? null : KEY.matcher(key);
    if (m == null || !m.matches()) {
      throw new AssertionError(
          "a request without the default agent's prompt cache key (darkfactory/<spec>/<attempt>), so"
              + " the session cannot tell which attempt it belongs to; its metadata: " + request.metadata());
    }
    String spec = m.group(1);
    int attempt = Integer.parseInt(m.group(2));
    ModelProvider provider;
    synchronized (opened) {
      provider = opened.computeIfAbsent(file(directory, spec, attempt), f -> open.apply(spec, attempt));
    }
    return provider.complete(request);
  }

  /** How many model calls were answered from (or recorded into) the cassettes. */
  int calls() {
    synchronized (opened) {
      int n = 0;
      for (ModelProvider p : opened.values()) {
        n += p instanceof ReplayingModelProvider r ? r.played() : ((RecordingModelProvider) p).recorded();
      }
      return n;
    }
  }

  /** The cassettes used, relative to the directory. */
  List<String> used() {
    synchronized (opened) {
      return opened.keySet().stream().map(p -> directory.relativize(p).toString()).toList();
    }
  }

  /**
   * What was left unplayed: cassettes never opened and interactions never requested; empty when
   * the factory asked for exactly the recorded session. Only for a replay.
   */
  List<String> unplayed() {
    if (!replaying) {
      return List.of();
    }
    List<String> left = new ArrayList<>();
    synchronized (opened) {
      for (Path file : cassettes(directory)) {
        ModelProvider p = opened.get(file);
        if (p == null) {
          left.add(directory.relativize(file) + " was never played");
        } else {
          try {
            ((ReplayingModelProvider) p).assertAllPlayed();
          } catch (AssertionError e) {
            left.add(e.getMessage());
          }
        }
      }
    }
    return left;
  }

  Path directory() {
    return directory;
  }
}

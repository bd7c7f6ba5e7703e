package dev.darkfactory.evaluator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.store.JournalJson;
import dev.darkfactory.core.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results of earlier evaluations, by a content hash of everything that decides a verdict.
 *
 * <p>The key ({@link #key}) hashes the evaluator version, the base commit, the candidate's tree,
 * and the fingerprint of the scenarios and their holdout material; a candidate whose patch changed
 * in any byte has another tree and so another key, and a rebased candidate whose tree and base are
 * the same reuses its verdict. INVALID results are never stored: trying again may decide.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface EvaluationCache {

  /**
   * The cached report for {@code key}.
   *
   * @param key a key from {@link #key}
   * @return the report, or empty
   */
  Optional<EvaluationReport> get(String key);

  /**
   * Stores a report under {@code key}.
   *
   * @param key a key from {@link #key}
   * @param report the report
   */
  void put(String key, EvaluationReport report);

  /**
   * The key of an evaluation: a SHA-256 over its parts, each length-prefixed so no two part lists
   * collide.
   *
   * @param parts what decides the verdict, in a fixed order
   * @return 64 hex digits
   */
  static String key(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = Require.nonNull(part, "key part").getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * A cache of one JSON file per key in {@code directory}, written atomically, safe to share
   * between threads and processes. A file that cannot be read is treated as a miss and logged.
   *
   * @param directory where the files go; created on first write
   * @return the cache
   */
  static EvaluationCache inDirectory(Path directory) {
    Path dir = Require.nonNull(directory, "directory").toAbsolutePath();
    Pattern hex = Pattern.compile("[0-9a-f]{64}");
    Logger log = LoggerFactory.getLogger(EvaluationCache.class);
    return new EvaluationCache() {
      @Override
      public Optional<EvaluationReport> get(String key) {
        Require.matches(key, hex, "key", "64 lowercase hex digits");
        Path file = dir.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
          return Optional.empty();
        }
        try {
          return Optional.of(JournalJson.reportFromJson(Files.readString(file)));
        } catch (IOException | StoreException e) {
          log.warn("evaluation cache entry {} cannot be read; evaluating again: {}", file, e.getMessage());
          return Optional.empty();
        }
      }

      @Override
      public void put(String key, EvaluationReport report) {
        Require.matches(key, hex, "key", "64 lowercase hex digits");
        try {
          Files.createDirectories(dir);
          Path tmp = Files.createTempFile(dir, key, ".tmp");
          Files.writeString(tmp, JournalJson.toJson(report));
          try {
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write evaluation cache entry in " + dir, e);
        }
      }

      @Override
      public String toString() {
        return "EvaluationCache.inDirectory(" + dir + ")";
      }
    };
  }
}

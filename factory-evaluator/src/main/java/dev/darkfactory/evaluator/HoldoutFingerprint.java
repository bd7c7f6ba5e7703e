package dev.darkfactory.evaluator;

import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.TestSuiteCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A content hash of what the holdout evaluator grades against: the spec, every scenario as
 * written, the bytes of every file of holdout material, and which scenarios are quarantined. Two
 * evaluations with equal fingerprints, bases and candidate trees reach the same verdict.
 */
final class HoldoutFingerprint {

  private HoldoutFingerprint() {}

  static String of(Spec spec, List<Scenario> scenarios, Collection<ScenarioId> quarantined) {
    List<String> parts = new ArrayList<>();
    parts.add(spec.toString());
    for (Scenario s : scenarios) {
      parts.add(s.toString());
      if (s.check() instanceof TestSuiteCheck suite) {
        @Nullable Path dir =
            s.sourceLocation().map(l -> Path.of(l.source()).toAbsolutePath().getParent()).orElse(null);
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(suite.files()).entrySet()) {
          parts.add(f.getKey());
          parts.add(material(dir, f.getValue()));
        }
      }
    }
    TreeSet<String> q = new TreeSet<>();
    quarantined.forEach(id -> q.add(id.value()));
    parts.add(q.toString());
    return EvaluationCache.key(parts.toArray(String[]::new));
  }

  private static String material(@Nullable Path dir, String source) {
    if (dir == null) {
      return "no directory";
    }
    try {
      return HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(dir.resolve(source))));
    } catch (IOException e) {
      return "unreadable: " + e.getClass().getSimpleName();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

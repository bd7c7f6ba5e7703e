package dev.darkfactory.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.model.ContentBlock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/**
 * Finds repeated patterns in an attempt's tool calls (see {@link LoopDetection}). Not
 * thread-safe: one per attempt.
 */
final class LoopDetector {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the detector says after a round. */
  sealed interface Verdict {}

  /** Nothing to report. */
  record Fine() implements Verdict {}

  /** A pattern repeated; the model should be warned. */
  record Warn(String pattern, int repetitions) implements Verdict {}

  /** The pattern went on after the warning. */
  record Abort(String pattern) implements Verdict {}

  /** A call's identity for loop detection, and how to show it. */
  record Signature(String key, String display) {}

  private final int repetitions;
  private final int maxLength;
  private final List<Signature> calls = new ArrayList<>();
  private int warnedAt = -1;
  private int warnedLength;

  LoopDetector(LoopDetection settings) {
    this.repetitions = settings.repetitions();
    this.maxLength = settings.maxPatternLength();
  }

  /** Adds a round's calls, in order, and says whether they loop. */
  Verdict add(List<Signature> round) {
    if (repetitions == 0) {
      return new Fine();
    }
    calls.addAll(round);
    if (warnedAt >= 0) {
      int after = calls.size() - warnedAt;
      int checked = Math.min(after, warnedLength);
      boolean continues = true;
      for (int i = warnedAt; i < warnedAt + checked; i++) {
        continues &= calls.get(i).key().equals(calls.get(i - warnedLength).key());
      }
      if (continues && after >= warnedLength) {
        return new Abort(describe(warnedAt - warnedLength, warnedLength));
      }
      if (continues) {
        return new Fine();
      }
      warnedAt = -1;
    }
    for (int length = 1; length <= maxLength; length++) {
      int span = length * repetitions;
      if (calls.size() < span) {
        break;
      }
      boolean periodic = true;
      for (int i = calls.size() - span + length; i < calls.size() && periodic; i++) {
        periodic = calls.get(i).key().equals(calls.get(i - length).key());
      }
      if (periodic) {
        warnedAt = calls.size();
        warnedLength = length;
        return new Warn(describe(calls.size() - length, length), repetitions);
      }
    }
    return new Fine();
  }

  private String describe(int from, int length) {
    List<String> shown = new ArrayList<>();
    for (int i = from; i < from + length; i++) {
      shown.add(calls.get(i).display());
    }
    return String.join(", then ", shown);
  }

  /** The signature of a call: its name and a hash of its arguments as canonical JSON. */
  static Signature signature(ContentBlock.ToolCall call) {
    String canonical;
    try {
      JsonNode parsed = JSON.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
      canonical = parsed == null ? call.argumentsJson() : JSON.writeValueAsString(canonical(parsed));
    } catch (Exception e) {
      canonical = call.argumentsJson();
    }
    String display =
        call.name()
            + " "
            + (canonical.length() <= 120 ? canonical : canonical.substring(0, 120) + "...");
    return new Signature(call.name() + ":" + sha256(canonical), display);
  }

  private static Object canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> sorted = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) node).fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        sorted.put(f.getKey(), canonical(f.getValue()));
      }
      return sorted;
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      node.forEach(n -> items.add(canonical(n)));
      return items;
    }
    return node;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

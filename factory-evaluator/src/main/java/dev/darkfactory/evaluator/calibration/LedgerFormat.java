package dev.darkfactory.evaluator.calibration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.workspace.Candidate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.TreeSet;

/**
 * What both ledgers share, so they behave alike: the key a candidate is recorded under, the
 * messages of refused writes, and the JSON-lines export format described on {@link
 * SqliteAlignmentLedger}.
 */
final class LedgerFormat {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerFormat() {}

  /** A candidate's identity in the ledger: the base is not part of it. */
  record Key(String specId, int attempt, String branch, String commit) {
    static Key of(Candidate candidate) {
      return new Key(
          candidate.specId().value(),
          candidate.attempt(),
          candidate.branch(),
          candidate.commit().hex());
    }
  }

  /** Names a candidate in messages. */
  static String describe(Candidate candidate) {
    return "candidate of spec '"
        + candidate.specId().value()
        + "', attempt "
        + candidate.attempt()
        + ", branch '"
        + candidate.branch()
        + "', commit "
        + candidate.commit().hex();
  }

  /** Refuses a decision given with reviews. */
  static void checkNoReviews(LedgerRecord decision) {
    if (!decision.reviews().isEmpty()) {
      throw new IllegalArgumentException(
          "cannot record the decision on the "
              + describe(decision.candidate())
              + " with "
              + decision.reviews().size()
              + " reviews: record reviews later, with recordReview");
    }
  }

  static IllegalArgumentException alreadyRecorded(Candidate candidate, Object where) {
    return new IllegalArgumentException(
        "the "
            + describe(candidate)
            + " is already recorded in "
            + where
            + "; the ledger is append-only and keeps the first decision");
  }

  static IllegalArgumentException neverRecorded(Candidate candidate, Object where) {
    return new IllegalArgumentException(
        "cannot review the "
            + describe(candidate)
            + ": no decision on it is recorded in "
            + where);
  }

  /** The export line of one record. */
  static ObjectNode line(LedgerRecord record) {
    ObjectNode line = JSON.createObjectNode();
    Candidate c = record.candidate();
    line.putObject("candidate")
        .put("specId", c.specId().value())
        .put("attempt", c.attempt())
        .put("branch", c.branch())
        .put("commit", c.commit().hex())
        .put("base", c.base().hex());
    line.put("repository", record.repository());
    ArrayNode labels = line.putArray("labels");
    new TreeSet<>(record.labels()).forEach(labels::add);
    CalibrationConfiguration configuration = record.configuration();
    line.putObject("configuration")
        .put("codingModel", configuration.codingModel())
        .put("codingModelVersion", configuration.codingModelVersion())
        .put("evaluatorVersion", configuration.evaluatorVersion())
        .put("policyVersion", configuration.policyVersion())
        .put("id", configuration.id());
    line.put("evaluatorVerdict", record.evaluatorVerdict().name());
    line.put("satisfaction", record.satisfaction());
    line.put("policyAction", record.policyAction().name());
    line.put("decidedAt", record.decidedAt().toString());
    ArrayNode reviews = line.putArray("reviews");
    for (Review review : record.reviews()) {
      reviews
          .addObject()
          .put("verdict", review.verdict().name())
          .put("reviewer", review.reviewer())
          .put("reason", review.reason())
          .put("at", review.at().toString());
    }
    return line;
  }

  /** Writes {@code records} as JSON lines. */
  static void export(List<LedgerRecord> records, Writer out) throws IOException {
    for (LedgerRecord record : records) {
      out.write(JSON.writeValueAsString(line(record)));
      out.write('\n');
    }
  }

  /** Labels as a JSON array, sorted. */
  static String labelsJson(LedgerRecord record) {
    ArrayNode labels = JSON.createArrayNode();
    new TreeSet<>(record.labels()).forEach(labels::add);
    try {
      return JSON.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Labels back from {@link #labelsJson}. */
  static List<String> labels(String json) throws JsonProcessingException {
    return List.of(JSON.readValue(json, String[].class));
  }
}

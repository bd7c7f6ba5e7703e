package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.Candidate;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * An {@link AlignmentLedger} held in memory, for tests and simulations: it behaves exactly as
 * {@link SqliteAlignmentLedger} does (same keys, same refusals, same export format) but forgets
 * everything when dropped. Safe to use from several threads: every method holds the ledger's
 * lock.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class InMemoryAlignmentLedger implements AlignmentLedger {

  private final Map<LedgerFormat.Key, LedgerRecord> records = new LinkedHashMap<>();

  /** Creates an empty ledger. */
  public InMemoryAlignmentLedger() {}

  @Override
  public synchronized void recordDecision(LedgerRecord decision) {
    Require.nonNull(decision, "decision");
    LedgerFormat.checkNoReviews(decision);
    LedgerFormat.Key key = LedgerFormat.Key.of(decision.candidate());
    if (records.containsKey(key)) {
      throw LedgerFormat.alreadyRecorded(decision.candidate(), this);
    }
    records.put(key, decision);
  }

  /**
   * Records several decisions at once: all of them, or, when one is refused, none.
   *
   * @param decisions the decisions, in order
   * @throws IllegalArgumentException when a candidate is already recorded or given twice, or a
   *     decision has reviews
   */
  public synchronized void recordDecisions(List<LedgerRecord> decisions) {
    List<LedgerRecord> all = Require.copyOf(decisions, "decisions");
    Map<LedgerFormat.Key, LedgerRecord> added = new LinkedHashMap<>();
    for (LedgerRecord decision : all) {
      LedgerFormat.checkNoReviews(decision);
      LedgerFormat.Key key = LedgerFormat.Key.of(decision.candidate());
      if (records.containsKey(key) || added.containsKey(key)) {
        throw LedgerFormat.alreadyRecorded(decision.candidate(), this);
      }
      added.put(key, decision);
    }
    records.putAll(added);
  }

  @Override
  public synchronized void recordReview(Candidate candidate, Review review) {
    Require.nonNull(candidate, "candidate");
    Require.nonNull(review, "review");
    LedgerFormat.Key key = LedgerFormat.Key.of(candidate);
    LedgerRecord record = records.get(key);
    if (record == null) {
      throw LedgerFormat.neverRecorded(candidate, this);
    }
    records.put(key, record.withReview(review));
  }

  @Override
  public synchronized List<LedgerRecord> records(LedgerFilter filter) {
    Require.nonNull(filter, "filter");
    List<LedgerRecord> matching = new ArrayList<>();
    for (LedgerRecord record : records.values()) {
      if (filter.matches(record)) {
        matching.add(record);
      }
    }
    return List.copyOf(matching);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The format is the one {@link SqliteAlignmentLedger} writes.
   */
  @Override
  public void exportJsonLines(Writer out) throws IOException {
    Require.nonNull(out, "out");
    LedgerFormat.export(records(LedgerFilter.ALL), out);
  }

  @Override
  public String toString() {
    return "the in-memory alignment ledger";
  }
}

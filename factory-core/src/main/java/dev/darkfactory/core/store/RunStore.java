package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.spec.SpecId;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The factory's durable memory: runs and the journal of every step, so a factory that dies
 * resumes where it stopped and every candidate, decision and token is accounted for.
 *
 * <p>The contract an implementation keeps:
 *
 * <ul>
 *   <li>{@link #append} returns only once the entry is durable (it survives a crash of the
 *       process and of the machine right after the call returns).
 *   <li>Entries are never changed or removed; sequences increase in append order, across every
 *       process sharing the store.
 *   <li>Several factories (threads or processes) may share one store.
 * </ul>
 *
 * <p>{@link SqliteRunStore} is the embedded default; a server database can replace it by
 * implementing this interface.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface RunStore extends AutoCloseable {

  /**
   * Records that a run began.
   *
   * @param runId the run's id, unique
   * @param owner the factory that runs it
   * @param at when
   * @throws StoreException when it cannot be recorded
   */
  void runStarted(String runId, String owner, Instant at);

  /**
   * Records that a run ended.
   *
   * @param runId the run's id
   * @param at when
   * @param specsFinished how many specs reached a terminal state in it
   * @throws StoreException when it cannot be recorded, or the run is unknown
   */
  void runFinished(String runId, Instant at, int specsFinished);

  /**
   * Appends an entry durably.
   *
   * @param entry the entry; its sequence is ignored
   * @return the entry as stored, with its sequence
   * @throws StoreException when it cannot be stored
   */
  JournalEntry append(JournalEntry entry);

  /**
   * Appends entries durably, in order. The default appends them one by one; {@link
   * SqliteRunStore} does it in one transaction, so after a crash either all are there or none.
   *
   * @param entries the entries, in order; their sequences are ignored
   * @return the entries as stored, with their sequences
   * @throws StoreException when they cannot be stored
   */
  default List<JournalEntry> appendAll(List<JournalEntry> entries) {
    List<JournalEntry> stored = new java.util.ArrayList<>(entries.size());
    for (JournalEntry e : entries) {
      stored.add(append(e));
    }
    return stored;
  }

  /**
   * The history of one spec's content across every run, oldest first.
   *
   * @param specId the spec
   * @param fingerprint its content fingerprint
   * @return the entries
   */
  List<JournalEntry> history(SpecId specId, String fingerprint);

  /**
   * The last entry of every journal (one per spec and fingerprint) whose step is of one of the
   * given kinds, oldest first, for queries such as "which specs are held for a human". {@code
   * CLAIMED} entries are never counted as last: a claim is journaled with the step after it.
   *
   * @param kinds the kinds of last step to return
   * @return the matching last entries
   */
  List<JournalEntry> lastEntries(java.util.Set<Step.Kind> kinds);

  /**
   * The entries one run wrote, oldest first.
   *
   * @param runId the run
   * @return the entries
   */
  List<JournalEntry> entries(String runId);

  /**
   * Passes the entries one run wrote to {@code action}, oldest first, without holding them all in
   * memory where the store can avoid it. The default reads {@link #entries(String)}.
   *
   * @param runId the run
   * @param action what to do with each entry
   */
  default void forEachEntry(String runId, java.util.function.Consumer<JournalEntry> action) {
    entries(runId).forEach(action);
  }

  /**
   * A run's summary.
   *
   * @param runId the run
   * @return the run, or empty when unknown
   */
  Optional<RunRecord> run(String runId);

  /**
   * Writes every run and every journal entry as JSON lines, runs first, entries in sequence
   * order; the format is documented in {@code docs/store.md}.
   *
   * @param out where to write
   * @throws IOException when writing fails
   */
  void exportJsonLines(Writer out) throws IOException;

  /** Releases the store's resources. */
  @Override
  void close();
}

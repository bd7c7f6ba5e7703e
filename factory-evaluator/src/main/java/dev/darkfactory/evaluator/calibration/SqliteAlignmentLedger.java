package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.store.SqliteConnection;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.StoreException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link AlignmentLedger}: tables in an SQLite database file, which may be the run
 * store's own {@code factory.db} ({@link SqliteRunStore#database()}) or a file of its own.
 *
 * <h2>Storage</h2>
 *
 * <p>The ledger keeps three tables, created when missing, next to whatever else the file holds:
 * {@code ledger_decisions} (one row per decided candidate, keyed by spec id, attempt, branch and
 * commit; the labels as a sorted JSON array), {@code ledger_reviews} (one row per review, in the
 * order recorded, pointing at its decision) and {@code ledger_meta} (the ledger's schema version).
 * Triggers refuse every {@code UPDATE} and {@code DELETE} on the first two: the ledger is
 * append-only, in the database too. The connection is set up as the run store's: write-ahead log,
 * {@code synchronous=FULL} (a recorded decision or review survives a crash once the call returns),
 * a busy timeout of {@value SqliteRunStore#BUSY_TIMEOUT_MILLIS} ms for other writers of the file,
 * and every write one {@code BEGIN IMMEDIATE} transaction.
 *
 * <p>The file must be new, a run store, or a ledger: a file that is not an SQLite database, an
 * SQLite database of another program, or a ledger written by a newer version is refused with a
 * {@link StoreException} naming it, and left as it was. Every other database error is also a
 * {@link StoreException} naming the operation and the file.
 *
 * <h2>Reading</h2>
 *
 * <p>{@link #records} applies the whole filter in SQL (the label through {@code json_each}) and
 * reads the matching decisions with one query and their reviews with a second, in one read
 * transaction, then joins them in memory; a review supersedes the ones recorded before it.
 *
 * <h2>Export format</h2>
 *
 * <p>{@link #exportJsonLines} writes one JSON object per record, one per line ({@code \n}), in
 * decision order:
 *
 * <pre>{@code
 * {"candidate":{"specId":"add-login","attempt":1,"branch":"factory/add-login/attempt-1",
 *               "commit":"<40 or 64 hex>","base":"<40 or 64 hex>"},
 *  "repository":"acme/shop",
 *  "labels":["auth","web"],
 *  "configuration":{"codingModel":"...","codingModelVersion":"...","evaluatorVersion":"holdout/1",
 *                   "policyVersion":"...","id":"<16 hex>"},
 *  "evaluatorVerdict":"PASS",
 *  "satisfaction":0.93,
 *  "policyAction":"HOLD",
 *  "decidedAt":"2025-01-31T12:00:00Z",
 *  "reviews":[{"verdict":"APPROVE","reviewer":"ana","reason":"looks right",
 *              "at":"2025-02-01T09:30:00Z"}]}
 * }</pre>
 *
 * <p>(Shown over several lines here; each record is one line in the export.) Labels are sorted;
 * {@code evaluatorVerdict} is a {@link Verdict}, {@code policyAction} a {@link
 * MergeDecision.Action} and a review's {@code verdict} a {@link HumanVerdict}, each by name; times
 * are ISO-8601 instants in UTC; {@code reviews} lists every review, oldest first (the last one
 * counts) and is empty when nobody reviewed the candidate. {@link InMemoryAlignmentLedger} writes
 * the same format.
 *
 * <h2>Threads</h2>
 *
 * <p>An instance holds one connection, used by one thread at a time under a lock; it is safe to
 * share between threads. Several instances, here or in other processes, may open the same file:
 * SQLite's write lock serializes their writes.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SqliteAlignmentLedger implements AlignmentLedger, AutoCloseable {

  /** The ledger schema version this code writes and reads, kept in {@code ledger_meta}. */
  public static final int SCHEMA_VERSION = 1;


  private static final Logger LOG = LoggerFactory.getLogger(SqliteAlignmentLedger.class);

  private static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS ledger_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          ) STRICT""",
          """
          CREATE TABLE IF NOT EXISTS ledger_decisions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            spec_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            branch TEXT NOT NULL,
            commit_id TEXT NOT NULL,
            base TEXT NOT NULL,
            repository TEXT NOT NULL,
            labels TEXT NOT NULL CHECK (json_valid(labels)),
            coding_model TEXT NOT NULL,
            coding_model_version TEXT NOT NULL,
            evaluator_version TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            configuration_id TEXT NOT NULL,
            evaluator_verdict TEXT NOT NULL,
            satisfaction REAL NOT NULL,
            policy_action TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            decided_second INTEGER NOT NULL,
            decided_nano INTEGER NOT NULL,
            UNIQUE (spec_id, attempt, branch, commit_id)
          ) STRICT""",
          """
          CREATE TABLE IF NOT EXISTS ledger_reviews (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            decision INTEGER NOT NULL REFERENCES ledger_decisions (seq),
            verdict TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
          ) STRICT""",
          "CREATE INDEX IF NOT EXISTS ledger_reviews_by_decision ON ledger_reviews (decision, seq)",
          appendOnly("ledger_decisions", "UPDATE"),
          appendOnly("ledger_decisions", "DELETE"),
          appendOnly("ledger_reviews", "UPDATE"),
          appendOnly("ledger_reviews", "DELETE"));

  private static final String DECISION_COLUMNS =
      "d.seq, d.spec_id, d.attempt, d.branch, d.commit_id, d.base, d.repository, d.labels,"
          + " d.coding_model, d.coding_model_version, d.evaluator_version, d.policy_version,"
          + " d.evaluator_verdict, d.satisfaction, d.policy_action, d.decided_at";

  private final Path database;
  private final Connection connection;
  private final SqliteConnection db;

  private SqliteAlignmentLedger(Path database, Connection connection) {
    this.database = database;
    this.connection = connection;
    this.db = new SqliteConnection(database, connection, "alignment ledger");
  }

  /**
   * Opens the ledger in an SQLite database file, creating the file, its directory and the
   * ledger's tables when missing. The file may be the run store's.
   *
   * @param database the database file, such as {@link SqliteRunStore#database()}
   * @return the open ledger; close it when done
   * @throws StoreException when the file cannot be created or opened, is not an SQLite database,
   *     belongs to another program, or holds a ledger of a newer version; the file is then left
   *     as it was
   */
  public static SqliteAlignmentLedger open(Path database) {
    Require.nonNull(database, "database");
    Path file = database.toAbsolutePath().normalize();
    Path directory = file.getParent();
    try {
      if (directory != null) {
        Files.createDirectories(directory);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of the ledger " + file + ": " + e, e);
    }
    Connection connection = null;
    try {
      connection = connect(file);
      check(connection, file);
      configure(connection, file);
      migrate(connection, file);
      LOG.debug("opened alignment ledger {}", file);
      return new SqliteAlignmentLedger(file, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StoreException(
          "cannot open the alignment ledger " + file + ": " + describe(e, file), e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * An empty ledger in memory, for tests and simulations; see {@link InMemoryAlignmentLedger}.
   *
   * @return a new, empty, thread-safe ledger
   */
  public static AlignmentLedger inMemory() {
    return new InMemoryAlignmentLedger();
  }

  /**
   * The database file.
   *
   * @return its absolute path
   */
  public Path database() {
    return database;
  }

  @Override
  public void recordDecision(LedgerRecord decision) {
    Require.nonNull(decision, "decision");
    recordDecisions(List.of(decision));
  }

  /**
   * Records several decisions in one transaction: all of them, or, when one is refused, none.
   * Much faster than one {@link #recordDecision} each, which waits for the disk every time.
   *
   * @param decisions the decisions, in order
   * @throws IllegalArgumentException when a candidate is already recorded or given twice, or a
   *     decision has reviews
   */
  public void recordDecisions(List<LedgerRecord> decisions) {
    List<LedgerRecord> all = Require.copyOf(decisions, "decisions");
    all.forEach(LedgerFormat::checkNoReviews);
    String operation =
        all.size() == 1
            ? "record the decision on the " + LedgerFormat.describe(all.get(0).candidate())
            : "record " + all.size() + " decisions";
    write(
        operation,
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO ledger_decisions (spec_id, attempt, branch, commit_id, base,"
                      + " repository, labels, coding_model, coding_model_version,"
                      + " evaluator_version, policy_version, configuration_id, evaluator_verdict,"
                      + " satisfaction, policy_action, decided_at, decided_second, decided_nano)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            for (LedgerRecord decision : all) {
              Candidate c = decision.candidate();
              CalibrationConfiguration configuration = decision.configuration();
              insert.setString(1, c.specId().value());
              insert.setInt(2, c.attempt());
              insert.setString(3, c.branch());
              insert.setString(4, c.commit().hex());
              insert.setString(5, c.base().hex());
              insert.setString(6, decision.repository());
              insert.setString(7, LedgerFormat.labelsJson(decision));
              insert.setString(8, configuration.codingModel());
              insert.setString(9, configuration.codingModelVersion());
              insert.setString(10, configuration.evaluatorVersion());
              insert.setString(11, configuration.policyVersion());
              insert.setString(12, configuration.id());
              insert.setString(13, decision.evaluatorVerdict().name());
              insert.setDouble(14, decision.satisfaction());
              insert.setString(15, decision.policyAction().name());
              insert.setString(16, decision.decidedAt().toString());
              insert.setLong(17, decision.decidedAt().getEpochSecond());
              insert.setInt(18, decision.decidedAt().getNano());
              if (insert.executeUpdate() != 1) {
                // Already recorded (before, or earlier in this batch): the rollback undoes the
                // batch, so nothing changes.
                throw LedgerFormat.alreadyRecorded(c, this);
              }
            }
          }
          return null;
        });
  }

  @Override
  public void recordReview(Candidate candidate, Review review) {
    Require.nonNull(candidate, "candidate");
    Require.nonNull(review, "review");
    write(
        "record a review of the " + LedgerFormat.describe(candidate),
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO ledger_reviews (decision, verdict, reviewer, reason, at)"
                      + " SELECT seq, ?, ?, ?, ? FROM ledger_decisions"
                      + " WHERE spec_id = ? AND attempt = ? AND branch = ? AND commit_id = ?")) {
            insert.setString(1, review.verdict().name());
            insert.setString(2, review.reviewer());
            insert.setString(3, review.reason());
            insert.setString(4, review.at().toString());
            insert.setString(5, candidate.specId().value());
            insert.setInt(6, candidate.attempt());
            insert.setString(7, candidate.branch());
            insert.setString(8, candidate.commit().hex());
            if (insert.executeUpdate() != 1) {
              throw LedgerFormat.neverRecorded(candidate, this);
            }
          }
          return null;
        });
  }

  @Override
  public List<LedgerRecord> records(LedgerFilter filter) {
    Require.nonNull(filter, "filter");
    return read("read the records", () -> select(filter));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The format is described on this class. The records are read in one transaction, so the
   * export is one consistent snapshot.
   */
  @Override
  public void exportJsonLines(Writer out) throws IOException {
    Require.nonNull(out, "out");
    LedgerFormat.export(read("export the records", () -> select(LedgerFilter.ALL)), out);
  }

  /**
   * Closes the database connection; closing again does nothing. Every other method then throws
   * {@link IllegalStateException}.
   *
   * @throws StoreException when the connection cannot be closed cleanly
   */
  @Override
  public void close() {
    db.close();
  }


  @Override
  public String toString() {
    return "the alignment ledger " + database;
  }

  // ---------------------------------------------------------------- reading

  /** The filter as a WHERE clause on {@code d}, and its parameters. */
  private record Where(String sql, List<Object> parameters) {

    static Where of(LedgerFilter filter) {
      List<String> terms = new ArrayList<>();
      List<Object> parameters = new ArrayList<>();
      if (filter.label() != null) {
        terms.add("EXISTS (SELECT 1 FROM json_each(d.labels) l WHERE l.value = ?)");
        parameters.add(filter.label());
      }
      if (filter.repository() != null) {
        terms.add("d.repository = ?");
        parameters.add(filter.repository());
      }
      if (filter.from() != null) {
        terms.add("(d.decided_second, d.decided_nano) >= (?, ?)");
        parameters.add(filter.from().getEpochSecond());
        parameters.add(filter.from().getNano());
      }
      if (filter.until() != null) {
        terms.add("(d.decided_second, d.decided_nano) < (?, ?)");
        parameters.add(filter.until().getEpochSecond());
        parameters.add(filter.until().getNano());
      }
      if (filter.configurationId() != null) {
        terms.add("d.configuration_id = ?");
        parameters.add(filter.configurationId());
      }
      return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), parameters);
    }

    PreparedStatement prepare(Connection c, String select, String orderBy) throws SQLException {
      PreparedStatement statement = c.prepareStatement(select + sql + orderBy);
      try {
        for (int i = 0; i < parameters.size(); i++) {
          statement.setObject(i + 1, parameters.get(i));
        }
      } catch (SQLException e) {
        statement.close();
        throw e;
      }
      return statement;
    }
  }

  /** Two queries in one read transaction, joined here: no query per record. */
  private List<LedgerRecord> select(LedgerFilter filter) throws SQLException {
    Where where = Where.of(filter);
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN");
      try {
        Map<Long, List<Review>> reviews = new HashMap<>();
        try (PreparedStatement select =
                where.prepare(
                    connection,
                    "SELECT r.seq, r.decision, r.verdict, r.reviewer, r.reason, r.at"
                        + " FROM ledger_reviews r JOIN ledger_decisions d ON d.seq = r.decision",
                    " ORDER BY r.seq");
            ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            reviews
                .computeIfAbsent(rs.getLong("decision"), k -> new ArrayList<>())
                .add(review(rs, rs.getLong("seq")));
          }
        }
        List<LedgerRecord> records = new ArrayList<>();
        try (PreparedStatement select =
                where.prepare(
                    connection,
                    "SELECT " + DECISION_COLUMNS + " FROM ledger_decisions d",
                    " ORDER BY d.seq");
            ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong("seq");
            records.add(decision(rs, seq, reviews.getOrDefault(seq, List.of())));
          }
        }
        return List.copyOf(records);
      } finally {
        rollbackQuietly(s); // it only read
      }
    }
  }

  private Review review(ResultSet rs, long seq) throws SQLException {
    try {
      return new Review(
          HumanVerdict.valueOf(rs.getString("verdict")),
          rs.getString("reviewer"),
          rs.getString("reason"),
          Instant.parse(rs.getString("at")));
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot decode review " + seq + " of the ledger " + database + ": " + e.getMessage(), e);
    }
  }

  private LedgerRecord decision(ResultSet rs, long seq, List<Review> reviews)
      throws SQLException {
    try {
      Set<String> labels = new HashSet<>(LedgerFormat.labels(rs.getString("labels")));
      return new LedgerRecord(
          new Candidate(
              SpecId.of(rs.getString("spec_id")),
              rs.getInt("attempt"),
              rs.getString("branch"),
              CommitId.of(rs.getString("commit_id")),
              CommitId.of(rs.getString("base"))),
          rs.getString("repository"),
          labels,
          new CalibrationConfiguration(
              rs.getString("coding_model"),
              rs.getString("coding_model_version"),
              rs.getString("evaluator_version"),
              rs.getString("policy_version")),
          Verdict.valueOf(rs.getString("evaluator_verdict")),
          rs.getDouble("satisfaction"),
          MergeDecision.Action.valueOf(rs.getString("policy_action")),
          Instant.parse(rs.getString("decided_at")),
          reviews);
    } catch (RuntimeException | IOException e) {
      throw new StoreException(
          "cannot decode decision " + seq + " of the ledger " + database + ": " + e.getMessage(),
          e);
    }
  }

  // ---------------------------------------------------------------- opening

  private static String appendOnly(String table, String operation) {
    return "CREATE TRIGGER IF NOT EXISTS "
        + table
        + "_no_"
        + operation.toLowerCase(Locale.ROOT)
        + " BEFORE "
        + operation
        + " ON "
        + table
        + " BEGIN SELECT RAISE(ABORT, 'the alignment ledger is append-only'); END";
  }

  /** The run store's connection settings. */
  private static Connection connect(Path database) throws SQLException {
    return SqliteConnection.connect(database, SqliteRunStore.BUSY_TIMEOUT_MILLIS);
  }


  /** Refuses, before anything is written, a file this must not join. */
  private static void check(Connection c, Path database) throws SQLException {
    SqliteConnection.checkJoinable(c, database, "ledger_", SCHEMA_VERSION, "alignment ledger");
  }


  private static void configure(Connection c, Path database) throws SQLException {
    SqliteConnection.useWriteAheadLog(c, database, "alignment ledger");
  }


  private static void migrate(Connection c, Path database) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        // Again under the write lock: another process may have created the tables since.
        SqliteConnection.checkSchemaVersion(s, database, "ledger_", SCHEMA_VERSION, "alignment ledger");
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        s.execute(
            "INSERT INTO ledger_meta (key, value) VALUES ('schema_version', '"
                + SCHEMA_VERSION
                + "') ON CONFLICT DO NOTHING");
        s.execute("COMMIT");
        committed = true;
      } finally {
        if (!committed) {
          rollbackQuietly(s);
        }
      }
    }
  }


  // ---------------------------------------------------------------- plumbing

  private <T> T write(String operation, SqliteConnection.Work<T> work) {
    return db.write(operation, work);
  }

  private <T> T read(String operation, SqliteConnection.Work<T> work) {
    return db.read(operation, work);
  }

  private static String describe(SQLException e, Path database) {
    return SqliteConnection.describe(e, database);
  }

  private static void closeQuietly(@Nullable Connection c) {
    SqliteConnection.closeQuietly(c);
  }

  private static void rollbackQuietly(Statement s) {
    SqliteConnection.rollbackQuietly(s);
  }
}

package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
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
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link RunStore}: one SQLite database file, {@code factory.db}, in the factory's
 * state directory, safe to share between threads and between processes on one machine.
 *
 * <p>Every {@link #append} is one {@code BEGIN IMMEDIATE} transaction that writes the step and
 * the rows derived from it (attempts, candidates, decisions, token usage) together, and returns
 * only after the commit. The database runs in write-ahead-log mode with {@code synchronous=FULL},
 * so a committed entry survives a crash of the process or the machine, and readers never block
 * the writer. Several instances, in this JVM or in other processes, may open the same directory
 * at once: their appends are serialized by SQLite's write lock (waiting up to {@value
 * #BUSY_TIMEOUT_MILLIS} ms for it) and get increasing sequences. The tables and the export format
 * are described in {@code docs/store.md}.
 *
 * <p>An instance holds one connection, used by one thread at a time; {@link #exportJsonLines}
 * opens a connection of its own so it does not hold up appends. Every database error becomes a
 * {@link StoreException} naming the operation and the database file.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SqliteRunStore implements RunStore {

  /** The database's file name in the state directory. */
  public static final String FILE_NAME = "factory.db";

  /** The schema version this code writes and reads, kept in {@code PRAGMA user_version}. */
  public static final int SCHEMA_VERSION = 1;

  /** How long a write waits for another writer's lock before it fails. */
  public static final int BUSY_TIMEOUT_MILLIS = 30_000;

  /** Marks the file as a run store in {@code PRAGMA application_id}: "DFRS". */
  static final int APPLICATION_ID = 0x44465253;

  private static final Logger LOG = LoggerFactory.getLogger(SqliteRunStore.class);

  private static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE runs (
            run_id TEXT PRIMARY KEY NOT NULL,
            owner TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            specs_finished INTEGER NOT NULL DEFAULT 0
          ) STRICT""",
          """
          CREATE TABLE steps (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            spec_id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            payload TEXT NOT NULL CHECK (json_valid(payload))
          ) STRICT""",
          "CREATE INDEX steps_by_spec ON steps (spec_id, fingerprint, seq)",
          "CREATE INDEX steps_by_run ON steps (run_id, seq)",
          """
          CREATE TABLE attempts (
            spec_id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL REFERENCES steps (seq),
            branch TEXT NOT NULL,
            base TEXT NOT NULL,
            started_at TEXT NOT NULL,
            PRIMARY KEY (spec_id, fingerprint, attempt, run_id)
          ) STRICT""",
          """
          CREATE TABLE candidates (
            branch TEXT PRIMARY KEY NOT NULL,
            spec_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            commit_id TEXT NOT NULL,
            base TEXT NOT NULL,
            committed_at TEXT NOT NULL,
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL REFERENCES steps (seq)
          ) STRICT""",
          "CREATE INDEX candidates_by_spec ON candidates (spec_id, attempt)",
          """
          CREATE TABLE decisions (
            seq INTEGER PRIMARY KEY NOT NULL REFERENCES steps (seq),
            spec_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            branch TEXT NOT NULL,
            action TEXT NOT NULL,
            reasons TEXT NOT NULL CHECK (json_valid(reasons))
          ) STRICT""",
          """
          CREATE TABLE usage (
            seq INTEGER PRIMARY KEY NOT NULL REFERENCES steps (seq),
            source TEXT NOT NULL CHECK (source IN ('call', 'agent-total')),
            spec_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            model TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cache_read_tokens INTEGER NOT NULL,
            cache_write_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL
          ) STRICT""");

  private static final String STEP_COLUMNS =
      "seq, run_id, spec_id, fingerprint, attempt, kind, at, payload";

  private final Path database;
  private final Connection connection;
  private final SqliteConnection db;

  private SqliteRunStore(Path database, Connection connection) {
    this.database = database;
    this.connection = connection;
    this.db = new SqliteConnection(database, connection, "run store");
  }

  /**
   * Opens the store in a state directory, creating the directory, the database and its tables
   * when they do not exist yet.
   *
   * <p>A file that is not a SQLite database, a SQLite database that is not a run store, and a
   * run store written by a newer version (a higher schema version) are refused with a {@link
   * StoreException}, and left as they were.
   *
   * @param stateDirectory the factory's state directory; {@value #FILE_NAME} is kept in it
   * @return the open store; close it when done
   * @throws StoreException when the directory or database cannot be created or opened, or the
   *     file is not a run store this version can use
   */
  public static SqliteRunStore open(Path stateDirectory) {
    Require.nonNull(stateDirectory, "stateDirectory");
    Path directory = stateDirectory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StoreException("cannot create the state directory " + directory + ": " + e, e);
    }
    Path database = directory.resolve(FILE_NAME);
    Connection connection = null;
    try {
      connection = connect(database);
      checkIsRunStore(connection, database);
      configure(connection, database);
      migrate(connection, database);
      LOG.debug("opened run store {}", database);
      return new SqliteRunStore(database, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StoreException(
          "cannot open the run store " + database + ": " + describe(e, database), e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
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
  public void runStarted(String runId, String owner, Instant at) {
    Require.nonBlank(runId, "runId");
    Require.nonBlank(owner, "owner");
    Require.nonNull(at, "at");
    write(
        "record the start of run '" + runId + "'",
        () -> {
          try (PreparedStatement exists =
              connection.prepareStatement("SELECT 1 FROM runs WHERE run_id = ?")) {
            exists.setString(1, runId);
            try (ResultSet rs = exists.executeQuery()) {
              if (rs.next()) {
                throw new StoreException(
                    "cannot record the start of run '"
                        + runId
                        + "' in "
                        + database
                        + ": the run is already recorded");
              }
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO runs (run_id, owner, started_at) VALUES (?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, owner);
            insert.setString(3, at.toString());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void runFinished(String runId, Instant at, int specsFinished) {
    Require.nonBlank(runId, "runId");
    Require.nonNull(at, "at");
    Require.atLeast(specsFinished, 0, "specsFinished");
    String operation = "record the end of run '" + runId + "'";
    write(
        operation,
        () -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE runs SET finished_at = ?, specs_finished = ?"
                      + " WHERE run_id = ? AND finished_at IS NULL")) {
            update.setString(1, at.toString());
            update.setInt(2, specsFinished);
            update.setString(3, runId);
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          Optional<RunRecord> run = readRun(runId);
          throw new StoreException(
              "cannot "
                  + operation
                  + " in "
                  + database
                  + ": "
                  + (run.isEmpty()
                      ? "no such run was started"
                      : "the run already ended at " + run.get().finishedAt()));
        });
  }

  @Override
  public JournalEntry append(JournalEntry entry) {
    return appendAll(List.of(entry)).get(0);
  }

  /**
   * Appends entries in one transaction: all become durable together, or none does.
   *
   * @param entries the entries, in order; their sequences are ignored
   * @return the entries as stored, with their sequences
   */
  @Override
  public List<JournalEntry> appendAll(List<JournalEntry> entries) {
    List<JournalEntry> batch = Require.copyOf(entries, "entries");
    if (batch.isEmpty()) {
      return List.of();
    }
    JournalEntry first = batch.get(0);
    return write(
        "append "
            + batch.stream().map(e -> e.step().kind().name()).collect(java.util.stream.Collectors.joining(", "))
            + " of spec '"
            + first.specId()
            + "' attempt "
            + first.attempt()
            + " for run '"
            + first.runId()
            + "'",
        () -> {
          List<JournalEntry> stored = new ArrayList<>(batch.size());
          for (JournalEntry entry : batch) {
            stored.add(insert(entry));
          }
          return stored;
        });
  }

  private JournalEntry insert(JournalEntry entry) throws SQLException {
    String payload = JournalJson.toJson(entry.step());
    long seq;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO steps (run_id, spec_id, fingerprint, attempt, kind, at, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, entry.runId());
      insert.setString(2, entry.specId().value());
      insert.setString(3, entry.fingerprint());
      insert.setInt(4, entry.attempt());
      insert.setString(5, entry.step().kind().name());
      insert.setString(6, entry.at().toString());
      insert.setString(7, payload);
      insert.executeUpdate();
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      seq = rs.getLong(1);
    }
    writeDerived(entry, seq);
    return new JournalEntry(
        seq,
        entry.runId(),
        entry.specId(),
        entry.fingerprint(),
        entry.attempt(),
        entry.at(),
        entry.step());
  }

  @Override
  public List<JournalEntry> history(SpecId specId, String fingerprint) {
    Require.nonNull(specId, "specId");
    Require.nonNull(fingerprint, "fingerprint");
    return read(
        "read the history of spec '" + specId + "' with fingerprint '" + fingerprint + "'",
        () -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + STEP_COLUMNS
                      + " FROM steps WHERE spec_id = ? AND fingerprint = ? ORDER BY seq")) {
            select.setString(1, specId.value());
            select.setString(2, fingerprint);
            return entries(select);
          }
        });
  }

  @Override
  public List<JournalEntry> lastEntries(java.util.Set<Step.Kind> kinds) {
    Require.nonNull(kinds, "kinds");
    if (kinds.isEmpty()) {
      return List.of();
    }
    String in =
        kinds.stream()
            .map(k -> "'" + k.name() + "'")
            .sorted()
            .collect(java.util.stream.Collectors.joining(", "));
    return read(
        "read the last step of every journal",
        () -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + STEP_COLUMNS
                      + " FROM steps WHERE seq IN (SELECT max(seq) FROM steps WHERE kind <> 'CLAIMED'"
                      + " GROUP BY spec_id, fingerprint) AND kind IN ("
                      + in
                      + ") ORDER BY seq")) {
            return entries(select);
          }
        });
  }

  @Override
  public List<JournalEntry> entries(String runId) {
    Require.nonNull(runId, "runId");
    return read(
        "read the entries of run '" + runId + "'",
        () -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + STEP_COLUMNS + " FROM steps WHERE run_id = ? ORDER BY seq")) {
            select.setString(1, runId);
            return entries(select);
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Streams one consistent snapshot on a connection of its own, row by row, so memory stays
   * flat however long the run was.
   */
  @Override
  public void forEachEntry(String runId, java.util.function.Consumer<JournalEntry> action) {
    Require.nonNull(runId, "runId");
    Require.nonNull(action, "action");
    db.checkOpen();
    Connection reader = null;
    try {
      reader = connect(database);
      try (Statement s = reader.createStatement()) {
        s.execute("BEGIN");
        try (PreparedStatement select =
            reader.prepareStatement(
                "SELECT " + STEP_COLUMNS + " FROM steps WHERE run_id = ? ORDER BY seq")) {
          select.setString(1, runId);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              action.accept(entry(rs));
            }
          }
        }
        s.execute("COMMIT");
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read the entries of run '" + runId + "' from " + database + ": " + describe(e, database), e);
    } finally {
      closeQuietly(reader);
    }
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    Require.nonNull(runId, "runId");
    return read("read run '" + runId + "'", () -> readRun(runId));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads one consistent snapshot on a connection of its own, streaming row by row: memory
   * stays flat however large the journal is, and appends go on meanwhile (they are not part of
   * the export).
   */
  @Override
  public void exportJsonLines(Writer out) throws IOException {
    Require.nonNull(out, "out");
    db.checkOpen();
    Connection reader = null;
    try {
      reader = connect(database);
      try (Statement s = reader.createStatement()) {
        s.execute("BEGIN");
        try (ResultSet runs =
            s.executeQuery(
                "SELECT run_id, owner, started_at, finished_at, specs_finished"
                    + " FROM runs ORDER BY rowid")) {
          while (runs.next()) {
            ObjectNode line = JsonNodeFactory.instance.objectNode().put("type", "run");
            line.setAll(JournalJson.tree(runRecord(runs)));
            writeLine(out, line);
          }
        }
        try (ResultSet steps =
            s.executeQuery("SELECT " + STEP_COLUMNS + " FROM steps ORDER BY seq")) {
          while (steps.next()) {
            writeLine(out, stepLine(steps));
          }
        }
        s.execute("COMMIT");
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot export the journal of " + database + ": " + describe(e, database), e);
    } finally {
      closeQuietly(reader);
    }
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
    return "SqliteRunStore[" + database + "]";
  }

  // ---------------------------------------------------------------- opening

  private static Connection connect(Path database) throws SQLException {
    return SqliteConnection.connect(database, BUSY_TIMEOUT_MILLIS);
  }


  /** Refuses, before anything is written, a file that is not (or not yet) a run store. */
  private static void checkIsRunStore(Connection c, Path database) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN");
      try {
        int version = intPragma(s, "user_version");
        int applicationId = intPragma(s, "application_id");
        int tables = countForeignTables(s);
        if (applicationId != APPLICATION_ID && (applicationId != 0 || tables > 0)) {
          throw new StoreException(
              database
                  + " is a SQLite database but not a Dark Factory run store (application id "
                  + applicationId
                  + ", "
                  + tables
                  + " tables); move it away or choose another state directory");
        }
        if (version > SCHEMA_VERSION) {
          throw newerVersion(database, version);
        }
      } finally {
        rollbackQuietly(s); // it only read
      }
    }
  }

  private static void configure(Connection c, Path database) throws SQLException {
    SqliteConnection.useWriteAheadLog(c, database, "run store");
  }


  private static void migrate(Connection c, Path database) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        // Read again under the write lock: another process may have created the schema since.
        int version = intPragma(s, "user_version");
        if (version > SCHEMA_VERSION) {
          throw newerVersion(database, version);
        }
        if (version == 0) {
          int tables = countForeignTables(s);
          if (tables > 0) {
            throw new StoreException(
                database
                    + " holds "
                    + tables
                    + " tables but no run store schema; move it away or choose another state"
                    + " directory");
          }
          for (String ddl : SCHEMA) {
            s.execute(ddl);
          }
          s.execute("PRAGMA application_id = " + APPLICATION_ID);
          s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
          LOG.info("created run store {} (schema version {})", database, SCHEMA_VERSION);
        }
        s.execute("COMMIT");
        committed = true;
      } finally {
        if (!committed) {
          rollbackQuietly(s);
        }
      }
    }
  }

  private static StoreException newerVersion(Path database, int version) {
    return new StoreException(
        database
            + " has run store schema version "
            + version
            + ", newer than version "
            + SCHEMA_VERSION
            + " that this version of Dark Factory knows; open it with a newer version");
  }

  private static int intPragma(Statement s, String pragma) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Tables of neither SQLite nor the factory. The alignment ledger (factory-evaluator) and the day
   * budget ({@code core.cost.SqliteBudget}) may share this file and create their {@code ledger_}
   * and {@code budget_} tables first; they do not make it a foreign file.
   */
  private static int countForeignTables(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                + " AND name NOT LIKE 'ledger\\_%' ESCAPE '\\'"
                + " AND name NOT LIKE 'budget\\_%' ESCAPE '\\'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  // ---------------------------------------------------------------- writing

  private void writeDerived(JournalEntry entry, long seq) throws SQLException {
    Step step = entry.step();
    if (step instanceof Step.AttemptStarted s) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              // An attempt an engine retried within the same run (a worker died) keeps one row:
              // its latest start.
              "INSERT INTO attempts (spec_id, fingerprint, attempt, run_id, seq, branch, base,"
                  + " started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (spec_id, fingerprint, attempt, run_id) DO UPDATE SET"
                  + " seq = excluded.seq, branch = excluded.branch, base = excluded.base,"
                  + " started_at = excluded.started_at")) {
        insert.setString(1, entry.specId().value());
        insert.setString(2, entry.fingerprint());
        insert.setInt(3, entry.attempt());
        insert.setString(4, entry.runId());
        insert.setLong(5, seq);
        insert.setString(6, s.branch());
        insert.setString(7, s.base().hex());
        insert.setString(8, entry.at().toString());
        insert.executeUpdate();
      }
    } else if (step instanceof Step.CandidateCommitted s) {
      writeCandidate(s.candidate(), entry, seq);
    } else if (step instanceof Step.Rebased s) {
      writeCandidate(s.to(), entry, seq);
    } else if (step instanceof Step.Decided s) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO decisions (seq, spec_id, attempt, branch, action, reasons)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, seq);
        insert.setString(2, s.candidate().specId().value());
        insert.setInt(3, s.candidate().attempt());
        insert.setString(4, s.candidate().branch());
        insert.setString(5, s.decision().action().name());
        insert.setString(6, JournalJson.write(JournalJson.tree(s.decision()).get("reasons")));
        insert.executeUpdate();
      }
    } else if (step instanceof Step.ModelCalled s) {
      writeUsage(seq, "call", entry, s.model(), s.usage());
    } else if (step instanceof Step.AgentFinished s) {
      writeUsage(seq, "agent-total", entry, String.join(",", s.models()), s.usage());
    }
  }

  /** The candidates table holds the latest commit of each branch; the steps hold them all. */
  private void writeCandidate(Candidate candidate, JournalEntry entry, long seq)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO candidates (branch, spec_id, attempt, commit_id, base, committed_at,"
                + " run_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (branch) DO UPDATE SET spec_id = excluded.spec_id,"
                + " attempt = excluded.attempt, commit_id = excluded.commit_id,"
                + " base = excluded.base, committed_at = excluded.committed_at,"
                + " run_id = excluded.run_id, seq = excluded.seq")) {
      upsert.setString(1, candidate.branch());
      upsert.setString(2, candidate.specId().value());
      upsert.setInt(3, candidate.attempt());
      upsert.setString(4, candidate.commit().hex());
      upsert.setString(5, candidate.base().hex());
      upsert.setString(6, entry.at().toString());
      upsert.setString(7, entry.runId());
      upsert.setLong(8, seq);
      upsert.executeUpdate();
    }
  }

  private void writeUsage(long seq, String source, JournalEntry entry, String model, Usage usage)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO usage (seq, source, spec_id, attempt, model, input_tokens,"
                + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, seq);
      insert.setString(2, source);
      insert.setString(3, entry.specId().value());
      insert.setInt(4, entry.attempt());
      insert.setString(5, model);
      insert.setLong(6, usage.inputTokens());
      insert.setLong(7, usage.outputTokens());
      insert.setLong(8, usage.cacheReadTokens());
      insert.setLong(9, usage.cacheWriteTokens());
      insert.setLong(10, usage.reasoningTokens());
      insert.executeUpdate();
    }
  }

  // ---------------------------------------------------------------- reading

  private List<JournalEntry> entries(PreparedStatement select) throws SQLException {
    List<JournalEntry> entries = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        entries.add(entry(rs));
      }
    }
    return entries;
  }

  private JournalEntry entry(ResultSet rs) throws SQLException {
    long seq = rs.getLong("seq");
    try {
      String kind = rs.getString("kind");
      Step step = JournalJson.stepFromJson(rs.getString("payload"));
      if (!step.kind().name().equals(kind)) {
        throw new StoreException(
            "the kind column says " + kind + " but the payload is a " + step.kind() + " step");
      }
      return new JournalEntry(
          seq,
          rs.getString("run_id"),
          SpecId.of(rs.getString("spec_id")),
          rs.getString("fingerprint"),
          rs.getInt("attempt"),
          Instant.parse(rs.getString("at")),
          step);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot decode journal entry " + seq + " of " + database + ": " + e.getMessage(), e);
    }
  }

  private Optional<RunRecord> readRun(String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT run_id, owner, started_at, finished_at, specs_finished"
                + " FROM runs WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(runRecord(rs)) : Optional.empty();
      }
    }
  }

  private RunRecord runRecord(ResultSet rs) throws SQLException {
    String runId = rs.getString("run_id");
    try {
      String finished = rs.getString("finished_at");
      return new RunRecord(
          runId,
          rs.getString("owner"),
          Instant.parse(rs.getString("started_at")),
          finished == null ? null : Instant.parse(finished),
          rs.getInt("specs_finished"));
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot decode run '" + runId + "' of " + database + ": " + e.getMessage(), e);
    }
  }

  /** An export line for a step row: the columns as they are, the payload as JSON. */
  private ObjectNode stepLine(ResultSet rs) throws SQLException {
    long seq = rs.getLong("seq");
    JsonNode step;
    try {
      step = JournalJson.parse(rs.getString("payload"), "step");
    } catch (StoreException e) {
      throw new StoreException(
          "cannot export journal entry " + seq + " of " + database + ": " + e.getMessage(), e);
    }
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("type", "step");
    line.put("seq", seq);
    line.put("runId", rs.getString("run_id"));
    line.put("specId", rs.getString("spec_id"));
    line.put("fingerprint", rs.getString("fingerprint"));
    line.put("attempt", rs.getInt("attempt"));
    line.put("at", rs.getString("at"));
    line.put("kind", rs.getString("kind"));
    line.set("step", step);
    return line;
  }

  private static void writeLine(Writer out, JsonNode line) throws IOException {
    out.write(JournalJson.write(line));
    out.write('\n');
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

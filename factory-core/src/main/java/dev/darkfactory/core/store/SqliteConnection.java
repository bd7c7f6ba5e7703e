package dev.darkfactory.core.store;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.darkfactory.api.internal.Require;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite connection shared by threads behind a lock: writes in {@code BEGIN IMMEDIATE}
 * transactions that return only after the commit, reads under the same lock, and every {@link
 * SQLException} turned into a {@link StoreException} naming the operation and the file. The run
 * store and the alignment ledger both sit on it.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class SqliteConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteConnection.class);

  private final Path database;
  private final Connection connection;
  private final String what;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  /**
   * Wraps an open connection.
   *
   * @param database the file, for messages
   * @param connection the connection; this object closes it
   * @param what what the database holds, for messages, such as {@code run store}
   */
  public SqliteConnection(Path database, Connection connection, String what) {
    this.database = Require.nonNull(database, "database");
    this.connection = Require.nonNull(connection, "connection");
    this.what = Require.nonBlank(what, "what");
  }

  /**
   * Work on the connection that may throw {@link SQLException}.
   *
   * @param <T> what the work returns
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @return its result
     * @throws SQLException when the database fails
     */
    T run() throws SQLException;
  }

  /** The connection, for work done under {@link #write} or {@link #read}. */
  public Connection connection() {
    return connection;
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction and returns after the commit;
   * rolls back when it throws.
   *
   * @param operation what is done, for the message: {@code cannot <operation> in <file>}
   * @param work the work
   * @param <T> what the work returns
   * @return the work's result
   * @throws StoreException when the database fails
   * @throws IllegalStateException when closed
   */
  public <T> T write(String operation, Work<T> work) {
    lock.lock();
    try {
      checkOpen();
      boolean committed = false;
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          T result = work.run();
          s.execute("COMMIT");
          committed = true;
          return result;
        } finally {
          if (!committed) {
            rollbackQuietly(s);
          }
        }
      } catch (SQLException e) {
        throw new StoreException(
            "cannot " + operation + " in " + database + ": " + describe(e, database), e);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} under the lock, outside a write transaction.
   *
   * @param operation what is read, for the message: {@code cannot <operation> from <file>}
   * @param work the work
   * @param <T> what the work returns
   * @return the work's result
   * @throws StoreException when the database fails
   * @throws IllegalStateException when closed
   */
  public <T> T read(String operation, Work<T> work) {
    lock.lock();
    try {
      checkOpen();
      return work.run();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot " + operation + " from " + database + ": " + describe(e, database), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Throws when closed.
   *
   * @throws IllegalStateException when closed
   */
  public void checkOpen() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the " + what + " " + database + " is closed");
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the connection; closing again does nothing.
   *
   * @throws StoreException when the connection cannot be closed cleanly
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
      LOG.debug("closed {} {}", what, database);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot close the " + what + " " + database + ": " + describe(e, database), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a connection to {@code database} with the settings every Dark Factory database uses
   * (a busy timeout, foreign keys on), reading and writing nothing yet.
   *
   * @param database the file
   * @param busyTimeoutMillis how long a writer waits for another process's lock
   * @return the connection
   * @throws SQLException when SQLite cannot open it
   */
  public static Connection connect(Path database, int busyTimeoutMillis) throws SQLException {
    // A file: URI, percent-encoded, so no character of the path is read as a parameter.
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toUri().toASCIIString());
    try (Statement s = c.createStatement()) {
      // Connection settings only: nothing here reads or writes the file.
      s.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
      s.execute("PRAGMA foreign_keys = ON");
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  /**
   * Switches the database to a write-ahead log with full synchronous commits, or refuses a file
   * system where SQLite cannot keep one.
   *
   * @param c the connection
   * @param database the file, for the message
   * @param what what the database holds, for the message
   * @throws SQLException when SQLite fails
   * @throws StoreException when the journal mode cannot be WAL
   */
  public static void useWriteAheadLog(Connection c, Path database, String what) throws SQLException {
    try (Statement s = c.createStatement()) {
      String mode;
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        rs.next();
        mode = rs.getString(1);
      }
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StoreException(
            "cannot open the "
                + what
                + " "
                + database
                + ": SQLite cannot use a write-ahead log there (journal mode stays '"
                + mode
                + "'); keep it on a local file system");
      }
      s.execute("PRAGMA synchronous = FULL");
    }
  }

  /**
   * SQLite's message, said plainly when the file is not a database at all.
   *
   * @param e the failure
   * @param database the file
   * @return the message
   */
  public static String describe(SQLException e, Path database) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("SQLITE_NOTADB")) {
      return database + " is not a SQLite database (" + message + ")";
    }
    return message;
  }

  /**
   * Closes a connection, logging instead of throwing.
   *
   * @param c the connection, or null
   */
  public static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a connection failed", e);
    }
  }

  /**
   * Rolls back, logging instead of throwing: there may be no transaction left to roll back.
   *
   * @param s a statement on the connection
   */
  public static void rollbackQuietly(Statement s) {
    try {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      // No transaction left to roll back (SQLite already did), or the connection is gone.
      LOG.debug("rollback failed", e);
    }
  }

  /**
   * Refuses, before anything is written, a database file that a part sharing the run store's
   * file must not join: one that is neither empty nor the run store ({@code PRAGMA
   * application_id}) nor holds only the shared parts' tables ({@code ledger_}, {@code budget_}),
   * or whose {@code <prefix>meta} table records a schema version newer than this code knows.
   *
   * @param c the connection, outside any transaction
   * @param database the file, for messages
   * @param prefix the joining part's table prefix, such as {@code "budget_"}
   * @param schemaVersion the newest schema version this code knows
   * @param what the part, for messages, such as {@code "budget"}
   * @throws SQLException when the file cannot be read
   * @throws StoreException when the file must not be joined
   */
  public static void checkJoinable(
      Connection c, Path database, String prefix, int schemaVersion, String what)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN");
      try {
        int applicationId = intQuery(s, "PRAGMA application_id");
        int foreign =
            intQuery(
                s,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                    + " AND name NOT LIKE 'ledger\\_%' ESCAPE '\\'"
                    + " AND name NOT LIKE 'budget\\_%' ESCAPE '\\'");
        if (applicationId != SqliteRunStore.APPLICATION_ID && (applicationId != 0 || foreign > 0)) {
          throw new StoreException(
              database
                  + " is a SQLite database but not a Dark Factory run store, alignment ledger or"
                  + " budget (application id "
                  + applicationId
                  + ", "
                  + foreign
                  + " other tables); move it away or choose another file");
        }
        checkSchemaVersion(s, database, prefix, schemaVersion, what);
      } finally {
        rollbackQuietly(s); // it only read
      }
    }
  }

  /**
   * Refuses a file whose {@code <prefix>meta} table records a schema version newer than this code
   * knows; nothing when the table does not exist yet. Runs in the caller's transaction.
   *
   * @param s a statement in a transaction
   * @param database the file, for messages
   * @param prefix the part's table prefix, such as {@code "budget_"}
   * @param schemaVersion the newest schema version this code knows
   * @param what the part, for messages
   * @throws SQLException when the file cannot be read
   * @throws StoreException when the version is newer
   */
  public static void checkSchemaVersion(
      Statement s, Path database, String prefix, int schemaVersion, String what)
      throws SQLException {
    String meta = prefix + "meta";
    if (intQuery(
            s, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + meta + "'")
        == 0) {
      return;
    }
    int version =
        intQuery(
            s,
            "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM "
                + meta
                + " WHERE key = 'schema_version'");
    if (version > schemaVersion) {
      throw new StoreException(
          database
              + " has "
              + what
              + " schema version "
              + version
              + ", newer than version "
              + schemaVersion
              + " that this version of Dark Factory knows; open it with a newer version");
    }
  }

  private static int intQuery(Statement s, String sql) throws SQLException {
    try (java.sql.ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}

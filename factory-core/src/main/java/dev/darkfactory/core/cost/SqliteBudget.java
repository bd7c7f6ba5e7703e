package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.store.SqliteConnection;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.StoreException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A budget per UTC day kept in an SQLite file, so it holds across runs and across processes that
 * share the file: the factory keeps it in its state directory's {@code factory.db}, next to the
 * run store ({@link SqliteRunStore#database()}).
 *
 * <pre>{@code
 * try (SqliteBudget day = SqliteBudget.builder(store.database())
 *     .limits(BudgetLimits.none().withCostUsd("100"))
 *     .open()) {
 *   HardBudget run = HardBudget.builder("run").parent(day.budget()).build();
 * }
 * }</pre>
 *
 * <h2>Storage</h2>
 *
 * <p>Three tables, created when missing, next to whatever else the file holds: {@code
 * budget_meta} (the schema version), {@code budget_days} (per budget name and UTC day, the settled
 * tokens and dollars, dollars as exact decimal text) and {@code budget_holds} (one row per open
 * reservation, with its day, amount and expiry). Reserving is one {@code BEGIN IMMEDIATE}
 * transaction that drops expired holds, adds the day's settled amount to its unexpired holds and
 * inserts the new hold only if the sum still fits; SQLite's write lock makes that atomic against
 * every other connection and process. Settling deletes the hold and adds the real cost to the
 * hold's day in one transaction; releasing deletes the hold. Every write is committed with {@code
 * synchronous=FULL} before the call returns, like the run store's.
 *
 * <h2>Days and expiry</h2>
 *
 * <p>The day is the UTC date on the clock when a reservation is made; spending is counted in the
 * day it was reserved in, and a new day starts from nothing at UTC midnight. A hold expires {@link
 * Builder#reservationTtl reservationTtl} (one hour by default) after it was taken: a process
 * killed between reserving and settling leaves its holds counted until then, which errs on the
 * safe side. Settling after expiry still counts the real cost. Choose a time to live longer than
 * the longest model call.
 *
 * <p>The file must be new, a run store, an alignment ledger or a budget file: a file that is not
 * an SQLite database or belongs to another program, and budget tables of a newer version, are
 * refused with a {@link StoreException} naming the file, which is left as it was. Every database
 * failure is a {@link StoreException} naming the operation and the file.
 *
 * <p>Instances are thread-safe; several instances, here or in other processes, may share a file.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SqliteBudget implements Budget, AutoCloseable {

  /** The schema version of the {@code budget_} tables this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** How long a hold counts when its process never settles or releases it, by default. */
  public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofHours(1);


  private static final Logger LOG = LoggerFactory.getLogger(SqliteBudget.class);

  private static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS budget_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          ) STRICT""",
          """
          CREATE TABLE IF NOT EXISTS budget_days (
            budget TEXT NOT NULL,
            day TEXT NOT NULL,
            tokens INTEGER NOT NULL CHECK (tokens >= 0),
            cost_usd TEXT NOT NULL,
            PRIMARY KEY (budget, day)
          ) STRICT""",
          """
          CREATE TABLE IF NOT EXISTS budget_holds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            budget TEXT NOT NULL,
            day TEXT NOT NULL,
            tokens INTEGER NOT NULL CHECK (tokens >= 0),
            cost_usd TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            owner TEXT NOT NULL
          ) STRICT""",
          "CREATE INDEX IF NOT EXISTS budget_holds_by_day ON budget_holds (budget, day)",
          "CREATE INDEX IF NOT EXISTS budget_holds_by_expiry ON budget_holds (expires_at_ms)");

  private final Path database;
  private final SqliteConnection db;
  private final HardBudget budget;

  private SqliteBudget(Builder b, Path database, Connection connection) {
    this.database = database;
    this.db = new SqliteConnection(database, connection, "budget");
    HardBudget.Builder hb = HardBudget.builder(b.name).limits(b.limits).clock(b.clock);
    b.listeners.forEach(hb::listener);
    this.budget = hb.build(new DayAccount(b.name, b.clock, b.reservationTtl));
  }

  /**
   * A builder for a budget kept in {@code database}.
   *
   * @param database the SQLite file, such as {@link SqliteRunStore#database()}
   * @return the builder
   */
  public static Builder builder(Path database) {
    return new Builder(Require.nonNull(database, "database"));
  }

  /** The database file. */
  public Path database() {
    return database;
  }

  /**
   * The budget as a {@link HardBudget}, to nest others in: {@code
   * HardBudget.builder("run").parent(day.budget())}.
   */
  public HardBudget budget() {
    return budget;
  }

  @Override
  public String name() {
    return budget.name();
  }

  @Override
  public Optional<Reservation> tryReserve(Charge maximum) {
    return budget.tryReserve(maximum);
  }

  /**
   * Like {@link #tryReserve}, but says why it refused.
   *
   * @param maximum the most the coming call could cost
   * @return the reservation, or the refusal
   */
  public HardBudget.Decision reserve(Charge maximum) {
    return budget.reserve(maximum);
  }

  /** What is settled today (UTC, on the budget's clock), by every process sharing the file. */
  @Override
  public Charge spent() {
    return budget.spent();
  }

  /** What today's unexpired holds of every process sharing the file hold. */
  public Charge reserved() {
    return budget.reserved();
  }

  @Override
  public Charge remaining() {
    return budget.remaining();
  }

  /** Closes the connection; closing again does nothing. Open holds stay until they expire. */
  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "SqliteBudget[" + budget.name() + ", " + database + "]";
  }

  // ---------------------------------------------------------------- the account

  /** A hold in the file. */
  private record DayHold(long id, LocalDate day, Charge amount) {}

  /** The day budget's numbers, in the file. */
  private final class DayAccount implements Account {
    private final String name;
    private final Clock clock;
    private final Duration ttl;
    private final String owner = "pid " + ProcessHandle.current().pid();

    DayAccount(String name, Clock clock, Duration ttl) {
      this.name = name;
      this.clock = clock;
      this.ttl = ttl;
    }

    @Override
    public @Nullable Object hold(Charge amount, BudgetLimits limits) {
      Instant now = clock.instant();
      LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
      long expires = now.plus(ttl).toEpochMilli();
      return db.write(
          "reserve " + BudgetRefusal.amount(amount) + " in the budget '" + name + "'",
          () -> {
            try (PreparedStatement purge =
                db.connection().prepareStatement(
                    "DELETE FROM budget_holds WHERE expires_at_ms <= ?")) {
              purge.setLong(1, now.toEpochMilli());
              int purged = purge.executeUpdate();
              if (purged > 0) {
                LOG.info("dropped {} expired budget reservation(s) from {}", purged, database);
              }
            }
            Charge used = settled(day).plus(held(day, now.toEpochMilli()));
            if (!Account.fits(used, amount, limits)) {
              return null;
            }
            try (PreparedStatement insert =
                db.connection().prepareStatement(
                    "INSERT INTO budget_holds (budget, day, tokens, cost_usd, created_at,"
                        + " expires_at_ms, owner) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
              insert.setString(1, name);
              insert.setString(2, day.toString());
              insert.setLong(3, amount.tokens());
              insert.setString(4, amount.costUsd().toPlainString());
              insert.setString(5, now.toString());
              insert.setLong(6, expires);
              insert.setString(7, owner);
              insert.executeUpdate();
              try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new DayHold(keys.getLong(1), day, amount);
              }
            }
          });
    }

    @Override
    public void settle(Object hold, Charge actual) {
      DayHold h = (DayHold) hold;
      db.write(
          "settle " + BudgetRefusal.amount(actual) + " in the budget '" + name + "'",
          () -> {
            if (delete(h) == 0) {
              LOG.warn(
                  "budget '{}': a reservation of {} expired before it was settled; its real cost"
                      + " {} is counted now",
                  name,
                  BudgetRefusal.amount(h.amount()),
                  BudgetRefusal.amount(actual));
            }
            Charge total = settled(h.day()).plus(actual);
            try (PreparedStatement upsert =
                db.connection().prepareStatement(
                    "INSERT INTO budget_days (budget, day, tokens, cost_usd) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (budget, day) DO UPDATE SET tokens = excluded.tokens,"
                        + " cost_usd = excluded.cost_usd")) {
              upsert.setString(1, name);
              upsert.setString(2, h.day().toString());
              upsert.setLong(3, total.tokens());
              upsert.setString(4, total.costUsd().toPlainString());
              upsert.executeUpdate();
            }
            return null;
          });
    }

    @Override
    public void release(Object hold) {
      DayHold h = (DayHold) hold;
      db.write("release a reservation in the budget '" + name + "'", () -> delete(h));
    }

    @Override
    public Charge spent() {
      LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      return db.read("read what the budget '" + name + "' spent", () -> settled(day));
    }

    @Override
    public Charge held() {
      Instant now = clock.instant();
      LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
      return db.read(
          "read what the budget '" + name + "' holds", () -> held(day, now.toEpochMilli()));
    }

    private int delete(DayHold h) throws SQLException {
      try (PreparedStatement delete =
          db.connection().prepareStatement("DELETE FROM budget_holds WHERE id = ?")) {
        delete.setLong(1, h.id());
        return delete.executeUpdate();
      }
    }

    private Charge settled(LocalDate day) throws SQLException {
      try (PreparedStatement select =
          db.connection().prepareStatement(
              "SELECT tokens, cost_usd FROM budget_days WHERE budget = ? AND day = ?")) {
        select.setString(1, name);
        select.setString(2, day.toString());
        try (ResultSet rs = select.executeQuery()) {
          return rs.next()
              ? new Charge(rs.getLong(1), new BigDecimal(rs.getString(2)))
              : Charge.ZERO;
        }
      }
    }

    private Charge held(LocalDate day, long nowMillis) throws SQLException {
      Charge sum = Charge.ZERO;
      try (PreparedStatement select =
          db.connection().prepareStatement(
              "SELECT tokens, cost_usd FROM budget_holds"
                  + " WHERE budget = ? AND day = ? AND expires_at_ms > ?")) {
        select.setString(1, name);
        select.setString(2, day.toString());
        select.setLong(3, nowMillis);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            sum = sum.plus(new Charge(rs.getLong(1), new BigDecimal(rs.getString(2))));
          }
        }
      }
      return sum;
    }
  }

  // ---------------------------------------------------------------- opening

  private static SqliteBudget open(Builder b) {
    Path file = b.database.toAbsolutePath().normalize();
    Path directory = file.getParent();
    try {
      if (directory != null) {
        Files.createDirectories(directory);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of the budget " + file + ": " + e, e);
    }
    Connection connection = null;
    try {
      connection = SqliteConnection.connect(file, SqliteRunStore.BUSY_TIMEOUT_MILLIS);
      check(connection, file);
      SqliteConnection.useWriteAheadLog(connection, file, "budget");
      migrate(connection, file);
      LOG.debug("opened budget '{}' in {}", b.name, file);
      return new SqliteBudget(b, file, connection);
    } catch (SQLException e) {
      SqliteConnection.closeQuietly(connection);
      throw new StoreException(
          "cannot open the budget " + file + ": " + SqliteConnection.describe(e, file), e);
    } catch (RuntimeException e) {
      SqliteConnection.closeQuietly(connection);
      throw e;
    }
  }

  /** Refuses, before anything is written, a file this must not join. */
  private static void check(Connection c, Path database) throws SQLException {
    SqliteConnection.checkJoinable(c, database, "budget_", SCHEMA_VERSION, "budget");
  }


  private static void migrate(Connection c, Path database) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        // Again under the write lock: another process may have created the tables since.
        SqliteConnection.checkSchemaVersion(s, database, "budget_", SCHEMA_VERSION, "budget");
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        s.execute(
            "INSERT INTO budget_meta (key, value) VALUES ('schema_version', '"
                + SCHEMA_VERSION
                + "') ON CONFLICT DO NOTHING");
        s.execute("COMMIT");
        committed = true;
      } finally {
        if (!committed) {
          SqliteConnection.rollbackQuietly(s);
        }
      }
    }
  }


  /**
   * Builds and opens a {@link SqliteBudget}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final Path database;
    private String name = "day";
    private BudgetLimits limits = BudgetLimits.none();
    private Clock clock = Clock.systemUTC();
    private Duration reservationTtl = DEFAULT_RESERVATION_TTL;
    private final List<BudgetListener> listeners = new ArrayList<>();

    private Builder(Path database) {
      this.database = database;
    }

    /**
     * Sets the budget's name, which is also its key in the file; {@code day} by default.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Require.nonBlank(name, "name");
      return this;
    }

    /**
     * Sets the limits per UTC day, in tokens and dollars; none by default (it still counts).
     *
     * @param limits the limits; without a wall-clock limit (the day ends at UTC midnight)
     * @return this builder
     */
    public Builder limits(BudgetLimits limits) {
      Require.nonNull(limits, "limits");
      if (limits.maxWallClock() != null) {
        throw new IllegalArgumentException(
            "a day budget has no wall-clock limit (it starts again at UTC midnight) but was given "
                + limits.maxWallClock());
      }
      this.limits = limits;
      return this;
    }

    /**
     * Sets the clock that says which day it is and when holds expire; the system's by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long a hold counts when it is never settled or released (its process died); one
     * hour by default. Make it longer than the longest model call.
     *
     * @param reservationTtl the time to live; positive
     * @return this builder
     */
    public Builder reservationTtl(Duration reservationTtl) {
      this.reservationTtl = Require.positive(reservationTtl, "reservationTtl");
      return this;
    }

    /**
     * Adds a listener for refusals.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(BudgetListener listener) {
      listeners.add(Require.nonNull(listener, "listener"));
      return this;
    }

    /**
     * Opens the file, creating it, its directory and the budget tables when missing.
     *
     * @return the open budget; close it when done
     * @throws StoreException when the file cannot be created or opened, is not an SQLite
     *     database, belongs to another program, or holds budget tables of a newer version
     */
    public SqliteBudget open() {
      return SqliteBudget.open(this);
    }
  }
}

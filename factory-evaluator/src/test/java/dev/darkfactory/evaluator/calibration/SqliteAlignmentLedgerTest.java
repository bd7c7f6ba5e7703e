package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision.Action;
import dev.darkfactory.core.store.RunRecord;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract over {@link SqliteAlignmentLedger}, and what only a file can show. */
class SqliteAlignmentLedgerTest extends AlignmentLedgerContractTest {

  @TempDir Path tmp;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Override
  AlignmentLedger ledger() {
    return open(tmp.resolve("ledger.db"));
  }

  @Override
  void recordAll(AlignmentLedger ledger, List<LedgerRecord> decisions) {
    ((SqliteAlignmentLedger) ledger).recordDecisions(decisions);
  }

  private SqliteAlignmentLedger open(Path file) {
    SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(file);
    open.add(ledger);
    return ledger;
  }

  private static Connection raw(Path database) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + database);
  }

  private static List<String> tables(Path database) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = raw(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static List<LedgerRecord> sample(AlignmentLedger ledger) {
    LedgerRecord first =
        decision(candidate("add-login", 1), "acme/shop", Set.of("auth"), SONNET, Verdict.PASS,
            0.93, Action.HOLD, T0.plusNanos(7));
    LedgerRecord second =
        decision(candidate("fix-cart", 2), "acme/cart", Set.of(), OPUS, Verdict.FAIL, 0.25,
            Action.REJECT, T0.plusSeconds(1));
    ledger.recordDecision(first);
    ledger.recordDecision(second);
    Review one = review(HumanVerdict.APPROVE, "ana", "fine", T0.plusSeconds(10));
    Review two = review(HumanVerdict.REJECT, "bo", "on second thought, no", T0.plusSeconds(20));
    ledger.recordReview(first.candidate(), one);
    ledger.recordReview(first.candidate(), two);
    return List.of(first.withReview(one).withReview(two), second);
  }

  // ------------------------------------------------------------------ durability

  @Test
  void whatWasWrittenIsReadBackEqualAfterClosingAndReopening() throws Exception {
    Path file = tmp.resolve("ledger.db");
    List<LedgerRecord> written;
    String exported;
    try (SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(file)) {
      written = sample(ledger);
      exported = export(ledger);
    }

    SqliteAlignmentLedger reopened = open(file);

    assertThat(reopened.records(LedgerFilter.ALL)).isEqualTo(written);
    assertThat(export(reopened)).isEqualTo(exported);
    // Still append-only after reopening: the old decision is still refused, reviews go on.
    assertThatThrownBy(() -> reopened.recordDecision(decision("add-login", T0)))
        .isInstanceOf(IllegalArgumentException.class);
    Review three = review(HumanVerdict.APPROVE, "cy", "", T0.plusSeconds(30));
    reopened.recordReview(written.get(1).candidate(), three);
    assertThat(reopened.records(LedgerFilter.ALL))
        .containsExactly(written.get(0), written.get(1).withReview(three));
  }

  @Test
  void theLedgerAndTheRunStoreShareOneFile() throws Exception {
    Path state = tmp.resolve("state");
    Path database;
    List<LedgerRecord> written;
    try (SqliteRunStore store = SqliteRunStore.open(state);
        SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(store.database())) {
      database = store.database();
      store.runStarted("run-1", "ci", T0);
      written = sample(ledger);
      store.runFinished("run-1", T0.plusSeconds(60), 2);
    }

    assertThat(Files.list(state).map(p -> p.getFileName().toString()))
        .contains(SqliteRunStore.FILE_NAME);
    assertThat(tables(database))
        .contains("runs", "steps", "ledger_decisions", "ledger_reviews", "ledger_meta");
    try (SqliteRunStore store = SqliteRunStore.open(state);
        SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(database)) {
      assertThat(store.run("run-1").map(RunRecord::specsFinished)).contains(2);
      assertThat(ledger.records(LedgerFilter.ALL)).isEqualTo(written);
    }
  }

  @Test
  void theRunStoreStillOpensAFileTheLedgerCreatedFirst() throws Exception {
    Path state = tmp.resolve("state");
    List<LedgerRecord> written;
    try (SqliteAlignmentLedger ledger =
        SqliteAlignmentLedger.open(state.resolve(SqliteRunStore.FILE_NAME))) {
      written = sample(ledger);
    }

    try (SqliteRunStore store = SqliteRunStore.open(state);
        SqliteAlignmentLedger ledger =
            SqliteAlignmentLedger.open(state.resolve(SqliteRunStore.FILE_NAME))) {
      store.runStarted("run-1", "ci", T0);
      assertThat(store.run("run-1")).isPresent();
      assertThat(ledger.records(LedgerFilter.ALL)).isEqualTo(written);
    }
  }

  @Test
  void theTablesRefuseUpdatesAndDeletes() throws Exception {
    Path file = tmp.resolve("ledger.db");
    try (SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(file)) {
      sample(ledger);
    }

    for (String sql :
        List.of(
            "UPDATE ledger_decisions SET satisfaction = 1.0",
            "DELETE FROM ledger_decisions",
            "UPDATE ledger_reviews SET verdict = 'APPROVE'",
            "DELETE FROM ledger_reviews")) {
      try (Connection c = raw(file);
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("the alignment ledger is append-only");
      }
    }
  }

  @Test
  void aClosedLedgerRefusesEverythingAndClosingAgainDoesNothing() {
    SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(tmp.resolve("ledger.db"));
    ledger.close();
    ledger.close();

    assertThatThrownBy(() -> ledger.records(LedgerFilter.ALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> ledger.recordDecision(decision("add-login", T0)))
        .isInstanceOf(IllegalStateException.class);
  }

  // ------------------------------------------------------------------ refusing files

  @Test
  void aFileThatIsNotADatabaseIsRefusedNamingItAndLeftAsItWas() throws IOException {
    Path file = tmp.resolve("ledger.db");
    byte[] bytes = "these are my notes, not a database\n".repeat(200).getBytes();
    Files.write(file, bytes);

    assertThatThrownBy(() -> SqliteAlignmentLedger.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot open the alignment ledger " + file + ": " + file + " is not a SQLite database");

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aDatabaseOfAnotherProgramIsRefusedNamingItAndLeftAsItWas() throws Exception {
    Path file = tmp.resolve("recipes.db");
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE recipes (name TEXT)");
      s.execute("INSERT INTO recipes VALUES ('bread')");
    }
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> SqliteAlignmentLedger.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            file
                + " is a SQLite database but not a Dark Factory run store, alignment ledger or"
                + " budget (application id 0, 1 other tables); move it away or choose another"
                + " file");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(tables(file)).containsExactly("recipes");
  }

  @Test
  void aLedgerWrittenByANewerVersionIsRefused() throws Exception {
    Path file = tmp.resolve("ledger.db");
    try (SqliteAlignmentLedger ledger = SqliteAlignmentLedger.open(file)) {
      sample(ledger);
    }
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute("UPDATE ledger_meta SET value = '2' WHERE key = 'schema_version'");
    }

    assertThatThrownBy(() -> SqliteAlignmentLedger.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            file
                + " has alignment ledger schema version 2, newer than version 1 that this"
                + " version of Dark Factory knows; open it with a newer version");
  }
}

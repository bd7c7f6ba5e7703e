package dev.darkfactory.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.StoreException;
import dev.darkfactory.core.work.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBudgetTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

  private Path file() {
    return dir.resolve(SqliteRunStore.FILE_NAME);
  }

  private SqliteBudget open(String usd) {
    return SqliteBudget.builder(file())
        .limits(BudgetLimits.none().withCostUsd(usd))
        .clock(clock)
        .reservationTtl(Duration.ofMinutes(30))
        .open();
  }

  private static Charge usd(long tokens, String usd) {
    return new Charge(tokens, new BigDecimal(usd));
  }

  @Test
  void theDaysSpendingSurvivesReopeningTheFile() {
    try (SqliteBudget day = open("5")) {
      day.tryReserve(usd(1_000, "1.50")).orElseThrow().settle(usd(900, "1.25"));
      day.tryReserve(usd(1_000, "1.50")).orElseThrow().settle(usd(100, "0.000125"));
    }

    try (SqliteBudget day = open("5")) {
      assertThat(day.spent()).isEqualTo(usd(1_000, "1.250125"));
      assertThat(day.remaining().costUsd()).isEqualByComparingTo("3.749875");
      assertThat(day.name()).isEqualTo("day");
      assertThat(day.database()).isEqualTo(file().toAbsolutePath());
    }
  }

  @Test
  void twoInstancesOnOneFileShareTheDay() {
    try (SqliteBudget a = open("1"); SqliteBudget b = open("1")) {
      Reservation held = a.tryReserve(usd(10, "0.60")).orElseThrow();

      assertThat(b.reserved()).isEqualTo(usd(10, "0.60"));
      assertThat(b.tryReserve(usd(10, "0.41"))).isEmpty();
      held.settle(usd(10, "0.30"));
      assertThat(b.spent()).isEqualTo(usd(10, "0.30"));
      assertThat(b.tryReserve(usd(10, "0.70"))).isPresent();
      assertThat(a.tryReserve(usd(10, "0.01"))).isEmpty();
    }
  }

  @Test
  void aRefusalSaysWhatTheDayHasLeft() {
    List<BudgetRefusal> refusals = new ArrayList<>();
    try (SqliteBudget day =
        SqliteBudget.builder(file())
            .name("team-day")
            .limits(BudgetLimits.none().withTokens(1_000))
            .clock(clock)
            .listener(refusals::add)
            .open()) {
      day.tryReserve(Charge.tokens(700)).orElseThrow().settle(Charge.tokens(650));

      HardBudget.Decision d = day.reserve(Charge.tokens(400));

      assertThat(d).isInstanceOf(HardBudget.Decision.Refused.class);
      assertThat(refusals)
          .containsExactly(
              new BudgetRefusal(
                  "team-day",
                  Charge.tokens(400),
                  new Charge(350, HardBudget.NO_LIMIT_USD),
                  BudgetRefusal.Reason.TOKENS));
    }
  }

  @Test
  void anAbandonedReservationCountsUntilItExpires() {
    try (SqliteBudget dying = open("1")) {
      dying.tryReserve(usd(10, "0.80")).orElseThrow(); // never settled
    }
    try (SqliteBudget day = open("1")) {
      assertThat(day.tryReserve(usd(10, "0.30"))).isEmpty();

      clock.advance(Duration.ofMinutes(30));

      assertThat(day.reserved()).isEqualTo(Charge.ZERO);
      assertThat(day.tryReserve(usd(10, "0.30"))).isPresent();
    }
  }

  @Test
  void aReservationSettledAfterItExpiredIsStillCountedInFull() {
    try (SqliteBudget day = open("1")) {
      Reservation slow = day.tryReserve(usd(10, "0.50")).orElseThrow();
      clock.advance(Duration.ofMinutes(31));
      day.tryReserve(usd(10, "0.10")).orElseThrow().release(); // drops the expired hold

      slow.settle(usd(10, "0.45"));

      assertThat(day.spent()).isEqualTo(usd(10, "0.45"));
      assertThat(day.reserved()).isEqualTo(Charge.ZERO);
    }
  }

  @Test
  void theDayStartsAgainAtUtcMidnight() {
    MutableClock late = new MutableClock(Instant.parse("2026-11-24T23:59:59Z"));
    try (SqliteBudget day =
        SqliteBudget.builder(file()).limits(BudgetLimits.none().withCostUsd("1")).clock(late)
            .open()) {
      day.tryReserve(usd(10, "1")).orElseThrow().settle(usd(10, "1"));
      assertThat(day.tryReserve(usd(1, "0.01"))).isEmpty();

      late.advance(Duration.ofSeconds(1));

      assertThat(day.spent()).isEqualTo(Charge.ZERO);
      assertThat(day.remaining().costUsd()).isEqualByComparingTo("1");
      assertThat(day.tryReserve(usd(1, "0.01"))).isPresent();
    }
  }

  @Test
  void aProcessKilledWithAHoldLeavesItCountedUntilItExpires() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dorg.sqlite.tmpdir=" + dir);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BudgetChildProcess.class.getName());
    command.addAll(List.of("reserve", file().toString(), "100", "7", "600"));
    Path stderr = dir.resolve("child.stderr");
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as(() -> readQuietly(stderr)).isEqualTo("reserved");
      child.destroyForcibly(); // SIGKILL: no settle, no release, no close
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    MutableClock now = new MutableClock(Instant.now());
    try (SqliteBudget day =
        SqliteBudget.builder(file()).limits(BudgetLimits.none().withCostUsd("10")).clock(now)
            .open()) {
      assertThat(day.reserved()).isEqualTo(usd(100, "7"));
      assertThat(day.tryReserve(usd(1, "3.01"))).isEmpty();

      now.advance(Duration.ofSeconds(601));

      assertThat(day.reserved()).isEqualTo(Charge.ZERO);
      assertThat(day.tryReserve(usd(1, "3.01"))).isPresent();
    }
  }

  @Test
  void theRunStoreOpensAFileTheBudgetCreatedFirst() {
    try (SqliteBudget day = open("1")) {
      day.tryReserve(usd(1, "0.5")).orElseThrow().settle(usd(1, "0.5"));
    }

    try (SqliteRunStore store = SqliteRunStore.open(dir)) {
      store.runStarted("run-1", "test", Instant.parse("2026-11-24T10:00:00Z"));
      assertThat(store.database()).isEqualTo(file().toAbsolutePath());
    }
    try (SqliteBudget day = open("1")) {
      assertThat(day.spent()).isEqualTo(usd(1, "0.5"));
    }
  }

  @Test
  void theBudgetJoinsAnExistingRunStore() {
    try (SqliteRunStore store = SqliteRunStore.open(dir)) {
      store.runStarted("run-1", "test", Instant.parse("2026-11-24T10:00:00Z"));
    }

    try (SqliteBudget day = open("1")) {
      assertThat(day.tryReserve(usd(1, "1"))).isPresent();
    }
    try (SqliteRunStore store = SqliteRunStore.open(dir)) {
      assertThat(store.database()).isEqualTo(file().toAbsolutePath());
    }
  }

  @Test
  void anotherProgramsDatabaseIsRefusedAndLeftAsItWas() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    byte[] before = Files.readAllBytes(file());

    assertThatThrownBy(() -> open("1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toAbsolutePath().toString())
        .hasMessageContaining("not a Dark Factory run store, alignment ledger or budget");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void budgetTablesOfANewerVersionAreRefused() throws Exception {
    try (SqliteBudget day = open("1")) {
      assertThat(day.spent()).isEqualTo(Charge.ZERO);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("UPDATE budget_meta SET value = '99' WHERE key = 'schema_version'");
    }

    assertThatThrownBy(() -> open("1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("budget schema version 99, newer than version 1");
  }

  @Test
  void aFileThatIsNotADatabaseIsRefused() throws Exception {
    Files.writeString(file(), "this is not a database, it is a shopping list\n".repeat(100));

    assertThatThrownBy(() -> open("1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not a SQLite database");
  }

  @Test
  void aDayBudgetHasNoWallClockLimit() {
    assertThatThrownBy(
            () ->
                SqliteBudget.builder(file())
                    .limits(BudgetLimits.none().withWallClock(Duration.ofHours(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a day budget has no wall-clock limit");
  }

  @Test
  void aRunNestedInTheDayIsLimitedByWhatOtherProcessesSpentToday() {
    try (SqliteBudget other = open("2")) {
      other.tryReserve(usd(10, "1.50")).orElseThrow().settle(usd(10, "1.50"));
    }
    try (SqliteBudget day = open("2")) {
      HardBudget run = HardBudget.builder("run").parent(day.budget()).build();

      assertThat(run.remaining().costUsd()).isEqualByComparingTo("0.50");
      assertThat(run.tryReserve(usd(10, "0.51"))).isEmpty();
      run.tryReserve(usd(10, "0.50")).orElseThrow().settle(usd(10, "0.25"));

      assertThat(run.spent()).isEqualTo(usd(10, "0.25"));
      assertThat(day.spent()).isEqualTo(usd(20, "1.75"));
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return String.valueOf(e);
    }
  }
}

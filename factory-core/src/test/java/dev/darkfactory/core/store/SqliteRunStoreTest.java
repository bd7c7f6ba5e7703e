package dev.darkfactory.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path state() {
    return tmp.resolve("state");
  }

  static Connection raw(Path database) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + database);
  }

  static List<List<String>> query(Path database, String sql) throws SQLException {
    try (Connection c = raw(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static List<Long> sequences(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::sequence).toList();
  }

  // ------------------------------------------------------------------ writing and reading

  @Test
  void everyKindOfStepReadsBackEqualWithIncreasingSequences() {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      List<JournalEntry> appended = new ArrayList<>();
      for (int i = 0; i < 26; i++) {
        appended.add(store.append(StoreSamples.entry("run-1", i)));
      }

      assertThat(store.database()).isEqualTo(state().toAbsolutePath().resolve("factory.db"));
      assertThat(sequences(appended)).isSorted().doesNotHaveDuplicates().allMatch(s -> s > 0);
      assertThat(appended.stream().map(e -> e.step().kind()).collect(Collectors.toSet()))
          .hasSize(Step.Kind.values().length);
      for (int i = 0; i < appended.size(); i++) {
        JournalEntry expected = StoreSamples.entry("run-1", i);
        assertThat(appended.get(i))
            .isEqualTo(
                new JournalEntry(
                    appended.get(i).sequence(),
                    expected.runId(),
                    expected.specId(),
                    expected.fingerprint(),
                    expected.attempt(),
                    expected.at(),
                    expected.step()));
      }
      assertThat(store.entries("run-1")).isEqualTo(appended);
      assertThat(store.history(StoreSamples.SPEC, StoreSamples.FINGERPRINT)).isEqualTo(appended);
    }
  }

  @Test
  void historyIsOneSpecsContentAcrossRunsAndEntriesAreOneRun() {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      SpecId other = SpecId.of("other");
      JournalEntry a1 = store.append(claimed("run-a", StoreSamples.SPEC, "fp1"));
      JournalEntry b1 = store.append(claimed("run-b", StoreSamples.SPEC, "fp1"));
      JournalEntry a2 = store.append(claimed("run-a", StoreSamples.SPEC, "fp2"));
      JournalEntry a3 = store.append(claimed("run-a", other, "fp1"));
      JournalEntry b2 = store.append(claimed("run-b", StoreSamples.SPEC, "fp1"));

      assertThat(store.history(StoreSamples.SPEC, "fp1")).containsExactly(a1, b1, b2);
      assertThat(store.history(StoreSamples.SPEC, "fp2")).containsExactly(a2);
      assertThat(store.history(other, "fp1")).containsExactly(a3);
      assertThat(store.history(other, "fp2")).isEmpty();
      assertThat(store.entries("run-a")).containsExactly(a1, a2, a3);
      assertThat(store.entries("run-b")).containsExactly(b1, b2);
      assertThat(store.entries("run-c")).isEmpty();
    }
  }

  @Test
  void lastEntriesGivesEachJournalsLastStepOfTheAskedKindsNeverAClaim() {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      SpecId other = SpecId.of("other");
      SpecId third = SpecId.of("third");
      store.append(at("run-a", StoreSamples.SPEC, "fp1", new Step.SpecFinished(Resolution.HELD, "held")));
      JournalEntry heldAgain =
          store.append(at("run-a", StoreSamples.SPEC, "fp2", new Step.SpecFinished(Resolution.HELD, "held")));
      store.append(claimed("run-b", StoreSamples.SPEC, "fp2")); // a claim after it does not count
      store.append(at("run-a", other, "fp1", new Step.SpecFinished(Resolution.MERGED, "merged")));
      store.append(at("run-a", third, "fp1", new Step.SpecFinished(Resolution.HELD, "held")));
      store.append(at("run-b", third, "fp1", new Step.NoCandidate("nothing")));
      JournalEntry laterHeld =
          store.append(at("run-b", StoreSamples.SPEC, "fp1", new Step.SpecFinished(Resolution.HELD, "again")));

      assertThat(store.lastEntries(java.util.EnumSet.of(Step.Kind.SPEC_FINISHED)))
          .extracting(e -> e.specId().value() + "/" + e.fingerprint())
          .containsExactly(StoreSamples.SPEC.value() + "/fp2",
              "other/fp1", StoreSamples.SPEC.value() + "/fp1");
      assertThat(store.lastEntries(java.util.EnumSet.of(Step.Kind.SPEC_FINISHED)))
          .contains(heldAgain, laterHeld);
      assertThat(store.lastEntries(java.util.EnumSet.of(Step.Kind.NO_CANDIDATE)))
          .extracting(e -> e.specId()).containsExactly(third);
      assertThat(store.lastEntries(java.util.EnumSet.noneOf(Step.Kind.class))).isEmpty();
    }
  }

  private static JournalEntry at(String runId, SpecId spec, String fingerprint, Step step) {
    return JournalEntry.of(runId, spec, fingerprint, 1, StoreSamples.AT, step);
  }

  private static JournalEntry claimed(String runId, SpecId spec, String fingerprint) {
    return JournalEntry.of(runId, spec, fingerprint, 0, StoreSamples.AT, new Step.Claimed(runId));
  }

  @Test
  void entriesOutliveTheStoreThatWroteThem() {
    JournalEntry written;
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      store.runStarted("run-1", "factory-a", StoreSamples.AT);
      written = store.append(StoreSamples.entry("run-1", 6));
    }

    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      assertThat(store.entries("run-1")).containsExactly(written);
      assertThat(store.run("run-1")).isPresent();
      JournalEntry next = store.append(StoreSamples.entry("run-1", 7));
      assertThat(next.sequence()).isGreaterThan(written.sequence());
    }
  }

  @Test
  void appendLatencyIsLogged() {
    // Not an assertion on time: the figure goes to the test's output file for the docs.
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      long[] nanos = new long[300];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        store.append(StoreSamples.entry("run-1", i));
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "append latency over %d appends: median %d us, p90 %d us, max %d us%n",
          nanos.length,
          nanos[nanos.length / 2] / 1000,
          nanos[nanos.length * 9 / 10] / 1000,
          nanos[nanos.length - 1] / 1000);

      assertThat(store.entries("run-1")).hasSize(nanos.length);
    }
  }

  @Test
  void aStateDirectoryMayHaveAnyNameTheFileSystemAllows() {
    Path odd = tmp.resolve("state ?mode=ro&x=1 #% é");
    try (SqliteRunStore store = SqliteRunStore.open(odd)) {
      JournalEntry stored = store.append(StoreSamples.entry("run-1", 0));

      assertThat(store.entries("run-1")).containsExactly(stored);
      assertThat(odd.resolve("factory.db")).isRegularFile();
    }
  }

  // ------------------------------------------------------------------ runs

  @Test
  void aRunIsRecordedWhenItStartsAndWhenItEnds() {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      Instant start = Instant.parse("2026-01-01T10:00:00Z");
      Instant end = Instant.parse("2026-01-01T11:30:00.25Z");

      assertThat(store.run("run-1")).isEmpty();
      store.runStarted("run-1", "factory-a", start);
      assertThat(store.run("run-1")).contains(new RunRecord("run-1", "factory-a", start, null, 0));
      store.runFinished("run-1", end, 3);
      assertThat(store.run("run-1")).contains(new RunRecord("run-1", "factory-a", start, end, 3));
    }
  }

  @Test
  void aRunStartsOnceAndEndsOnceAndOnlyWhenItStarted() {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      String db = store.database().toString();
      store.runStarted("run-1", "factory-a", StoreSamples.AT);

      assertThatThrownBy(() -> store.runStarted("run-1", "factory-b", StoreSamples.AT))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "cannot record the start of run 'run-1' in " + db + ": the run is already recorded");
      assertThatThrownBy(() -> store.runFinished("run-9", StoreSamples.AT, 0))
          .isInstanceOf(StoreException.class)
          .hasMessage("cannot record the end of run 'run-9' in " + db + ": no such run was started");
      store.runFinished("run-1", StoreSamples.AT, 1);
      assertThatThrownBy(() -> store.runFinished("run-1", StoreSamples.AT.plusSeconds(1), 2))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "cannot record the end of run 'run-1' in "
                  + db
                  + ": the run already ended at "
                  + StoreSamples.AT);
      assertThat(store.run("run-1").orElseThrow().specsFinished()).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------ derived tables

  @Test
  void derivedRowsAreWrittenWithTheirStep() throws SQLException {
    List<JournalEntry> stored = new ArrayList<>();
    Path db;
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      db = store.database();
      for (Step step : StoreSamples.everyKind(2)) {
        stored.add(
            store.append(
                JournalEntry.of("run-1", StoreSamples.SPEC, "fp", 2, StoreSamples.AT, step)));
      }
    }
    long attemptSeq = seqOf(stored, Step.Kind.ATTEMPT_STARTED);
    long callSeq = seqOf(stored, Step.Kind.MODEL_CALLED);
    long agentSeq = seqOf(stored, Step.Kind.AGENT_FINISHED);
    long committedSeq = seqOf(stored, Step.Kind.CANDIDATE_COMMITTED);
    long decidedSeq = seqOf(stored, Step.Kind.DECIDED);
    long rebasedSeq = seqOf(stored, Step.Kind.REBASED);
    String at = StoreSamples.AT.toString();
    String base = StoreSamples.commit(0).hex();

    assertThat(query(db, "SELECT * FROM attempts"))
        .containsExactly(
            List.of("greeting", "fp", "2", "run-1", "" + attemptSeq, "factory/greeting/attempt-2",
                base, at));
    assertThat(query(db, "SELECT * FROM candidates ORDER BY seq"))
        .containsExactly(
            List.of("factory/greeting/attempt-2", "greeting", "2", StoreSamples.commit(2).hex(),
                base, at, "run-1", "" + committedSeq),
            List.of("factory/greeting/attempt-2-rebased", "greeting", "2",
                StoreSamples.commit(102).hex(), StoreSamples.commit(7).hex(), at, "run-1",
                "" + rebasedSeq));
    assertThat(query(db, "SELECT * FROM decisions"))
        .containsExactly(
            List.of("" + decidedSeq, "greeting", "2", "factory/greeting/attempt-2", "RETRY",
                "[\"holdout failed\",\"attempts remain\"]"));
    assertThat(query(db, "SELECT * FROM usage ORDER BY seq"))
        .containsExactly(
            List.of("" + callSeq, "call", "greeting", "2", "claude-sonnet", "100", "50", "1000",
                "200", "10"),
            List.of("" + agentSeq, "agent-total", "greeting", "2", "claude-sonnet,haiku", "300",
                "150", "3000", "600", "30"));
  }

  private static long seqOf(List<JournalEntry> entries, Step.Kind kind) {
    return entries.stream().filter(e -> e.step().kind() == kind).findFirst().orElseThrow()
        .sequence();
  }

  @Test
  void aCandidateCommittedAgainOnItsBranchReplacesTheRowButKeepsBothSteps() throws SQLException {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      var first = StoreSamples.candidate(1);
      var again =
          new dev.darkfactory.api.workspace.Candidate(
              first.specId(), 1, first.branch(), StoreSamples.commit(50), first.base());
      store.append(entryOf(new Step.CandidateCommitted(first)));
      JournalEntry second = store.append(entryOf(new Step.CandidateCommitted(again)));

      assertThat(store.entries("run-1")).hasSize(2);
      assertThat(query(store.database(), "SELECT commit_id, seq FROM candidates"))
          .containsExactly(List.of(StoreSamples.commit(50).hex(), "" + second.sequence()));
    }
  }

  private static JournalEntry entryOf(Step step) {
    return JournalEntry.of("run-1", StoreSamples.SPEC, "fp", 1, StoreSamples.AT, step);
  }

  @Test
  void aStepWhoseDerivedRowIsRefusedIsNotStoredEither() throws SQLException {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      JournalEntry first =
          store.append(entryOf(new Step.AttemptStarted("factory/greeting/attempt-1", StoreSamples.commit(0))));
      try (Connection c = raw(store.database());
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON attempts BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
      }
      Step second = new Step.AttemptStarted("factory/greeting/attempt-2", StoreSamples.commit(1));

      assertThatThrownBy(() -> store.append(JournalEntry.of("run-1", StoreSamples.SPEC, "fp", 2, StoreSamples.AT, second)))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(
              "cannot append ATTEMPT_STARTED of spec 'greeting' attempt 2 for run 'run-1' in "
                  + store.database()
                  + ": ")
          .hasMessageContaining("refused by the test");
      assertThat(store.entries("run-1")).containsExactly(first);
      assertThat(query(store.database(), "SELECT count(*) FROM steps"))
          .containsExactly(List.of("1"));
      // The failed transaction left nothing behind: the next append works.
      assertThat(store.append(entryOf(new Step.NoCandidate("none"))).sequence())
          .isGreaterThan(first.sequence());
    }
  }

  @Test
  void anAttemptStartedAgainInTheSameRunKeepsOneRowAndBothSteps() throws SQLException {
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      Step start = new Step.AttemptStarted("factory/greeting/attempt-1", StoreSamples.commit(0));
      store.append(entryOf(start));
      // An engine retried the implement step of a worker that died: the same attempt, same run.
      JournalEntry again = store.append(entryOf(start));

      assertThat(store.entries("run-1")).hasSize(2);
      assertThat(query(store.database(), "SELECT attempt, run_id, seq FROM attempts"))
          .containsExactly(List.of("1", "run-1", "" + again.sequence()));
    }
  }

  // ------------------------------------------------------------------ sharing

  @Test
  void instancesInThisJvmAndAProcessAppendAtOnceAndNothingIsLost() throws Exception {
    int threadsPerStore = 4;
    int each = 200;
    try (SqliteRunStore a = SqliteRunStore.open(state());
        SqliteRunStore b = SqliteRunStore.open(state())) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerStore);
      ChildJvm child =
          ChildJvm.start(tmp, List.of(), "append", state().toString(), "run-child", "" + each);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<String> runs = new ArrayList<>();
        List<Future<List<JournalEntry>>> writers = new ArrayList<>();
        for (SqliteRunStore store : List.of(a, b)) {
          for (int t = 0; t < threadsPerStore; t++) {
            String runId = (store == a ? "a" : "b") + "-thread-" + t;
            runs.add(runId);
            writers.add(
                pool.submit(
                    () -> {
                      go.await();
                      List<JournalEntry> mine = new ArrayList<>();
                      for (int i = 0; i < each; i++) {
                        mine.add(store.append(StoreSamples.entry(runId, i)));
                      }
                      return mine;
                    }));
          }
        }
        go.countDown();

        List<Long> childSeqs = new ArrayList<>();
        for (String line : child.remainingLines()) {
          if (line.startsWith("seq ")) {
            childSeqs.add(Long.parseLong(line.substring(4)));
          }
        }
        assertThat(child.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process().exitValue()).as(child.stderrText()).isZero();
        Set<Long> all = new HashSet<>(childSeqs);
        assertThat(childSeqs).hasSize(each).isSorted().doesNotHaveDuplicates();
        assertThat(sequences(a.entries("run-child"))).isEqualTo(childSeqs);
        for (int w = 0; w < writers.size(); w++) {
          List<JournalEntry> mine = writers.get(w).get(120, TimeUnit.SECONDS);
          assertThat(sequences(mine)).hasSize(each).isSorted().doesNotHaveDuplicates();
          all.addAll(sequences(mine));
          assertThat(a.entries(runs.get(w))).isEqualTo(mine);
          assertThat(b.entries(runs.get(w))).isEqualTo(mine);
        }
        assertThat(all).hasSize(each * (writers.size() + 1));
        assertThat(query(a.database(), "SELECT count(*), min(seq), max(seq) FROM steps"))
            .containsExactly(List.of("" + all.size(), "1", "" + all.size()));
      } finally {
        pool.shutdownNow();
        child.process().destroyForcibly();
        child.close();
      }
    }
  }

  // ------------------------------------------------------------------ export

  @Test
  void exportWritesEveryRunThenEveryStepAsOneJsonObjectPerLine() throws Exception {
    List<JournalEntry> stored = new ArrayList<>();
    StringWriter out = new StringWriter();
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      store.runStarted("run-2", "factory-b", StoreSamples.AT);
      store.runStarted("run-1", "factory-a", StoreSamples.AT.plusSeconds(1));
      store.runFinished("run-2", StoreSamples.AT.plusSeconds(60), 1);
      for (int i = 0; i < 13; i++) {
        stored.add(store.append(StoreSamples.entry(i % 2 == 0 ? "run-1" : "run-2", i)));
      }

      store.exportJsonLines(out);
    }

    List<String> lines = out.toString().lines().toList();
    assertThat(out.toString()).endsWith("\n");
    assertThat(lines).hasSize(2 + stored.size());
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"type\":\"run\",\"runId\":\"run-2\",\"owner\":\"factory-b\","
                + "\"startedAt\":\"2026-03-04T05:06:07.123456789Z\","
                + "\"finishedAt\":\"2026-03-04T05:07:07.123456789Z\",\"specsFinished\":1}");
    assertThat(JournalJson.runFromJson(lines.get(1)))
        .isEqualTo(new RunRecord("run-1", "factory-a", StoreSamples.AT.plusSeconds(1), null, 0));
    for (int i = 0; i < stored.size(); i++) {
      String line = lines.get(2 + i);
      JsonNode tree = JSON.readTree(line);
      assertThat(tree.fieldNames())
          .toIterable()
          .containsExactly("type", "seq", "runId", "specId", "fingerprint", "attempt", "at",
              "kind", "step");
      assertThat(tree.get("type").asText()).isEqualTo("step");
      assertThat(JournalJson.entryFromJson(line)).isEqualTo(stored.get(i));
      assertThat(line).isEqualTo("{\"type\":\"step\"," + JournalJson.toJson(stored.get(i)).substring(1));
    }
  }

  @Test
  void exportStreamsAHundredThousandEntriesInASmallHeap() throws Exception {
    int count = 100_000;
    Path db;
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      db = store.database();
      store.runStarted("bulk", "factory-a", StoreSamples.AT);
    }
    // Written in one transaction straight into the table: 100k durable appends take minutes.
    String payload = JournalJson.toJson(new Step.NoCandidate("x".repeat(600)));
    try (Connection c = raw(db)) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO steps (run_id, spec_id, fingerprint, attempt, kind, at, payload)"
                  + " VALUES ('bulk', 'greeting', 'fp', 1, 'NO_CANDIDATE', ?, ?)")) {
        for (int i = 0; i < count; i++) {
          insert.setString(1, StoreSamples.AT.plusMillis(i).toString());
          insert.setString(2, payload);
          insert.addBatch();
          if (i % 5000 == 4999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      c.commit();
    }
    assertThat(Files.size(db)).isGreaterThan(60L << 20);

    // 60 MB of JSON does not fit a 32 MB heap: the export passes only if it streams.
    ChildJvm child = ChildJvm.start(tmp, List.of("-Xmx32m"), "export", state().toString());
    try {
      List<String> output = child.remainingLines();
      assertThat(child.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.process().exitValue()).as(child.stderrText()).isZero();
      assertThat(output).containsExactly("lines " + (count + 1) + " ordered true max-heap-mib 32");
    } finally {
      child.close();
    }
  }

  // ------------------------------------------------------------------ refusing files

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndLeftAsItWas() throws IOException {
    Files.createDirectories(state());
    Path db = state().resolve("factory.db");
    byte[] bytes = "this is my shopping list, not a database\n".repeat(200).getBytes();
    Files.write(db, bytes);

    assertThatThrownBy(() -> SqliteRunStore.open(state()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot open the run store " + db.toAbsolutePath() + ": " + db.toAbsolutePath()
                + " is not a SQLite database");
    assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
    try (Stream<Path> files = Files.list(state())) {
      assertThat(files).containsExactly(db);
    }
  }

  @Test
  void aSqliteDatabaseOfAnotherProgramIsRefusedAndLeftAsItWas() throws Exception {
    Files.createDirectories(state());
    Path db = state().resolve("factory.db").toAbsolutePath();
    try (Connection c = raw(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE recipes (name TEXT)");
      s.execute("INSERT INTO recipes VALUES ('bread')");
    }
    byte[] before = Files.readAllBytes(db);

    assertThatThrownBy(() -> SqliteRunStore.open(state()))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            db + " is a SQLite database but not a Dark Factory run store (application id 0, 1"
                + " tables); move it away or choose another state directory");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    try (Stream<Path> files = Files.list(state())) {
      assertThat(files).containsExactly(db);
    }
  }

  @Test
  void aStoreWrittenByANewerVersionIsRefused() throws Exception {
    Path db;
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      db = store.database();
    }
    try (Connection c = raw(db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 7");
    }

    assertThatThrownBy(() -> SqliteRunStore.open(state()))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            db + " has run store schema version 7, newer than version 1 that this version of"
                + " Dark Factory knows; open it with a newer version");
  }

  @Test
  void aNewStoreIsMarkedVersionedAndWriteAheadLogged() throws Exception {
    Path db;
    try (SqliteRunStore store = SqliteRunStore.open(state())) {
      db = store.database();
    }

    assertThat(query(db, "PRAGMA user_version")).containsExactly(List.of("1"));
    assertThat(query(db, "PRAGMA application_id"))
        .containsExactly(List.of("" + SqliteRunStore.APPLICATION_ID));
    assertThat(query(db, "PRAGMA journal_mode")).containsExactly(List.of("wal"));
    assertThat(query(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        + " ORDER BY name"))
        .containsExactly(
            List.of("candidates_by_spec"), List.of("steps_by_run"), List.of("steps_by_spec"));
  }

  // ------------------------------------------------------------------ closing

  @Test
  void closingTwiceIsFineAndUseAfterCloseIsAnError() {
    SqliteRunStore store = SqliteRunStore.open(state());
    store.close();
    store.close();

    String closed = "the run store " + store.database() + " is closed";
    assertThatThrownBy(() -> store.append(StoreSamples.entry("run-1", 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(closed);
    assertThatThrownBy(() -> store.entries("run-1")).hasMessage(closed);
    assertThatThrownBy(() -> store.history(StoreSamples.SPEC, "fp")).hasMessage(closed);
    assertThatThrownBy(() -> store.run("run-1")).hasMessage(closed);
    assertThatThrownBy(() -> store.runStarted("run-1", "o", StoreSamples.AT)).hasMessage(closed);
    assertThatThrownBy(() -> store.runFinished("run-1", StoreSamples.AT, 0)).hasMessage(closed);
    assertThatThrownBy(() -> store.exportJsonLines(new StringWriter()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(closed);
  }
}

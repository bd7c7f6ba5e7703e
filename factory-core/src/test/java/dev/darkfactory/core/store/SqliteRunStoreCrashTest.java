package dev.darkfactory.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process in the middle of appending and checks that what it was told is stored. */
class SqliteRunStoreCrashTest {

  private static final int KILLS = 5;

  @TempDir Path tmp;

  @Test
  void aProcessKilledWhileAppendingLosesNoEntryItWasToldWasStored() throws Exception {
    Path state = tmp.resolve("state");
    Map<String, List<Long>> reported = new LinkedHashMap<>();
    for (int kill = 0; kill < KILLS; kill++) {
      String runId = "crash-" + kill;
      int wanted = 30 + 25 * kill;
      List<Long> seqs = new ArrayList<>();
      ChildJvm child = ChildJvm.start(tmp, List.of(), "append", state.toString(), runId, "-1");
      try {
        while (seqs.size() < wanted) {
          String line = child.nextLine();
          if (line.startsWith("seq ")) {
            seqs.add(Long.parseLong(line.substring(4)));
          }
        }
        child.process().destroyForcibly(); // SIGKILL, in the middle of some append
        assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.close();
      }
      reported.put(runId, seqs);

      try (SqliteRunStore store = SqliteRunStore.open(state)) {
        for (Map.Entry<String, List<Long>> run : reported.entrySet()) {
          // Everything reported is there. The child may have stored more than the parent read
          // before the kill (lines still in the pipe, or an append it had not printed yet); those
          // must be whole, correct entries too.
          List<JournalEntry> stored = store.entries(run.getKey());
          List<Long> told = run.getValue();
          assertThat(stored.size()).isGreaterThanOrEqualTo(told.size());
          for (int i = 0; i < stored.size(); i++) {
            JournalEntry expected = StoreSamples.entry(run.getKey(), i);
            assertThat(stored.get(i).step()).isEqualTo(expected.step());
            assertThat(stored.get(i).attempt()).isEqualTo(expected.attempt());
            if (i < told.size()) {
              assertThat(stored.get(i).sequence()).isEqualTo(told.get(i));
            }
          }
        }
      }
      assertThat(SqliteRunStoreTest.query(state.resolve("factory.db"), "PRAGMA integrity_check"))
          .containsExactly(List.of("ok"));
      assertThat(
              SqliteRunStoreTest.query(state.resolve("factory.db"), "PRAGMA foreign_key_check"))
          .isEmpty();
    }
  }
}

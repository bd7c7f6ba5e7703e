package dev.darkfactory.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.CommitId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming reads and batched appends. */
class SqliteRunStoreStreamingTest {

  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;

  @Test
  void forEachEntryStreamsOneRunInSequenceOrder() {
    try (SqliteRunStore store = SqliteRunStore.open(dir)) {
      store.runStarted("run-a", "a", T);
      store.runStarted("run-b", "b", T);
      for (int i = 1; i <= 30; i++) {
        String run = i % 3 == 0 ? "run-b" : "run-a";
        store.append(JournalEntry.of(run, SpecId.of("s" + i), "f".repeat(64), i, T.plusSeconds(i),
            new Step.AttemptStarted("factory/s" + i + "/attempt-" + i, CommitId.of("a".repeat(40)))));
      }
      List<JournalEntry> streamed = new ArrayList<>();

      store.forEachEntry("run-a", streamed::add);

      assertThat(streamed).hasSize(20).isEqualTo(store.entries("run-a"));
      assertThat(streamed).extracting(JournalEntry::sequence).isSorted();
      assertThat(streamed).allSatisfy(e -> assertThat(e.runId()).isEqualTo("run-a"));
    }
  }

  @Test
  void appendAllStoresEveryEntryWithIncreasingSequences() {
    try (SqliteRunStore store = SqliteRunStore.open(dir)) {
      store.runStarted("run-a", "a", T);
      SpecId spec = SpecId.of("s");
      List<JournalEntry> stored =
          store.appendAll(
              List.of(
                  JournalEntry.of("run-a", spec, "f".repeat(64), 0, T, new Step.Claimed("a")),
                  JournalEntry.of("run-a", spec, "f".repeat(64), 1, T,
                      new Step.AttemptStarted("factory/s/attempt-1", CommitId.of("a".repeat(40))))));

      assertThat(stored).extracting(JournalEntry::sequence).containsExactly(1L, 2L);
      assertThat(store.history(spec, "f".repeat(64))).isEqualTo(stored);
      assertThat(store.appendAll(List.of())).isEmpty();
    }
  }
}

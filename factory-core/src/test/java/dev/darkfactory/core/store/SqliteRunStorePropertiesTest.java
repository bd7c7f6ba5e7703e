package dev.darkfactory.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The properties of {@link SqliteRunStoreTest}, apart so each engine reports its own class. */
class SqliteRunStorePropertiesTest {

  @Property(tries = 40)
  void anyStepReadsBackEqual(@ForAll("steps") Step step) throws IOException {
    Path dir = Files.createTempDirectory("store-property");
    try (SqliteRunStore store = SqliteRunStore.open(dir)) {
      JournalEntry stored =
          store.append(JournalEntry.of("run", StoreSamples.SPEC, "fp", 1, StoreSamples.AT, step));

      assertThat(store.entries("run")).containsExactly(stored);
      assertThat(stored.step()).isEqualTo(step);
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  @Provide
  Arbitrary<Step> steps() {
    return StepArbitraries.steps();
  }
}

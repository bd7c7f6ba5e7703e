package dev.darkfactory.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The properties of {@link JournalJsonTest}, apart so each engine reports its own class. */
class JournalJsonPropertiesTest {

  @Property(tries = 300)
  void everyStepComesBackEqual(@ForAll("steps") Step step) {
    assertThat(JournalJson.stepFromJson(JournalJson.toJson(step))).isEqualTo(step);
  }

  @Property(tries = 200)
  void everyEntryComesBackEqual(@ForAll("entries") JournalEntry entry) {
    assertThat(JournalJson.entryFromJson(JournalJson.toJson(entry))).isEqualTo(entry);
  }

  @Property(tries = 200)
  void everyRunComesBackEqual(@ForAll("runs") RunRecord run) {
    assertThat(JournalJson.runFromJson(JournalJson.toJson(run))).isEqualTo(run);
  }

  @Provide
  Arbitrary<Step> steps() {
    return StepArbitraries.steps();
  }

  @Provide
  Arbitrary<JournalEntry> entries() {
    return StepArbitraries.entries();
  }

  @Provide
  Arbitrary<RunRecord> runs() {
    return StepArbitraries.runs();
  }
}

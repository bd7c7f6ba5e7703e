package dev.darkfactory.testkit.arbitraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.core.spec.SpecReader;
import dev.darkfactory.core.spec.SpecWriter;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class SpecRoundTripTest {

  private final SpecReader reader = new SpecReader();
  private final SpecWriter writer = new SpecWriter();

  @Property(tries = 500)
  void writingThenReadingGivesAnEqualSpec(@ForAll("specs") Spec spec) {
    Statistics.label("other sections").collect(spec.otherSections().size());
    Statistics.label("summary").collect(spec.summary().isEmpty() ? "none" : "some");

    Spec read = reader.parse(writer.write(spec), "spec.md");

    assertThat(read).isEqualTo(spec);
  }

  @Property(tries = 200)
  void writingIsStableAcrossRoundTrips(@ForAll("specs") Spec spec) {
    String once = writer.write(spec);

    assertThat(writer.write(reader.parse(once, "spec.md"))).isEqualTo(once);
  }

  @Example
  void refusesSectionTextThatWouldReadBackAsAHeading() {
    Spec spec =
        Spec.builder("s")
            .title("t")
            .goal("Do it.\n## Sneaky section\nmore")
            .build();

    assertThatThrownBy(() -> writer.write(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("section 'Goal'")
        .hasMessageContaining("## Sneaky section");
  }

  @Example
  void refusesAnUnclosedFenceThatWouldSwallowLaterSections() {
    Spec spec = Spec.builder("s").title("t").goal("Do it.\n```\ncode").constraints("keep").build();

    assertThatThrownBy(() -> writer.write(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed code fence");
  }

  @Provide
  Arbitrary<Spec> specs() {
    return SpecArbitraries.specs();
  }
}

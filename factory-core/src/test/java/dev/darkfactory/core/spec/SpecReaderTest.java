package dev.darkfactory.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

  private final SpecReader reader = new SpecReader();

  private static final String FULL =
      """
      ---
      id: greeting
      title: Greet a person
      labels: [cli, "team:tools"]
      priority: 3
      protected: [src/test/**, pom.xml]
      ---
      # Greet a person

      Why this matters.

      ## Goal

      Print a greeting.

      ```markdown
      ## Goal
      # not a title either
      ```

      ## Constraints

      - Java 17 only.

      ## Interfaces

      `Greeter.main(String[])`

      ## Non goals

      Localisation.

      ## Acceptance

      - greets-ada
      * `greets-grace`: with a description after the id

      ## Notes

      Kept, not lost.

      ### A deeper heading stays inside Notes
      """;

  @Test
  void readsEveryPartOfTheFormat() {
    Spec spec = reader.parse(FULL, "specs/greeting.md");

    assertThat(spec.id()).isEqualTo(SpecId.of("greeting"));
    assertThat(spec.title()).isEqualTo("Greet a person");
    assertThat(spec.summary()).isEqualTo("Why this matters.");
    assertThat(spec.goal())
        .isEqualTo("Print a greeting.\n\n```markdown\n## Goal\n# not a title either\n```");
    assertThat(spec.constraints()).isEqualTo("- Java 17 only.");
    assertThat(spec.interfaces()).isEqualTo("`Greeter.main(String[])`");
    assertThat(spec.nonGoals()).isEqualTo("Localisation.");
    assertThat(spec.acceptance())
        .containsExactly(ScenarioId.of("greets-ada"), ScenarioId.of("greets-grace"));
    assertThat(spec.otherSections())
        .containsExactly(
            org.assertj.core.api.Assertions.entry(
                "Notes", "Kept, not lost.\n\n### A deeper heading stays inside Notes"));
    assertThat(spec.labels()).containsExactly("cli", "team:tools");
    assertThat(spec.priority()).isEqualTo(3);
    assertThat(spec.protectedPaths()).containsExactly("src/test/**", "pom.xml");
    assertThat(spec.source()).isEqualTo(SourceLocation.of("specs/greeting.md"));
  }

  @Test
  void takesTheIdFromTheFileNameAndTheTitleFromTheHeadingWhenFrontMatterIsAbsent() {
    Spec spec = reader.parse("# Count words\n\n## Goal\n\nCount them.\n", "dir/word-count.md");

    assertThat(spec.id()).isEqualTo(SpecId.of("word-count"));
    assertThat(spec.title()).isEqualTo("Count words");
    assertThat(spec.priority()).isZero();
    assertThat(spec.labels()).isEmpty();
  }

  @Test
  void matchesSectionHeadingsIgnoringCaseSpacingPunctuationAndClosingHashes() {
    Spec spec =
        reader.parse(
            "# T\n## GOAL ##\ng\n## non_goals\nn\n##   Constraints   \nc\n", "s.md");

    assertThat(spec.goal()).isEqualTo("g");
    assertThat(spec.nonGoals()).isEqualTo("n");
    assertThat(spec.constraints()).isEqualTo("c");
  }

  @Test
  void acceptsWindowsLineEndingsAndAByteOrderMark() {
    Spec spec = reader.parse("\uFEFF---\r\nid: x\r\ntitle: T\r\n---\r\n## Goal\r\nline one\r\nline two\r\n", "x.md");

    assertThat(spec.goal()).isEqualTo("line one\nline two");
  }

  @Test
  void reportsEveryProblemOfAFileAtOnceWithItsLine() {
    String text =
        """
        ---
        title: T
        labels: [Bad Label]
        priority: -1
        ---
        ## Constraints
        c
        ## Constraints
        again
        """;

    assertThat(ProblemLines.problemsOf(() -> reader.parse(text, "bad.md")))
        .containsExactly(
                        "bad.md: missing section '## Goal' (expected a '## Goal' section saying what to build)",
                        "bad.md:3: front matter: labels[0] is 'Bad Label' (expected a lowercase label of letters, digits and '.', '_', ':', '/', '-')",
                        "bad.md:4: front matter: priority is '-1' (expected an integer of at least 0)",
                        "bad.md:8: section 'Constraints' appears twice (first at line 6) (expected each section once)");
  }

  @Test
  void readsFromAFileNamingItAsTheSource(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tidy.md");
    Files.writeString(file, "# Tidy\n## Goal\nTidy up.\n");

    Spec spec = reader.read(file);

    assertThat(spec.id()).isEqualTo(SpecId.of("tidy"));
    assertThat(spec.source()).isEqualTo(SourceLocation.of(file.toString()));
  }
}

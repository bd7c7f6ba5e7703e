package dev.darkfactory.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  private static final Path FACTORY = Path.of("factory");

  @Test
  void loadsTheBundledQueueAndShowsHoldoutsOnlyAsCounts() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            FACTORY,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("greeting: Greet a person by name")
        .contains("word-count: Count the words of standard input")
        .contains("visible scenario greets-ada")
        .contains("holdout scenarios: 2 (contents withheld)");
    try (Stream<Path> holdouts = Files.walk(FACTORY.resolve("holdouts"))) {
      for (Path file : holdouts.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(file)) {
          String id = line.strip();
          if (id.startsWith("- id: ")) {
            assertThat(printed).doesNotContain(id.substring("- id: ".length()));
          }
        }
      }
    }
  }

  @Test
  void reportsInvalidSpecsAndExitsWithOne(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("specs"));
    Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(dir.resolve("specs/broken.md"), "# Broken\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            dir, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.md: missing section '## Goal'");
  }
}

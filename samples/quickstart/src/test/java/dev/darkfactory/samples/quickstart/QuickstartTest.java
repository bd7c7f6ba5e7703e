package dev.darkfactory.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.core.git.Git;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

  private static final Path FACTORY = Path.of("factory");

  @TempDir Path work;

  @Test
  void runsTheScriptedSessionEndToEndAndMergesBothSpecs() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            FACTORY,
            work,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("No model is configured")
        .contains("SCRIPTED SESSION")
        .contains("greeting: MERGED after 1 attempt")
        .contains("word-count: MERGED after 2 attempts")
        .contains("word-count: verdict FAIL")
        .contains("Report:  ")
        .contains("Merge branch 'factory/greeting/attempt-1' into main")
        .contains("Merge branch 'factory/word-count/attempt-2' into main")
        .contains("factory/word-count/attempt-1");
    Git target = Git.in(work.resolve("target.git"));
    assertThat(target.output("show", "main:src/WordCount.java")).contains("split(\"\\\\s+\")");
    assertThat(target.output("show", "main:src/Greeter.java")).contains("Hello, ");
    Path report = Path.of(printed.lines().filter(l -> l.startsWith("Report:  ")).findFirst().orElseThrow().substring(9));
    assertThat(Files.readString(report)).contains("\"merged\" : 2");
  }

  @Test
  void saysSoWhenAModelKeyIsSetButStillRunsTheLabelledSession() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            FACTORY,
            work,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of("ANTHROPIC_API_KEY", "sk-test"));

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("A model is configured (anthropic)")
        .contains("SCRIPTED SESSION");
  }

  @Test
  void reportsInvalidSpecsExitsWithOneAndWritesNoState(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("specs"));
    Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(dir.resolve("specs/broken.md"), "# Broken\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Quickstart.run(
            dir,
            work,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.md");
    assertThat(work.resolve("target.git")).doesNotExist();
    assertThat(work.resolve("state")).doesNotExist();
  }
}

package dev.darkfactory.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.model.ModelProviders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart end to end: the default agent on the recorded session, the holdout evaluator and
 * the default policy, on real git and the real sandbox.
 */
class QuickstartTest {

  private static final Path FACTORY = Path.of("factory");

  @TempDir Path work;

  /** What one run printed, and its exit status. */
  private record Run(int status, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private Run run(Path factory, Map<String, String> env) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Quickstart.run(
            factory,
            work,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theRecordedSessionMergesGreetingAtOnceAndAHoldoutCatchesWordCountsFirstAttempt() throws Exception {
    Run run = run(FACTORY, Map.of());

    assertThat(run.status()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("Its model is a RECORDED SESSION, not a live model")
        .contains("3 cassettes in ")
        .contains("No model is configured")
        // greeting: merged on its first attempt, every scenario passed
        .contains("greeting, attempt 1: visible scenarios 1 of 1 passed, holdouts 2 of 2 passed; verdict PASS; decision MERGE.")
        .contains("greeting: MERGED after 1 attempt")
        // word-count: the visible scenario passed, a holdout failed, the policy sent it back
        .contains("word-count, attempt 1: visible scenarios 1 of 1 passed, holdouts 1 of 2 passed; verdict FAIL; decision RETRY.")
        .contains("Caught by a holdout: every visible scenario passed, but hidden counts-empty-input-as-zero failed.")
        .contains("The next attempt was told only: \"the evaluator's verdict was FAIL; hidden scenarios passed: 1 of 2\"")
        .contains("word-count, attempt 2: visible scenarios 1 of 1 passed, holdouts 2 of 2 passed; verdict PASS; decision MERGE.")
        .contains("word-count: MERGED after 2 attempts")
        .contains("Replay: all 8 recorded model calls in 3 cassettes were played, and every request matched its recording.");

    Git target = Git.in(work.resolve("target.git"));
    assertThat(target.output("log", "--format=%s", "main"))
        .contains("Merge branch 'factory/greeting/attempt-1' into main")
        .contains("Merge branch 'factory/word-count/attempt-2' into main")
        .doesNotContain("factory/word-count/attempt-1");
    // The caught attempt is kept on its branch, with the bug the holdout found.
    assertThat(target.output("show", "factory/word-count/attempt-1:src/WordCount.java")).contains("split(\" \")");
    assertThat(target.output("show", "main:src/WordCount.java")).contains("split(\"\\\\s+\")");
    assertThat(target.output("show", "main:src/Greeter.java")).contains("Hello, ");
    // The default agent made the candidates, on the recorded model, and left no build output.
    assertThat(target.output("log", "-1", "--format=%B", "factory/greeting/attempt-1"))
        .contains("tool-loop")
        .contains("scripted-coder");
    assertThat(target.output("ls-tree", "-r", "--name-only", "main")).doesNotContain("out/");
    Path report =
        Path.of(run.out().lines().filter(l -> l.startsWith("Report:  ")).findFirst().orElseThrow().substring(9));
    assertThat(Files.readString(report)).contains("\"merged\" : 2");
    // The run's own report, from the journal, says the same: greeting merged at once; a holdout
    // (and only a holdout) failed word-count's first attempt, which was retried and merged.
    assertThat(attemptsIn(report))
        .containsExactly(
            "greeting 1: failed visible [], failed holdouts [], verdict PASS, MERGE",
            "word-count 1: failed visible [], failed holdouts [counts-empty-input-as-zero], verdict FAIL, RETRY",
            "word-count 2: failed visible [], failed holdouts [], verdict PASS, MERGE");
  }

  /** Every attempt of the run report, as one line: failed scenarios, verdict, decision. */
  private static List<String> attemptsIn(Path report) throws Exception {
    JsonNode root = new ObjectMapper().readTree(report.toFile());
    List<String> lines = new ArrayList<>();
    for (JsonNode spec : root.get("specs")) {
      for (JsonNode attempt : spec.get("attempts")) {
        JsonNode evaluation = attempt.get("evaluations").get(0);
        List<String> visible = new ArrayList<>();
        List<String> holdouts = new ArrayList<>();
        for (JsonNode scenario : evaluation.get("scenarios")) {
          if (!scenario.get("verdict").asText().equals("PASS")) {
            (scenario.get("visibility").asText().equals("HOLDOUT") ? holdouts : visible).add(scenario.get("id").asText());
          }
        }
        String action = attempt.get("decisions").get(0).get("action").asText();
        lines.add(spec.get("specId").asText() + " " + attempt.get("attempt").asInt() + ": failed visible " + visible
            + ", failed holdouts " + holdouts + ", verdict " + evaluation.get("verdict").asText() + ", " + action);
      }
    }
    return lines;
  }

  @Test
  void aRepositoryTheRecordingDidNotSeeStopsTheReplayAtTheFirstDifferentRequest(@TempDir Path copy)
      throws Exception {
    copyTree(FACTORY, copy);
    Files.writeString(copy.resolve("target-repo/src/Extra.java"), "class Extra {}\n");

    Run run = run(copy, Map.of());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains("The replay stopped: the agent did not follow the recorded session.")
        .contains("does not match the cassette " + copy.toAbsolutePath().resolve("session/greeting/attempt-1.json"))
        .contains("interaction index 1 (2 of 3) differs first at $.messages[2].content[0].content")
        .contains("recorded: \"AGENTS.md\\nREADME.md\\nbuild.sh\\nsrc/Main.java\\n\"")
        .contains("received: \"AGENTS.md\\nREADME.md\\nbuild.sh\\nsrc/Extra.java\\nsrc/Main.java\\n\"");
  }

  @Test
  void aBrokenCassetteStopsTheRunBeforeItStartsNamingTheFile(@TempDir Path copy) throws Exception {
    copyTree(FACTORY, copy);
    Path cassette = copy.resolve("session/word-count/attempt-2.json");
    Files.writeString(cassette, Files.readString(cassette).replace("\"version\": 1", "\"version\": 7"));

    Run run = run(copy, Map.of());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains("cannot be replayed; nothing was run")
        .contains(cassette.toAbsolutePath() + ":3: $.version: is version 7, but this testkit reads version 1");
    assertThat(work.resolve("target.git")).doesNotExist();
  }

  @Test
  void saysHowToRunLiveWhenAModelIsConfigured() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Quickstart.describeModels(
        ModelProviders.builder().environment(Map.of("ANTHROPIC_API_KEY", "sk-test")).build(),
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("A model is configured (anthropic), but the quickstart replays the recorded session")
        .contains("QUICKSTART_LIVE=anthropic QUICKSTART_MODEL=<model name> ./mvnw -q -B -Pquickstart");
  }

  @Test
  void aLiveRunNeedsAKnownProviderAndAModelName() throws Exception {
    Run noModel = run(FACTORY, Map.of("QUICKSTART_LIVE", "anthropic", "ANTHROPIC_API_KEY", "sk-test"));
    Run unknown = run(FACTORY, Map.of("QUICKSTART_LIVE", "nosuch", "QUICKSTART_MODEL", "m"));
    Run ambiguous = run(FACTORY, Map.of("QUICKSTART_LIVE", "1", "QUICKSTART_MODEL", "m"));
    Run noKey = run(FACTORY, Map.of("QUICKSTART_LIVE", "anthropic", "QUICKSTART_MODEL", "m"));

    assertThat(noKey.status()).isEqualTo(1);
    assertThat(noKey.err()).contains("The anthropic provider cannot be made: ").contains("ANTHROPIC_API_KEY");
    assertThat(noModel.status()).isEqualTo(1);
    assertThat(noModel.err()).contains("QUICKSTART_LIVE=anthropic needs QUICKSTART_MODEL");
    assertThat(unknown.err()).contains("QUICKSTART_LIVE=nosuch names no provider; the providers are [");
    assertThat(ambiguous.err()).contains("QUICKSTART_LIVE=1 needs exactly one configured provider, but none is configured");
    assertThat(work.resolve("target.git")).doesNotExist();
  }

  @Test
  void reportsInvalidSpecsExitsWithOneAndWritesNoState(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("specs"));
    Files.createDirectories(dir.resolve("holdouts"));
    Files.writeString(dir.resolve("specs/broken.md"), "# Broken\n");

    Run run = run(dir, Map.of());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("The specs are not valid").contains("broken.md");
    assertThat(work.resolve("target.git")).doesNotExist();
    assertThat(work.resolve("state")).doesNotExist();
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          target.toFile().setExecutable(p.toFile().canExecute());
        }
      }
    }
  }
}

package dev.darkfactory.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.spec.Visibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioReaderTest {

  private final ScenarioReader reader = ScenarioReader.standard();

  @Test
  void readsEveryBuiltInKind() {
    String yaml =
        """
        spec: greeting
        scenarios:
          - id: by-shell
            title: Runs through the shell
            check:
              kind: command
              run: make test && echo ok
              exitCode: 2
              stdout:
                - equals: "ok"
                - contains: o
                - regex: "^o"
                - json: {pointer: /count, equals: "3"}
              stderr:
                - contains: warn
          - id: by-argv
            title: Runs a program directly
            check: {kind: command, run: [java, -cp, out, Main]}
          - id: hidden-tests
            title: Hidden tests pass
            check:
              kind: test-suite
              run: mvn -o test
              reports: target/surefire-reports
              files: {src/test/java/HiddenTest.java: HiddenTest.java}
              failToPass: [HiddenTest#fixes]
              passToPass: [OldTest]
          - id: judged
            title: Reads well
            check: {kind: model-judge, rubric: 'Is the code idiomatic?', votes: 3, model: judge-1}
        """;

    ScenarioFile file = reader.parse(yaml, "greeting.yaml", Visibility.VISIBLE);

    assertThat(file.spec()).isEqualTo(SpecId.of("greeting"));
    assertThat(file.scenarios()).extracting(Scenario::check).containsExactly(
        new CommandCheck(
            List.of("sh", "-c", "make test && echo ok"),
            2,
            List.of(
                new OutputMatcher.Equals("ok"),
                new OutputMatcher.Contains("o"),
                new OutputMatcher.Regex("^o"),
                new OutputMatcher.JsonField("/count", "3")),
            List.of(new OutputMatcher.Contains("warn"))),
        new CommandCheck(List.of("java", "-cp", "out", "Main"), 0, List.of(), List.of()),
        new TestSuiteCheck(
            List.of("sh", "-c", "mvn -o test"),
            "target/surefire-reports",
            Map.of("src/test/java/HiddenTest.java", "HiddenTest.java"),
            Set.of("HiddenTest#fixes"),
            Set.of("OldTest")),
        new ModelJudgeCheck("Is the code idiomatic?", 3, "judge-1"));
  }

  @Test
  void appliesDefaultsAndTakesVisibilityFromTheSideOfTheFile() {
    String yaml = "spec: s\nscenarios:\n  - id: a\n    title: A\n    check: {kind: command, run: 'true'}\n";

    Scenario visible = reader.parse(yaml, "v.yaml", Visibility.VISIBLE).scenarios().get(0);
    Scenario holdout = reader.parse(yaml, "h.yaml", Visibility.HOLDOUT).scenarios().get(0);

    assertThat(visible.visibility()).isEqualTo(Visibility.VISIBLE);
    assertThat(holdout.visibility()).isEqualTo(Visibility.HOLDOUT);
    assertThat(visible.weight()).isEqualTo(1.0);
    assertThat(visible.required()).isTrue();
    assertThat(visible.trials()).isEqualTo(1);
    assertThat(visible.timeout()).isEqualTo(Scenario.DEFAULT_TIMEOUT);
    assertThat(visible.description()).isEmpty();
    assertThat(visible.source()).hasToString("v.yaml:3");
  }

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "PT1M30S,PT1M30S", "P1D,PT24H"})
  void readsDurations(String written, String expected) {
    String yaml =
        "spec: s\nscenarios:\n  - id: a\n    title: A\n    timeout: "
            + written
            + "\n    check: {kind: command, run: 'true'}\n";

    Scenario s = reader.parse(yaml, "v.yaml", Visibility.VISIBLE).scenarios().get(0);

    assertThat(s.timeout()).isEqualTo(Duration.parse(expected));
  }

  /** A user's own kind of check: an HTTP probe. */
  record HttpCheck(String url, int status) implements Check {
    HttpCheck {
      if (!url.startsWith("http://localhost")) {
        throw new IllegalArgumentException("url must be on localhost but was '" + url + "'");
      }
    }

    @Override
    public String kind() {
      return "http";
    }
  }

  @Test
  void readsARegisteredCustomKindAndReportsItsConstructorsComplaintsWithALine() {
    ScenarioReader custom = ScenarioReader.builder().kind("http", HttpCheck.class).build();
    String good =
        "spec: s\nscenarios:\n  - id: a\n    title: A\n    check: {kind: http, url: 'http://localhost:8080/health', status: 200}\n";
    String bad =
        "spec: s\nscenarios:\n  - id: a\n    title: A\n    check:\n      kind: http\n      url: 'https://example.com'\n      status: 200\n      method: GET\n";

    assertThat(custom.parse(good, "g.yaml", Visibility.VISIBLE).scenarios().get(0).check())
        .isEqualTo(new HttpCheck("http://localhost:8080/health", 200));
    assertThat(custom.kinds()).containsExactly("command", "http", "model-judge", "test-suite");
    assertThat(ProblemLines.problemsOf(() -> custom.parse(bad, "b.yaml", Visibility.VISIBLE)))
        .containsExactly(
                        "b.yaml:5: scenario 'a': url must be on localhost but was 'https://example.com' (expected a value HttpCheck accepts)",
                        "b.yaml:9: scenario 'a': unknown key 'method' (expected one of url, status, kind)");
  }

  @Test
  void refusesToRegisterABuiltInOrRepeatedKind() {
    assertThatThrownBy(() -> ScenarioReader.builder().kind("command", HttpCheck.class))
        .hasMessage("kind 'command' is built in and cannot be replaced");
    assertThatThrownBy(
            () -> ScenarioReader.builder().kind("http", HttpCheck.class).kind("http", HttpCheck.class))
        .hasMessageContaining("kind 'http' was already registered to ")
        .hasMessageContaining("HttpCheck");
    assertThatThrownBy(() -> ScenarioReader.builder().kind("Http Probe", HttpCheck.class))
        .hasMessage("kind must be lowercase words joined by '-' but was 'Http Probe'");
  }

  @Test
  void checksThatTestSuiteFilesExistBesideTheScenarioFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("HiddenTest.java"), "class HiddenTest {}");
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        spec: s
        scenarios:
          - id: a
            title: A
            check:
              kind: test-suite
              run: mvn test
              reports: target/surefire-reports
              files:
                src/test/java/HiddenTest.java: HiddenTest.java
                src/test/java/Missing.java: Missing.java
        """);

    assertThat(ProblemLines.problemsOf(() -> reader.read(file, Visibility.HOLDOUT)))
        .containsExactly(
                        file
                            + ":11: scenario 'a': test file 'Missing.java' does not exist (expected a file relative to "
                            + dir
                            + ")");
  }
}

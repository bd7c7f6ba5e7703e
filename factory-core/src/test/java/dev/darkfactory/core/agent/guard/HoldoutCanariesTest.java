package dev.darkfactory.core.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.core.spec.ScenarioFile;
import dev.darkfactory.core.spec.ScenarioReader;
import dev.darkfactory.core.spec.SpecCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoldoutCanariesTest {

  @TempDir Path root;

  private static final String HOLDOUT_YAML =
      """
      spec: greeting
      scenarios:
        - id: greets-world-without-argument
          title: Greets the world when no name is given
          description: |
            Without an argument the program
            greets the whole world.
          timeout: 60s
          check:
            kind: command
            run: javac -d out src/*.java && java -cp out Greeter
            stdout:
              - equals: "Hello, world!"
        - id: greets-other-names
          title: Greets a name it has never seen
          trials: 2
          weight: 2.5
          required: false
          timeout: 60s
          check:
            kind: command
            run: [sh, -c, "javac -d out src/*.java && java -cp out Greeter Grace"]
            stdout:
              - regex: "^Hello, Grace!$"
        - id: hidden-tests
          title: Hidden tests pass
          check:
            kind: test-suite
            run: ./build.sh test
            reports: target/reports
            files: {test/GreeterHiddenTest.java: GreeterHiddenTest.java}
            failToPass: [GreeterHiddenTest#greetsGrace]
      """;

  private String token(String relative) throws IOException {
    return HoldoutCanaries.canaryFor(root, root.resolve(relative)).orElseThrow();
  }

  private List<String> lines(String relative) throws IOException {
    return Files.readAllLines(root.resolve(relative), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a.yaml, #", "a.yml, #", "a.sh, #", "a.py, #", "a.rb, #", "a.toml, #", "a.properties, #",
    "A.java, //", "A.kt, //", "a.js, //", "a.ts, //", "a.go, //", "a.c, //", "a.h, //",
    "a.cpp, //", "a.rs, //", "A.scala, //", "A.swift, //", "a.md, <!--", "UPPER.YAML, #"
  })
  void plantsOneCommentLineAtTheTopInTheFilesSyntax(String name, String open) throws IOException {
    String body = "first line of " + name + "\nsecond line\n";
    Files.writeString(root.resolve(name), body);

    HoldoutCanaries.PlantReport report = HoldoutCanaries.plant(root);

    assertThat(report.planted()).containsExactly(name);
    String canary = token(name);
    assertThat(canary).matches("DFCANARY-[A-Z2-7]{20}");
    String close = open.equals("<!--") ? " -->" : "";
    String text = Files.readString(root.resolve(name));
    assertThat(text)
        .isEqualTo(open + " " + canary + " holdout canary, keep this line" + close + "\n" + body);
    assertThat(HoldoutCanaries.find(text)).containsExactly(canary);
  }

  @Test
  void plantingTwiceChangesNothing() throws IOException {
    Files.writeString(root.resolve("greeting.holdouts.yaml"), HOLDOUT_YAML);
    Files.createDirectories(root.resolve("tests"));
    Files.writeString(root.resolve("tests/HiddenTest.java"), "class HiddenTest {}\n");
    Files.writeString(root.resolve("tests/data.json"), "{}\n");
    HoldoutCanaries.PlantReport first = HoldoutCanaries.plant(root);
    String yaml = Files.readString(root.resolve("greeting.holdouts.yaml"));
    String java = Files.readString(root.resolve("tests/HiddenTest.java"));
    String salt = Files.readString(root.resolve(HoldoutCanaries.SALT_FILE));

    HoldoutCanaries.PlantReport second = HoldoutCanaries.plant(root);

    assertThat(first.planted()).containsExactly("greeting.holdouts.yaml", "tests/HiddenTest.java");
    assertThat(first.changedAnything()).isTrue();
    assertThat(second.changedAnything()).isFalse();
    assertThat(second.planted()).isEmpty();
    assertThat(second.alreadyPresent())
        .containsExactly("greeting.holdouts.yaml", "tests/HiddenTest.java");
    assertThat(second.skipped()).containsOnlyKeys("tests/data.json");
    assertThat(Files.readString(root.resolve("greeting.holdouts.yaml"))).isEqualTo(yaml);
    assertThat(Files.readString(root.resolve("tests/HiddenTest.java"))).isEqualTo(java);
    assertThat(Files.readString(root.resolve(HoldoutCanaries.SALT_FILE))).isEqualTo(salt);
    assertThat(HoldoutCanaries.find(yaml)).hasSize(1);
  }

  @Test
  void keepsTheShebangFirstAndTheScriptExecutable() throws IOException {
    Path script = root.resolve("check.sh");
    Files.writeString(script, "#!/bin/sh\nset -e\necho ok\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

    HoldoutCanaries.plant(root);

    assertThat(lines("check.sh"))
        .containsExactly(
            "#!/bin/sh",
            "# " + token("check.sh") + " holdout canary, keep this line",
            "set -e",
            "echo ok");
    assertThat(Files.getPosixFilePermissions(script))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE)
        .doesNotContain(PosixFilePermission.OTHERS_READ);
  }

  @Test
  void keepsAPythonEncodingLineWhereItMustBe() throws IOException {
    Files.writeString(
        root.resolve("t.py"), "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint('x')\n");

    HoldoutCanaries.plant(root);

    assertThat(lines("t.py"))
        .containsExactly(
            "#!/usr/bin/env python3",
            "# -*- coding: utf-8 -*-",
            "# " + token("t.py") + " holdout canary, keep this line",
            "print('x')");
  }

  @Test
  void keepsYamlDirectivesAndTheDocumentMarkerFirst() throws IOException {
    Files.writeString(root.resolve("d.yaml"), "%YAML 1.2\n--- # the scenarios\nspec: s\n");
    Files.writeString(root.resolve("m.yml"), "---\nspec: s\n");

    HoldoutCanaries.plant(root);

    assertThat(lines("d.yaml"))
        .containsExactly(
            "%YAML 1.2",
            "--- # the scenarios",
            "# " + token("d.yaml") + " holdout canary, keep this line",
            "spec: s");
    assertThat(lines("m.yml"))
        .containsExactly(
            "---", "# " + token("m.yml") + " holdout canary, keep this line", "spec: s");
  }

  @Test
  void keepsMarkdownFrontMatterFirst() throws IOException {
    Files.writeString(root.resolve("notes.md"), "---\ntitle: x\n---\n# Notes\n");

    HoldoutCanaries.plant(root);

    assertThat(lines("notes.md"))
        .containsExactly(
            "---",
            "title: x",
            "---",
            "<!-- " + token("notes.md") + " holdout canary, keep this line -->",
            "# Notes");
  }

  @Test
  void keepsLineEndingsAByteOrderMarkAndAMissingFinalNewline() throws IOException {
    Files.writeString(root.resolve("crlf.properties"), "\uFEFFa=1\r\nb=2\r\n");
    Files.writeString(root.resolve("bare.sh"), "#!/bin/sh");
    Files.writeString(root.resolve("empty.toml"), "");

    HoldoutCanaries.plant(root);

    assertThat(Files.readString(root.resolve("crlf.properties")))
        .isEqualTo(
            "\uFEFF# "
                + token("crlf.properties")
                + " holdout canary, keep this line\r\na=1\r\nb=2\r\n");
    assertThat(Files.readString(root.resolve("bare.sh")))
        .isEqualTo("#!/bin/sh\n# " + token("bare.sh") + " holdout canary, keep this line\n");
    assertThat(Files.readString(root.resolve("empty.toml")))
        .isEqualTo("# " + token("empty.toml") + " holdout canary, keep this line\n");
  }

  @Test
  void leavesFilesWithoutAKnownSyntaxAloneAndReportsThem() throws IOException {
    Files.writeString(root.resolve("expected.json"), "{\"count\": 4}\n");
    Files.writeString(root.resolve("Makefile"), "all:\n\ttrue\n");
    Files.write(root.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    Files.writeString(root.resolve("real.yaml"), "spec: s\n");
    Files.createSymbolicLink(root.resolve("link.yaml"), root.resolve("real.yaml"));

    HoldoutCanaries.PlantReport report = HoldoutCanaries.plant(root);

    assertThat(report.planted()).containsExactly("real.yaml");
    assertThat(report.skipped())
        .containsOnlyKeys("expected.json", "Makefile", "latin1.yaml", "link.yaml")
        .containsEntry("expected.json", "no known comment syntax for '.json'")
        .containsEntry("Makefile", "no known comment syntax for a file without extension")
        .containsEntry("latin1.yaml", "not UTF-8 text")
        .containsEntry("link.yaml", "a symbolic link");
    assertThat(Files.readString(root.resolve("expected.json"))).isEqualTo("{\"count\": 4}\n");
    assertThat(Files.readString(root.resolve("Makefile"))).isEqualTo("all:\n\ttrue\n");
    assertThat(Files.readAllBytes(root.resolve("latin1.yaml")))
        .containsExactly('a', ':', ' ', (byte) 0xE9, '\n');
  }

  @Test
  void leavesVersionControlDirectoriesAlone() throws IOException {
    Files.createDirectories(root.resolve(".git/hooks"));
    Files.writeString(root.resolve(".git/hooks/pre-commit.sh"), "#!/bin/sh\n");
    Files.writeString(root.resolve(".git/config"), "[core]\n");
    Files.writeString(root.resolve("s.yaml"), "spec: s\n");

    HoldoutCanaries.PlantReport report = HoldoutCanaries.plant(root);

    assertThat(report.planted()).containsExactly("s.yaml");
    assertThat(report.skipped()).isEmpty();
    assertThat(Files.readString(root.resolve(".git/hooks/pre-commit.sh"))).isEqualTo("#!/bin/sh\n");
  }

  @Test
  void aPlantedScenarioFileReadsTheSameExceptForItsLines() throws IOException {
    Files.writeString(root.resolve("GreeterHiddenTest.java"), "class GreeterHiddenTest {}\n");
    Path file = root.resolve("greeting.holdouts.yaml");
    Files.writeString(file, HOLDOUT_YAML);
    ScenarioReader reader = ScenarioReader.standard();
    ScenarioFile before = reader.read(file, Visibility.HOLDOUT);

    HoldoutCanaries.plant(root);
    ScenarioFile after = reader.read(file, Visibility.HOLDOUT);

    assertThat(Files.readString(file))
        .isNotEqualTo(HOLDOUT_YAML)
        .contains(token("greeting.holdouts.yaml"));
    assertThat(after.spec()).isEqualTo(before.spec());
    assertThat(after.scenarios()).hasSize(3);
    assertThat(after.scenarios().stream().map(HoldoutCanariesTest::withoutSource).toList())
        .isEqualTo(before.scenarios().stream().map(HoldoutCanariesTest::withoutSource).toList());
    for (int i = 0; i < 3; i++) {
      assertThat(after.scenarios().get(i).sourceLocation().orElseThrow().line())
          .isEqualTo(before.scenarios().get(i).sourceLocation().orElseThrow().line() + 1);
    }
  }

  @Test
  void theCatalogLoadsThePlantedHoldoutRootWithItsSaltFile() throws IOException {
    Path specs = Files.createDirectories(root.resolve("specs"));
    Path holdouts = Files.createDirectories(root.resolve("holdouts"));
    Files.writeString(
        specs.resolve("greeting.md"), "---\nid: greeting\n---\n# Greet\n## Goal\nGreet.\n");
    Files.writeString(holdouts.resolve("GreeterHiddenTest.java"), "class GreeterHiddenTest {}\n");
    Files.writeString(holdouts.resolve("greeting.holdouts.yaml"), HOLDOUT_YAML);
    List<Scenario> before = SpecCatalog.load(specs, holdouts).items().get(0).scenarios().holdouts();

    HoldoutCanaries.plant(holdouts);

    List<Scenario> after = SpecCatalog.load(specs, holdouts).items().get(0).scenarios().holdouts();
    assertThat(Files.exists(holdouts.resolve(HoldoutCanaries.SALT_FILE))).isTrue();
    assertThat(after.stream().map(HoldoutCanariesTest::withoutSource).toList())
        .isEqualTo(before.stream().map(HoldoutCanariesTest::withoutSource).toList());
  }

  @Test
  void aMovedFileGetsItsNewCanaryInPlaceOfTheOld() throws IOException {
    Files.writeString(root.resolve("old.yaml"), "spec: s\n");
    HoldoutCanaries.plant(root);
    String oldToken = token("old.yaml");
    Files.move(root.resolve("old.yaml"), root.resolve("new.yaml"));

    HoldoutCanaries.PlantReport report = HoldoutCanaries.plant(root);

    assertThat(report.replaced()).containsExactly("new.yaml");
    assertThat(report.planted()).isEmpty();
    String text = Files.readString(root.resolve("new.yaml"));
    assertThat(HoldoutCanaries.find(text)).containsExactly(token("new.yaml"));
    assertThat(token("new.yaml")).isNotEqualTo(oldToken);
    assertThat(text.lines().count()).isEqualTo(2);
  }

  @Test
  void leavesNoTemporaryFileBehind() throws IOException {
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/c.yaml"), "spec: s\n");
    Files.writeString(root.resolve("a/T.java"), "class T {}\n");

    HoldoutCanaries.plant(root);

    try (Stream<Path> walk = Files.walk(root)) {
      assertThat(walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
          .containsExactlyInAnyOrder(HoldoutCanaries.SALT_FILE, "a/b/c.yaml", "a/T.java");
    }
  }

  @Test
  void theTokenDependsOnSaltAndRelativePathOnly() {
    String a = HoldoutCanaries.canary("salt-1", "greeting/greeting.holdouts.yaml");

    assertThat(a).matches("DFCANARY-[A-Z2-7]{20}");
    assertThat(HoldoutCanaries.canary("salt-1", "greeting/greeting.holdouts.yaml")).isEqualTo(a);
    assertThat(HoldoutCanaries.canary("salt-2", "greeting/greeting.holdouts.yaml")).isNotEqualTo(a);
    assertThat(HoldoutCanaries.canary("salt-1", "greeting.holdouts.yaml")).isNotEqualTo(a);
  }

  @Test
  void twoHoldoutRootsGetDifferentSaltsAndSoDifferentTokens(@TempDir Path other)
      throws IOException {
    Files.writeString(root.resolve("s.yaml"), "spec: s\n");
    Files.writeString(other.resolve("s.yaml"), "spec: s\n");

    HoldoutCanaries.plant(root);
    HoldoutCanaries.plant(other);

    assertThat(HoldoutCanaries.find(Files.readString(root.resolve("s.yaml"))))
        .doesNotContainAnyElementsOf(
            HoldoutCanaries.find(Files.readString(other.resolve("s.yaml"))));
  }

  @Test
  void findExtractsEachWholeTokenOnce() {
    String a = HoldoutCanaries.canary("s", "a");
    String b = HoldoutCanaries.canary("s", "b");
    String text = "x " + b + " y\n" + a + "," + b + " DFCANARY-TOOSHORT DFCANARY-" + "A".repeat(21);

    assertThat(HoldoutCanaries.find(text)).containsExactly(b, a);
    assertThat(HoldoutCanaries.find("no canary here")).isEmpty();
  }

  @Test
  void noSaltMeansNoTokenYetAndAFileOutsideTheRootIsRefused(@TempDir Path other)
      throws IOException {
    Files.writeString(root.resolve("s.yaml"), "spec: s\n");

    assertThat(HoldoutCanaries.canaryFor(root, root.resolve("s.yaml"))).isEmpty();
    assertThatThrownBy(() -> HoldoutCanaries.canaryFor(root, other.resolve("s.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not under the holdout root");
    assertThatThrownBy(() -> HoldoutCanaries.plant(root.resolve("missing")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void theSaltFileMarksTheHoldoutRootForNestedFiles() throws IOException {
    Files.createDirectories(root.resolve("greeting/tests"));
    Files.writeString(root.resolve("greeting/tests/T.java"), "class T {}\n");
    HoldoutCanaries.plant(root);

    assertThat(HoldoutCanaries.holdoutsRootOf(root.resolve("greeting/tests/T.java")))
        .contains(root.toAbsolutePath().normalize());
    assertThat(
            Map.of(
                "t", HoldoutCanaries.find(Files.readString(root.resolve("greeting/tests/T.java")))))
        .containsEntry("t", List.of(token("greeting/tests/T.java")));
  }

  static Scenario withoutSource(Scenario s) {
    return Scenario.builder(s.id())
        .title(s.title())
        .description(s.description())
        .visibility(s.visibility())
        .weight(s.weight())
        .required(s.required())
        .trials(s.trials())
        .timeout(s.timeout())
        .check(s.check())
        .build();
  }
}

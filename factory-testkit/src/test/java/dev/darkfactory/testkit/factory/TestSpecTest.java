package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.spec.SpecCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs given inline are written so the factory's own reader reads back what was given. */
class TestSpecTest {

  @TempDir Path dir;

  @Test
  void scenariosBuiltInCodeAreReadBackByTheCatalogAsTheyWereGiven() throws Exception {
    Scenario command =
        Scenario.builder("greets")
            .title("Greets \"Ada\" \\ politely")
            .description("line one\nline two: with a colon")
            .weight(2.5)
            .required(false)
            .trials(3)
            .timeout(Duration.ofMillis(1500))
            .check(
                new CommandCheck(
                    List.of("sh", "-c", "printf '%s\\n' \"$0\" # not a comment", "Ada: #1"),
                    3,
                    List.of(
                        new OutputMatcher.Equals("Hello, Ada!\n\ttabbed"),
                        new OutputMatcher.Contains("Ada"),
                        new OutputMatcher.Regex("^Hello\\b"),
                        new OutputMatcher.JsonField("/greeting/name", "Ada")),
                    List.of(new OutputMatcher.Contains("warning: {braces} [brackets]"))))
            .build();
    Scenario suite =
        Scenario.builder("hidden-suite")
            .title("Hidden tests")
            .check(
                new TestSuiteCheck(
                    List.of("sh", "run-tests.sh"),
                    "build/reports",
                    Map.of("tests/HiddenTest.java", "material/HiddenTest.java"),
                    Set.of("com.acme.HiddenTest#works"),
                    Set.of("com.acme.OldTest")))
            .build();
    Scenario judge =
        Scenario.builder("judged")
            .title("A judge likes it")
            .check(new ModelJudgeCheck("Is it polite?", 3, "judge-model"))
            .build();
    TestSpec spec =
        TestSpec.builder("greeting")
            .title("Greet people")
            .goal("Greet a person by name.")
            .constraints("Be polite.")
            .nonGoals("Farewells.")
            .priority(4)
            .protectedPaths("run-tests.sh", "tests/**")
            .visible(command)
            .holdout(suite, judge)
            .holdoutMaterial("material/HiddenTest.java", "class HiddenTest {}\n")
            .build();
    Path specs = dir.resolve("specs");
    Path holdouts = dir.resolve("holdouts");

    spec.write(specs, holdouts);
    WorkItem item = SpecCatalog.load(specs, holdouts).find(SpecId.of("greeting")).orElseThrow();

    Spec read = item.spec();
    assertThat(read.title()).isEqualTo("Greet people");
    assertThat(read.goal()).isEqualTo("Greet a person by name.");
    assertThat(read.constraints()).isEqualTo("Be polite.");
    assertThat(read.nonGoals()).isEqualTo("Farewells.");
    assertThat(read.priority()).isEqualTo(4);
    assertThat(read.protectedPaths()).containsExactly("run-tests.sh", "tests/**");
    assertThat(read.acceptance()).containsExactly(ScenarioId.of("greets"));
    assertSame(item.scenarios().find(ScenarioId.of("greets")).orElseThrow(), command, Visibility.VISIBLE);
    assertSame(item.scenarios().find(ScenarioId.of("hidden-suite")).orElseThrow(), suite, Visibility.HOLDOUT);
    assertSame(item.scenarios().find(ScenarioId.of("judged")).orElseThrow(), judge, Visibility.HOLDOUT);
    assertThat(holdouts.resolve("material/HiddenTest.java")).hasContent("class HiddenTest {}");
  }

  private static void assertSame(Scenario read, Scenario given, Visibility side) {
    assertThat(read.visibility()).isEqualTo(side);
    assertThat(read.title()).isEqualTo(given.title());
    assertThat(read.description()).isEqualTo(given.description());
    assertThat(read.weight()).isEqualTo(given.weight());
    assertThat(read.required()).isEqualTo(given.required());
    assertThat(read.trials()).isEqualTo(given.trials());
    assertThat(read.timeout()).isEqualTo(given.timeout());
    Check check = read.check();
    assertThat(check).isEqualTo(given.check());
  }

  @Test
  void aFileWithContentSpecAsksForTheFileAndHidesItsContentInAHoldout() throws Exception {
    TestSpec spec = TestSpec.fileWithContent("hello", "hello world");
    spec.write(dir.resolve("specs"), dir.resolve("holdouts"));

    WorkItem item = SpecCatalog.load(dir.resolve("specs"), dir.resolve("holdouts")).items().get(0);
    assertThat(item.spec().id()).isEqualTo(SpecId.of("hello"));
    assertThat(item.spec().goal()).contains("hello.txt");
    assertThat(item.scenarios().visible()).singleElement().satisfies(s ->
        assertThat(s.check()).isEqualTo(CommandCheck.exitsZero("test", "-f", "hello.txt")));
    assertThat(item.scenarios().holdouts()).singleElement().satisfies(s -> {
      assertThat(s.check()).isEqualTo(
          new CommandCheck(List.of("cat", "hello.txt"), 0, List.of(new OutputMatcher.Equals("hello world")), List.of()));
      assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    });
  }

  @Test
  void twoSpecsMayShareMaterialButNotDisagreeOnIt() throws Exception {
    Path specs = dir.resolve("specs");
    Path holdouts = dir.resolve("holdouts");
    TestSpec.builder("a").goal("A.").holdoutMaterial("shared/x.txt", "same\n").build().write(specs, holdouts);
    TestSpec.builder("b").goal("B.").holdoutMaterial("shared/x.txt", "same\n").build().write(specs, holdouts);

    assertThatThrownBy(
            () ->
                TestSpec.builder("c")
                    .goal("C.")
                    .holdoutMaterial("shared/x.txt", "other\n")
                    .build()
                    .write(specs, holdouts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "spec 'c' cannot write its material file shared/x.txt: another spec already wrote"
                + " other content there");
    assertThatThrownBy(() -> TestSpec.builder("a").goal("Again.").build().write(specs, holdouts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.md: the file is already there (two specs with one id?)");
  }
}

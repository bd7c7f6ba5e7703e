package dev.darkfactory.api.spec;

import static dev.darkfactory.api.Fixtures.holdout;
import static dev.darkfactory.api.Fixtures.visible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecTypesTest {

  @Nested
  class Ids {

    @ParameterizedTest
    @ValueSource(strings = {"greeting", "a", "0", "a1.b_c-d", "v2.0", "x-y-z"})
    void acceptsLowercaseWordsJoinedBySingleSeparators(String value) {
      assertThat(SpecId.of(value).value()).isEqualTo(value);
      assertThat(ScenarioId.of(value).value()).isEqualTo(value);
      assertThat(SpecId.isValid(value)).isTrue();
      assertThat(ScenarioId.isValid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Greeting",
          "GREETING",
          "a..b",
          "a.-b",
          "-a",
          "a-",
          ".a",
          "a_",
          "a b",
          "",
          "a/b",
          "ä"
        })
    void rejectsValuesOutsideThePatternNamingFieldAndValue(String value) {
      assertThatThrownBy(() -> SpecId.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("spec id")
          .hasMessageContaining("'" + value + "'");
      assertThatThrownBy(() -> ScenarioId.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario id")
          .hasMessageContaining("'" + value + "'");
      assertThat(SpecId.isValid(value)).isFalse();
      assertThat(ScenarioId.isValid(value)).isFalse();
    }

    @Test
    void acceptsSixtyFourCharactersAndRejectsSixtyFive() {
      String max = "a".repeat(64);
      String tooLong = "a".repeat(65);

      assertThat(SpecId.of(max).value()).hasSize(64);
      assertThat(ScenarioId.of(max).value()).hasSize(64);
      assertThatThrownBy(() -> SpecId.of(tooLong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("spec id")
          .hasMessageContaining("at most 64")
          .hasMessageContaining("65");
      assertThatThrownBy(() -> ScenarioId.of(tooLong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario id")
          .hasMessageContaining("65");
      assertThat(SpecId.isValid(tooLong)).isFalse();
      assertThat(ScenarioId.isValid(tooLong)).isFalse();
    }

    @Test
    void rejectsNullNamingTheField() {
      assertThatThrownBy(() -> SpecId.of(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("spec id");
      assertThatThrownBy(() -> ScenarioId.of(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("scenario id");
    }

    @Test
    void printBareAndSortByValue() {
      assertThat(SpecId.of("greeting")).hasToString("greeting");
      assertThat(ScenarioId.of("says-hello")).hasToString("says-hello");
      assertThat(List.of(SpecId.of("b"), SpecId.of("a"), SpecId.of("c")).stream().sorted())
          .containsExactly(SpecId.of("a"), SpecId.of("b"), SpecId.of("c"));
      assertThat(ScenarioId.of("a")).isLessThan(ScenarioId.of("b"));
    }
  }

  @Nested
  class RelativePaths {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "src/main/java",
          "pom.xml",
          "src/test/**",
          "./x",
          "a..b/c",
          ".github/workflows/*.yml"
        })
    void acceptsPathsAndGlobsInsideTheRepository(String path) {
      assertThat(Spec.checkRelativePath(path, "path")).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"../x", "a/../b", "a/..", "..", "/abs", "/", "a\\b", "C:/x", "c:x", " x", "x "})
    void rejectsPathsThatLeaveOrAreNotPortable(String path) {
      assertThatThrownBy(() -> Spec.checkRelativePath(path, "some field"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("some field")
          .hasMessageContaining("relative path")
          .hasMessageContaining("'" + path + "'");
    }

    @Test
    void rejectsBlankAndNull() {
      assertThatThrownBy(() -> Spec.checkRelativePath("", "p"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("p must not be blank");
      assertThatThrownBy(() -> Spec.checkRelativePath(null, "p"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("p must not be null");
    }
  }

  @Nested
  class Specs {

    private Spec.Builder valid() {
      return Spec.builder("greeting").title("Greeting").goal("Print a greeting.");
    }

    @Test
    void buildsWithDefaults() {
      Spec spec = valid().build();

      assertThat(spec.id()).isEqualTo(SpecId.of("greeting"));
      assertThat(spec.title()).isEqualTo("Greeting");
      assertThat(spec.goal()).isEqualTo("Print a greeting.");
      assertThat(spec.summary()).isEmpty();
      assertThat(spec.constraints()).isEmpty();
      assertThat(spec.interfaces()).isEmpty();
      assertThat(spec.nonGoals()).isEmpty();
      assertThat(spec.acceptance()).isEmpty();
      assertThat(spec.otherSections()).isEmpty();
      assertThat(spec.labels()).isEmpty();
      assertThat(spec.priority()).isZero();
      assertThat(spec.protectedPaths()).isEmpty();
      assertThat(spec.sourceLocation()).isEmpty();
    }

    @Test
    void buildsWithEveryPartAndRoundTripsThroughToBuilder() {
      Spec spec =
          valid()
              .summary("Why.")
              .constraints("Java 17.")
              .interfaces("`hello()`")
              .nonGoals("No i18n.")
              .acceptance(ScenarioId.of("says-hello"))
              .acceptance(List.of(ScenarioId.of("says-bye")))
              .otherSection("Notes", "Some notes.")
              .labels("cli", "team:core")
              .labels(List.of("p1"))
              .priority(5)
              .protectedPaths("src/test/**")
              .protectedPaths(List.of("pom.xml"))
              .source(SourceLocation.of("specs/greeting.md", 1))
              .build();

      assertThat(spec.acceptance())
          .containsExactly(ScenarioId.of("says-hello"), ScenarioId.of("says-bye"));
      assertThat(spec.otherSections()).containsExactly(Map.entry("Notes", "Some notes."));
      assertThat(spec.labels()).containsExactly("cli", "team:core", "p1");
      assertThat(spec.priority()).isEqualTo(5);
      assertThat(spec.protectedPaths()).containsExactly("src/test/**", "pom.xml");
      assertThat(spec.sourceLocation()).contains(SourceLocation.of("specs/greeting.md", 1));
      assertThat(spec.toBuilder().build()).isEqualTo(spec);
      assertThat(spec.toBuilder().priority(9).build().priority()).isEqualTo(9);
    }

    @Test
    void normalizesLineEndingsLeadingBlankLinesAndTrailingWhitespace() {
      Spec spec =
          valid()
              .goal("\r\n  \n\n  Print hi.\r\nThen stop.  \r\n\r\n")
              .constraints("a\rb \t")
              .summary("\n\n")
              .otherSection("Notes", "\r\n\r\nkeep\r\n")
              .build();

      assertThat(spec.goal()).isEqualTo("  Print hi.\nThen stop.");
      assertThat(spec.constraints()).isEqualTo("a\nb");
      assertThat(spec.summary()).isEmpty();
      assertThat(spec.otherSections()).containsEntry("Notes", "keep");
    }

    @Test
    void stripsTheTitleAndRejectsAMultiLineOne() {
      assertThat(valid().title("  Greeting  ").build().title()).isEqualTo("Greeting");
      assertThatThrownBy(() -> valid().title("Greet\ning").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("title must be a single line")
          .hasMessageContaining("'Greet\ning'");
      assertThatThrownBy(() -> valid().title("Greet\ring").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("title must be a single line");
      assertThatThrownBy(() -> valid().title(" ").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("title must not be blank but was ' '");
      assertThatThrownBy(() -> Spec.builder("greeting").goal("g").build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("title");
    }

    @Test
    void needsAGoal() {
      assertThatThrownBy(() -> Spec.builder("greeting").title("T").build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("goal");
      assertThatThrownBy(() -> valid().goal(" \r\n\t\n").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("goal must not be blank")
          .hasMessageContaining("greeting");
    }

    @Test
    void rejectsAnotherSectionWhoseHeadingCollidesWithAKnownOne() {
      assertThatThrownBy(() -> valid().otherSection("non goals", "x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'non goals'")
          .hasMessageContaining("'Non-goals'");
      assertThatThrownBy(() -> valid().otherSection("NON_GOALS", "x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'NON_GOALS'")
          .hasMessageContaining("'Non-goals'");
      assertThatThrownBy(() -> valid().otherSection("GOAL", "x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'GOAL'")
          .hasMessageContaining("'Goal'");
      assertThatThrownBy(() -> valid().otherSection("acceptance", "x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'Acceptance'");
    }

    @Test
    void rejectsTwoOtherSectionsWithTheSameKey() {
      assertThatThrownBy(
              () ->
                  valid()
                      .otherSection("Open questions", "a")
                      .otherSection("open-questions", "b")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'open-questions'")
          .hasMessageContaining("'Open questions'");
      assertThatThrownBy(() -> valid().otherSection("Notes", "a").otherSection("Notes", "b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'Notes'")
          .hasMessageContaining("already set");
    }

    @Test
    void rejectsMalformedSectionHeadings() {
      assertThatThrownBy(() -> valid().otherSection("# Notes", "a").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("section heading")
          .hasMessageContaining("'# Notes'");
      assertThatThrownBy(() -> valid().otherSection("---", "a").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("section heading must contain a letter or digit")
          .hasMessageContaining("'---'");
      assertThatThrownBy(() -> valid().otherSection("Two\nlines", "a").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("section heading must be a single line");
      assertThatThrownBy(() -> valid().otherSection(" ", "a").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("section heading must not be blank");
      assertThatThrownBy(() -> valid().otherSection("Notes", null).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("otherSections[Notes]");
    }

    @Test
    void sectionKeyIgnoresCaseAndPunctuation() {
      assertThat(Spec.sectionKey("Non-goals"))
          .isEqualTo(Spec.sectionKey("non goals"))
          .isEqualTo(Spec.sectionKey("NON_GOALS"))
          .isEqualTo("nongoals");
      assertThat(Spec.sectionKey("Goal")).isNotEqualTo(Spec.sectionKey("Goals"));
    }

    @Test
    void rejectsBadLabelsPriorityAcceptanceAndProtectedPaths() {
      assertThatThrownBy(() -> valid().labels("Backend").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("label")
          .hasMessageContaining("'Backend'");
      assertThatThrownBy(() -> valid().labels("cli", "cli").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("labels contains 'cli' twice");
      assertThatThrownBy(() -> valid().priority(-1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("priority must be at least 0 but was -1");
      assertThatThrownBy(() -> valid().acceptance(ScenarioId.of("a"), ScenarioId.of("a")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("acceptance contains 'a' twice");
      assertThatThrownBy(() -> valid().protectedPaths("../etc/passwd").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("protected path")
          .hasMessageContaining("'../etc/passwd'");
      assertThatThrownBy(() -> valid().protectedPaths("/abs").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'/abs'");
      assertThatThrownBy(() -> valid().protectedPaths("a\\b").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a\\b'");
      assertThatThrownBy(() -> valid().protectedPaths("x", "x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("protectedPaths contains 'x' twice");
    }

    @Test
    void copiesItsCollectionsAndExposesThemUnmodifiable() {
      List<ScenarioId> acceptance = new ArrayList<>(List.of(ScenarioId.of("a")));
      Map<String, String> sections = new LinkedHashMap<>(Map.of("Notes", "n"));
      Set<String> labels = new LinkedHashSet<>(List.of("cli"));
      List<String> paths = new ArrayList<>(List.of("pom.xml"));
      Spec spec =
          new Spec(
              SpecId.of("s"),
              "T",
              "",
              "G",
              "",
              "",
              "",
              acceptance,
              sections,
              labels,
              0,
              paths,
              null);

      acceptance.add(ScenarioId.of("b"));
      sections.put("More", "m");
      labels.add("other");
      paths.add("build.gradle");

      assertThat(spec.acceptance()).containsExactly(ScenarioId.of("a"));
      assertThat(spec.otherSections()).containsOnlyKeys("Notes");
      assertThat(spec.labels()).containsExactly("cli");
      assertThat(spec.protectedPaths()).containsExactly("pom.xml");
      assertThatThrownBy(() -> spec.acceptance().add(ScenarioId.of("c")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> spec.otherSections().put("X", "x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> spec.labels().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> spec.protectedPaths().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNullElementsNamingTheirPosition() {
      assertThatThrownBy(() -> valid().acceptance(Arrays.asList(ScenarioId.of("a"), null)).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("acceptance[1]");
    }
  }

  @Nested
  class Scenarios {

    private Scenario.Builder valid() {
      return Scenario.builder("says-hello")
          .title("Says hello")
          .check(CommandCheck.exitsZero("true"));
    }

    @Test
    void buildsWithDefaults() {
      Scenario s = valid().build();

      assertThat(s.id()).isEqualTo(ScenarioId.of("says-hello"));
      assertThat(s.description()).isEmpty();
      assertThat(s.visibility()).isEqualTo(Visibility.VISIBLE);
      assertThat(s.isVisible()).isTrue();
      assertThat(s.weight()).isEqualTo(1.0);
      assertThat(s.required()).isTrue();
      assertThat(s.trials()).isEqualTo(1);
      assertThat(s.timeout()).isEqualTo(Scenario.DEFAULT_TIMEOUT);
      assertThat(s.sourceLocation()).isEmpty();
    }

    @Test
    void buildsAHoldoutWithEveryPart() {
      Scenario s =
          Scenario.builder(ScenarioId.of("hidden"))
              .title("Hidden")
              .description("Checks the edge.")
              .holdout()
              .weight(2.5)
              .required(false)
              .trials(3)
              .timeout(Duration.ofSeconds(30))
              .check(new ModelJudgeCheck("Is it polite?", 3, null))
              .source(SourceLocation.of("holdout/a.yaml", 2))
              .build();

      assertThat(s.visibility()).isEqualTo(Visibility.HOLDOUT);
      assertThat(s.isVisible()).isFalse();
      assertThat(s.weight()).isEqualTo(2.5);
      assertThat(s.required()).isFalse();
      assertThat(s.trials()).isEqualTo(3);
      assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(s.check().kind()).isEqualTo("model-judge");
      assertThat(s.sourceLocation()).contains(SourceLocation.of("holdout/a.yaml", 2));
    }

    @Test
    void rejectsEachBadValueNamingFieldAndValue() {
      assertThatThrownBy(() -> valid().title("a\nb").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("title must be a single line but was 'a\nb'");
      assertThatThrownBy(() -> valid().title("").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("title must not be blank but was ''");
      assertThatThrownBy(() -> valid().weight(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight must be positive and finite but was 0.0");
      assertThatThrownBy(() -> valid().weight(-1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight")
          .hasMessageContaining("-1.0");
      assertThatThrownBy(() -> valid().weight(Double.NaN).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight")
          .hasMessageContaining("NaN");
      assertThatThrownBy(() -> valid().weight(Double.POSITIVE_INFINITY).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight")
          .hasMessageContaining("Infinity");
      assertThatThrownBy(() -> valid().trials(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trials must be at least 1 but was 0");
      assertThatThrownBy(() -> valid().timeout(Duration.ZERO).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout must be positive but was PT0S");
      assertThatThrownBy(() -> valid().timeout(Duration.ofSeconds(-1)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout")
          .hasMessageContaining("PT-1S");
      assertThatThrownBy(() -> valid().timeout(null).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("timeout");
      assertThatThrownBy(() -> valid().visibility(null).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("visibility");
      assertThatThrownBy(() -> valid().description(null).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("description");
      assertThatThrownBy(() -> Scenario.builder("x").title("X").build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("check");
      assertThatThrownBy(() -> Scenario.builder("Bad Id"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario id")
          .hasMessageContaining("'Bad Id'");
    }
  }

  @Nested
  class ScenarioSets {

    @Test
    void splitsVisibleFromHoldoutInOrderAndFindsById() {
      Scenario a = visible("a");
      Scenario h = holdout("h");
      Scenario b = visible("b");
      ScenarioSet set = ScenarioSet.of(a, h, b);

      assertThat(set.visible()).containsExactly(a, b);
      assertThat(set.holdouts()).containsExactly(h);
      assertThat(set.find(ScenarioId.of("h"))).contains(h);
      assertThat(set.find(ScenarioId.of("zzz"))).isEmpty();
      assertThat(set.size()).isEqualTo(3);
      assertThat(set.isEmpty()).isFalse();
      assertThat(ScenarioSet.of().isEmpty()).isTrue();
      assertThat(ScenarioSet.of(List.of(a, b)).scenarios()).containsExactly(a, b);
    }

    @Test
    void rejectsARepeatedIdAndNullElements() {
      assertThatThrownBy(() -> ScenarioSet.of(visible("a"), holdout("a")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scenario id 'a' appears twice");
      assertThatThrownBy(() -> new ScenarioSet(Arrays.asList(visible("a"), null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("scenarios[1]");
      assertThatThrownBy(() -> new ScenarioSet(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("scenarios");
    }

    @Test
    void copiesItsListAndExposesItUnmodifiable() {
      List<Scenario> source = new ArrayList<>(List.of(visible("a")));
      ScenarioSet set = new ScenarioSet(source);
      source.add(holdout("h"));

      assertThat(set.scenarios()).hasSize(1);
      assertThatThrownBy(() -> set.scenarios().add(holdout("x")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> set.visible().add(holdout("x")))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Checks {

    @Test
    void commandCheckBuildsAndCopies() {
      List<String> command = new ArrayList<>(List.of("java", "-version"));
      List<OutputMatcher> stdout = new ArrayList<>(List.of(new OutputMatcher.Contains("17")));
      CommandCheck check = new CommandCheck(command, 0, stdout, List.of());
      command.add("--oops");
      stdout.clear();

      assertThat(check.command()).containsExactly("java", "-version");
      assertThat(check.stdout()).containsExactly(new OutputMatcher.Contains("17"));
      assertThat(check.kind()).isEqualTo(CommandCheck.KIND).isEqualTo("command");
      assertThatThrownBy(() -> check.command().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> check.stderr().add(new OutputMatcher.Contains("x")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(CommandCheck.exitsZero("make", "test"))
          .isEqualTo(new CommandCheck(List.of("make", "test"), 0, List.of(), List.of()));
    }

    @Test
    void commandCheckRejectsBadValues() {
      assertThatThrownBy(() -> CommandCheck.exitsZero())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("command must not be empty");
      assertThatThrownBy(() -> CommandCheck.exitsZero(" ", "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("command[0] must not be blank but was ' '");
      assertThatThrownBy(() -> new CommandCheck(List.of("x"), -1, List.of(), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exitCode must be at least 0 but was -1");
      assertThatThrownBy(() -> new CommandCheck(Arrays.asList("x", null), 0, List.of(), List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("command[1]");
      assertThatThrownBy(() -> new CommandCheck(List.of("x"), 0, null, List.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("stdout");
      assertThatThrownBy(() -> new CommandCheck(List.of("x"), 0, List.of(), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("stderr");
    }

    @Test
    void testSuiteCheckBuildsAndCopies() {
      Map<String, String> files =
          new LinkedHashMap<>(Map.of("src/test/java/HiTest.java", "tests/HiTest.java"));
      Set<String> failToPass = new LinkedHashSet<>(List.of("HiTest#greets"));
      TestSuiteCheck check =
          new TestSuiteCheck(
              List.of("mvn", "test"),
              "target/surefire-reports",
              files,
              failToPass,
              Set.of("OldTest"));
      files.put("x", "y");
      failToPass.add("HiTest#more");

      assertThat(check.files()).containsOnlyKeys("src/test/java/HiTest.java");
      assertThat(check.failToPass()).containsExactly("HiTest#greets");
      assertThat(check.passToPass()).containsExactly("OldTest");
      assertThat(check.kind()).isEqualTo("test-suite");
      assertThatThrownBy(() -> check.files().put("a", "b"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> check.failToPass().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> check.command().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void testSuiteCheckRejectsBadValues() {
      assertThatThrownBy(() -> new TestSuiteCheck(List.of(), "r", Map.of(), Set.of(), Set.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("command must not be empty");
      assertThatThrownBy(
              () -> new TestSuiteCheck(List.of("mvn"), "../r", Map.of(), Set.of(), Set.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reports")
          .hasMessageContaining("'../r'");
      assertThatThrownBy(
              () ->
                  new TestSuiteCheck(
                      List.of("mvn"), "r", Map.of("/etc/x", "a"), Set.of(), Set.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("files destination")
          .hasMessageContaining("'/etc/x'");
      assertThatThrownBy(
              () ->
                  new TestSuiteCheck(List.of("mvn"), "r", Map.of("a", "..\\b"), Set.of(), Set.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("files source")
          .hasMessageContaining("'..\\b'");
      assertThatThrownBy(
              () -> new TestSuiteCheck(List.of("mvn"), "r", Map.of(), Set.of("T#a"), Set.of("T#a")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'T#a'")
          .hasMessageContaining("both failToPass and passToPass");
    }

    @Test
    void modelJudgeCheckNeedsARubricAndAnOddNumberOfVotes() {
      ModelJudgeCheck defaultModel = new ModelJudgeCheck("Is it polite?", 1, null);
      assertThat(defaultModel.judgeModel()).isEmpty();
      assertThat(new ModelJudgeCheck("r", 5, "judge-1").judgeModel()).contains("judge-1");
      assertThat(defaultModel.kind()).isEqualTo("model-judge");

      assertThatThrownBy(() -> new ModelJudgeCheck(" ", 1, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rubric must not be blank but was ' '");
      assertThatThrownBy(() -> new ModelJudgeCheck("r", 0, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("votes must be at least 1 but was 0");
      assertThatThrownBy(() -> new ModelJudgeCheck("r", 2, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("votes must be odd")
          .hasMessageContaining("2");
      assertThatThrownBy(() -> new ModelJudgeCheck("r", 1, ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("model must not be blank but was ''");
    }

    @Test
    void outputMatchersCheckTheirForm() {
      assertThat(new OutputMatcher.Equals("").expected()).isEmpty();
      assertThat(new OutputMatcher.Regex("h.llo").compiled().matcher("say hello!").find()).isTrue();
      assertThat(new OutputMatcher.JsonField("", "x").pointer()).isEmpty();
      assertThat(new OutputMatcher.JsonField("/a/0", "1").pointer()).isEqualTo("/a/0");

      assertThatThrownBy(() -> new OutputMatcher.Equals(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("equals");
      assertThatThrownBy(() -> new OutputMatcher.Contains(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("contains must not be empty");
      assertThatThrownBy(() -> new OutputMatcher.Regex("(unclosed"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("regex '(unclosed' does not compile");
      assertThatThrownBy(() -> new OutputMatcher.JsonField("a/b", "1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("json pointer")
          .hasMessageContaining("'a/b'");
      assertThatThrownBy(() -> new OutputMatcher.JsonField("/a", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("json expected value");
    }
  }
}

package dev.darkfactory.testkit.arbitraries;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.spec.Visibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Generators of valid specs, scenarios and scenario sets, including the awkward cases a reader
 * must survive: YAML-looking titles, Markdown with fenced code that contains heading-like lines,
 * deeper headings, lists, indentation and non-ASCII text.
 *
 * <pre>{@code
 * @Property
 * void roundTrips(@ForAll("specs") Spec spec) { ... }
 *
 * @Provide
 * Arbitrary<Spec> specs() {
 *   return SpecArbitraries.specs();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SpecArbitraries {

  private static final List<String> TRICKY_WORDS =
      List.of(
          "true", "null", "yes", "no", "~", "123", "1.5e3", "0x1F", "a: b", "#hash", "'quote",
          "\"double\"", "- dash", "[x]", "{y}", "@at", "*star", "&amp", "!bang", "%pct", "|pipe",
          ">gt", "`tick`", "C#", "naïve", "Grüße", "日本語", "emoji\uD83D\uDE80", "---", "...");

  private SpecArbitraries() {}

  /** Valid spec ids, from one character to the longest allowed. */
  public static Arbitrary<SpecId> specIds() {
    return ids().map(SpecId::of);
  }

  /** Valid scenario ids. */
  public static Arbitrary<ScenarioId> scenarioIds() {
    return ids().map(ScenarioId::of);
  }

  private static Arbitrary<String> ids() {
    Arbitrary<String> part = Arbitraries.strings().withChars("abcxyz0129").ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> sep = Arbitraries.of(".", "_", "-");
    return Combinators.combine(part, Combinators.combine(sep, part).as(String::concat).list().ofMaxSize(5))
        .as((first, rest) -> first + String.join("", rest))
        .filter(s -> s.length() <= SpecId.MAX_LENGTH);
  }

  /** A word: plain, non-ASCII, or one that looks like YAML or Markdown syntax. */
  public static Arbitrary<String> words() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(TRICKY_WORDS)));
  }

  /** A one-line title with no surrounding whitespace. */
  public static Arbitrary<String> titles() {
    return words().list().ofMinSize(1).ofMaxSize(8).map(w -> String.join(" ", w).strip())
        .filter(t -> !t.isEmpty());
  }

  /**
   * Markdown that is safe inside a spec section: paragraphs, lists, deeper headings, indented
   * lines and fenced code blocks whose contents may look like section headings. Never contains a
   * level-1 or level-2 heading outside a fence.
   */
  public static Arbitrary<String> sectionText() {
    Arbitrary<String> sentence = words().list().ofMinSize(1).ofMaxSize(12).map(w -> String.join(" ", w));
    Arbitrary<String> line =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, sentence.filter(SpecArbitraries::notHeading)),
            net.jqwik.api.Tuple.of(2, sentence.map(s -> "- " + s)),
            net.jqwik.api.Tuple.of(1, sentence.map(s -> "### " + s)),
            net.jqwik.api.Tuple.of(1, sentence.map(s -> "    " + s)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(Arbitraries.of("```", "~~~~", "```java"), sentence)
                    .as((fence, body) -> fence + "\n## " + body + "\n# " + body + "\n" + fence.replace("java", ""))));
    return line.list().ofMaxSize(10).map(lines -> String.join("\n", lines));
  }

  private static boolean notHeading(String line) {
    String l = line.stripLeading();
    return !(l.startsWith("#") || l.startsWith("```") || l.startsWith("~~~"));
  }

  /** Valid labels. */
  public static Arbitrary<String> labels() {
    return Arbitraries.strings().withChars("abcz019.:/-_").ofMinLength(1).ofMaxLength(12)
        .filter(s -> Character.isLetterOrDigit(s.charAt(0)));
  }

  /** Relative path globs such as {@code src/test/**} or {@code pom.xml}. */
  public static Arbitrary<String> relativePaths() {
    Arbitrary<String> segment = Arbitraries.of("src", "test", "main", "**", "*.java", "pom.xml", "build.gradle", ".github", "a b", "docs");
    return segment.list().ofMinSize(1).ofMaxSize(4).map(s -> String.join("/", s));
  }

  /** Valid specs with every field exercised; their source is {@code spec.md}. */
  public static Arbitrary<Spec> specs() {
    return specs(SourceLocation.of("spec.md"));
  }

  /**
   * Valid specs with every field exercised.
   *
   * @param source the source every generated spec carries, or {@code null} for none
   */
  public static Arbitrary<Spec> specs(@Nullable SourceLocation source) {
    Arbitrary<String> goal = sectionText().filter(t -> !t.isBlank());
    Arbitrary<Map<String, String>> others =
        Combinators.combine(titles(), sectionText()).as(Map::entry).list().ofMaxSize(3)
            .map(SpecArbitraries::distinctSections);
    return Combinators.combine(
            specIds(),
            titles(),
            sectionText(),
            goal,
            Combinators.combine(sectionText(), sectionText(), sectionText()).as(List::of),
            scenarioIds().set().ofMaxSize(4),
            others,
            Combinators.combine(
                    labels().set().ofMaxSize(4),
                    Arbitraries.integers().between(0, 100),
                    relativePaths().set().ofMaxSize(3))
                .as(List::<Object>of))
        .as(
            (id, title, summary, g, texts, acceptance, other, misc) -> {
              @SuppressWarnings("unchecked")
              Set<String> labels = (Set<String>) misc.get(0);
              @SuppressWarnings("unchecked")
              Set<String> paths = (Set<String>) misc.get(2);
              Spec.Builder b =
                  Spec.builder(id)
                      .title(title)
                      .summary(summary)
                      .goal(g)
                      .constraints(texts.get(0))
                      .interfaces(texts.get(1))
                      .nonGoals(texts.get(2))
                      .acceptance(new ArrayList<>(acceptance))
                      .labels(labels)
                      .priority((Integer) misc.get(1))
                      .protectedPaths(paths)
                      .source(source);
              other.forEach(b::otherSection);
              return b.build();
            });
  }

  private static Map<String, String> distinctSections(List<Map.Entry<String, String>> entries) {
    Map<String, String> result = new LinkedHashMap<>();
    Set<String> keys = new HashSet<>();
    for (String known : Spec.KNOWN_SECTIONS) {
      keys.add(Spec.sectionKey(known));
    }
    for (Map.Entry<String, String> e : entries) {
      String key = Spec.sectionKey(e.getKey());
      if (!key.isEmpty() && keys.add(key) && notHeading(e.getKey())) {
        result.put(e.getKey(), e.getValue());
      }
    }
    return result;
  }

  /** Output matchers of every kind. */
  public static Arbitrary<OutputMatcher> outputMatchers() {
    return Arbitraries.oneOf(
        titles().map(OutputMatcher.Equals::new),
        titles().map(OutputMatcher.Contains::new),
        Arbitraries.of("^Hello", "\\d+", "a|b", "[A-Z]{2,}").map(OutputMatcher.Regex::new),
        Combinators.combine(Arbitraries.of("/count", "/a/0", ""), Arbitraries.of("3", "true", "x"))
            .as(OutputMatcher.JsonField::new));
  }

  /** Command checks. */
  public static Arbitrary<CommandCheck> commandChecks() {
    return Combinators.combine(
            Arbitraries.of(List.of("sh", "-c", "make test"), List.of("java", "-cp", "out", "Main")),
            Arbitraries.integers().between(0, 255),
            outputMatchers().list().ofMaxSize(3),
            outputMatchers().list().ofMaxSize(2))
        .as(CommandCheck::new);
  }

  /** Checks of the built-in kinds. */
  public static Arbitrary<dev.darkfactory.api.spec.Check> checks() {
    return Arbitraries.oneOf(
        commandChecks(),
        Arbitraries.of(
            new TestSuiteCheck(
                List.of("mvn", "-o", "test"),
                "target/surefire-reports",
                Map.of("src/test/java/HiddenTest.java", "HiddenTest.java"),
                Set.of("HiddenTest#fixesBug"),
                Set.of("ExistingTest"))),
        Combinators.combine(titles(), Arbitraries.of(1, 3, 5), Arbitraries.of("judge-model", "other"))
            .as(ModelJudgeCheck::new));
  }

  /** Scenarios of the given visibility. */
  public static Arbitrary<Scenario> scenarios(Visibility visibility) {
    return Combinators.combine(
            scenarioIds(),
            titles(),
            sectionText(),
            Arbitraries.doubles().between(0.01, 100).ofScale(2),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(1, 10),
            Arbitraries.longs().between(1, 3_600).map(Duration::ofSeconds),
            checks())
        .as(
            (id, title, description, weight, required, trials, timeout, check) ->
                Scenario.builder(id)
                    .title(title)
                    .description(description)
                    .visibility(visibility)
                    .weight(weight)
                    .required(required)
                    .trials(trials)
                    .timeout(timeout)
                    .check(check)
                    .build());
  }

  /** Scenario sets with unique ids, mixing visible scenarios and holdouts. */
  public static Arbitrary<ScenarioSet> scenarioSets() {
    return Combinators.combine(
            scenarios(Visibility.VISIBLE).list().ofMaxSize(4),
            scenarios(Visibility.HOLDOUT).list().ofMaxSize(4))
        .as(
            (visible, holdouts) -> {
              List<Scenario> all = new ArrayList<>();
              Set<ScenarioId> ids = new HashSet<>();
              for (Scenario s : visible) {
                if (ids.add(s.id())) {
                  all.add(s);
                }
              }
              for (Scenario s : holdouts) {
                if (ids.add(s.id())) {
                  all.add(s);
                }
              }
              return ScenarioSet.of(all);
            });
  }
}

package dev.darkfactory.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Example;

class FingerprintsTest {

  // ---- properties ---------------------------------------------------------------------------

  @Property(tries = 200)
  void equalItemsHaveEqualFingerprints(@ForAll("items") WorkItem item) {
    WorkItem copy = reordered(item);

    assertThat(copy).isEqualTo(item);
    assertThat(Fingerprints.of(copy)).isEqualTo(Fingerprints.of(item)).matches("[0-9a-f]{64}");
  }

  @Property(tries = 200)
  void whereTheFilesLiveDoesNotMatter(
      @ForAll("items") WorkItem item, @ForAll @IntRange(min = 1, max = 500) int line) {
    WorkItem moved = withSources(item, "moved/elsewhere/" + item.spec().id() + ".md", line);

    assertThat(Fingerprints.of(moved)).isEqualTo(Fingerprints.of(item));
  }

  @Property(tries = 300)
  void everySingleFieldChangeChangesTheFingerprint(@ForAll("items") WorkItem item) {
    String original = Fingerprints.of(item);
    for (Map.Entry<String, Function<WorkItem, Optional<WorkItem>>> change : CHANGES.entrySet()) {
      Optional<WorkItem> changed = change.getValue().apply(item);
      changed.ifPresent(
          c -> {
            assertThat(c).as(change.getKey()).isNotEqualTo(item);
            assertThat(Fingerprints.of(c)).as(change.getKey()).isNotEqualTo(original);
          });
    }
  }

  // ---- examples -----------------------------------------------------------------------------

  @Example
  void isTheSameOnEveryRunAndMachine() {
    WorkItem item = fixedItem();

    // Pinned: a change here changes every stored completion record's meaning. Bump the format
    // version in Fingerprints when the encoding changes on purpose.
    assertThat(Fingerprints.of(item))
        .isEqualTo("83ffec3ac7145831358a92092c4e63bd36bc81b3fc59d2688ff8a6c5c71af31a");
  }

  @Example
  void mapsCountByContentNotByInsertionOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a.txt", "x");
    ab.put("b.txt", "y");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b.txt", "y");
    ba.put("a.txt", "x");
    WorkItem one = withCheck(new TestSuiteCheck(List.of("mvn"), "r", ab, Set.of(), Set.of()));
    WorkItem two = withCheck(new TestSuiteCheck(List.of("mvn"), "r", ba, Set.of(), Set.of()));
    Map<String, String> swapped = Map.of("a.txt", "y", "b.txt", "x");
    WorkItem three =
        withCheck(new TestSuiteCheck(List.of("mvn"), "r", swapped, Set.of(), Set.of()));

    assertThat(Fingerprints.of(one)).isEqualTo(Fingerprints.of(two));
    assertThat(Fingerprints.of(three)).isNotEqualTo(Fingerprints.of(one));
  }

  /** A custom kind a user adds. */
  record HttpCheck(String url, int status, List<String> headers, Map<String, Integer> limits)
      implements Check {
    @Override
    public String kind() {
      return "http";
    }
  }

  @Example
  void aCustomRecordCheckCountsByEveryComponent() {
    HttpCheck base = new HttpCheck("http://x/", 200, List.of("a"), Map.of("rps", 5, "burst", 9));
    String fingerprint = Fingerprints.of(withCheck(base));

    assertThat(
            Fingerprints.of(
                withCheck(
                    new HttpCheck("http://x/", 200, List.of("a"), Map.of("burst", 9, "rps", 5)))))
        .isEqualTo(fingerprint);
    assertThat(
            List.of(
                new HttpCheck("http://y/", 200, List.of("a"), base.limits()),
                new HttpCheck("http://x/", 201, List.of("a"), base.limits()),
                new HttpCheck("http://x/", 200, List.of("a", "b"), base.limits()),
                new HttpCheck("http://x/", 200, List.of("a"), Map.of("rps", 5, "burst", 8))))
        .extracting(c -> Fingerprints.of(withCheck(c)))
        .doesNotContain(fingerprint)
        .doesNotHaveDuplicates();
  }

  /** A custom kind that is not a record: counted by its class name and toString. */
  static final class LegacyCheck implements Check {
    private final String target;

    LegacyCheck(String target) {
      this.target = target;
    }

    @Override
    public String kind() {
      return "legacy";
    }

    @Override
    public String toString() {
      return "LegacyCheck[" + target + "]";
    }
  }

  @Example
  void aCustomCheckThatIsNotARecordCountsByItsToString() {
    assertThat(Fingerprints.of(withCheck(new LegacyCheck("a"))))
        .isEqualTo(Fingerprints.of(withCheck(new LegacyCheck("a"))))
        .isNotEqualTo(Fingerprints.of(withCheck(new LegacyCheck("b"))));
  }

  @Example
  void scenarioOrderDoesNotMatterButEachScenarioDoes() {
    Scenario a = scenario("a", CommandCheck.exitsZero("true"));
    Scenario b = scenario("b", CommandCheck.exitsZero("false"));
    Spec spec = Spec.builder("s").title("S").goal("Do s.").build();

    assertThat(Fingerprints.of(new WorkItem(spec, ScenarioSet.of(a, b))))
        .isEqualTo(Fingerprints.of(new WorkItem(spec, ScenarioSet.of(b, a))))
        .isNotEqualTo(Fingerprints.of(new WorkItem(spec, ScenarioSet.of(a))));
  }

  // ---- fixtures -----------------------------------------------------------------------------

  private static Scenario scenario(String id, Check check) {
    return Scenario.builder(id).title("Scenario " + id).check(check).build();
  }

  private static WorkItem withCheck(Check check) {
    return new WorkItem(
        Spec.builder("custom").title("Custom").goal("Do it.").build(),
        ScenarioSet.of(scenario("only", check)));
  }

  private static WorkItem fixedItem() {
    Spec spec =
        Spec.builder("greeting")
            .title("Greet a person by name")
            .summary("The tool greets whoever runs it. ✓")
            .goal("Add a `Greeter`.")
            .constraints("- Plain Java 17.")
            .interfaces("- `Greeter#main`")
            .nonGoals("- No localisation.")
            .acceptance(ScenarioId.of("greets-ada"))
            .otherSection("Notes", "Be kind.")
            .labels("cli", "starter")
            .priority(2)
            .protectedPaths("build.sh")
            .build();
    ScenarioSet scenarios =
        ScenarioSet.of(
            Scenario.builder("greets-ada")
                .title("Greets Ada")
                .description("Given Ada, greets Ada.")
                .timeout(Duration.ofSeconds(60))
                .check(
                    new CommandCheck(
                        List.of("sh", "-c", "java Greeter Ada"),
                        0,
                        List.of(new OutputMatcher.Equals("Hello, Ada!")),
                        List.of(new OutputMatcher.JsonField("/a", "1"))))
                .build(),
            Scenario.builder("hidden-tests")
                .title("Hidden tests pass")
                .holdout()
                .weight(2.5)
                .required(false)
                .trials(3)
                .check(
                    new TestSuiteCheck(
                        List.of("mvn", "test"),
                        "target/reports",
                        // Map.of and Set.of iterate in an order that differs between JVM runs.
                        Map.of(
                            "src/test/GreeterTest.java", "tests/GreeterTest.java",
                            "src/test/Fixtures.java", "tests/Fixtures.java",
                            "src/test/More.java", "tests/More.java"),
                        Set.of("GreeterTest#greets", "GreeterTest#greetsTwice", "MoreTest"),
                        Set.of("GreeterTest#compiles", "FixturesTest")))
                .build(),
            Scenario.builder("judged")
                .title("Reads well")
                .holdout()
                .check(new ModelJudgeCheck("Is the code clear?", 3, null))
                .build());
    return new WorkItem(spec, scenarios);
  }

  // ---- arbitraries --------------------------------------------------------------------------

  private static Arbitrary<String> word() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars(' ', '\n', '-', '#', 'é', '✓')
        .ofMaxLength(20);
  }

  private static Arbitrary<List<OutputMatcher>> matchers() {
    Arbitrary<OutputMatcher> one =
        Arbitraries.oneOf(
            text().map(OutputMatcher.Equals::new),
            word().map(OutputMatcher.Contains::new),
            word().map(OutputMatcher.Regex::new),
            Combinators.combine(word(), text())
                .as((p, e) -> new OutputMatcher.JsonField("/" + p, e)));
    return one.list().ofMaxSize(2);
  }

  private static Arbitrary<Check> checks() {
    Arbitrary<List<String>> command = word().list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Check> commandCheck =
        Combinators.combine(command, Arbitraries.integers().between(0, 3), matchers(), matchers())
            .as(CommandCheck::new);
    Arbitrary<Check> suite =
        Combinators.combine(
                command,
                word(),
                Arbitraries.maps(word().map(w -> "src/" + w), word().map(w -> "t/" + w))
                    .ofMaxSize(3),
                word().map(w -> "F" + w).set().ofMaxSize(3),
                word().map(w -> "P" + w).set().ofMaxSize(3))
            .as(TestSuiteCheck::new);
    Arbitrary<Check> judge =
        Combinators.combine(
                text().filter(t -> !t.isBlank()),
                Arbitraries.of(1, 3, 5),
                word().injectNull(0.5))
            .as(ModelJudgeCheck::new);
    return Arbitraries.oneOf(commandCheck, suite, judge);
  }

  /** A scenario without its id, and whether the spec names it in its acceptance list. */
  record Draft(Scenario.Builder builder, boolean accepted) {}

  private static Arbitrary<Draft> drafts() {
    Arbitrary<Scenario.Builder> fields =
        Combinators.combine(
                word(),
                text(),
                Arbitraries.of(Visibility.class),
                Arbitraries.doubles().between(0.5, 100),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(1, 10_000).map(Duration::ofMillis),
                checks())
            .as(
                (title, description, visibility, weight, required, trials, timeout, check) ->
                    Scenario.builder("placeholder")
                        .title(title)
                        .description(description)
                        .visibility(visibility)
                        .weight(weight)
                        .required(required)
                        .trials(trials)
                        .timeout(timeout)
                        .check(check));
    return Combinators.combine(fields, Arbitraries.of(true, false)).as(Draft::new);
  }

  @Provide
  Arbitrary<WorkItem> items() {
    Arbitrary<Spec.Builder> spec =
        Combinators.combine(
                word(),
                word(),
                text(),
                text().map(t -> t + "goal"),
                text(),
                Arbitraries.maps(word(), text()).ofMaxSize(3),
                word().set().ofMaxSize(3),
                Arbitraries.integers().between(0, 9))
            .as(
                (id, title, summary, goal, constraints, others, labels, priority) -> {
                  Spec.Builder b =
                      Spec.builder(id)
                          .title(title)
                          .summary(summary)
                          .goal(goal)
                          .constraints(constraints)
                          .interfaces(constraints + "i")
                          .nonGoals(summary)
                          .labels(labels)
                          .priority(priority)
                          .protectedPaths(labels.stream().map(l -> "p/" + l).toList());
                  // Lowercase words never repeat a known section's key and are distinct keys.
                  others.forEach((heading, body) -> b.otherSection("x " + heading, body));
                  return b;
                });
    return Combinators.combine(spec, drafts().list().ofMaxSize(4))
        .as(
            (generated, drafts) -> {
              // A fresh builder: jqwik may hand the same generated builder to several tries.
              Spec.Builder specBuilder = generated.build().toBuilder();
              List<Scenario> scenarios = new ArrayList<>();
              for (int i = 0; i < drafts.size(); i++) {
                Scenario s = rename(drafts.get(i).builder().build(), "s" + i);
                scenarios.add(s);
                if (drafts.get(i).accepted() && s.isVisible()) {
                  specBuilder.acceptance(s.id());
                }
              }
              return new WorkItem(specBuilder.build(), ScenarioSet.of(scenarios));
            });
  }

  // ---- single-field changes -----------------------------------------------------------------

  private static final Map<String, Function<WorkItem, Optional<WorkItem>>> CHANGES =
      new LinkedHashMap<>();

  private static void change(String name, Function<WorkItem, Optional<WorkItem>> f) {
    CHANGES.put(name, f);
  }

  private static void specChange(String name, UnaryOperator<Spec.Builder> f) {
    change(
        name,
        item ->
            Optional.of(
                new WorkItem(f.apply(item.spec().toBuilder()).build(), item.scenarios())));
  }

  /** Changes the first scenario, when there is one and the change keeps the item valid. */
  private static void scenarioChange(String name, Function<Scenario, Optional<Scenario>> f) {
    change(
        name,
        item -> {
          if (item.scenarios().isEmpty()) {
            return Optional.empty();
          }
          Scenario first = item.scenarios().scenarios().get(0);
          return f.apply(first).flatMap(s -> replaceFirst(item, s));
        });
  }

  private static void checkChange(String name, Function<Check, Optional<Check>> f) {
    scenarioChange(name, s -> f.apply(s.check()).map(c -> copy(s).check(c).build()));
  }

  private static Optional<WorkItem> replaceFirst(WorkItem item, Scenario replacement) {
    List<Scenario> scenarios = new ArrayList<>(item.scenarios().scenarios());
    scenarios.set(0, replacement);
    try {
      return Optional.of(new WorkItem(item.spec(), ScenarioSet.of(scenarios)));
    } catch (IllegalArgumentException acceptanceNoLongerHolds) {
      return Optional.empty();
    }
  }

  static {
    specChange("spec id", b -> rebuildWithId(b, "9"));
    specChange("title", b -> b.title(b.build().title() + "x"));
    specChange("summary", b -> b.summary(b.build().summary() + "x"));
    specChange("goal", b -> b.goal(b.build().goal() + "x"));
    specChange("constraints", b -> b.constraints(b.build().constraints() + "x"));
    specChange("interfaces", b -> b.interfaces(b.build().interfaces() + "x"));
    specChange("non-goals", b -> b.nonGoals(b.build().nonGoals() + "x"));
    specChange("other section added", b -> b.otherSection("Extra 1", "text"));
    change(
        "other section body",
        item -> {
          Map<String, String> sections = item.spec().otherSections();
          if (sections.isEmpty()) {
            return Optional.empty();
          }
          Spec s = item.spec();
          Map<String, String> changed = new LinkedHashMap<>(sections);
          changed.replaceAll((k, v) -> v + "x");
          Spec spec =
              new Spec(
                  s.id(), s.title(), s.summary(), s.goal(), s.constraints(), s.interfaces(),
                  s.nonGoals(), s.acceptance(), changed, s.labels(), s.priority(),
                  s.protectedPaths(), s.source());
          return Optional.of(new WorkItem(spec, item.scenarios()));
        });
    specChange("label", b -> b.labels("label-9"));
    specChange("priority", b -> b.priority(b.build().priority() + 1));
    specChange("protected path", b -> b.protectedPaths("extra/9"));
    change(
        "acceptance",
        item -> {
          Spec s = item.spec();
          List<ScenarioId> acceptance = new ArrayList<>(s.acceptance());
          Optional<Scenario> notNamed =
              item.scenarios().visible().stream()
                  .filter(v -> !acceptance.contains(v.id()))
                  .findFirst();
          if (notNamed.isPresent()) {
            acceptance.add(notNamed.get().id());
          } else if (!acceptance.isEmpty()) {
            acceptance.remove(acceptance.size() - 1);
          } else {
            return Optional.empty();
          }
          Spec spec =
              new Spec(
                  s.id(), s.title(), s.summary(), s.goal(), s.constraints(), s.interfaces(),
                  s.nonGoals(), acceptance, s.otherSections(), s.labels(), s.priority(),
                  s.protectedPaths(), s.source());
          return Optional.of(new WorkItem(spec, item.scenarios()));
        });
    change(
        "scenario added",
        item -> {
          List<Scenario> scenarios = new ArrayList<>(item.scenarios().scenarios());
          scenarios.add(scenario("added-9", CommandCheck.exitsZero("true")));
          return Optional.of(new WorkItem(item.spec(), ScenarioSet.of(scenarios)));
        });
    change(
        "scenario removed",
        item -> {
          List<Scenario> scenarios = new ArrayList<>(item.scenarios().scenarios());
          boolean removed =
              scenarios.removeIf(s -> !item.spec().acceptance().contains(s.id()));
          return removed
              ? Optional.of(new WorkItem(item.spec(), ScenarioSet.of(scenarios)))
              : Optional.empty();
        });
    scenarioChange("scenario id", s -> Optional.of(rename(s, s.id() + "-9")));
    scenarioChange("scenario title", s -> Optional.of(copy(s).title(s.title() + "x").build()));
    scenarioChange(
        "scenario description",
        s -> Optional.of(copy(s).description(s.description() + "x").build()));
    scenarioChange(
        "visibility",
        s ->
            Optional.of(
                copy(s)
                    .visibility(s.isVisible() ? Visibility.HOLDOUT : Visibility.VISIBLE)
                    .build()));
    scenarioChange("weight", s -> Optional.of(copy(s).weight(s.weight() + 1).build()));
    scenarioChange("required", s -> Optional.of(copy(s).required(!s.required()).build()));
    scenarioChange("trials", s -> Optional.of(copy(s).trials(s.trials() + 1).build()));
    scenarioChange(
        "timeout", s -> Optional.of(copy(s).timeout(s.timeout().plusNanos(1)).build()));
    checkChange(
        "check kind",
        c ->
            Optional.of(
                c instanceof CommandCheck
                    ? new ModelJudgeCheck("rubric", 1, null)
                    : CommandCheck.exitsZero("true")));
    checkChange(
        "command",
        c ->
            c instanceof CommandCheck cc
                ? Optional.of(
                    new CommandCheck(
                        append(cc.command(), "arg"), cc.exitCode(), cc.stdout(), cc.stderr()))
                : Optional.empty());
    checkChange(
        "exit code",
        c ->
            c instanceof CommandCheck cc
                ? Optional.of(
                    new CommandCheck(cc.command(), cc.exitCode() + 1, cc.stdout(), cc.stderr()))
                : Optional.empty());
    checkChange(
        "stdout",
        c ->
            c instanceof CommandCheck cc
                ? Optional.of(
                    new CommandCheck(
                        cc.command(),
                        cc.exitCode(),
                        append(cc.stdout(), new OutputMatcher.Contains("x")),
                        cc.stderr()))
                : Optional.empty());
    checkChange(
        "stderr",
        c ->
            c instanceof CommandCheck cc
                ? Optional.of(
                    new CommandCheck(
                        cc.command(),
                        cc.exitCode(),
                        cc.stdout(),
                        append(cc.stderr(), new OutputMatcher.Regex("x"))))
                : Optional.empty());
    checkChange(
        "matcher kind",
        c -> {
          if (c instanceof CommandCheck cc && !cc.stdout().isEmpty()) {
            List<OutputMatcher> stdout = new ArrayList<>(cc.stdout());
            OutputMatcher m = stdout.get(0);
            stdout.set(
                0,
                m instanceof OutputMatcher.Equals e
                    ? new OutputMatcher.JsonField("", e.expected())
                    : new OutputMatcher.Equals("x"));
            return Optional.of(new CommandCheck(cc.command(), cc.exitCode(), stdout, cc.stderr()));
          }
          return Optional.empty();
        });
    checkChange(
        "suite command",
        c ->
            c instanceof TestSuiteCheck t
                ? Optional.of(
                    new TestSuiteCheck(
                        append(t.command(), "-q"), t.reports(), t.files(), t.failToPass(),
                        t.passToPass()))
                : Optional.empty());
    checkChange(
        "reports",
        c ->
            c instanceof TestSuiteCheck t
                ? Optional.of(
                    new TestSuiteCheck(
                        t.command(), t.reports() + "x", t.files(), t.failToPass(),
                        t.passToPass()))
                : Optional.empty());
    checkChange(
        "files",
        c -> {
          if (c instanceof TestSuiteCheck t) {
            Map<String, String> files = new LinkedHashMap<>(t.files());
            files.put("extra/9", "from/9");
            return Optional.of(
                new TestSuiteCheck(
                    t.command(), t.reports(), files, t.failToPass(), t.passToPass()));
          }
          return Optional.empty();
        });
    checkChange(
        "fail-to-pass",
        c -> {
          if (c instanceof TestSuiteCheck t) {
            Set<String> tests = new LinkedHashSet<>(t.failToPass());
            tests.add("Extra9");
            return Optional.of(
                new TestSuiteCheck(t.command(), t.reports(), t.files(), tests, t.passToPass()));
          }
          return Optional.empty();
        });
    checkChange(
        "fail-to-pass moved to pass-to-pass",
        c -> {
          if (c instanceof TestSuiteCheck t && !t.failToPass().isEmpty()) {
            Set<String> fail = new LinkedHashSet<>(t.failToPass());
            String moved = fail.iterator().next();
            fail.remove(moved);
            Set<String> pass = new LinkedHashSet<>(t.passToPass());
            pass.add(moved);
            return Optional.of(new TestSuiteCheck(t.command(), t.reports(), t.files(), fail, pass));
          }
          return Optional.empty();
        });
    checkChange(
        "rubric",
        c ->
            c instanceof ModelJudgeCheck j
                ? Optional.of(new ModelJudgeCheck(j.rubric() + "x", j.votes(), j.model()))
                : Optional.empty());
    checkChange(
        "votes",
        c ->
            c instanceof ModelJudgeCheck j
                ? Optional.of(new ModelJudgeCheck(j.rubric(), j.votes() + 2, j.model()))
                : Optional.empty());
    checkChange(
        "judge model",
        c ->
            c instanceof ModelJudgeCheck j
                ? Optional.of(
                    new ModelJudgeCheck(j.rubric(), j.votes(), j.model() == null ? "m" : null))
                : Optional.empty());
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static <T> List<T> append(List<T> list, T value) {
    List<T> copy = new ArrayList<>(list);
    copy.add(value);
    return copy;
  }

  private static Spec.Builder rebuildWithId(Spec.Builder b, String suffix) {
    Spec s = b.build();
    return new Spec(
            dev.darkfactory.api.spec.SpecId.of(s.id().value() + suffix), s.title(), s.summary(),
            s.goal(), s.constraints(), s.interfaces(), s.nonGoals(), s.acceptance(),
            s.otherSections(), s.labels(), s.priority(), s.protectedPaths(), s.source())
        .toBuilder();
  }

  private static Scenario.Builder copy(Scenario s) {
    return Scenario.builder(s.id())
        .title(s.title())
        .description(s.description())
        .visibility(s.visibility())
        .weight(s.weight())
        .required(s.required())
        .trials(s.trials())
        .timeout(s.timeout())
        .check(s.check())
        .source(s.source());
  }

  private static Scenario rename(Scenario s, String id) {
    return new Scenario(
        ScenarioId.of(id), s.title(), s.description(), s.visibility(), s.weight(), s.required(),
        s.trials(), s.timeout(), s.check(), s.source());
  }

  /** An equal item whose maps and sets were filled in another order. */
  private static WorkItem reordered(WorkItem item) {
    Spec s = item.spec();
    Map<String, String> sections = new LinkedHashMap<>();
    List<String> headings = new ArrayList<>(s.otherSections().keySet());
    java.util.Collections.reverse(headings);
    headings.forEach(h -> sections.put(h, s.otherSections().get(h)));
    List<String> labels = new ArrayList<>(s.labels());
    java.util.Collections.reverse(labels);
    Spec spec =
        new Spec(
            s.id(), s.title(), s.summary(), s.goal(), s.constraints(), s.interfaces(),
            s.nonGoals(), s.acceptance(), sections, new LinkedHashSet<>(labels), s.priority(),
            s.protectedPaths(), s.source());
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario sc : item.scenarios().scenarios()) {
      scenarios.add(copy(sc).check(reordered(sc.check())).build());
    }
    return new WorkItem(spec, ScenarioSet.of(scenarios));
  }

  private static Check reordered(Check check) {
    if (check instanceof TestSuiteCheck t) {
      Map<String, String> files = new LinkedHashMap<>();
      List<String> keys = new ArrayList<>(t.files().keySet());
      java.util.Collections.reverse(keys);
      keys.forEach(k -> files.put(k, t.files().get(k)));
      List<String> fail = new ArrayList<>(t.failToPass());
      java.util.Collections.reverse(fail);
      return new TestSuiteCheck(
          t.command(), t.reports(), files, new LinkedHashSet<>(fail), t.passToPass());
    }
    return check;
  }

  private static WorkItem withSources(WorkItem item, String file, int line) {
    Spec spec = item.spec().toBuilder().source(SourceLocation.of(file, line)).build();
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario s : item.scenarios().scenarios()) {
      scenarios.add(copy(s).source(SourceLocation.of(file + ".yaml", line + 1)).build());
    }
    return new WorkItem(spec, ScenarioSet.of(scenarios));
  }
}

package dev.darkfactory.evaluator.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.evaluator.tamper.UnifiedDiff.FileDiff;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.Line;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TamperChecksPropertiesTest {

  private static final List<String> PROTECTED = List.of("pom.xml", ".github/**", "build.gradle");
  private static final Set<String> HOLDOUTS = Set.of("src/test/java/com/acme/hidden", "target/holdout-reports");

  /** A new production file: a path outside test directories, protected and holdout paths. */
  record NewFile(String path, List<String> lines) {}

  @Provide
  Arbitrary<List<NewFile>> newProductionFileSets() {
    return newProductionFiles().list().ofMinSize(1).ofMaxSize(6);
  }

  private Arbitrary<NewFile> newProductionFiles() {
    Arbitrary<String> dirs = Arbitraries.of("src/main/java/com/acme", "lib", "app/core", "docs", "scripts", "web/src");
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> exts = Arbitraries.of("java", "kt", "py", "js", "ts", "go", "md", "txt", "sh", "json", "xml");
    // Words and punctuation of ordinary code, none of them a trigger word, with "test" among them
    // to show that mentioning tests is not tampering. No bare number stands next to "passed", so
    // no pass-line shape can come out of them.
    Arbitrary<String> words =
        Arbitraries.of(
            "int", "x", "=", "1;", "return", "value", "//", "the", "test", "tests", "cover", "this",
            "\"hello\"", "'a'", "(", ")", "{", "}", "print", "run:", "ok", "Failures", "passed",
            "@Override", "def", "func", "class", "#", "assert", "skip", "exit", "System.out", ".", ",");
    Arbitrary<String> line = words.list().ofMaxSize(12).map(ws -> String.join(" ", ws));
    return Combinators.combine(dirs, names, exts, line.list().ofMinSize(1).ofMaxSize(20))
        .as((d, n, e, ls) -> new NewFile(d + "/" + n + "." + e, ls));
  }

  @Property(tries = 300)
  void addingOnlyNewProductionFilesNeverFires(
      @ForAll("newProductionFileSets") List<NewFile> files) {
    Map<String, NewFile> byPath = new LinkedHashMap<>();
    files.forEach(f -> byPath.putIfAbsent(f.path(), f));
    StringBuilder diff = new StringBuilder();
    for (NewFile f : byPath.values()) {
      diff.append(Diffs.added(f.path(), f.lines().toArray(String[]::new)));
    }

    ChangeUnderReview change = Diffs.change(diff.toString(), PROTECTED, HOLDOUTS);

    assertThat(TamperChecks.inspectAll(TamperChecks.defaults(), change)).isEmpty();
  }

  @Property(tries = 300)
  void theParserReadsBackEveryAddedLineOfEveryFile(
      @ForAll("newProductionFileSets") List<NewFile> files) {
    Map<String, NewFile> byPath = new LinkedHashMap<>();
    files.forEach(f -> byPath.putIfAbsent(f.path(), f));
    StringBuilder diff = new StringBuilder();
    for (NewFile f : byPath.values()) {
      diff.append(Diffs.added(f.path(), f.lines().toArray(String[]::new)));
    }

    List<FileDiff> parsed = UnifiedDiff.parse(diff.toString());

    assertThat(parsed).extracting(FileDiff::path).containsExactlyElementsOf(byPath.keySet());
    for (FileDiff d : parsed) {
      List<Line> expected = new ArrayList<>();
      List<String> lines = byPath.get(d.path()).lines();
      for (int i = 0; i < lines.size(); i++) {
        expected.add(new Line(i + 1, lines.get(i)));
      }
      assertThat(d.addedLines()).containsExactlyElementsOf(expected);
      assertThat(d.added()).isTrue();
    }
  }
}

package dev.darkfactory.testkit.docs.examples.docs2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every code snippet of the "writing a ..." pages (and of {@code scale-out.md}, from
 * factory-temporal's {@code ScaleOutExampleTest}) is copied from the compiled examples in this
 * package (or the resources beside them), so a snippet cannot drift from code that runs. A snippet
 * is a fenced {@code java} or {@code text} block; its lines, trimmed and without blank lines, must
 * appear as consecutive lines of one example file, except where the snippet says {@code // ...},
 * which may skip lines. There are no exceptions.
 */
class Docs2SnippetsTest {

  private static final Path DOCS = Path.of("..", "docs");
  private static final List<Path> EXAMPLES =
      List.of(
          Path.of("src/test/java/dev/darkfactory/testkit/docs/examples/docs2"),
          Path.of("src/test/resources/dev/darkfactory/testkit/docs/examples/docs2"),
          // scale-out.md's snippets come from factory-temporal's ScaleOutExampleTest.
          Path.of("../factory-temporal/src/test/java/dev/darkfactory/temporal"));
  private static final String ELISION = "// ...";

  /** A fenced block: where it starts, its language, its lines. */
  private record Snippet(int line, String language, List<String> lines) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "writing-an-agent.md",
        "writing-an-evaluator.md",
        "writing-a-policy.md",
        "writing-a-sandbox.md",
        "writing-a-provider.md",
        "scale-out.md"
      })
  void everySnippetIsCopiedFromTheCompiledExamples(String page) throws IOException {
    Map<Path, List<String>> sources = exampleFiles();
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Snippet s : snippets(DOCS.resolve(page))) {
      if (!(s.language().equals("java") || s.language().equals("text"))) {
        continue;
      }
      checked++;
      String where = foundIn(s.lines(), sources);
      if (where == null) {
        missing.add(page + ":" + s.line() + " " + firstUnmatched(s.lines(), sources));
      }
    }
    assertThat(checked).as("code snippets checked in %s", page).isGreaterThanOrEqualTo(3);
    assertThat(missing).as("snippets of %s not found in the examples", page).isEmpty();
  }

  @Test
  void aSnippetIsFoundOnlyAsConsecutiveLinesOfOneFileUnlessItElides() throws IOException {
    Map<Path, List<String>> sources = exampleFiles();
    String header = "public final class HoldoutGapPolicy implements MergePolicy {";
    String laterLine = "case SUSPECT ->";

    assertThat(foundIn(List.of(header, ELISION, laterLine), sources)).isEqualTo("HoldoutGapPolicy.java");
    assertThat(foundIn(List.of(header, laterLine), sources)).as("lines that are not consecutive").isNull();
    assertThat(foundIn(List.of(laterLine, ELISION, header), sources)).as("lines out of order").isNull();
    assertThat(foundIn(List.of("this line is in no example"), sources)).isNull();
  }

  /** The name of the example file holding the snippet's lines, or null. */
  private static String foundIn(List<String> lines, Map<Path, List<String>> sources) {
    for (Map.Entry<Path, List<String>> e : sources.entrySet()) {
      if (matches(segments(lines), e.getValue())) {
        return e.getKey().toString();
      }
    }
    return null;
  }

  /** Whether every segment appears as consecutive lines of {@code source}, in order. */
  private static boolean matches(List<List<String>> segments, List<String> source) {
    int from = 0;
    for (List<String> segment : segments) {
      int at = indexOf(source, segment, from);
      if (at < 0) {
        return false;
      }
      from = at + segment.size();
    }
    return true;
  }

  private static int indexOf(List<String> source, List<String> segment, int from) {
    outer:
    for (int i = from; i + segment.size() <= source.size(); i++) {
      for (int j = 0; j < segment.size(); j++) {
        if (!source.get(i + j).equals(segment.get(j))) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The snippet's lines split at elisions. */
  private static List<List<String>> segments(List<String> lines) {
    List<List<String>> segments = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : lines) {
      if (line.equals(ELISION)) {
        if (!current.isEmpty()) {
          segments.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(line);
      }
    }
    if (!current.isEmpty()) {
      segments.add(current);
    }
    return segments;
  }

  /** For the failure message: the longest prefix found in any one file, and the line after it. */
  private static String firstUnmatched(List<String> lines, Map<Path, List<String>> sources) {
    List<String> flat = lines.stream().filter(l -> !l.equals(ELISION)).toList();
    int best = 0;
    for (List<String> source : sources.values()) {
      for (int n = flat.size(); n > best; n--) {
        if (indexOf(source, flat.subList(0, n), 0) >= 0) {
          best = n;
          break;
        }
      }
    }
    return best < flat.size()
        ? "first line not found after " + best + " matching: " + flat.get(best)
        : "the lines exist but not in order";
  }

  private static List<Snippet> snippets(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```") && line.length() > 3) {
        String language = line.substring(3).strip();
        List<String> body = new ArrayList<>();
        int j = i + 1;
        while (j < lines.size() && !lines.get(j).startsWith("```")) {
          if (!lines.get(j).isBlank()) {
            body.add(lines.get(j).strip());
          }
          j++;
        }
        snippets.add(new Snippet(i + 1, language, body));
        i = j;
      }
    }
    return snippets;
  }

  private static Map<Path, List<String>> exampleFiles() throws IOException {
    Map<Path, List<String>> files = new TreeMap<>();
    for (Path root : EXAMPLES) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          files.put(
              root.relativize(f),
              Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                  .map(String::strip)
                  .filter(l -> !l.isEmpty())
                  .toList());
        }
      }
    }
    return files;
  }
}

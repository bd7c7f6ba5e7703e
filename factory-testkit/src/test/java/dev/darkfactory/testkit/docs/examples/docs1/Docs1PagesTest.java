package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the pages of this package honest: every Java and YAML snippet a page shows is copied from
 * a test here that runs it, every test a page names exists, and every link to another page or
 * file of the repository resolves.
 */
class Docs1PagesTest {

  private static final Path ROOT = Path.of("..");
  private static final Path EXAMPLES =
      Path.of("src/test/java/dev/darkfactory/testkit/docs/examples/docs1");
  private static final Pattern FENCE = Pattern.compile("(?m)^```(java|yaml)\\n(.*?)^```", Pattern.DOTALL);
  private static final Pattern NAMED = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)\\.([a-z][A-Za-z0-9_]*)`");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(?:#([^)\\s]*))?\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
  private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");
  /** Pages other parts of this issue add; a link to one is checked once the page exists. */
  private static final Set<String> PAGES_OF_OTHERS = Set.of("getting-started.md", "testkit.md");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"concepts.md", "configuration.md", "security-model.md", "statistics.md", "faq.md"})
  void everySnippetIsCopiedFromATestThatRunsIt(String page) throws IOException {
    String doc = Files.readString(ROOT.resolve("docs").resolve(page));
    List<List<String>> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
        sources.add(trimmedLines(Files.readString(f)));
      }
    }
    List<String> missing = new ArrayList<>();
    Matcher m = FENCE.matcher(doc);
    int snippets = 0;
    while (m.find()) {
      snippets++;
      List<String> block = trimmedLines(m.group(2));
      if (sources.stream().noneMatch(s -> java.util.Collections.indexOfSubList(s, block) >= 0)) {
        missing.add(m.group(1) + " snippet starting '" + block.get(0) + "'");
      }
    }
    assertThat(missing).as("snippets of %s found in no test of %s", page, EXAMPLES).isEmpty();
    assertThat(snippets).as("snippets in %s", page).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"concepts.md", "configuration.md", "security-model.md", "statistics.md", "faq.md"})
  void everyTestThePageNamesExistsAndEveryLinkResolves(String page) throws IOException {
    String doc = Files.readString(ROOT.resolve("docs").resolve(page));
    Map<String, String> tests = testSources();
    List<String> problems = new ArrayList<>();
    Matcher m = NAMED.matcher(doc);
    while (m.find()) {
      String source = tests.get(m.group(1));
      if (source == null || !source.contains("void " + m.group(2) + "(")) {
        problems.add("no test " + m.group(1) + "." + m.group(2));
      }
    }
    Matcher l = LINK.matcher(doc);
    while (l.find()) {
      String target = l.group(1);
      String anchor = l.group(2);
      if (target.startsWith("http://") || target.startsWith("https://")) {
        continue;
      }
      Path resolved = target.isEmpty() ? ROOT.resolve("docs").resolve(page) : ROOT.resolve("docs").resolve(target).normalize();
      if (!Files.exists(resolved)) {
        if (!PAGES_OF_OTHERS.contains(target)) {
          problems.add("broken link " + target);
        }
        continue;
      }
      if (anchor != null && (target.isEmpty() || target.endsWith(".md"))) {
        if (!anchors(Files.readString(resolved)).contains(anchor)) {
          problems.add("no anchor #" + anchor + " in " + (target.isEmpty() ? page : target));
        }
      }
    }
    assertThat(problems).as("problems in %s", page).isEmpty();
  }

  /** The anchors GitHub gives a page: one per heading (outside code fences), and explicit ones. */
  private static Set<String> anchors(String markdown) {
    String outsideFences = markdown.replaceAll("(?ms)^```.*?^```", "");
    Set<String> anchors = new java.util.HashSet<>();
    Matcher h = HEADING.matcher(outsideFences);
    while (h.find()) {
      anchors.add(h.group(1).strip().toLowerCase(java.util.Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    Matcher a = ANCHOR.matcher(markdown);
    while (a.find()) {
      anchors.add(a.group(1));
    }
    return anchors;
  }

  private static List<String> trimmedLines(String text) {
    return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Every test class of every module, by simple name. */
  private static Map<String, String> testSources() throws IOException {
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(tests)) {
          for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
            sources.merge(f.getFileName().toString().replace(".java", ""), Files.readString(f), String::concat);
          }
        }
      }
    }
    return sources;
  }
}

package dev.darkfactory.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pages under {@code docs/} name the test behind each behaviour as {@code
 * `SomeTest.method`}; this checks every such name against the test sources of every module, so
 * a page cannot claim coverage by a test that was renamed or deleted. It lives in the testkit
 * because the testkit's tests are the last to run and see every module.
 */
class DocsNamedTestsTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern NAMED =
      Pattern.compile("`([A-Z][A-Za-z0-9]*Test)\\.([a-z][A-Za-z0-9_]*)`");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "docs/evaluator.md, 40",
    "docs/calibration.md, 20",
    "docs/agent.md, 80",
    "docs/cost.md, 25",
    "docs/concepts.md, 1",
    "docs/configuration.md, 5",
    "docs/security-model.md, 15",
    "docs/statistics.md, 5",
    "docs/faq.md, 2",
    "docs/writing-an-agent.md, 3",
    "docs/writing-an-evaluator.md, 3",
    "docs/writing-a-policy.md, 4",
    "docs/writing-a-sandbox.md, 3",
    "docs/writing-a-provider.md, 4",
    "docs/testkit.md, 30",
    "docs/zoo.md, 30",
    "docs/scale-out.md, 12",
  })
  void everyTestThePageNamesExists(String page, int atLeast) throws IOException {
    Map<String, String> sources = testSources();
    String doc = Files.readString(ROOT.resolve(page));
    List<String> missing = new ArrayList<>();
    int named = 0;
    Matcher m = NAMED.matcher(doc);
    while (m.find()) {
      named++;
      String source = sources.get(m.group(1));
      if (source == null || !source.contains("void " + m.group(2) + "(")) {
        missing.add(m.group(1) + "." + m.group(2));
      }
    }

    assertThat(named).as("tests named in %s", page).isGreaterThanOrEqualTo(atLeast);
    assertThat(missing).as("tests %s names that do not exist", page).isEmpty();
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
            sources.merge(
                f.getFileName().toString().replace(".java", ""), Files.readString(f), String::concat);
          }
        }
      }
    }
    return sources;
  }
}

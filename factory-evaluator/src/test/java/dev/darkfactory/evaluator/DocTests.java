package dev.darkfactory.evaluator;

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

/**
 * The tests a documentation page names as {@code `SomeTest.method`}, checked against this
 * module's test sources, so a page cannot cite a test that was renamed or deleted.
 */
public final class DocTests {

  private static final Pattern NAMED =
      Pattern.compile("`([A-Z][A-Za-z0-9]*Test)\\.([a-z][A-Za-z0-9_]*)`");

  /**
   * What a page names and which of those names no test method of this module answers.
   *
   * @param named how many test names the page holds
   * @param missing {@code Class.method} for each name with no such method
   */
  public record Names(int named, List<String> missing) {}

  private DocTests() {}

  /**
   * Reads {@code page} (relative to the repository root) and checks every test name in it.
   *
   * @param page such as {@code docs/evaluator.md}
   * @return the count and the missing names
   * @throws IOException when a file cannot be read
   */
  public static Names check(String page) throws IOException {
    String doc = Files.readString(Path.of("..").resolve(page));
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
        sources.put(f.getFileName().toString().replace(".java", ""), Files.readString(f));
      }
    }
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
    return new Names(named, missing);
  }
}

package dev.darkfactory.evaluator.calibration;

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
import org.junit.jupiter.api.Test;

/** Every test {@code docs/calibration.md} names exists, so the page cannot cite a deleted test. */
class DocsCalibrationTest {

  private static final Pattern NAMED = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)\\.([a-z][A-Za-z0-9_]*)`");

  @Test
  void everyTestTheCalibrationPageNamesExists() throws IOException {
    String doc = Files.readString(Path.of("../docs/calibration.md"));
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

    assertThat(named).as("tests named in docs/calibration.md").isGreaterThanOrEqualTo(15);
    assertThat(missing).isEmpty();
  }
}

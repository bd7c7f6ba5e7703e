package dev.darkfactory.core.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.spec.ScenarioId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The properties of {@link HoldoutLeakGuardTest}, apart so each engine reports its own class. */
class HoldoutLeakGuardPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SPACES = {" ", "  ", "\n", "\t ", " \r\n   ", "\u00a0"};

  /** A holdout line the guard must recognize, and the holdout it belongs to. */
  record HoldoutLine(String text, ScenarioId holdout) {}

  private static Path dir;
  private static GuardFixture fixture;
  private static HoldoutLeakGuard guard;
  private static List<HoldoutLine> holdoutLines;
  private static List<String> visibleLines;
  /** Each holdout's own text, normalized: its block of the holdout file, or the hidden test. */
  private static Map<ScenarioId, StringBuilder> holdoutTexts;

  @BeforeContainer
  static void createFixture() throws IOException {
    dir = Files.createTempDirectory("guard-properties");
    fixture = GuardFixture.create(dir);
    guard = HoldoutLeakGuard.of(fixture.item());
    String visible =
        normalize(
            Files.readString(fixture.specs().resolve("greeting.md"))
                + "\n"
                + Files.readString(fixture.specs().resolve("greeting.scenarios.yaml")));
    visibleLines = new ArrayList<>();
    Files.readString(fixture.specs().resolve("greeting.md")).lines().forEach(visibleLines::add);
    Files.readString(fixture.specs().resolve("greeting.scenarios.yaml"))
        .lines()
        .forEach(visibleLines::add);
    holdoutLines = new ArrayList<>();
    holdoutTexts = new java.util.HashMap<>();
    ScenarioId current = null;
    for (String line : Files.readAllLines(fixture.holdoutFile())) {
      if (line.strip().startsWith("- id: ")) {
        current = ScenarioId.of(line.strip().substring("- id: ".length()));
      }
      if (current != null) {
        holdoutTexts.computeIfAbsent(current, k -> new StringBuilder()).append(normalize(line)).append('\n');
      }
      if (current != null && checked(line, visible)) {
        holdoutLines.add(new HoldoutLine(line, current));
      }
    }
    for (String line : Files.readAllLines(fixture.hiddenTest())) {
      holdoutTexts
          .computeIfAbsent(ScenarioId.of("hidden-tests"), k -> new StringBuilder())
          .append(normalize(line))
          .append('\n');
      if (checked(line, visible)) {
        holdoutLines.add(new HoldoutLine(line, ScenarioId.of("hidden-tests")));
      }
    }
  }

  @AfterContainer
  static void deleteFixture() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The rule, restated: long enough, not a canary or import line, and not visible. */
  private static boolean checked(String line, String visible) {
    String n = normalize(line);
    return n.length() >= HoldoutLeakGuard.DEFAULT_MINIMUM_FRAGMENT_LENGTH
        && !n.contains(HoldoutCanaries.PREFIX)
        && !n.startsWith("import ")
        && !visible.contains(n);
  }

  /** The holdouts whose own text shares a checked fragment with the line. */
  private static java.util.Set<ScenarioId> owners(HoldoutLine line) {
    java.util.Set<ScenarioId> owners = new java.util.HashSet<>();
    owners.add(line.holdout());
    String n = normalize(line.text());
    int w = HoldoutLeakGuard.DEFAULT_MINIMUM_FRAGMENT_LENGTH;
    holdoutTexts.forEach(
        (id, text) -> {
          for (int i = 0; i + w <= n.length(); i++) {
            if (text.indexOf(n.substring(i, i + w)) >= 0) {
              owners.add(id);
              return;
            }
          }
        });
    return owners;
  }

  private static String normalize(String s) {
    return s.strip().replaceAll("[\\s\\u00a0]+", " ");
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\n', '\t', '\u00e9', '\u2014', '\u00a0')
        .ofMaxLength(800);
  }

  @Provide
  Arbitrary<HoldoutLine> holdoutLine() {
    assertThat(holdoutLines).as("the property is not vacuous").hasSizeGreaterThan(12);
    return Arbitraries.of(holdoutLines);
  }

  @Provide
  Arbitrary<List<String>> visibleSelection() {
    return Arbitraries.of(visibleLines).list().ofMinSize(1).ofMaxSize(12);
  }

  private static ModelRequest placed(String text, int where) throws IOException {
    return switch (where) {
      case 0 -> GuardFixture.request(text, Message.user("go"));
      case 1 -> GuardFixture.request("sys", Message.user(text));
      case 2 ->
          GuardFixture.request(
              "sys",
              Message.user("go"),
              GuardFixture.toolCall("read_file", "{}"),
              GuardFixture.toolResult(text));
      default ->
          GuardFixture.request(
              "sys",
              Message.user("go"),
              GuardFixture.toolCall(
                  "write_file", JSON.writeValueAsString(Map.of("path", "a.txt", "content", text))));
    };
  }

  /** The line with each space replaced by a random run of whitespace, and indented. */
  private static String reformatted(String line, Random random) {
    StringBuilder b = new StringBuilder(SPACES[random.nextInt(SPACES.length)]);
    for (char c : line.strip().toCharArray()) {
      b.append(c == ' ' ? SPACES[random.nextInt(SPACES.length)] : String.valueOf(c));
    }
    return b.append(SPACES[random.nextInt(SPACES.length)]).toString();
  }

  @Property(tries = 300)
  void randomCleanTextNeverTripsTheGuard(
      @ForAll("noise") String text, @ForAll @IntRange(min = 0, max = 3) int where)
      throws Exception {
    GuardFixture.RecordingProvider model = new GuardFixture.RecordingProvider();
    ModelRequest request = placed(text.isEmpty() ? "x" : text, where);

    guard.wrap(model).complete(request);

    assertThat(model.requests).containsExactly(request);
  }

  @Property(tries = 300)
  void visibleTextMixedWithNoiseNeverTripsTheGuard(
      @ForAll("visibleSelection") List<String> lines,
      @ForAll("noise") String noise,
      @ForAll @IntRange(min = 0, max = 3) int where)
      throws Exception {
    GuardFixture.RecordingProvider model = new GuardFixture.RecordingProvider();
    ModelRequest request = placed(noise + "\n" + String.join("\n", lines) + "\n" + noise, where);

    guard.wrap(model).complete(request);

    assertThat(model.requests).containsExactly(request);
  }

  @Property(tries = 500)
  void anyHoldoutLineEmbeddedInRandomTextAlwaysTripsTheGuard(
      @ForAll("holdoutLine") HoldoutLine line,
      @ForAll("noise") String before,
      @ForAll("noise") String after,
      @ForAll @IntRange(min = 0, max = 3) int where,
      @ForAll Random random)
      throws Exception {
    GuardFixture.RecordingProvider model = new GuardFixture.RecordingProvider();
    ModelRequest request = placed(before + reformatted(line.text(), random) + after, where);

    Throwable thrown = catchThrowable(() -> guard.wrap(model).complete(request));

    assertThat(thrown).isInstanceOf(HoldoutLeakException.class);
    // The line's own holdout, or another that holds a long enough part of it (a hidden test
    // asserting a holdout's expected output, say): both are leaks of that holdout.
    assertThat(((HoldoutLeakException) thrown).holdout()).isIn(owners(line));
    assertThat(thrown.getMessage()).doesNotContain(normalize(line.text()));
    assertThat(model.requests).isEmpty();
  }

  @Property(tries = 100)
  void anyHoldoutCanaryEmbeddedInRandomTextAlwaysTripsTheGuard(
      @ForAll("noise") String before,
      @ForAll("noise") String after,
      @ForAll boolean hiddenTest,
      @ForAll @IntRange(min = 0, max = 3) int where)
      throws Exception {
    Path file = hiddenTest ? fixture.hiddenTest() : fixture.holdoutFile();
    ModelRequest request = placed(before + " " + fixture.canary(file) + " " + after, where);

    Throwable thrown = catchThrowable(() -> guard.check(request));

    assertThat(thrown)
        .isInstanceOf(HoldoutLeakException.class)
        .hasMessageContaining("canary match");
    assertThat(((HoldoutLeakException) thrown).holdout().value())
        .isEqualTo(hiddenTest ? "hidden-tests" : "greets-world-without-argument");
  }
}

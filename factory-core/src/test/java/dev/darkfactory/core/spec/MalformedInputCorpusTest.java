package dev.darkfactory.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.darkfactory.api.InputProblem;
import dev.darkfactory.api.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 8 of the design ("bad input gets a clear error that says what and where, and changes
 * nothing"), tried against a corpus of malformed inputs.
 *
 * <p>Each directory under {@code src/test/resources/malformed/} is one case: a complete catalog
 * ({@code specs/} and {@code holdouts/}: the valid catalog of {@code malformed-baseline/}, two
 * specs with their visible and holdout scenarios, with one defect planted in it) and {@code
 * expected.txt}, the exact problems {@link SpecCatalog#load} must report, one {@link
 * InputProblem#toString()} per line, in the order the exception lists them. Lines of {@code
 * expected.txt} starting with {@code #} are comments describing the case; blank lines are ignored.
 *
 * <p>Paths in {@code expected.txt} are relative to the case directory ({@code specs/greeting.md:7:
 * ...}): the case is copied to a temporary directory, loaded from there, and that directory's
 * absolute path is stripped from every problem line, wherever in the line it occurs.
 *
 * <p>Cases under {@code malformed-pending/} have the same layout, but their {@code expected.txt}
 * says what the readers <em>should</em> report and do not yet; they are not part of the corpus
 * until the readers are fixed. {@link #pendingCasesStillFail} notices when one starts passing, so
 * it can be moved into the corpus.
 */
class MalformedInputCorpusTest {

  private static final String CORPUS = "malformed";
  private static final String PENDING = "malformed-pending";
  private static final String BASELINE = "malformed-baseline";
  private static final int MINIMUM_CASES = 30;

  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> everyMalformedInputIsReportedExactlyAndChangesNothing() throws IOException {
    return cases(CORPUS).stream()
        .map(
            source ->
                DynamicTest.dynamicTest(
                    source.getFileName().toString(),
                    source.toUri(),
                    () -> {
                      List<String> actual = loadUnchanged(source);

                      assertThat(actual)
                          .as(
                              "problems reported for %s (actual, one per line:%n%s%n)",
                              source.getFileName(), String.join("\n", actual))
                          .containsExactlyElementsOf(expected(source));
                    }));
  }

  @Test
  void corpusHasAtLeastThirtyCases() throws IOException {
    List<Path> cases = cases(CORPUS);

    assertThat(cases).hasSizeGreaterThanOrEqualTo(MINIMUM_CASES);
    if (MalformedInputCorpusTest.class.getClassLoader().getResource(PENDING) != null) {
      List<String> names = cases.stream().map(p -> p.getFileName().toString()).toList();
      assertThat(cases(PENDING).stream().map(p -> p.getFileName().toString()))
          .as("cases both in %s/ and %s/", CORPUS, PENDING)
          .doesNotContainAnyElementsOf(names);
    }
    for (Path c : cases) {
      assertThat(c.resolve("specs")).as("specs directory of %s", c.getFileName()).isDirectory();
      assertThat(c.resolve("holdouts")).as("holdout root of %s", c.getFileName()).isDirectory();
      assertThat(expected(c)).as("expected problems of %s", c.getFileName()).isNotEmpty();
    }
  }

  /** The control: the catalog the cases are built from is valid, so a case fails for its defect. */
  @Test
  void baselineCatalogLoadsWithoutProblems() throws IOException {
    Path copy = copyCase(resource(BASELINE));
    Map<String, String> before = snapshot(copy);

    SpecCatalog catalog = SpecCatalog.load(copy.resolve("specs"), copy.resolve("holdouts"));

    assertThat(catalog.items())
        .extracting(
            w -> w.spec().id().value(),
            w -> w.scenarios().visible().size(),
            w -> w.scenarios().holdouts().size())
        .containsExactly(tuple("greeting", 1, 1), tuple("farewell", 1, 2));
    assertThat(snapshot(copy)).isEqualTo(before);
  }

  @TestFactory
  Stream<DynamicTest> pendingCasesStillFail() throws IOException {
    if (MalformedInputCorpusTest.class.getClassLoader().getResource(PENDING) == null) {
      return Stream.empty();
    }
    return cases(PENDING).stream()
        .map(
            source ->
                DynamicTest.dynamicTest(
                    source.getFileName().toString(),
                    source.toUri(),
                    () ->
                        assertThat(loadUnchanged(source))
                            .as(
                                "%s now reports what it should: move it from %s/ to %s/",
                                source.getFileName(), PENDING, CORPUS)
                            .isNotEqualTo(expected(source))));
  }

  /** The guard of "changes nothing" is not vacuous: it notices a touched or an added file. */
  @Test
  void snapshotNoticesChangedAndAddedFiles() throws IOException {
    Path copy = copyCase(resource(BASELINE));
    Map<String, String> before = snapshot(copy);
    Path spec = copy.resolve("specs/greeting.md");

    Files.setLastModifiedTime(
        spec, FileTime.fromMillis(Files.getLastModifiedTime(spec).toMillis() - 60_000));
    Map<String, String> touched = snapshot(copy);
    Files.writeString(copy.resolve("holdouts/new.txt"), "x");
    Map<String, String> added = snapshot(copy);

    assertThat(touched).isNotEqualTo(before);
    assertThat(added).isNotEqualTo(touched).containsKey("holdouts/new.txt");
  }

  /**
   * Copies the case to a temporary directory, loads its catalog there, checks that loading left
   * every file and directory as it was, and returns the problems reported.
   */
  private List<String> loadUnchanged(Path source) throws IOException {
    Path copy = copyCase(source);
    Map<String, String> before = snapshot(copy);

    List<String> problems = problemLines(copy);

    assertThat(snapshot(copy))
        .as("files, bytes and modification times under %s after loading", copy)
        .isEqualTo(before);
    return problems;
  }

  /** Loads the case's catalog and returns its problems, with the case directory stripped. */
  private static List<String> problemLines(Path caseDir) throws IOException {
    InvalidInputException e =
        catchThrowableOfType(
            () -> SpecCatalog.load(caseDir.resolve("specs"), caseDir.resolve("holdouts")),
            InvalidInputException.class);
    if (e == null) {
      return List.of();
    }
    String prefix = caseDir.toString() + File.separator;
    List<String> lines = new ArrayList<>();
    for (InputProblem p : e.problems()) {
      String line = p.toString().replace(prefix, "").replace(caseDir.toString(), ".");
      lines.add(File.separatorChar == '/' ? line : line.replace(File.separatorChar, '/'));
    }
    return lines;
  }

  private static List<String> expected(Path caseDir) throws IOException {
    return Files.readAllLines(caseDir.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  private Path copyCase(Path source) throws IOException {
    Path target = temp.resolve(source.getFileName().toString());
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /**
   * Every file and directory under {@code root}: its modification time and, for a file, its
   * bytes, keyed by relative path. Directories are included so that a file created and
   * removed again is noticed by its parent's modification time.
   */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> state = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            state.put(relative(root, dir) + "/", "dir " + attrs.lastModifiedTime());
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            FileTime mtime = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
            byte[] bytes = Files.readAllBytes(file);
            state.put(
                relative(root, file),
                "file " + mtime + " " + new String(bytes, StandardCharsets.ISO_8859_1));
            return FileVisitResult.CONTINUE;
          }
        });
    return state;
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace(File.separatorChar, '/');
  }

  private static List<Path> cases(String name) throws IOException {
    Path root = resource(name);
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static Path resource(String name) {
    URL url = MalformedInputCorpusTest.class.getClassLoader().getResource(name);
    assertThat(url).as("test resource directory %s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}

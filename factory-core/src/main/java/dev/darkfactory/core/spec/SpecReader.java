package dev.darkfactory.core.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.core.spec.internal.Binder;
import dev.darkfactory.core.spec.internal.FrontMatterModel;
import dev.darkfactory.core.spec.internal.Problems;
import dev.darkfactory.core.spec.internal.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Reads a spec from a Markdown file.
 *
 * <p>The format, which {@link SpecWriter} writes back:
 *
 * <pre>
 * ---
 * id: greeting              # optional; defaults to the file name without .md
 * title: Add a greeting     # optional; defaults to the level-1 heading
 * labels: [cli, easy]
 * priority: 2               # higher is taken first; default 0
 * protected: [src/test/**, pom.xml]
 * ---
 * # Add a greeting
 *
 * Optional summary text.
 *
 * ## Goal                   (required)
 * ## Constraints
 * ## Interfaces
 * ## Non-goals
 * ## Acceptance             (a list of visible scenario ids: "- prints-hello")
 * ## Anything else          (kept in Spec.otherSections)
 * </pre>
 *
 * <p>Headings are recognized outside fenced code blocks only, and matched ignoring case, spaces
 * and punctuation ({@code ## Non goals} is {@code Non-goals}). Every problem in a file is
 * reported at once, with its line, in an {@link InvalidInputException}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SpecReader {

  private static final Pattern ACCEPTANCE_ITEM =
      Pattern.compile("^\\s*[-*+]\\s+`?([^`\\s:]+)`?\\s*(?:[:\\u2014\\u2013-]\\s+.*)?$");

  /** Creates a reader. */
  public SpecReader() {}

  /**
   * Reads the spec in a Markdown file; the file name (without {@code .md}) is the default id.
   *
   * @param file the spec file
   * @return the spec, with its source location
   * @throws IOException when the file cannot be read
   * @throws InvalidInputException with every problem found, when the spec is not valid
   */
  public Spec read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return parse(text, file.toString());
  }

  /**
   * Reads a spec from Markdown text.
   *
   * @param text the Markdown
   * @param source the file name for locations; its last segment without {@code .md} is the
   *     default id
   * @return the spec
   * @throws InvalidInputException with every problem found, when the spec is not valid
   */
  public Spec parse(String text, String source) {
    Problems problems = new Problems();
    Parsed parsed = parse(text, source, problems);
    problems.throwIfAny();
    return java.util.Objects.requireNonNull(parsed.spec());
  }

  /**
   * What reading one spec file found, for the catalog's checks across files.
   *
   * @param spec the spec, or {@code null} when the file had problems
   * @param id the id the file claims (from front matter or its name), or {@code null} when even
   *     that is unreadable; known even when the spec is not valid, so files that name it are not
   *     told it does not exist
   * @param idLine the line where the id is set, or 1 when it comes from the file name
   * @param acceptanceLines the line of each id in the acceptance list
   */
  record Parsed(
      @Nullable Spec spec,
      @Nullable SpecId id,
      int idLine,
      Map<ScenarioId, Integer> acceptanceLines) {}

  /** Reads a spec, recording problems instead of throwing. */
  Parsed parse(String text, String source, Problems problems) {
    int before = problems.size();
    Markdown.Document doc;
    try {
      doc = Markdown.split(text);
    } catch (Markdown.UnclosedFrontMatter e) {
      problems.add(
          SourceLocation.of(source, 1),
          "front matter opened with '---' is never closed",
          "a closing '---' line after the front matter");
      return new Parsed(null, null, 1, Map.of());
    }

    FrontMatterModel front = new FrontMatterModel();
    boolean frontMatterValid = true;
    SpecId claimedId = null;
    int idLine = 1;
    if (doc.frontMatter() != null) {
      YamlTree tree = YamlTree.parse(doc.frontMatter(), source, 1, problems);
      frontMatterValid = tree != null;
      if (tree != null && !tree.root().isNull()) {
        Optional<FrontMatterModel> read =
            new Binder(tree, problems).bind(tree.root(), "", FrontMatterModel.class, "front matter: ");
        frontMatterValid = read.isPresent();
        front = read.orElse(front);
        JsonNode id = tree.root().path("id");
        if (id.isTextual() && SpecId.isValid(id.asText())) {
          claimedId = SpecId.of(id.asText());
          idLine = tree.locate("/id").line();
        }
      }
    }

    Map<String, Markdown.Block> known = new HashMap<>();
    Map<String, String> others = new LinkedHashMap<>();
    Map<String, Integer> seenAt = new HashMap<>();
    Markdown.Heading titleHeading = null;
    String summary = "";
    for (Markdown.Block block : doc.blocks()) {
      Markdown.Heading h = block.heading();
      if (h == null) {
        summary = block.text();
        continue;
      }
      if (h.level() == 1) {
        if (titleHeading != null || !seenAt.isEmpty()) {
          problems.add(
              SourceLocation.of(source, h.line()),
              (titleHeading != null ? "a second level-1 heading '# " : "a level-1 heading after a section '# ")
                  + h.text()
                  + "'",
              "one level-1 heading (the title) before the first '##' section");
        } else {
          titleHeading = h;
          summary = summary.isBlank() ? block.text() : summary + "\n" + block.text();
        }
        continue;
      }
      String key = Spec.sectionKey(h.text());
      if (key.isEmpty()) {
        problems.add(
            SourceLocation.of(source, h.line()),
            "a section heading with no name",
            "a name after '##', such as '## Goal'");
        continue;
      }
      Integer first = seenAt.putIfAbsent(key, h.line());
      if (first != null) {
        problems.add(
            SourceLocation.of(source, h.line()),
            "section '" + h.text() + "' appears twice (first at line " + first + ")",
            "each section once");
        continue;
      }
      if (isKnown(key)) {
        known.put(key, block);
      } else {
        others.put(h.text(), block.text());
      }
    }

    // When the front matter is broken its title and id are unknown, not missing: say nothing more.
    String title = frontMatterValid ? title(front, titleHeading, source, problems) : null;
    SpecId id = frontMatterValid ? id(front, source, problems) : claimedId;
    if (claimedId == null && id != null && front.id != null) {
      claimedId = id;
    }

    Markdown.Block goal = known.get("goal");
    if (goal == null) {
      problems.add(
          SourceLocation.of(source),
          "missing section '## Goal'",
          "a '## Goal' section saying what to build");
    } else if (goal.text().isBlank()) {
      problems.add(
          SourceLocation.of(source, goal.heading().line()),
          "section 'Goal' is empty",
          "text under '## Goal' saying what to build");
    }
    Map<ScenarioId, Integer> acceptanceLines = new LinkedHashMap<>();
    List<ScenarioId> acceptance =
        acceptance(known.get("acceptance"), source, problems, acceptanceLines);

    if (problems.size() > before || id == null || title == null || goal == null) {
      return new Parsed(null, id, idLine, acceptanceLines);
    }
    try {
      Spec.Builder builder = Spec.builder(id);
      others.forEach(builder::otherSection);
      Spec spec = builder
          .title(title)
          .summary(summary)
          .goal(goal.text())
          .constraints(text(known.get("constraints")))
          .interfaces(text(known.get("interfaces")))
          .nonGoals(text(known.get("nongoals")))
          .acceptance(acceptance)
          .labels(front.labels)
          .priority(front.priority)
          .protectedPaths(front.protectedPaths)
          .source(SourceLocation.of(source))
          .build();
      return new Parsed(spec, id, idLine, acceptanceLines);
    } catch (IllegalArgumentException e) {
      problems.add(SourceLocation.of(source), e.getMessage(), "a valid spec");
      return new Parsed(null, id, idLine, acceptanceLines);
    }
  }

  private static boolean isKnown(String key) {
    return Spec.KNOWN_SECTIONS.stream().anyMatch(k -> Spec.sectionKey(k).equals(key));
  }

  private static String text(Markdown.@Nullable Block block) {
    return block == null ? "" : block.text();
  }

  private static @Nullable String title(
      FrontMatterModel front,
      Markdown.@Nullable Heading heading,
      String source,
      Problems problems) {
    if (front.title != null) {
      String title = front.title.strip();
      if (heading != null && !heading.text().equals(title)) {
        problems.add(
            SourceLocation.of(source, heading.line()),
            "heading '" + heading.text() + "' differs from the front matter title '" + title + "'",
            "the same title in both places, or only one of them");
      }
      return title;
    }
    if (heading == null || heading.text().isBlank()) {
      problems.add(
          SourceLocation.of(source, heading == null ? 1 : heading.line()),
          "missing title",
          "a 'title' in front matter or a level-1 heading '# Title'");
      return null;
    }
    return heading.text();
  }

  private static @Nullable SpecId id(FrontMatterModel front, String source, Problems problems) {
    if (front.id != null) {
      return SpecId.isValid(front.id) ? SpecId.of(front.id) : null;
    }
    String name = Path.of(source).getFileName().toString();
    String stem = name.toLowerCase(Locale.ROOT).endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    if (!SpecId.isValid(stem)) {
      problems.add(
          SourceLocation.of(source, 1),
          "file name '" + name + "' is not a valid spec id and front matter sets no id",
          "an 'id' in front matter, or a file name of " + SpecId.DESCRIPTION);
      return null;
    }
    return SpecId.of(stem);
  }

  private static List<ScenarioId> acceptance(
      Markdown.@Nullable Block block,
      String source,
      Problems problems,
      Map<ScenarioId, Integer> found) {
    if (block == null) {
      return List.of();
    }
    List<ScenarioId> ids = new java.util.ArrayList<>();
    Map<ScenarioId, Integer> seen = new HashMap<>();
    String[] lines = block.text().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int lineNumber = block.firstLine() + i;
      Matcher m = ACCEPTANCE_ITEM.matcher(line);
      if (!m.matches() || !ScenarioId.isValid(m.group(1))) {
        boolean bareId = ScenarioId.isValid(line.strip().replace("`", ""));
        problems.add(
            SourceLocation.of(source, lineNumber),
            "acceptance line '"
                + line.strip()
                + (bareId ? "' is not a list item" : "' does not name a scenario"),
            "a list item with a visible scenario id, such as '- prints-greeting'");
        continue;
      }
      ScenarioId id = ScenarioId.of(m.group(1));
      Integer first = seen.putIfAbsent(id, lineNumber);
      if (first != null) {
        problems.add(
            SourceLocation.of(source, lineNumber),
            "acceptance names scenario '" + id + "' twice (first at line " + first + ")",
            "each scenario once");
        continue;
      }
      ids.add(id);
      found.put(id, lineNumber);
    }
    return ids;
  }
}

package dev.darkfactory.core.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Writes a spec as Markdown that {@link SpecReader} reads back into an equal spec.
 *
 * <p>Front matter always carries the id and title; empty sections are left out. A spec whose
 * text would not read back the same (a section containing a {@code #} or {@code ##} heading, or
 * an unclosed code fence) is refused with an {@link IllegalArgumentException} naming the section
 * and the line.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SpecWriter {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();

  /** Creates a writer. */
  public SpecWriter() {}

  /**
   * The spec as Markdown.
   *
   * @param spec the spec to write
   * @return the Markdown text, ending with a newline
   * @throws IllegalArgumentException when a section's text would not read back the same
   */
  public String write(Spec spec) {
    StringBuilder out = new StringBuilder();
    out.append("---\n").append(frontMatter(spec)).append("---\n");
    boolean headingSafe = titleSurvivesHeading(spec.title());
    if (headingSafe) {
      out.append("\n# ").append(spec.title()).append('\n');
    }
    if (!spec.summary().isEmpty()) {
      checkSafe("summary", spec.summary());
      out.append('\n').append(spec.summary()).append('\n');
    }
    section(out, "Goal", spec.goal());
    section(out, "Constraints", spec.constraints());
    section(out, "Interfaces", spec.interfaces());
    section(out, "Non-goals", spec.nonGoals());
    if (!spec.acceptance().isEmpty()) {
      StringBuilder list = new StringBuilder();
      for (ScenarioId id : spec.acceptance()) {
        list.append(list.length() == 0 ? "" : "\n").append("- ").append(id);
      }
      section(out, "Acceptance", list.toString());
    }
    spec.otherSections()
        .forEach(
            (heading, body) -> {
              Markdown.Heading parsed = Markdown.heading("## " + heading, 0);
              if (parsed == null || !parsed.text().equals(heading)) {
                throw new IllegalArgumentException(
                    "section heading '" + heading + "' would not read back the same");
              }
              out.append("\n## ").append(heading).append('\n');
              if (!body.isEmpty()) {
                checkSafe("section '" + heading + "'", body);
                out.append('\n').append(body).append('\n');
              }
            });
    return out.toString();
  }

  /**
   * Writes the spec to a file, replacing it atomically where the file system allows.
   *
   * @param spec the spec
   * @param file the file to write
   * @throws IOException when the file cannot be written
   */
  public void write(Spec spec, Path file) throws IOException {
    String text = write(spec);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void section(StringBuilder out, String heading, String body) {
    if (body.isEmpty()) {
      return;
    }
    checkSafe("section '" + heading + "'", body);
    out.append("\n## ").append(heading).append("\n\n").append(body).append('\n');
  }

  private static void checkSafe(String where, String text) {
    String bad = Markdown.unsafeLine(text);
    if (bad != null) {
      throw new IllegalArgumentException(
          where
              + " contains "
              + (bad.startsWith("an unclosed") ? bad : "the heading line '" + bad + "'")
              + ", which would not read back the same; use '###' or deeper inside sections");
    }
  }

  private static boolean titleSurvivesHeading(String title) {
    Markdown.Heading h = Markdown.heading("# " + title, 0);
    return h != null && h.text().equals(title);
  }

  private static String frontMatter(Spec spec) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", spec.id().value());
    fields.put("title", spec.title());
    if (!spec.labels().isEmpty()) {
      fields.put("labels", spec.labels());
    }
    if (spec.priority() != 0) {
      fields.put("priority", spec.priority());
    }
    if (!spec.protectedPaths().isEmpty()) {
      fields.put("protected", spec.protectedPaths());
    }
    try {
      return YAML.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

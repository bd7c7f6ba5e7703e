package dev.darkfactory.core.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9 _./*-]*[A-Za-z0-9_./*-]|[A-Za-z]");
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf");

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
    StringBuilder out = new StringBuilder();
    out.append("id: ").append(scalar(spec.id().value())).append('\n');
    out.append("title: ").append(scalar(spec.title())).append('\n');
    if (!spec.labels().isEmpty()) {
      out.append("labels: ").append(flowList(spec.labels())).append('\n');
    }
    if (spec.priority() != 0) {
      out.append("priority: ").append(spec.priority()).append('\n');
    }
    if (!spec.protectedPaths().isEmpty()) {
      out.append("protected: ").append(flowList(spec.protectedPaths())).append('\n');
    }
    return out.toString();
  }

  private static String flowList(Iterable<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (String v : values) {
      out.append(out.length() == 1 ? "" : ", ").append(scalar(v));
    }
    return out.append(']').toString();
  }

  /**
   * A YAML scalar that reads back as exactly this string: plain when it is unmistakably text,
   * otherwise double-quoted with JSON escapes (a JSON string is a valid YAML double-quoted
   * scalar). Plain is kept for readability; quoting is chosen whenever YAML might read the text as
   * a number, boolean, null, date or syntax.
   */
  private static String scalar(String value) {
    boolean plain =
        PLAIN.matcher(value).matches()
            && !RESERVED.contains(value.toLowerCase(java.util.Locale.ROOT));
    if (plain) {
      return value;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

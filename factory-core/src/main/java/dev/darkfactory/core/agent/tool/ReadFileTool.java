package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.core.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code read_file} tool: a text file of the workspace, or a range of its lines, each line
 * prefixed with its 1-based number and a tab (as {@code cat -n} prints them).
 *
 * <p>Arguments: {@code path} (relative to the workspace root), optional {@code start_line} and
 * {@code end_line} (1-based, inclusive). An {@code end_line} past the end is read to the end,
 * with a note saying how many lines the file has; a {@code start_line} past the end is an error
 * that says so. Missing files, directories, files with a NUL byte in their first 8 KiB (binary)
 * and paths that leave the workspace are errors. Text that is not valid UTF-8 is shown with
 * U+FFFD for the undecodable bytes and a note. The output stops, with a note saying where to
 * read on, once it reaches {@code maxChars} characters; the agent truncates what the model sees
 * further.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ReadFileTool implements Tool {

  /** The tool's name. */
  public static final String NAME = "read_file";

  /** The default of {@link #ReadFileTool(int)}: a million characters. */
  public static final int DEFAULT_MAX_CHARS = 1_000_000;

  private static final Set<String> ARGUMENTS = Set.of("path", "start_line", "end_line");

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "path": {
            "type": "string",
            "minLength": 1,
            "description": "The file's path relative to the workspace root, such as src/main/java/App.java."
          },
          "start_line": {
            "type": "integer",
            "minimum": 1,
            "description": "The first line to read, 1-based. Default: 1."
          },
          "end_line": {
            "type": "integer",
            "minimum": 1,
            "description": "The last line to read, 1-based and inclusive. Default: the last line."
          }
        },
        "required": ["path"],
        "additionalProperties": false
      }
      """;

  private final int maxChars;
  private final ToolSpec spec;

  /** The tool with the default output cap of {@value #DEFAULT_MAX_CHARS} characters. */
  public ReadFileTool() {
    this(DEFAULT_MAX_CHARS);
  }

  /**
   * The tool with an output cap.
   *
   * @param maxChars the most characters one call returns, at least 1,000
   */
  public ReadFileTool(int maxChars) {
    this.maxChars = Require.atLeast(maxChars, 1000, "maxChars");
    this.spec =
        new ToolSpec(
            NAME,
            "Reads a text file in the workspace. Each line of the output is prefixed with its"
                + " 1-based line number and a tab; the prefix is not part of the file, so leave it"
                + " out when you copy text into edit_file. Reads the whole file, or only lines"
                + " start_line to end_line (inclusive) of a long one. Paths are relative to the"
                + " workspace root. Binary files are refused; use list_files for directories.",
            SCHEMA);
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context) throws ToolException {
    Arguments args = Arguments.of(arguments, NAME, ARGUMENTS);
    String path = args.requiredString("path");
    Integer start = args.optionalInt("start_line");
    Integer end = args.optionalInt("end_line");
    if (start != null && start < 1) {
      throw new ToolException("start_line must be at least 1 but was " + start);
    }
    if (end != null && end < 1) {
      throw new ToolException("end_line must be at least 1 but was " + end);
    }
    if (start != null && end != null && end < start) {
      throw new ToolException(
          "end_line " + end + " is before start_line " + start + "; give a range with"
              + " start_line <= end_line");
    }
    Path file = WorkspaceFiles.readableFile(context, path, NAME);
    String shown = WorkspaceFiles.display(context, context.resolve(path));
    byte[] bytes = WorkspaceFiles.readBytes(file, shown, NAME);
    if (WorkspaceFiles.looksBinary(bytes)) {
      throw new ToolException(
          shown + " is a binary file (" + WorkspaceFiles.plural(bytes.length, "byte")
              + "); read_file shows text files only");
    }
    String text = Utf8.strict(bytes);
    boolean lenient = text == null;
    if (text == null) {
      text = new String(bytes, StandardCharsets.UTF_8);
    }
    List<String> lines = WorkspaceFiles.lines(text);
    int total = lines.size();
    if (total == 0) {
      return ToolOutput.ok("[" + shown + " is empty]\n");
    }
    int first = start == null ? 1 : start;
    if (first > total) {
      throw new ToolException(
          "start_line " + first + " is beyond the end of " + shown + ", which has "
              + WorkspaceFiles.plural(total, "line"));
    }
    int last = end == null ? total : Math.min(end, total);
    int width = WorkspaceFiles.numberWidth(last);
    StringBuilder out = new StringBuilder();
    int shownLast = first - 1;
    for (int n = first; n <= last; n++) {
      String line = lines.get(n - 1);
      if (out.length() + line.length() + width + 2 > maxChars) {
        if (n > first) {
          break;
        }
        // A single line longer than the cap: its head, with a note.
        line =
            line.substring(0, Math.max(0, maxChars - width - 2))
                + " [line cut: it has " + WorkspaceFiles.plural(line.length(), "character")
                + "]";
      }
      WorkspaceFiles.appendNumbered(out, n, width, line);
      shownLast = n;
    }
    if (shownLast < last) {
      out.append("[output stopped after line ")
          .append(shownLast)
          .append(" at ")
          .append(WorkspaceFiles.count(maxChars))
          .append(" characters; ")
          .append(shown)
          .append(" has ")
          .append(WorkspaceFiles.plural(total, "line"))
          .append("; read on with start_line=")
          .append(shownLast + 1)
          .append("]\n");
    } else if (end != null && end > total) {
      out.append("[end_line ")
          .append(end)
          .append(" is past the end: ")
          .append(shown)
          .append(" has ")
          .append(WorkspaceFiles.plural(total, "line"))
          .append("; showed lines ")
          .append(first)
          .append('-')
          .append(last)
          .append("]\n");
    } else if (first > 1 || last < total) {
      out.append("[lines ")
          .append(first)
          .append('-')
          .append(last)
          .append(" of ")
          .append(WorkspaceFiles.count(total))
          .append("]\n");
    }
    if (lenient) {
      out.append("[")
          .append(shown)
          .append(" is not valid UTF-8; bytes that could not be decoded are shown as \uFFFD]\n");
    }
    return ToolOutput.ok(out.toString());
  }
}

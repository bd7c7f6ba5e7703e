package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ToolSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code list_files} tool: the files of the workspace whose paths match a glob, one per line,
 * relative to the workspace root and sorted.
 *
 * <p>Arguments: {@code glob} (Java glob syntax, matched against paths relative to the search
 * directory; {@code **}{@code /} also matches no directory) and optional {@code path}, the
 * directory to search from (default: the workspace root). Only files are listed (symbolic links
 * as themselves, never followed, so a walk never leaves the workspace); {@code .git} directories
 * and the sandbox's home directory are skipped. At most {@code maxResults} paths are shown, with
 * a note saying how many were left off.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ListFilesTool implements Tool {

  /** The tool's name. */
  public static final String NAME = "list_files";

  /** The default of {@link #ListFilesTool(int)}. */
  public static final int DEFAULT_MAX_RESULTS = 1000;

  private static final Set<String> ARGUMENTS = Set.of("glob", "path");

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "glob": {
            "type": "string",
            "minLength": 1,
            "description": "Which files to list, relative to path: * matches within one directory, ** across directories (**/ also matches none), ? one character, {a,b} either. Examples: **/*.java, src/**/*Test.java, *.md."
          },
          "path": {
            "type": "string",
            "minLength": 1,
            "description": "The directory to search from, relative to the workspace root. Default: the workspace root."
          }
        },
        "required": ["glob"],
        "additionalProperties": false
      }
      """;

  private final int maxResults;
  private final ToolSpec spec;

  /** The tool, listing at most {@value #DEFAULT_MAX_RESULTS} paths. */
  public ListFilesTool() {
    this(DEFAULT_MAX_RESULTS);
  }

  /**
   * The tool with a cap on the paths listed.
   *
   * @param maxResults the most paths one call shows, at least 1
   */
  public ListFilesTool(int maxResults) {
    this.maxResults = Require.atLeast(maxResults, 1, "maxResults");
    this.spec =
        new ToolSpec(
            NAME,
            "Lists the files in the workspace whose paths match a glob, sorted, one per line,"
                + " as paths relative to the workspace root (ready for read_file). Skips .git."
                + " Shows at most " + maxResults + " paths; narrow the glob or path for more.",
            SCHEMA);
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context)
      throws ToolException, InterruptedException {
    Arguments args = Arguments.of(arguments, NAME, ARGUMENTS);
    String glob = args.requiredString("glob");
    String path = args.optionalString("path");
    PathMatcher matcher = FileWalk.glob(glob);
    Path start = FileWalk.start(context, path);
    String where = WorkspaceFiles.display(context, start);
    List<FileWalk.Entry> files = FileWalk.files(context, start, matcher);
    if (files.isEmpty()) {
      String hint = "";
      Path named = start.resolve(glob).normalize();
      if (named.startsWith(start) && Files.isDirectory(named, LinkOption.NOFOLLOW_LINKS) && !glob.contains("*")) {
        hint = " (" + glob + " is a directory: to list its files use the glob " + glob + "/**)";
      }
      return ToolOutput.ok("No files match '" + glob + "' in " + where + hint + "\n");
    }
    StringBuilder out = new StringBuilder();
    int shown = Math.min(files.size(), maxResults);
    for (int i = 0; i < shown; i++) {
      out.append(files.get(i).shown()).append('\n');
    }
    if (files.size() > shown) {
      out.append("[... ")
          .append(WorkspaceFiles.count(files.size() - shown))
          .append(" more of ")
          .append(WorkspaceFiles.plural(files.size(), "matching file"))
          .append(" left off; narrow the glob or the path]\n");
    }
    return ToolOutput.ok(out.toString());
  }
}

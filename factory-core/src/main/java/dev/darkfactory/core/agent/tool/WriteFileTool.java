package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code write_file} tool: creates a file in the workspace, or replaces its whole content,
 * creating missing parent directories inside the workspace.
 *
 * <p>Arguments: {@code path} (relative to the workspace root) and {@code content}, written as
 * UTF-8 exactly as given (no line break is added). The output says how many bytes and lines were
 * written and whether the file was created or overwritten. A path that leaves the workspace
 * (absolute, {@code ..} above the root, or a symbolic link at any depth pointing out, the final
 * component included), a path in a {@code .git} directory or under one of the sandbox policy's
 * read-only paths, and a directory are errors; the final component is opened without following
 * a link.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class WriteFileTool implements Tool {

  /** The tool's name. */
  public static final String NAME = "write_file";

  private static final Set<String> ARGUMENTS = Set.of("path", "content");

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Creates a file in the workspace, or replaces the whole content of an existing one,"
              + " creating missing parent directories. The content is written exactly as given"
              + " (UTF-8; add the final line break yourself). Paths are relative to the workspace"
              + " root. To change part of an existing file, use edit_file instead.",
          """
          {
            "type": "object",
            "properties": {
              "path": {
                "type": "string",
                "minLength": 1,
                "description": "The file's path relative to the workspace root, such as src/main/java/App.java."
              },
              "content": {
                "type": "string",
                "description": "The file's complete new content."
              }
            },
            "required": ["path", "content"],
            "additionalProperties": false
          }
          """);

  /** The tool. */
  public WriteFileTool() {}

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context) throws ToolException {
    Arguments args = Arguments.of(arguments, NAME, ARGUMENTS);
    String path = args.requiredString("path");
    String content = args.requiredString("content");
    Path file = WorkspaceFiles.writableFile(context, path);
    String shown = WorkspaceFiles.display(context, context.resolve(path));
    boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    WorkspaceFiles.createParents(context, file, shown);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    WorkspaceFiles.writeNoFollow(file, bytes, shown);
    return ToolOutput.ok(
        (existed ? "Overwrote " : "Created ")
            + shown
            + ": wrote "
            + WorkspaceFiles.plural(bytes.length, "byte")
            + " ("
            + WorkspaceFiles.plural(WorkspaceFiles.lineCount(content), "line")
            + ")");
  }
}

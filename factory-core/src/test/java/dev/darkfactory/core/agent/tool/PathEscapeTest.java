package dev.darkfactory.core.agent.tool;

import static dev.darkfactory.core.agent.tool.ToolFixture.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file tool refuses every way out of the workspace: an absolute path, {@code ..} above the
 * root, and symbolic links to outside, to a file or a directory, at the final component or in the
 * middle, dangling or chained; and nothing outside is read, changed or created.
 */
class PathEscapeTest {

  private static final String SECRET = "host secret\n";

  @TempDir Path dir;
  ToolFixture ws;

  @BeforeEach
  void setUp() throws IOException {
    ws = new ToolFixture(dir);
    Files.writeString(ws.outside.resolve("secret.txt"), SECRET);
    Files.createDirectories(ws.outside.resolve("sub"));
    Files.writeString(ws.outside.resolve("sub/more.txt"), SECRET);
    ws.write("src/inside.txt", "inside\n");
    Files.createSymbolicLink(ws.root.resolve("link-file"), ws.outside.resolve("secret.txt"));
    Files.createSymbolicLink(ws.root.resolve("link-dir"), ws.outside);
    Files.createSymbolicLink(ws.root.resolve("src/relative-link"), Path.of("../../outside/secret.txt"));
    Files.createSymbolicLink(ws.root.resolve("dangling"), ws.outside.resolve("missing.txt"));
    Files.createSymbolicLink(ws.root.resolve("dangling-dir"), ws.outside.resolve("missing-dir"));
    Files.createSymbolicLink(ws.root.resolve("chain"), Path.of("link-file"));
  }

  /** The file tools, each with the arguments that aim it at a path. */
  enum FileTool {
    READ(new ReadFileTool()) {
      @Override
      ObjectNode arguments(String path) {
        return args("path", path);
      }
    },
    WRITE(new WriteFileTool()) {
      @Override
      ObjectNode arguments(String path) {
        return args("path", path, "content", "pwned\n");
      }
    },
    EDIT(new EditFileTool()) {
      @Override
      ObjectNode arguments(String path) {
        return args("path", path, "old_string", "host secret", "new_string", "pwned");
      }
    },
    LIST(new ListFilesTool()) {
      @Override
      ObjectNode arguments(String path) {
        return args("glob", "**", "path", path);
      }
    },
    SEARCH(new SearchFilesTool()) {
      @Override
      ObjectNode arguments(String path) {
        return args("pattern", "secret", "path", path);
      }
    };

    final Tool tool;

    FileTool(Tool tool) {
      this.tool = tool;
    }

    abstract ObjectNode arguments(String path);
  }

  /** The ways out, by name; "OUTSIDE" stands for the absolute path of the outside directory. */
  static final List<String> ESCAPES =
      List.of(
          "OUTSIDE/secret.txt", // absolute
          "OUTSIDE",
          "/etc/passwd",
          "../outside/secret.txt", // .. above the root
          "../outside",
          "../../../../../../../../etc/passwd",
          "src/../../outside/secret.txt",
          "link-file", // a link to an outside file, at the final component
          "src/relative-link", // the same through a relative link
          "chain", // a link to a link to outside
          "link-dir", // a link to an outside directory, at the final component
          "link-dir/secret.txt", // ... and in the middle
          "link-dir/sub",
          "link-dir/new.txt",
          "dangling", // a link to nothing outside, which a write would create
          "dangling-dir/new.txt");

  static Stream<Arguments> everyToolAndEscape() {
    List<Arguments> all = new ArrayList<>();
    for (FileTool tool : FileTool.values()) {
      for (String escape : ESCAPES) {
        all.add(Arguments.of(tool, escape));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyToolAndEscape")
  void everyFileToolRefusesEveryWayOut(FileTool tool, String escape) throws Exception {
    String path = escape.replace("OUTSIDE", ws.outside.toString());

    assertThatThrownBy(() -> tool.tool.call(tool.arguments(path), ws.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("only paths inside the workspace are allowed");

    assertThat(Files.readString(ws.outside.resolve("secret.txt"))).isEqualTo(SECRET);
    assertThat(Files.readString(ws.outside.resolve("sub/more.txt"))).isEqualTo(SECRET);
    try (Stream<Path> files = Files.walk(ws.outside)) {
      assertThat(files.map(p -> ws.outside.relativize(p).toString()))
          .containsExactlyInAnyOrder("", "secret.txt", "sub", "sub/more.txt");
    }
  }

  @Test
  void listingTheWholeWorkspaceNeverDescendsIntoALinkToOutside() throws Exception {
    String out = new ListFilesTool().call(args("glob", "**"), ws.context).content();

    assertThat(out).contains("src/inside.txt").doesNotContain("secret.txt").doesNotContain("more.txt");
  }

  @Test
  void searchingTheWholeWorkspaceNeverReadsThroughALinkToOutside() throws Exception {
    String out = new SearchFilesTool().call(args("pattern", "host secret"), ws.context).content();

    assertThat(out).startsWith("No matches");
  }

  @Test
  void aPathThatLeavesAndComesBackInIsFine() throws Exception {
    String back = "../" + ws.root.getFileName() + "/src/inside.txt";

    // It leaves the root on the way, but ends inside it, where it is resolved to.
    String out = new ReadFileTool().call(args("path", back), ws.context).content();

    assertThat(out).isEqualTo("     1\tinside\n");
  }
}

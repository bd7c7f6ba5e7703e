package dev.darkfactory.core.agent.tool;

import static dev.darkfactory.core.agent.tool.ToolFixture.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.sandbox.SandboxPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFileToolTest {

  @TempDir Path dir;
  ToolFixture ws;
  final WriteFileTool tool = new WriteFileTool();

  @BeforeEach
  void setUp() throws IOException {
    ws = new ToolFixture(dir);
  }

  @Test
  void createsAFileAndItsDirectoriesAndReportsBytesAndLines() throws Exception {
    ToolOutput out =
        tool.call(args("path", "src/main/java/App.java", "content", "class App {}\n// é\n"), ws.context);

    assertThat(out.error()).isFalse();
    assertThat(out.content()).isEqualTo("Created src/main/java/App.java: wrote 19 bytes (2 lines)");
    assertThat(ws.read("src/main/java/App.java")).isEqualTo("class App {}\n// é\n");
  }

  @Test
  void overwritesAnExistingFileExactlyAsGiven() throws Exception {
    ws.write("a.txt", "old content that is longer\n");

    ToolOutput out = tool.call(args("path", "a.txt", "content", "new"), ws.context);

    assertThat(out.content()).isEqualTo("Overwrote a.txt: wrote 3 bytes (1 line)");
    assertThat(Files.readAllBytes(ws.root.resolve("a.txt")))
        .isEqualTo("new".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesThroughALinkThatStaysInsideTheWorkspaceToItsTarget() throws Exception {
    ws.write("real/target.txt", "before\n");
    Files.createSymbolicLink(ws.root.resolve("alias.txt"), Path.of("real/target.txt"));

    tool.call(args("path", "alias.txt", "content", "after\n"), ws.context);

    assertThat(ws.read("real/target.txt")).isEqualTo("after\n");
    assertThat(Files.isSymbolicLink(ws.root.resolve("alias.txt"))).isTrue();
  }

  @Test
  void aDirectoryIsAnError() throws Exception {
    Files.createDirectories(ws.root.resolve("src"));

    assertThatThrownBy(() -> tool.call(args("path", "src", "content", "x"), ws.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("src is a directory");
  }

  @Test
  void neverWritesInsideAGitDirectory() throws Exception {
    Files.createDirectories(ws.root.resolve(".git/hooks"));
    Files.createDirectories(ws.root.resolve("lib/sub/.git"));

    assertThatThrownBy(
            () -> tool.call(args("path", ".git/hooks/pre-commit", "content", "#!/bin/sh\n"), ws.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("inside a .git directory");
    assertThatThrownBy(() -> tool.call(args("path", "lib/sub/.git/config", "content", "x"), ws.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("inside a .git directory");
    assertThat(ws.root.resolve(".git/hooks/pre-commit")).doesNotExist();
    assertThat(ws.root.resolve("lib/sub/.git/config")).doesNotExist();
  }

  @Test
  void neverWritesIntoAGitDirectoryThroughALinkInsideTheWorkspace() throws Exception {
    Files.createDirectories(ws.root.resolve(".git/hooks"));
    Files.createSymbolicLink(ws.root.resolve("hooks"), Path.of(".git/hooks"));

    assertThatThrownBy(() -> tool.call(args("path", "hooks/pre-commit", "content", "x"), ws.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("inside a .git directory");
    assertThat(ws.root.resolve(".git/hooks/pre-commit")).doesNotExist();
  }

  @Test
  void refusesThePathsTheSandboxPolicyKeepsReadOnly() throws Exception {
    ToolFixture guarded =
        new ToolFixture(
            dir.resolve("guarded"),
            SandboxPolicy.builder().readOnlyPaths(List.of("protected", "**/*.lock")).build());
    guarded.write("protected/holdout.txt", "keep\n");

    assertThatThrownBy(
            () -> tool.call(args("path", "protected/holdout.txt", "content", "x"), guarded.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("read-only")
        .hasMessageContaining("'protected'");
    assertThatThrownBy(
            () -> tool.call(args("path", "protected/new/file.txt", "content", "x"), guarded.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("read-only");
    assertThatThrownBy(() -> tool.call(args("path", "a/b/deps.lock", "content", "x"), guarded.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("'**/*.lock'");
    assertThat(guarded.read("protected/holdout.txt")).isEqualTo("keep\n");
    assertThat(guarded.root.resolve("protected/new")).doesNotExist();
    assertThat(guarded.root.resolve("a")).doesNotExist();
  }

  @Test
  void aPathWithDotDotThatStaysInsideIsFine() throws Exception {
    tool.call(args("path", "src/../docs/./notes.md", "content", "hi\n"), ws.context);

    assertThat(ws.read("docs/notes.md")).isEqualTo("hi\n");
  }

  @Test
  void theFinalWriteNeverFollowsALink() throws Exception {
    // The last line of defence, should a link appear after the checks.
    ws.write("target.txt", "unchanged\n");
    Path link = Files.createSymbolicLink(ws.root.resolve("link.txt"), ws.root.resolve("target.txt"));

    assertThatThrownBy(
            () ->
                WorkspaceFiles.writeNoFollow(
                    link, "changed".getBytes(StandardCharsets.UTF_8), "link.txt"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("cannot write link.txt");
    assertThat(ws.read("target.txt")).isEqualTo("unchanged\n");
  }
}

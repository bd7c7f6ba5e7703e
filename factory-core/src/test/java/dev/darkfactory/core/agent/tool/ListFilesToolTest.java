package dev.darkfactory.core.agent.tool;

import static dev.darkfactory.core.agent.tool.ToolFixture.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListFilesToolTest {

  @TempDir Path dir;
  ToolFixture ws;
  final ListFilesTool tool = new ListFilesTool();

  @BeforeEach
  void setUp() throws IOException {
    ws = new ToolFixture(dir);
    ws.write("pom.xml", "<project/>\n");
    ws.write("Top.java", "class Top {}\n");
    ws.write("src/main/java/demo/B.java", "class B {}\n");
    ws.write("src/main/java/demo/A.java", "class A {}\n");
    ws.write("src/test/java/demo/ATest.java", "class ATest {}\n");
    ws.write("src/main/resources/app.properties", "a=1\n");
    ws.write(".git/HEAD", "ref: refs/heads/main\n");
    ws.write("lib/.git/config", "[core]\n");
    ws.write(".factory-home/.m2/settings.xml", "<settings/>\n");
  }

  private String list(Object... arguments) throws Exception {
    ToolOutput out = tool.call(args(arguments), ws.context);
    assertThat(out.error()).isFalse();
    return out.content();
  }

  @Test
  void listsMatchingFilesSortedRelativeToTheRootWhereDoubleStarAlsoMatchesNoDirectory()
      throws Exception {
    assertThat(list("glob", "**/*.java"))
        .isEqualTo(
            "Top.java\nsrc/main/java/demo/A.java\nsrc/main/java/demo/B.java\n"
                + "src/test/java/demo/ATest.java\n");
  }

  @Test
  void aSingleStarStaysInOneDirectory() throws Exception {
    assertThat(list("glob", "*")).isEqualTo("Top.java\npom.xml\n");
  }

  @Test
  void searchesFromTheGivenPathButShowsPathsFromTheRoot() throws Exception {
    assertThat(list("glob", "**/*Test.java", "path", "src/test"))
        .isEqualTo("src/test/java/demo/ATest.java\n");
    assertThat(list("glob", "*.properties", "path", "src/main/resources"))
        .isEqualTo("src/main/resources/app.properties\n");
  }

  @Test
  void skipsGitDirectoriesAndTheSandboxHome() throws Exception {
    assertThat(list("glob", "**"))
        .doesNotContain(".git/HEAD")
        .doesNotContain("lib/.git")
        .doesNotContain(".factory-home")
        .contains("pom.xml\n");
  }

  @Test
  void aCappedListingSaysHowManyWereLeftOff() throws Exception {
    String out = new ListFilesTool(2).call(args("glob", "**/*.java"), ws.context).content();

    assertThat(out)
        .isEqualTo(
            "Top.java\nsrc/main/java/demo/A.java\n"
                + "[... 2 more of 4 matching files left off; narrow the glob or the path]\n");
  }

  @Test
  void noMatchSaysSoAndHintsWhenTheGlobNamesADirectory() throws Exception {
    assertThat(list("glob", "**/*.kt")).isEqualTo("No files match '**/*.kt' in .\n");
    assertThat(list("glob", "src"))
        .contains("No files match 'src'")
        .contains("use the glob src/**");
  }

  @Test
  void aMissingOrFilePathAndAnInvalidOrAbsoluteGlobAreErrors() {
    assertThatThrownBy(() -> list("glob", "*", "path", "nope"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("nope does not exist");
    assertThatThrownBy(() -> list("glob", "*", "path", "pom.xml"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("pom.xml is a file, not a directory");
    assertThatThrownBy(() -> list("glob", "src/{main"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("the glob 'src/{main' is invalid");
    assertThatThrownBy(() -> list("glob", "/etc/*"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("is absolute");
  }
}

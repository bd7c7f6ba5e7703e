package dev.darkfactory.core.agent.tool;

import static dev.darkfactory.core.agent.tool.ToolFixture.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileToolTest {

  private static final String GREETER =
      """
      package demo;

      public class Greeter {
        public String greet(String name) {
          return "Hello, " + name;
        }

        public String farewell(String name) {
          return "Bye, " + name;
        }
      }
      """;

  @TempDir Path dir;
  ToolFixture ws;
  final EditFileTool tool = new EditFileTool();

  @BeforeEach
  void setUp() throws IOException {
    ws = new ToolFixture(dir);
    ws.write("src/Greeter.java", GREETER);
  }

  private ToolOutput edit(Object... arguments) throws Exception {
    return tool.call(args(arguments), ws.context);
  }

  @Test
  void replacesAUniqueExactStringAndShowsTheEditedRegion() throws Exception {
    ToolOutput out =
        edit(
            "path", "src/Greeter.java",
            "old_string", "    return \"Hello, \" + name;\n",
            "new_string", "    String n = name.strip();\n    return \"Hello, \" + n + \"!\";\n");

    assertThat(out.error()).isFalse();
    assertThat(ws.read("src/Greeter.java"))
        .isEqualTo(
            GREETER.replace(
                "    return \"Hello, \" + name;\n",
                "    String n = name.strip();\n    return \"Hello, \" + n + \"!\";\n"));
    assertThat(out.content())
        .startsWith("Edited src/Greeter.java: replaced line 5 with 2 lines.")
        .contains("     5\t    String n = name.strip();\n")
        .contains("     6\t    return \"Hello, \" + n + \"!\";\n")
        .contains("     2\t\n") // context before
        .contains("     9\t"); // context after
  }

  @Test
  void aMissReturnsTheNearestCandidatesWithLineNumbersAndLeavesTheFileUnchanged()
      throws Exception {
    byte[] before = Files.readAllBytes(ws.root.resolve("src/Greeter.java"));

    assertThatThrownBy(
            () ->
                edit(
                    "path", "src/Greeter.java",
                    "old_string", "  public String greet(String who) {\n    return \"Hello, \" + who;\n",
                    "new_string", "x"))
        .isInstanceOf(ToolException.class)
        .hasMessageStartingWith("old_string was not found in src/Greeter.java, so nothing was changed")
        .hasMessageContaining("The most similar passages of the file:")
        .hasMessageContaining(
            "Lines 4-5 (")
        .hasMessageContaining("     4\t  public String greet(String name) {\n     5\t    return \"Hello, \" + name;\n")
        .hasMessageContaining("Lines 8-9 (");
    assertThat(Files.readAllBytes(ws.root.resolve("src/Greeter.java"))).isEqualTo(before);
  }

  @Test
  void aMissShowsAtMostThreeCandidatesBestFirstAndNeverOverlapping() throws Exception {
    String message = missMessage("  public String greet(String name) {\n    return \"Hi, \" + name;\n");

    int first = message.indexOf("Lines 4-5");
    int second = message.indexOf("Lines 8-9");
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(message.split("\nLines ", -1)).hasSizeLessThanOrEqualTo(1 + EditFileTool.CANDIDATES);
    assertThat(message).doesNotContain("Lines 3-4").doesNotContain("Lines 5-6");
    // Passages that hardly resemble it are left out.
    assertThat(message).doesNotContain("Lines 2-3").doesNotContain("Lines 1-2");
  }

  @Test
  void aMissThatDiffersOnlyInWhitespaceSaysSo() throws Exception {
    String message = missMessage("\treturn \"Bye, \" + name;\n");

    assertThat(message).contains("Line 9 (the same apart from whitespace):");
  }

  @Test
  void aMissWithReadFileLineNumbersInOldStringSaysToLeaveThemOut() throws Exception {
    String message = missMessage("     5\t    return \"Hello, \" + name;\n");

    assertThat(message).contains("includes the line-number prefixes of read_file's output");
  }

  private String missMessage(String oldString) {
    try {
      edit("path", "src/Greeter.java", "old_string", oldString, "new_string", "changed");
    } catch (ToolException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the edit of a missing string succeeded");
  }

  @Test
  void anAmbiguousEditNamesTheLineOfEveryOccurrenceAndChangesNothing() throws Exception {
    assertThatThrownBy(
            () -> edit("path", "src/Greeter.java", "old_string", "String name", "new_string", "String who"))
        .isInstanceOf(ToolException.class)
        .hasMessage(
            "old_string occurs 2 times in src/Greeter.java, starting at lines 4 and 8, so nothing"
                + " was changed; include more of the surrounding lines to make it unique, or set"
                + " replace_all to true to replace every occurrence");
    assertThat(ws.read("src/Greeter.java")).isEqualTo(GREETER);
  }

  @Test
  void replaceAllReplacesEveryOccurrenceAndNamesTheirLines() throws Exception {
    ToolOutput out =
        edit(
            "path", "src/Greeter.java",
            "old_string", "name",
            "new_string", "who",
            "replace_all", true);

    assertThat(ws.read("src/Greeter.java")).isEqualTo(GREETER.replace("name", "who"));
    assertThat(out.content())
        .isEqualTo(
            "Edited src/Greeter.java: replaced 4 occurrences; the new text starts at lines 4, 5,"
                + " 8 and 9 of the edited file");
  }

  @Test
  void oldStringEqualToNewStringIsAnError() {
    assertThatThrownBy(
            () -> edit("path", "src/Greeter.java", "old_string", "Greeter", "new_string", "Greeter"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("old_string and new_string are the same");
  }

  @Test
  void anEmptyOldStringIsAnErrorThatPointsToWriteFile() {
    assertThatThrownBy(() -> edit("path", "src/Greeter.java", "old_string", "", "new_string", "x"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("old_string is empty")
        .hasMessageContaining("write_file");
  }

  @Test
  void aMissingFileIsAnErrorThatPointsToWriteFile() {
    assertThatThrownBy(() -> edit("path", "src/Nope.java", "old_string", "a", "new_string", "b"))
        .isInstanceOf(ToolException.class)
        .hasMessage("src/Nope.java does not exist; create it with write_file");
  }

  @Test
  void aBinaryFileIsAnError() throws Exception {
    Files.write(ws.root.resolve("blob.bin"), new byte[] {'a', 0, 'b'});

    assertThatThrownBy(() -> edit("path", "blob.bin", "old_string", "a", "new_string", "c"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("binary");
  }

  @Test
  void aFileWithCrlfLineBreaksIsEditedWithItsOwnLineBreaks() throws Exception {
    ws.write("win.txt", "alpha\r\nbeta\r\ngamma\r\n");

    edit("path", "win.txt", "old_string", "alpha\nbeta\n", "new_string", "ALPHA\nBETA\n");

    assertThat(ws.read("win.txt")).isEqualTo("ALPHA\r\nBETA\r\ngamma\r\n");
  }

  @Test
  void aStringThatIsNotInAnEmptyFileSaysTheFileIsEmpty() throws Exception {
    ws.write("empty.txt", "");

    assertThatThrownBy(() -> edit("path", "empty.txt", "old_string", "x", "new_string", "y"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("empty.txt is empty");
  }

  @Test
  void deletingTextWithAnEmptyNewStringWorks() throws Exception {
    ToolOutput out =
        edit(
            "path", "src/Greeter.java",
            "old_string", "\n  public String farewell(String name) {\n    return \"Bye, \" + name;\n  }\n",
            "new_string", "");

    assertThat(ws.read("src/Greeter.java")).doesNotContain("farewell").endsWith("  }\n}\n");
    assertThat(out.content()).contains("with nothing");
  }
}

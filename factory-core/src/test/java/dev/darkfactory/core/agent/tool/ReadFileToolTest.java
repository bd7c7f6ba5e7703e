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

class ReadFileToolTest {

  @TempDir Path dir;
  ToolFixture ws;
  final ReadFileTool tool = new ReadFileTool();

  @BeforeEach
  void setUp() throws IOException {
    ws = new ToolFixture(dir);
  }

  private ToolOutput read(Object... arguments) throws Exception {
    return tool.call(args(arguments), ws.context);
  }

  @Test
  void readsAWholeFileWithLineNumbers() throws Exception {
    ws.write("src/App.java", "class App {\n  void run() {}\n}\n");

    ToolOutput out = read("path", "src/App.java");

    assertThat(out.error()).isFalse();
    assertThat(out.content())
        .isEqualTo("     1\tclass App {\n     2\t  void run() {}\n     3\t}\n");
  }

  @Test
  void readsARangeOfLinesInclusiveAndSaysWhichOfHowMany() throws Exception {
    ws.write("a.txt", "one\ntwo\nthree\nfour\nfive\n");

    ToolOutput out = read("path", "a.txt", "start_line", 2, "end_line", 4);

    assertThat(out.content())
        .isEqualTo("     2\ttwo\n     3\tthree\n     4\tfour\n[lines 2-4 of 5]\n");
  }

  @Test
  void anEndLinePastTheEndReadsToTheEndAndSaysHowManyLinesThereAre() throws Exception {
    ws.write("a.txt", "one\ntwo\nthree");

    ToolOutput out = read("path", "a.txt", "start_line", 2, "end_line", 100);

    assertThat(out.error()).isFalse();
    assertThat(out.content())
        .startsWith("     2\ttwo\n     3\tthree\n")
        .contains("end_line 100 is past the end: a.txt has 3 lines");
  }

  @Test
  void aStartLinePastTheEndIsAnErrorSayingHowManyLinesThereAre() throws Exception {
    ws.write("a.txt", "one\ntwo\n");

    assertThatThrownBy(() -> read("path", "a.txt", "start_line", 7))
        .isInstanceOf(ToolException.class)
        .hasMessage("start_line 7 is beyond the end of a.txt, which has 2 lines");
  }

  @Test
  void anEndLineBeforeTheStartLineIsAnError() throws Exception {
    ws.write("a.txt", "one\ntwo\n");

    assertThatThrownBy(() -> read("path", "a.txt", "start_line", 2, "end_line", 1))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("end_line 1 is before start_line 2");
  }

  @Test
  void aMissingFileIsAnErrorThatPointsToListFiles() {
    assertThatThrownBy(() -> read("path", "src/Nope.java"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("src/Nope.java does not exist")
        .hasMessageContaining("list_files");
  }

  @Test
  void aDirectoryIsAnError() throws Exception {
    Files.createDirectories(ws.root.resolve("src/main"));

    assertThatThrownBy(() -> read("path", "src/main"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("src/main is a directory");
  }

  @Test
  void aBinaryFileIsAnError() throws Exception {
    Files.write(ws.root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});

    assertThatThrownBy(() -> read("path", "logo.png"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("logo.png is a binary file (7 bytes)");
  }

  @Test
  void anEmptyFileSaysSo() throws Exception {
    ws.write("empty.txt", "");

    assertThat(read("path", "empty.txt").content()).isEqualTo("[empty.txt is empty]\n");
  }

  @Test
  void crlfLineBreaksAreNotShownAsPartOfTheLines() throws Exception {
    ws.write("win.txt", "one\r\ntwo\r\n");

    assertThat(read("path", "win.txt").content()).isEqualTo("     1\tone\n     2\ttwo\n");
  }

  @Test
  void textThatIsNotUtf8IsShownWithReplacementCharactersAndANote() throws Exception {
    Files.write(ws.root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});

    ToolOutput out = read("path", "latin1.txt");

    assertThat(out.content()).startsWith("     1\tcaf\uFFFD\n").contains("is not valid UTF-8");
  }

  @Test
  void outputStopsAtTheCapAndSaysWhereToReadOn() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 500; i++) {
      text.append("line number ").append(i).append('\n');
    }
    ws.write("long.txt", text.toString());

    ToolOutput out = new ReadFileTool(1000).call(args("path", "long.txt"), ws.context);

    assertThat(out.content().length()).isLessThan(1200);
    assertThat(out.content())
        .startsWith("     1\tline number 1\n")
        .containsPattern("\\[output stopped after line (\\d+) at 1,000 characters; long.txt has"
            + " 500 lines; read on with start_line=\\d+]");
  }

  @Test
  void aPathWithDotDotThatStaysInsideIsFine() throws Exception {
    ws.write("src/a.txt", "inside\n");

    assertThat(read("path", "src/../src/./a.txt").content()).isEqualTo("     1\tinside\n");
  }

  @Test
  void unknownArgumentsAndWrongTypesAreErrorsNamingThem() {
    assertThatThrownBy(() -> read("path", "a.txt", "lines", 3))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("no argument lines");
    assertThatThrownBy(() -> read("path", 42))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("path must be a string");
    assertThatThrownBy(() -> read())
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("needs the string argument path");
  }
}

package dev.darkfactory.core.agent.tool;

import static dev.darkfactory.core.agent.tool.ToolFixture.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchFilesToolTest {

  @TempDir Path dir;
  ToolFixture ws;
  final SearchFilesTool tool = new SearchFilesTool();

  @BeforeEach
  void setUp() throws IOException {
    ws = new ToolFixture(dir);
    ws.write("src/main/java/demo/Greeter.java", "class Greeter {\n  // TODO greet\n  String greet() { return \"hi\"; }\n}\n");
    ws.write("src/main/java/demo/App.java", "class App {\n  // todo: run\n}\n");
    ws.write("README.md", "# Demo\nTODO: docs\n");
    ws.write(".git/info/notes", "TODO in git\n");
  }

  private String search(Object... arguments) throws Exception {
    ToolOutput out = tool.call(args(arguments), ws.context);
    assertThat(out.error()).isFalse();
    return out.content();
  }

  @Test
  void showsMatchingLinesAsPathLineTextSortedAndSkipsGit() throws Exception {
    assertThat(search("pattern", "TODO"))
        .isEqualTo("README.md:2: TODO: docs\nsrc/main/java/demo/Greeter.java:2:   // TODO greet\n");
  }

  @Test
  void takesJavaRegexFlagsAGlobAndAPath() throws Exception {
    assertThat(search("pattern", "(?i)todo", "glob", "**/*.java"))
        .isEqualTo(
            "src/main/java/demo/App.java:2:   // todo: run\n"
                + "src/main/java/demo/Greeter.java:2:   // TODO greet\n");
    assertThat(search("pattern", "class \\w+", "path", "src/main/java/demo", "glob", "G*.java"))
        .isEqualTo("src/main/java/demo/Greeter.java:1: class Greeter {\n");
  }

  @Test
  void noMatchSaysSo() throws Exception {
    assertThat(search("pattern", "FIXME")).isEqualTo("No matches for 'FIXME' in .\n");
  }

  @Test
  void skipsBinaryFiles() throws Exception {
    Files.write(ws.root.resolve("data.bin"), new byte[] {'T', 'O', 'D', 'O', 0, 1, 2});

    assertThat(search("pattern", "TODO")).doesNotContain("data.bin");
  }

  @Test
  void aCappedSearchSaysHowManyMoreMatchesThereAre() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      many.append("match ").append(i).append('\n');
    }
    ws.write("many.txt", many.toString());

    String out = new SearchFilesTool(3, Duration.ofSeconds(30)).call(args("pattern", "^match"), ws.context).content();

    assertThat(out)
        .isEqualTo(
            "many.txt:1: match 0\nmany.txt:2: match 1\nmany.txt:3: match 2\n"
                + "[... 7 more matches left off: 10 matches in 1 file in all; narrow the pattern,"
                + " glob or path]\n");
  }

  @Test
  void longLinesAreCut() throws Exception {
    ws.write("min.js", "var x='" + "a".repeat(1000) + "';\n");

    String out = search("pattern", "var x");

    assertThat(out).startsWith("min.js:1: var x='aaa").contains("[... line cut: 1,009 characters]");
    assertThat(out.length()).isLessThan(SearchFilesTool.MAX_LINE_CHARS + 100);
  }

  @Test
  void anInvalidRegexIsAClearError() {
    assertThatThrownBy(() -> search("pattern", "greet("))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("not a valid Java regular expression")
        .hasMessageContaining("'greet('")
        .hasMessageContaining("escape");
  }

  @Test
  void aPatternThatBacktracksWithoutEndIsStoppedAtTheTimeLimit() throws Exception {
    ws.write("evil.txt", "a".repeat(40) + "!\n");
    // Java stops many classic cases early, but not this one: minutes on 40 characters.
    SearchFilesTool limited = new SearchFilesTool(10, Duration.ofMillis(200));

    assertThatThrownBy(() -> limited.call(args("pattern", "(.*a){20}b", "glob", "evil.txt"), ws.context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("took longer than 200 ms and was stopped");
  }
}

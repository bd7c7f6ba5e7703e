package dev.darkfactory.evaluator.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.evaluator.tamper.UnifiedDiff.FileDiff;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  @Test
  void readsAddedAndRemovedLinesWithTheirNumbersAcrossHunks() {
    String diff =
        """
        diff --git a/src/main/java/Calc.java b/src/main/java/Calc.java
        index 1111111..2222222 100644
        --- a/src/main/java/Calc.java
        +++ b/src/main/java/Calc.java
        @@ -1,4 +1,4 @@
         class Calc {
        -  int add(int a, int b) { return a - b; }
        +  int add(int a, int b) { return a + b; }
           int one() { return 1; }
         }
        @@ -20,3 +20,5 @@ class Calc {
           int x;
        +  int y;
        +  int z;
           int w;
        """;

    List<FileDiff> files = UnifiedDiff.parse(diff);

    assertThat(files).hasSize(1);
    FileDiff f = files.get(0);
    assertThat(f.path()).isEqualTo("src/main/java/Calc.java");
    assertThat(f.added()).isFalse();
    assertThat(f.deleted()).isFalse();
    assertThat(f.binary()).isFalse();
    assertThat(f.removedLines()).containsExactly(new Line(2, "  int add(int a, int b) { return a - b; }"));
    assertThat(f.addedLines())
        .containsExactly(
            new Line(2, "  int add(int a, int b) { return a + b; }"),
            new Line(21, "  int y;"),
            new Line(22, "  int z;"));
  }

  @Test
  void readsNewDeletedModeOnlyAndBinaryFiles() {
    String diff =
        """
        diff --git a/docs/new.md b/docs/new.md
        new file mode 100644
        index 0000000..3333333
        --- /dev/null
        +++ b/docs/new.md
        @@ -0,0 +1,2 @@
        +# Title
        +text
        \\ No newline at end of file
        diff --git a/src/test/java/OldTest.java b/src/test/java/OldTest.java
        deleted file mode 100644
        index 4444444..0000000
        --- a/src/test/java/OldTest.java
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -class OldTest {
        -}
        diff --git a/run.sh b/run.sh
        old mode 100644
        new mode 100755
        diff --git a/logo.png b/logo.png
        new file mode 100644
        index 0000000..5555555
        Binary files /dev/null and b/logo.png differ
        diff --git a/data.bin b/data.bin
        index 6666666..7777777 100644
        GIT binary patch
        literal 12
        TcmZQzKn{Vhm{zRu3

        literal 10
        RcmZQzKn{Vhm{zRu3

        """;

    List<FileDiff> files = UnifiedDiff.parse(diff);

    assertThat(files).extracting(FileDiff::path)
        .containsExactly("docs/new.md", "src/test/java/OldTest.java", "run.sh", "logo.png", "data.bin");
    assertThat(files.get(0).added()).isTrue();
    assertThat(files.get(0).addedLines()).containsExactly(new Line(1, "# Title"), new Line(2, "text"));
    assertThat(files.get(1).deleted()).isTrue();
    assertThat(files.get(1).removedLines()).containsExactly(new Line(1, "class OldTest {"), new Line(2, "}"));
    assertThat(files.get(2).addedLines()).isEmpty();
    assertThat(files.get(2).added()).isFalse();
    assertThat(files.get(3).binary()).isTrue();
    assertThat(files.get(3).added()).isTrue();
    assertThat(files.get(4).binary()).isTrue();
    assertThat(files.get(4).addedLines()).isEmpty();
  }

  @Test
  void linesThatLookLikeHeadersInsideAHunkAreLines() {
    // A removed line "-- a/x" prints as "--- a/x" and an added "++ b/y" as "+++ b/y"; an added
    // line reading "diff --git a/q b/q" prints with its "+". The hunk's counts say they are lines.
    String diff =
        """
        diff --git a/notes.txt b/notes.txt
        index 1..2 100644
        --- a/notes.txt
        +++ b/notes.txt
        @@ -1,2 +1,3 @@
        --- a/x
        +++ b/y
        +diff --git a/q b/q
         @@ not a hunk
        """;

    FileDiff f = UnifiedDiff.parse(diff).get(0);

    assertThat(f.path()).isEqualTo("notes.txt");
    assertThat(f.removedLines()).containsExactly(new Line(1, "-- a/x"));
    assertThat(f.addedLines()).containsExactly(new Line(1, "++ b/y"), new Line(2, "diff --git a/q b/q"));
  }

  @Test
  void readsQuotedPathsAndPathsWithSpaces() {
    String diff =
        "diff --git \"a/caf\\303\\251/\\\"q\\\".txt\" \"b/caf\\303\\251/\\\"q\\\".txt\"\n"
            + "new file mode 100644\n"
            + "--- /dev/null\n"
            + "+++ \"b/caf\\303\\251/\\\"q\\\".txt\"\n"
            + "@@ -0,0 +1 @@\n"
            + "+x\n"
            + "diff --git a/my dir/a b.txt b/my dir/a b.txt\n"
            + "old mode 100644\n"
            + "new mode 100755\n"
            + "diff --git a/my dir/c d.txt b/my dir/c d.txt\n"
            + "--- a/my dir/c d.txt\t\n"
            + "+++ b/my dir/c d.txt\t\n"
            + "@@ -1 +1 @@\n"
            + "-old\n"
            + "+new\n";

    List<FileDiff> files = UnifiedDiff.parse(diff);

    assertThat(files).extracting(FileDiff::path)
        .containsExactly("caf\u00e9/\"q\".txt", "my dir/a b.txt", "my dir/c d.txt");
    assertThat(files.get(0).addedLines()).containsExactly(new Line(1, "x"));
    assertThat(files.get(2).addedLines()).containsExactly(new Line(1, "new"));
  }

  @Test
  void toleratesNoiseCrlfTruncationAndEmptyInput() {
    assertThat(UnifiedDiff.parse("")).isEmpty();
    assertThat(UnifiedDiff.parse("From abc\nSubject: x\n\nno diff here\n")).isEmpty();

    String crlf = "diff --git a/a.txt b/a.txt\r\n--- a/a.txt\r\n+++ b/a.txt\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n";
    FileDiff f = UnifiedDiff.parse(crlf).get(0);
    assertThat(f.path()).isEqualTo("a.txt");
    assertThat(f.addedLines()).containsExactly(new Line(1, "b"));

    // The hunk promises three added lines but the text ends after one; the next file still reads.
    String truncated =
        "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,0 +1,3 @@\n+one\n"
            + "diff --git a/b.txt b/b.txt\n--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-x\n+y\n";
    List<FileDiff> files = UnifiedDiff.parse(truncated);
    assertThat(files).extracting(FileDiff::path).containsExactly("a.txt", "b.txt");
    assertThat(files.get(0).addedLines()).containsExactly(new Line(1, "one"));
    assertThat(files.get(1).addedLines()).containsExactly(new Line(1, "y"));
  }

  @Test
  void anEmptyContextLineWhoseSpaceWasStrippedStillCounts() {
    String diff = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n a\n\n-c\n+C\n";

    FileDiff f = UnifiedDiff.parse(diff).get(0);

    assertThat(f.removedLines()).containsExactly(new Line(3, "c"));
    assertThat(f.addedLines()).containsExactly(new Line(3, "C"));
  }
}

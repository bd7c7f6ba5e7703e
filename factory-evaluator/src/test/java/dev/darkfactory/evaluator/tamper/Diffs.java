package dev.darkfactory.evaluator.tamper;

import dev.darkfactory.api.workspace.FileChange;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Builds diffs in git's format for the tamper tests, and changes from them. */
final class Diffs {

  private Diffs() {}

  /** A new file. */
  static String added(String path, String... lines) {
    StringBuilder b =
        new StringBuilder()
            .append("diff --git a/").append(path).append(" b/").append(path).append('\n')
            .append("new file mode 100644\n")
            .append("index 0000000..1a2b3c4\n")
            .append("--- /dev/null\n")
            .append("+++ b/").append(path).append('\n')
            .append("@@ -0,0 +1,").append(lines.length).append(" @@\n");
    for (String line : lines) {
      b.append('+').append(line).append('\n');
    }
    return b.toString();
  }

  /** A deleted file. */
  static String deleted(String path, String... lines) {
    StringBuilder b =
        new StringBuilder()
            .append("diff --git a/").append(path).append(" b/").append(path).append('\n')
            .append("deleted file mode 100644\n")
            .append("index 1a2b3c4..0000000\n")
            .append("--- a/").append(path).append('\n')
            .append("+++ /dev/null\n")
            .append("@@ -1,").append(lines.length).append(" +0,0 @@\n");
    for (String line : lines) {
      b.append('-').append(line).append('\n');
    }
    return b.toString();
  }

  /**
   * A modified file with one hunk starting at {@code start} on both sides; each hunk line begins
   * with {@code ' '}, {@code '-'} or {@code '+'} as in the diff.
   */
  static String modified(String path, int start, String... hunk) {
    long old = Arrays.stream(hunk).filter(l -> !l.startsWith("+")).count();
    long now = Arrays.stream(hunk).filter(l -> !l.startsWith("-")).count();
    StringBuilder b =
        new StringBuilder()
            .append("diff --git a/").append(path).append(" b/").append(path).append('\n')
            .append("index 1a2b3c4..5d6e7f8 100644\n")
            .append("--- a/").append(path).append('\n')
            .append("+++ b/").append(path).append('\n')
            .append("@@ -").append(start).append(',').append(old)
            .append(" +").append(start).append(',').append(now).append(" @@\n");
    for (String line : hunk) {
      b.append(line).append('\n');
    }
    return b.toString();
  }

  /** The change a diff describes, its file list read from the diff itself. */
  static ChangeUnderReview change(String diff) {
    return change(diff, List.of(), Set.of());
  }

  /** The change a diff describes, with protected and holdout paths. */
  static ChangeUnderReview change(String diff, List<String> protectedPaths, Set<String> holdouts) {
    List<FileChange> changes =
        ReviewedFile.of(new ChangeUnderReview(List.of(), diff, List.of(), Set.of())).stream()
            .map(f -> new FileChange(f.path(), f.status()))
            .toList();
    return new ChangeUnderReview(changes, diff, protectedPaths, holdouts);
  }
}

package dev.darkfactory.evaluator.tamper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A small parser for git's unified diff format: per file, its path, whether git called it new,
 * deleted or binary, and the lines it added and removed with their line numbers.
 *
 * <p>It reads what {@code git diff} and {@code git diff-tree -p} print: {@code diff --git a/x b/x}
 * headers (paths C-quoted when git quotes them), extended headers ({@code new file mode}, {@code
 * deleted file mode}, {@code rename from/to}, {@code index}), {@code ---}/{@code +++} lines,
 * {@code @@ -a,b +c,d @@} hunks (read by their line counts, so a removed line that reads {@code
 * -- a/x} or an added one that reads {@code ++ b/x} is still a line, not a header), {@code \ No
 * newline at end of file}, {@code Binary files ... differ} and {@code GIT binary patch} sections.
 * Text before the first header is ignored. It never throws on malformed input: what it cannot read
 * it skips.
 */
final class UnifiedDiff {

  private static final String HEADER = "diff --git ";
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  private UnifiedDiff() {}

  /** A line of a file with its 1-based number (in the old file when removed, the new when added). */
  record Line(int number, String text) {}

  /**
   * One file of a diff.
   *
   * @param path the file's path (the new path; the old one for a deletion)
   * @param added whether git printed {@code new file mode}
   * @param deleted whether git printed {@code deleted file mode}
   * @param binary whether git printed a binary section instead of hunks
   * @param addedLines the lines added, in order
   * @param removedLines the lines removed, in order
   */
  record FileDiff(
      String path,
      boolean added,
      boolean deleted,
      boolean binary,
      List<Line> addedLines,
      List<Line> removedLines) {
    FileDiff {
      addedLines = List.copyOf(addedLines);
      removedLines = List.copyOf(removedLines);
    }
  }

  /**
   * Parses a diff.
   *
   * @param diff the diff's text
   * @return its files, in the order they appear
   */
  static List<FileDiff> parse(String diff) {
    List<FileDiff> files = new ArrayList<>();
    String[] lines = diff.split("\n", -1);
    int i = 0;
    while (i < lines.length && !lines[i].startsWith(HEADER)) {
      i++;
    }
    while (i < lines.length) {
      Builder file = new Builder(headerPath(stripCr(lines[i]).substring(HEADER.length())));
      i++;
      // Extended headers and the ---/+++ lines, up to the first hunk or the next file.
      while (i < lines.length && !lines[i].startsWith(HEADER) && !lines[i].startsWith("@@")) {
        String line = stripCr(lines[i]);
        if (line.startsWith("new file mode")) {
          file.added = true;
        } else if (line.startsWith("deleted file mode")) {
          file.deleted = true;
        } else if (line.startsWith("rename to ")) {
          file.newPath = unquote(line.substring("rename to ".length()));
        } else if (line.startsWith("rename from ")) {
          file.oldPath = unquote(line.substring("rename from ".length()));
        } else if (line.startsWith("--- ")) {
          file.oldPath = sidePath(line.substring(4), "a/", file.oldPath);
        } else if (line.startsWith("+++ ")) {
          file.newPath = sidePath(line.substring(4), "b/", file.newPath);
        } else if (line.startsWith("Binary files ") || line.equals("GIT binary patch")) {
          file.binary = true;
          // A binary patch's base85 lines never contain a space, so they never start a header.
          i++;
          while (i < lines.length && !lines[i].startsWith(HEADER)) {
            i++;
          }
          break;
        }
        i++;
      }
      // Hunks.
      while (i < lines.length && lines[i].startsWith("@@")) {
        Matcher m = HUNK.matcher(lines[i]);
        i++;
        if (!m.find()) {
          continue;
        }
        int oldLine = Integer.parseInt(m.group(1));
        int oldLeft = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int newLine = Integer.parseInt(m.group(3));
        int newLeft = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
        while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
          String line = stripCr(lines[i]);
          if (line.startsWith("+")) {
            file.addedLines.add(new Line(newLine++, line.substring(1)));
            newLeft--;
          } else if (line.startsWith("-")) {
            file.removedLines.add(new Line(oldLine++, line.substring(1)));
            oldLeft--;
          } else if (line.startsWith("\\")) {
            // "\ No newline at end of file": no line of either side.
          } else if (line.startsWith(" ") || line.isEmpty()) {
            // Context; some tools strip the lone space of an empty context line.
            if (line.isEmpty() && i == lines.length - 1) {
              break; // the text's final line break, not a line of the hunk
            }
            oldLine++;
            newLine++;
            oldLeft--;
            newLeft--;
          } else {
            break; // a truncated hunk: stop reading it here
          }
          i++;
        }
        // A trailing "\ No newline at end of file" after the counts ran out.
        while (i < lines.length && lines[i].startsWith("\\")) {
          i++;
        }
      }
      // Anything else up to the next file is noise we do not understand.
      while (i < lines.length && !lines[i].startsWith(HEADER)) {
        i++;
      }
      files.add(file.build());
    }
    return List.copyOf(files);
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static final class Builder {
    private final @Nullable String headerPath;
    private @Nullable String oldPath;
    private @Nullable String newPath;
    private boolean added;
    private boolean deleted;
    private boolean binary;
    private final List<Line> addedLines = new ArrayList<>();
    private final List<Line> removedLines = new ArrayList<>();

    Builder(@Nullable String headerPath) {
      this.headerPath = headerPath;
    }

    FileDiff build() {
      String path = newPath != null ? newPath : oldPath != null ? oldPath : headerPath;
      return new FileDiff(
          path == null ? "" : path, added, deleted, binary, addedLines, removedLines);
    }
  }

  /**
   * The path on a {@code ---} or {@code +++} line; {@code known} when it reads {@code /dev/null}.
   */
  private static @Nullable String sidePath(String text, String prefix, @Nullable String known) {
    String t = text;
    // git ends the name with a tab when it contains a space, for patch(1)'s sake.
    int tab = t.startsWith("\"") ? -1 : t.indexOf('\t');
    if (tab >= 0) {
      t = t.substring(0, tab);
    }
    t = unquote(t);
    if (t.equals("/dev/null")) {
      return known;
    }
    return t.startsWith(prefix) ? t.substring(prefix.length()) : t;
  }

  /**
   * The path of a {@code diff --git a/X b/X} header. Without renames both sides are equal, which
   * splits an unquoted header unambiguously even when the path has spaces.
   */
  static @Nullable String headerPath(String rest) {
    if (rest.startsWith("\"")) {
      int end = closingQuote(rest, 1);
      if (end < 0) {
        return null;
      }
      String a = unquote(rest.substring(0, end + 1));
      return a.startsWith("a/") ? a.substring(2) : a;
    }
    if (rest.startsWith("a/") && (rest.length() - 5) % 2 == 0 && rest.length() >= 5) {
      int n = (rest.length() - 5) / 2;
      String a = rest.substring(2, 2 + n);
      if (rest.substring(2 + n).equals(" b/" + a)) {
        return a;
      }
    }
    int split = rest.indexOf(" b/");
    if (rest.startsWith("a/") && split > 0) {
      return rest.substring(2, split);
    }
    return null;
  }

  private static int closingQuote(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** Undoes git's C-style quoting ({@code "a/caf\303\251"}); unquoted text comes back as it is. */
  static String unquote(String s) {
    if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String body = s.substring(1, s.length() - 1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> bytes.write('\n');
        case 't' -> bytes.write('\t');
        case 'r' -> bytes.write('\r');
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write('\b');
        case 'f' -> bytes.write('\f');
        case 'v' -> bytes.write(11);
        case '0', '1', '2', '3' -> {
          int end = Math.min(i + 3, body.length());
          int j = i;
          int value = 0;
          while (j < end && body.charAt(j) >= '0' && body.charAt(j) <= '7') {
            value = value * 8 + (body.charAt(j) - '0');
            j++;
          }
          bytes.write(value);
          i = j - 1;
        }
        default -> bytes.write(e);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

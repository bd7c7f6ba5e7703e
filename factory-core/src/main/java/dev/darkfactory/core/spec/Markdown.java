package dev.darkfactory.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The little Markdown a spec file needs: front matter, and level-1 and level-2 ATX headings
 * outside fenced code blocks. Everything else is section text, kept as written.
 */
final class Markdown {

  private static final Pattern HEADING =
      Pattern.compile("^ {0,3}(#{1,2})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");

  private Markdown() {}

  /** A heading of level 1 or 2, at a 1-based line. */
  record Heading(int level, String text, int line) {}

  /** A block of lines that follows a heading (or the start of the body). */
  record Block(@Nullable Heading heading, String text, int firstLine) {}

  /** A document split into front matter and blocks. */
  record Document(@Nullable String frontMatter, List<Block> blocks) {}

  /** Thrown when front matter is opened and never closed. */
  static final class UnclosedFrontMatter extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /** Normalizes line endings and strips a byte-order mark. */
  static String normalize(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return t.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Splits a spec file into front matter and blocks, each block starting at a heading. */
  static Document split(String text) throws UnclosedFrontMatter {
    String[] lines = normalize(text).split("\n", -1);
    int start = 0;
    String frontMatter = null;
    if (lines.length > 0 && lines[0].strip().equals("---")) {
      int close = -1;
      for (int i = 1; i < lines.length; i++) {
        String l = lines[i].strip();
        if (l.equals("---") || l.equals("...")) {
          close = i;
          break;
        }
      }
      if (close < 0) {
        throw new UnclosedFrontMatter();
      }
      frontMatter = String.join("\n", java.util.Arrays.asList(lines).subList(1, close));
      start = close + 1;
    }
    List<Block> blocks = new ArrayList<>();
    Heading current = null;
    StringBuilder body = new StringBuilder();
    int bodyStart = start + 1;
    String fence = null;
    for (int i = start; i < lines.length; i++) {
      String line = lines[i];
      if (fence != null) {
        if (closesFence(line, fence)) {
          fence = null;
        }
      } else {
        Matcher f = FENCE.matcher(line);
        if (f.matches() && !(f.group(1).startsWith("`") && f.group(2).contains("`"))) {
          fence = f.group(1);
        } else {
          Heading h = heading(line, i + 1);
          if (h != null) {
            blocks.add(new Block(current, body.toString(), bodyStart));
            current = h;
            body.setLength(0);
            bodyStart = i + 2;
            continue;
          }
        }
      }
      body.append(line).append('\n');
    }
    blocks.add(new Block(current, body.toString(), bodyStart));
    return new Document(frontMatter, blocks);
  }

  /** The heading on this line, or {@code null} when it is not a level-1 or level-2 heading. */
  static @Nullable Heading heading(String line, int lineNumber) {
    Matcher m = HEADING.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String text = m.group(2) == null ? "" : m.group(2).strip();
    if (text.matches("#+")) {
      text = "";
    }
    return new Heading(m.group(1).length(), text, lineNumber);
  }

  /**
   * The first line of {@code text} that would be read as a level-1 or level-2 heading, or that
   * leaves a code fence open at the end, or {@code null} when the text is safe inside a section.
   */
  static @Nullable String unsafeLine(String text) {
    String fence = null;
    for (String line : normalize(text).split("\n", -1)) {
      if (fence != null) {
        if (closesFence(line, fence)) {
          fence = null;
        }
        continue;
      }
      Matcher f = FENCE.matcher(line);
      if (f.matches() && !(f.group(1).startsWith("`") && f.group(2).contains("`"))) {
        fence = f.group(1);
      } else if (heading(line, 0) != null) {
        return line;
      }
    }
    return fence == null ? null : "an unclosed code fence " + fence;
  }

  private static boolean closesFence(String line, String fence) {
    String l = line.strip();
    if (line.length() - line.stripLeading().length() > 3) {
      return false;
    }
    char c = fence.charAt(0);
    int n = 0;
    while (n < l.length() && l.charAt(n) == c) {
      n++;
    }
    return n >= fence.length() && n == l.length();
  }
}

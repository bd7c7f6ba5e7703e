package dev.darkfactory.evaluator.tamper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers that read one source line the way the checks need it: comments, literals, code. */
final class SourceLines {

  static final int EVIDENCE = 200;

  private static final Pattern LITERAL =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'|`((?:[^`\\\\]|\\\\.)*)`");

  private SourceLines() {}

  /**
   * Whether the whole line is a comment: it starts (after blanks) with {@code //}, {@code /*},
   * {@code *} (a block comment's continuation), {@code <!--}, {@code #} or {@code --}.
   */
  static boolean isComment(String line) {
    String t = line.strip();
    return t.startsWith("//")
        || t.startsWith("/*")
        || t.startsWith("*")
        || t.startsWith("<!--")
        || t.startsWith("#")
        || t.startsWith("-- ");
  }

  /**
   * The line's code: string literals emptied (their quotes stay) and a trailing {@code //} or
   * {@code /*} comment (and a {@code #} one when {@code hashComments}) cut off, so what a literal or
   * a comment says is never taken for a call.
   */
  static String code(String line, boolean hashComments) {
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        int end = i + 1;
        while (end < line.length() && line.charAt(end) != c) {
          end += line.charAt(end) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = end + 1;
        continue;
      }
      if (c == '/' && i + 1 < line.length() && (line.charAt(i + 1) == '/' || line.charAt(i + 1) == '*')) {
        break;
      }
      if (c == '#' && hashComments) {
        break;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** The bodies of the line's string literals ({@code "..."}, {@code '...'}, {@code `...`}), unescaped. */
  static List<String> literals(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = LITERAL.matcher(line);
    while (m.find()) {
      String body = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      out.add(unescape(body));
    }
    return out;
  }

  /** Undoes the common backslash escapes ({@code \t}, {@code \n}, {@code \"} and the like). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        out.append(
            switch (e) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> e;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The line as evidence: stripped and cut to about {@value #EVIDENCE} characters. */
  static String trimmed(String line) {
    String t = line.strip();
    return t.length() <= EVIDENCE ? t : t.substring(0, EVIDENCE - 1) + "\u2026";
  }

  /** {@code "line N: text"}, trimmed. */
  static String at(UnifiedDiff.Line line) {
    return "line " + line.number() + ": " + trimmed(line.text());
  }

  /** The file name: what follows the last {@code /}. */
  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The file's extension in lower case, without the dot; empty when it has none. */
  static String extension(String path) {
    String name = fileName(path);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}

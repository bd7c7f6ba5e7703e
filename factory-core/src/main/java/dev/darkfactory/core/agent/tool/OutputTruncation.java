package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * Cuts the text a tool sends to the model down to a number of characters and of lines, keeping
 * its head and its tail with a visible marker between them that says how much was removed:
 * {@code [... 12,345 characters and 210 lines removed ...]}.
 *
 * <p>Characters come first: a text longer than {@code maxChars} keeps its first {@code
 * maxChars / 2} and its last {@code maxChars - maxChars / 2} characters (never splitting a
 * surrogate pair, so possibly one fewer). Lines come next: when what is left has more than {@code
 * maxLines} lines, the head keeps at most its first {@code maxLines / 2} lines and the tail its
 * last {@code maxLines - maxLines / 2}, except that lines one side does not need the other side
 * may keep. So the kept head and tail together never have more than
 * {@code maxChars} characters nor more than {@code maxLines} lines (a line is counted as {@link
 * String#lines()} counts it); the marker comes on top, on a line of its own. A text within both
 * limits comes back unchanged.
 *
 * @param maxChars the most characters kept, at least 2
 * @param maxLines the most lines kept, at least 2
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record OutputTruncation(int maxChars, int maxLines) {

  /** Checks every component. */
  public OutputTruncation {
    Require.atLeast(maxChars, 2, "maxChars");
    Require.atLeast(maxLines, 2, "maxLines");
  }

  /**
   * A truncation to {@code maxChars} characters and {@code maxLines} lines.
   *
   * @param maxChars the most characters kept, at least 2
   * @param maxLines the most lines kept, at least 2
   * @return the truncation
   */
  public static OutputTruncation of(int maxChars, int maxLines) {
    return new OutputTruncation(maxChars, maxLines);
  }

  /**
   * Truncates a text.
   *
   * @param text the full text
   * @return the text to send, and how much was cut
   */
  public Truncated apply(String text) {
    Require.nonNull(text, "text");
    int n = text.length();
    // [headEnd, tailStart) is what is removed; headEnd == tailStart == n means nothing.
    int headEnd = n;
    int tailStart = n;
    if (n > maxChars) {
      headEnd = maxChars / 2;
      tailStart = n - (maxChars - maxChars / 2);
      if (headEnd > 0 && Character.isHighSurrogate(text.charAt(headEnd - 1))) {
        headEnd--;
      }
      if (tailStart < n && Character.isLowSurrogate(text.charAt(tailStart))) {
        tailStart++;
      }
    }
    int keepHead = maxLines / 2;
    int keepTail = maxLines - keepHead;
    if (headEnd == n) {
      // No characters cut: cut lines from the middle of the whole text.
      if (lineCount(text, 0, n) > maxLines) {
        headEnd = endOfLines(text, keepHead, n);
        tailStart = startOfLastLines(text, keepTail, 0);
      }
    } else {
      int headLines = lineCount(text, 0, headEnd);
      int tailLines = lineCount(text, tailStart, n);
      if (headLines + tailLines > maxLines) {
        // What one side does not need of its half, the other side may use.
        if (headLines <= keepHead) {
          tailStart = startOfLastLines(text, maxLines - headLines, tailStart);
        } else if (tailLines <= keepTail) {
          headEnd = endOfLines(text, maxLines - tailLines, headEnd);
        } else {
          headEnd = endOfLines(text, keepHead, headEnd);
          tailStart = startOfLastLines(text, keepTail, tailStart);
        }
      }
    }
    if (headEnd >= tailStart) {
      return new Truncated(text, false, 0, 0);
    }
    int removedChars = tailStart - headEnd;
    int removedLines = 0;
    for (int i = headEnd; i < tailStart; i++) {
      if (text.charAt(i) == '\n') {
        removedLines++;
      }
    }
    String head = text.substring(0, headEnd);
    String tail = text.substring(tailStart);
    StringBuilder out = new StringBuilder(head.length() + tail.length() + 80);
    out.append(head);
    if (!head.isEmpty() && !head.endsWith("\n")) {
      out.append('\n');
    }
    out.append(marker(removedChars, removedLines)).append('\n').append(tail);
    return new Truncated(out.toString(), true, removedChars, removedLines);
  }

  /**
   * The marker put where text was removed, without line breaks.
   *
   * @param removedChars how many characters were removed
   * @param removedLines how many line breaks were removed
   * @return the marker, such as {@code [... 12,345 characters and 210 lines removed ...]}
   */
  public static String marker(int removedChars, int removedLines) {
    String chars = WorkspaceFiles.plural(removedChars, "character");
    return removedLines == 0
        ? "[... " + chars + " removed ...]"
        : "[... " + chars + " and " + WorkspaceFiles.plural(removedLines, "line") + " removed ...]";
  }

  /** The lines of text[from, to), counted as String.lines() counts them. */
  static int lineCount(String text, int from, int to) {
    if (from >= to) {
      return 0;
    }
    int count = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= to || text.charAt(i + 1) != '\n'))) {
        count++;
      }
    }
    char last = text.charAt(to - 1);
    return last == '\n' || last == '\r' ? count : count + 1;
  }

  /** Where the first {@code lines} lines of text[0, limit) end, their line breaks included. */
  private static int endOfLines(String text, int lines, int limit) {
    int seen = 0;
    for (int i = 0; i < limit; i++) {
      if (seen == lines) {
        return i;
      }
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        seen++;
      }
    }
    return limit;
  }

  /** Where the last {@code lines} lines of text[from, length) start. */
  private static int startOfLastLines(String text, int lines, int from) {
    int n = text.length();
    // A line break at the very end closes the last line; it does not start another one.
    int i = n;
    if (i > from && text.charAt(i - 1) == '\n') {
      i--;
    }
    if (i > from && text.charAt(i - 1) == '\r') {
      i--;
    }
    int seen = 0;
    for (; i > from; i--) {
      char c = text.charAt(i - 1);
      boolean lineBreak = c == '\n' || (c == '\r' && (i >= n || text.charAt(i) != '\n'));
      if (lineBreak) {
        seen++;
        if (seen == lines) {
          return i;
        }
      }
    }
    return from;
  }

  /**
   * A text after truncation.
   *
   * @param text what to send to the model: the original, or its head, the marker and its tail
   * @param truncated whether anything was removed
   * @param removedChars how many characters were removed (the marker not counted)
   * @param removedLines how many line breaks were removed
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Truncated(String text, boolean truncated, int removedChars, int removedLines) {

    /** Checks every component. */
    public Truncated {
      Require.nonNull(text, "text");
      Require.atLeast(removedChars, 0, "removedChars");
      Require.atLeast(removedLines, 0, "removedLines");
    }
  }
}

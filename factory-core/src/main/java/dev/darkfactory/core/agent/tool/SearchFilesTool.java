package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;

/**
 * The {@code search_files} tool: the lines of the workspace's text files that match a Java
 * regular expression, as {@code path:line: text}, sorted by path and line.
 *
 * <p>Arguments: {@code pattern} (a {@link java.util.regex.Pattern}, found anywhere in a line),
 * optional {@code glob} (which files, as in {@link ListFilesTool}) and optional {@code path}
 * (the directory to search from). Symbolic links are not followed; {@code .git}, binary files
 * (a NUL byte in the first 8 KiB) and files over {@value #MAX_FILE_BYTES} bytes are skipped; text
 * that is not valid UTF-8 is searched with undecodable bytes as U+FFFD. Lines longer than
 * {@value #MAX_LINE_CHARS} characters are cut in the output. At most {@code maxMatches} matches
 * are shown, with a note saying how many more there are. An invalid pattern is an error that
 * says where it is wrong; a search running longer than its time limit (a pattern that
 * backtracks catastrophically) stops with an error.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SearchFilesTool implements Tool {

  /** The tool's name. */
  public static final String NAME = "search_files";

  /** The default of the match cap. */
  public static final int DEFAULT_MAX_MATCHES = 200;

  /** The default time limit of one search. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

  /** The largest file searched, in bytes. */
  public static final long MAX_FILE_BYTES = 10L << 20;

  /** The longest line shown in full. */
  public static final int MAX_LINE_CHARS = 300;

  private static final Set<String> ARGUMENTS = Set.of("pattern", "glob", "path");

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "pattern": {
            "type": "string",
            "minLength": 1,
            "description": "A Java regular expression, found anywhere in a line, such as 'class \\\\w+Service' or '(?i)todo'. Escape regex characters to search for them literally: 'foo\\\\(\\\\)'."
          },
          "glob": {
            "type": "string",
            "minLength": 1,
            "description": "Search only files whose path relative to path matches this glob, such as **/*.java. Default: every file."
          },
          "path": {
            "type": "string",
            "minLength": 1,
            "description": "The directory to search from, relative to the workspace root. Default: the workspace root."
          }
        },
        "required": ["pattern"],
        "additionalProperties": false
      }
      """;

  private final int maxMatches;
  private final Duration timeLimit;
  private final ToolSpec spec;

  /** The tool with the default cap of {@value #DEFAULT_MAX_MATCHES} matches and time limit. */
  public SearchFilesTool() {
    this(DEFAULT_MAX_MATCHES, DEFAULT_TIME_LIMIT);
  }

  /**
   * The tool with a cap on matches shown and a time limit.
   *
   * @param maxMatches the most matching lines one call shows, at least 1
   * @param timeLimit how long one search may run before it stops with an error; positive
   */
  public SearchFilesTool(int maxMatches, Duration timeLimit) {
    this.maxMatches = Require.atLeast(maxMatches, 1, "maxMatches");
    this.timeLimit = Require.positive(timeLimit, "timeLimit");
    this.spec =
        new ToolSpec(
            NAME,
            "Searches the text files of the workspace for lines matching a Java regular"
                + " expression and returns them as 'path:line: text' (paths relative to the"
                + " workspace root, sorted). Narrow it with glob (such as **/*.java) and path."
                + " Skips .git and binary files. Shows at most " + maxMatches + " matches.",
            SCHEMA);
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context)
      throws ToolException, InterruptedException {
    Arguments args = Arguments.of(arguments, NAME, ARGUMENTS);
    String regex = args.requiredString("pattern");
    String glob = args.optionalString("glob");
    String path = args.optionalString("path");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ToolException(
          "the pattern is not a valid Java regular expression: " + e.getDescription()
              + " near index " + e.getIndex() + " of '" + regex + "'; escape characters such as"
              + " ( [ { . * + ? with a backslash to match them literally", e);
    }
    PathMatcher matcher = glob == null ? null : FileWalk.glob(glob);
    var start = FileWalk.start(context, path);
    String where = WorkspaceFiles.display(context, start);
    List<FileWalk.Entry> files = FileWalk.files(context, start, matcher);
    long deadline = System.nanoTime() + timeLimit.toNanos();
    StringBuilder out = new StringBuilder();
    int matches = 0;
    int matchedFiles = 0;
    int skippedLarge = 0;
    for (FileWalk.Entry entry : files) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("the search was cancelled");
      }
      if (System.nanoTime() - deadline > 0) {
        throw timedOut(regex);
      }
      if (entry.link() || !Files.isRegularFile(entry.path(), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      byte[] bytes;
      try {
        if (Files.size(entry.path()) > MAX_FILE_BYTES) {
          skippedLarge++;
          continue;
        }
        bytes = Files.readAllBytes(entry.path());
      } catch (IOException e) {
        continue; // unreadable: left out
      }
      if (WorkspaceFiles.looksBinary(bytes)) {
        continue;
      }
      List<String> lines = WorkspaceFiles.lines(new String(bytes, StandardCharsets.UTF_8));
      boolean fileMatched = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!find(pattern, line, deadline, regex)) {
          continue;
        }
        fileMatched = true;
        matches++;
        if (matches <= maxMatches) {
          out.append(entry.shown()).append(':').append(i + 1).append(": ");
          if (line.length() > MAX_LINE_CHARS) {
            out.append(line, 0, MAX_LINE_CHARS)
                .append(" [... line cut: ")
                .append(WorkspaceFiles.plural(line.length(), "character"))
                .append("]");
          } else {
            out.append(line);
          }
          out.append('\n');
        }
      }
      if (fileMatched) {
        matchedFiles++;
      }
    }
    String skipped =
        skippedLarge == 0
            ? ""
            : " (skipped " + WorkspaceFiles.plural(skippedLarge, "file") + " larger than "
                + WorkspaceFiles.count(MAX_FILE_BYTES) + " bytes)";
    if (matches == 0) {
      return ToolOutput.ok(
          "No matches for '" + regex + "' in " + where
              + (glob == null ? "" : " (files matching '" + glob + "')") + skipped + "\n");
    }
    if (matches > maxMatches) {
      out.append("[... ")
          .append(WorkspaceFiles.count(matches - maxMatches))
          .append(" more matches left off: ")
          .append(WorkspaceFiles.plural(matches, "match", "matches"))
          .append(" in ")
          .append(WorkspaceFiles.plural(matchedFiles, "file"))
          .append(" in all; narrow the pattern, glob or path]\n");
    }
    if (!skipped.isEmpty()) {
      out.append('[').append(skipped.strip()).append("]\n");
    }
    return ToolOutput.ok(out.toString());
  }

  /** Whether the pattern is found in the line, stopping at the deadline or on cancellation. */
  private boolean find(Pattern pattern, String line, long deadline, String regex)
      throws ToolException, InterruptedException {
    Matcher m = pattern.matcher(new Watched(line, deadline));
    try {
      return m.find();
    } catch (Watched.Stop stop) {
      if (stop.cancelled) {
        throw new InterruptedException("the search was cancelled");
      }
      throw timedOut(regex);
    }
  }

  private ToolException timedOut(String regex) {
    return new ToolException(
        "the search for '" + regex + "' took longer than " + describe(timeLimit)
            + " and was stopped; simplify the pattern (nested quantifiers such as (a+)+"
            + " backtrack without end) or narrow the glob or path");
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** A line that stops the regex engine once the deadline passes or the thread is interrupted. */
  private static final class Watched implements CharSequence {

    /** Thrown through the regex engine to stop it. */
    static final class Stop extends RuntimeException {
      private static final long serialVersionUID = 1L;
      final boolean cancelled;

      Stop(boolean cancelled) {
        super(null, null, false, false);
        this.cancelled = cancelled;
      }
    }

    private final String text;
    private final long deadline;
    private int reads;

    Watched(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFFF) == 0) {
        if (Thread.currentThread().isInterrupted()) {
          throw new Stop(true);
        }
        if (System.nanoTime() - deadline > 0) {
          throw new Stop(false);
        }
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}

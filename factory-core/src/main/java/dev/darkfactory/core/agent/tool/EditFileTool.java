package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.core.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The {@code edit_file} tool: replaces an exact, unique piece of a text file with new text.
 *
 * <p>Arguments: {@code path}, {@code old_string}, {@code new_string}, optional {@code
 * replace_all} (default {@code false}). The replacement is exact: the only liberty taken is
 * line endings, so that an {@code old_string} written with {@code \n} matches a file with
 * {@code \r\n} line breaks (and {@code new_string} is then written with {@code \r\n} too). The
 * file is never changed when the call fails:
 *
 * <ul>
 *   <li>{@code old_string} not found: the error shows up to {@value #CANDIDATES} passages most
 *       similar to it (non-overlapping line windows of the same number of lines, scored by the
 *       mean character-pair similarity of their lines; after the best one, only those at least
 *       25% similar), each with its line numbers; it never applies a fuzzy edit;
 *   <li>found more than once without {@code replace_all}: the error names the line of each
 *       occurrence;
 *   <li>{@code old_string} empty or equal to {@code new_string}, a missing file, a binary or
 *       non-UTF-8 file, and every path {@link WriteFileTool} refuses.
 * </ul>
 *
 * <p>On success the output says which lines were replaced and shows the edited region with a few
 * lines of context, numbered as {@link ReadFileTool} numbers them.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class EditFileTool implements Tool {

  /** The tool's name. */
  public static final String NAME = "edit_file";

  /** How many similar passages a miss shows. */
  public static final int CANDIDATES = 3;

  private static final Set<String> ARGUMENTS =
      Set.of("path", "old_string", "new_string", "replace_all");
  private static final int CONTEXT_LINES = 3;
  private static final int MAX_CANDIDATE_LINES = 30;
  private static final int MAX_LISTED_LINES = 20;
  private static final long SCORING_BUDGET = 1_000_000;
  private static final double MIN_SCORE = 0.25;
  private static final Pattern NUMBER_PREFIX = Pattern.compile("\\s*\\d+\t.*");

  private static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Edits a text file by replacing an exact piece of it: old_string must match the file"
              + " exactly, including whitespace and indentation, and must occur exactly once"
              + " unless replace_all is true. Include enough surrounding lines to make it unique."
              + " Copy old_string from read_file's output without the line-number prefixes. When"
              + " old_string is not found, nothing changes and the error shows the most similar"
              + " passages of the file. To create a file, use write_file.",
          """
          {
            "type": "object",
            "properties": {
              "path": {
                "type": "string",
                "minLength": 1,
                "description": "The file's path relative to the workspace root."
              },
              "old_string": {
                "type": "string",
                "minLength": 1,
                "description": "The exact text to replace."
              },
              "new_string": {
                "type": "string",
                "description": "The text to put in its place; must differ from old_string."
              },
              "replace_all": {
                "type": "boolean",
                "description": "Replace every occurrence of old_string instead of exactly one. Default: false."
              }
            },
            "required": ["path", "old_string", "new_string"],
            "additionalProperties": false
          }
          """);

  /** The tool. */
  public EditFileTool() {}

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context) throws ToolException {
    Arguments args = Arguments.of(arguments, NAME, ARGUMENTS);
    String path = args.requiredString("path");
    String oldString = args.requiredString("old_string");
    String newString = args.requiredString("new_string");
    boolean replaceAll = args.optionalBoolean("replace_all", false);
    if (oldString.isEmpty()) {
      throw new ToolException(
          "old_string is empty; give the exact text to replace (to create a file or replace all"
              + " of it, use write_file)");
    }
    if (oldString.equals(newString)) {
      throw new ToolException(
          "old_string and new_string are the same, so the edit would change nothing");
    }
    Path file = WorkspaceFiles.writableFile(context, path);
    String shown = WorkspaceFiles.display(context, context.resolve(path));
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolException(shown + " does not exist; create it with write_file");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolException(shown + " is not a regular file; edit_file edits text files only");
    }
    byte[] bytes = WorkspaceFiles.readBytes(file, shown, NAME);
    if (WorkspaceFiles.looksBinary(bytes)) {
      throw new ToolException(shown + " is a binary file; edit_file edits text files only");
    }
    String text = Utf8.strict(bytes);
    if (text == null) {
      throw new ToolException(
          shown + " is not valid UTF-8 text; edit_file edits UTF-8 files only (use run_command"
              + " for other encodings)");
    }

    String from = oldString;
    String to = newString;
    List<Integer> at = occurrences(text, from);
    if (at.isEmpty()
        && text.contains("\r\n")
        && from.indexOf('\n') >= 0
        && from.indexOf('\r') < 0) {
      // The file breaks lines with \r\n; match and write its line endings.
      from = oldString.replace("\n", "\r\n");
      to = newString.indexOf('\r') < 0 ? newString.replace("\n", "\r\n") : newString;
      at = occurrences(text, from);
    }
    if (at.isEmpty()) {
      throw new ToolException(miss(shown, text, oldString));
    }
    if (at.size() > 1 && !replaceAll) {
      List<Integer> lines = new ArrayList<>();
      for (int index : at) {
        lines.add(WorkspaceFiles.lineAt(text, index));
      }
      throw new ToolException(
          "old_string occurs "
              + at.size()
              + " times in "
              + shown
              + ", starting at lines "
              + listLines(lines)
              + ", so nothing was changed; include more of the surrounding lines to make it"
              + " unique, or set replace_all to true to replace every occurrence");
    }

    StringBuilder edited = new StringBuilder(text.length() + at.size() * (to.length() - from.length()));
    List<Integer> newStarts = new ArrayList<>();
    int previous = 0;
    for (int index : at) {
      edited.append(text, previous, index);
      newStarts.add(edited.length());
      edited.append(to);
      previous = index + from.length();
    }
    edited.append(text, previous, text.length());
    String result = edited.toString();
    WorkspaceFiles.writeNoFollow(file, result.getBytes(StandardCharsets.UTF_8), shown);

    int firstLine = WorkspaceFiles.lineAt(text, at.get(0));
    if (at.size() == 1) {
      int oldLast = firstLine + newlines(from) - (from.endsWith("\n") ? 1 : 0);
      int newLast = firstLine + newlines(to) - (to.endsWith("\n") ? 1 : 0);
      StringBuilder out = new StringBuilder();
      out.append("Edited ")
          .append(shown)
          .append(": replaced ")
          .append(range(firstLine, Math.max(firstLine, oldLast)))
          .append(" with ")
          .append(to.isEmpty() ? "nothing" : WorkspaceFiles.plural(WorkspaceFiles.lineCount(to), "line"))
          .append(". The file around the edit now reads:\n");
      appendNumbered(
          out,
          WorkspaceFiles.lines(result),
          Math.max(1, firstLine - CONTEXT_LINES),
          Math.max(firstLine, newLast) + CONTEXT_LINES);
      return ToolOutput.ok(out.toString());
    }
    List<Integer> lines = new ArrayList<>();
    int line = 1;
    int scanned = 0;
    for (int start : newStarts) {
      for (; scanned < start; scanned++) {
        if (result.charAt(scanned) == '\n') {
          line++;
        }
      }
      lines.add(line);
    }
    return ToolOutput.ok(
        "Edited " + shown + ": replaced " + at.size() + " occurrences; the new text starts at"
            + " lines " + listLines(lines) + " of the edited file");
  }

  /** Where {@code needle} starts in {@code text}, without overlaps. */
  private static List<Integer> occurrences(String text, String needle) {
    List<Integer> at = new ArrayList<>();
    int index = text.indexOf(needle);
    while (index >= 0) {
      at.add(index);
      index = text.indexOf(needle, index + needle.length());
    }
    return at;
  }

  private static int newlines(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private static String range(int first, int last) {
    return first == last ? "line " + first : "lines " + first + "-" + last;
  }

  private static String listLines(List<Integer> lines) {
    StringBuilder out = new StringBuilder();
    int n = Math.min(lines.size(), MAX_LISTED_LINES);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(i == lines.size() - 1 ? " and " : ", ");
      }
      out.append(lines.get(i));
    }
    if (lines.size() > n) {
      out.append(" and ").append(lines.size() - n).append(" more");
    }
    return out.toString();
  }

  private static void appendNumbered(StringBuilder out, List<String> lines, int first, int last) {
    int end = Math.min(last, lines.size());
    int width = WorkspaceFiles.numberWidth(Math.max(end, 1));
    for (int n = first; n <= end; n++) {
      WorkspaceFiles.appendNumbered(out, n, width, lines.get(n - 1));
    }
  }

  /** The error for an old_string that is not in the file: the most similar passages. */
  static String miss(String shown, String text, String oldString) {
    StringBuilder out = new StringBuilder();
    out.append("old_string was not found in ")
        .append(shown)
        .append(", so nothing was changed. edit_file needs an exact match, including whitespace"
            + " and indentation.");
    List<String> wanted = WorkspaceFiles.lines(oldString);
    if (!wanted.isEmpty() && wanted.stream().allMatch(l -> NUMBER_PREFIX.matcher(l).matches())) {
      out.append(
          " old_string looks like it includes the line-number prefixes of read_file's output;"
              + " leave them out.");
    }
    List<String> lines = WorkspaceFiles.lines(text);
    if (lines.isEmpty()) {
      out.append(' ').append(shown).append(" is empty.");
      return out.toString();
    }
    List<Candidate> candidates = nearest(lines, wanted.isEmpty() ? List.of("") : wanted, CANDIDATES);
    if (candidates.isEmpty()) {
      out.append(" No passage of the file resembles it; read the file again with read_file.");
      return out.toString();
    }
    out.append(" The most similar passages of the file:\n");
    int width = WorkspaceFiles.numberWidth(lines.size());
    for (Candidate c : candidates) {
      int last = c.start + c.length - 1;
      out.append('\n')
          .append(range(c.start + 1, last + 1).replace("line", "Line"))
          .append(
              c.whitespaceOnly
                  ? " (the same apart from whitespace):\n"
                  : String.format(Locale.ROOT, " (%d%% similar):\n", Math.round(c.score * 100)));
      int shownEnd = Math.min(last, c.start + MAX_CANDIDATE_LINES - 1);
      for (int i = c.start; i <= shownEnd; i++) {
        WorkspaceFiles.appendNumbered(out, i + 1, width, lines.get(i));
      }
      if (shownEnd < last) {
        out.append("[... ").append(WorkspaceFiles.plural(last - shownEnd, "more line")).append("]\n");
      }
    }
    out.append(
        "\nCopy the text exactly as it is in the file (without the line-number prefixes) and"
            + " try again.");
    return out.toString();
  }

  /** One passage of the file: where it starts (0-based), its length in lines, its score. */
  private record Candidate(int start, int length, double score, boolean whitespaceOnly) {}

  /**
   * The {@code count} best non-overlapping windows of {@code wanted.size()} lines of {@code
   * lines}, scored by the mean similarity of corresponding lines; windows with no similarity at
   * all are left out.
   */
  private static List<Candidate> nearest(List<String> lines, List<String> wanted, int count) {
    int k = Math.min(wanted.size(), lines.size());
    int windows = lines.size() - k + 1;
    String[] fileStripped = new String[lines.size()];
    int[][] fileGrams = new int[lines.size()][];
    for (int i = 0; i < lines.size(); i++) {
      fileStripped[i] = lines.get(i).strip();
      fileGrams[i] = bigrams(fileStripped[i]);
    }
    String[] wantedStripped = new String[wanted.size()];
    int[][] wantedGrams = new int[wanted.size()][];
    for (int i = 0; i < wanted.size(); i++) {
      wantedStripped[i] = wanted.get(i).strip();
      wantedGrams[i] = bigrams(wantedStripped[i]);
    }
    // Large files and long old_strings: score every step-th line of each window only.
    long work = (long) windows * k;
    int step = (int) Math.max(1, (work + SCORING_BUDGET - 1) / SCORING_BUDGET);
    List<Candidate> all = new ArrayList<>(windows);
    for (int s = 0; s < windows; s++) {
      double sum = 0;
      int scored = 0;
      boolean same = k == wanted.size();
      for (int i = 0; i < k; i += step) {
        boolean equal = wantedStripped[i].equals(fileStripped[s + i]);
        sum += equal ? 1.0 : dice(wantedGrams[i], fileGrams[s + i]);
        same &= equal;
        scored++;
      }
      if (step > 1) {
        same = false;
      }
      double score = sum / scored;
      if (score > 0) {
        all.add(new Candidate(s, k, score, same));
      }
    }
    all.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::start));
    List<Candidate> picked = new ArrayList<>();
    for (Candidate c : all) {
      if (picked.size() == count) {
        break;
      }
      boolean overlaps = false;
      for (Candidate p : picked) {
        overlaps |= c.start < p.start + p.length && p.start < c.start + c.length;
      }
      // After the best passage, only ones that resemble old_string at least a little.
      if (!overlaps && (picked.isEmpty() || c.score >= MIN_SCORE)) {
        picked.add(c);
      }
    }
    picked.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::start));
    return picked;
  }

  /** The sorted character pairs of a string. */
  private static int[] bigrams(String s) {
    if (s.length() < 2) {
      return new int[0];
    }
    int[] grams = new int[s.length() - 1];
    for (int i = 0; i < grams.length; i++) {
      grams[i] = (s.charAt(i) << 16) | s.charAt(i + 1);
    }
    Arrays.sort(grams);
    return grams;
  }

  /** The Sørensen–Dice coefficient of two sorted bigram multisets. */
  private static double dice(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return 2.0 * common / (a.length + b.length);
  }
}

package dev.darkfactory.core.agent.tool;

import dev.darkfactory.core.sandbox.Sandboxes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * The file handling every file tool shares: confinement to the workspace (on top of {@link
 * ToolContext#resolve}), the paths the tools never write, text decoding and line splitting.
 *
 * <p>Confinement is checked twice: {@link ToolContext#resolve} refuses a path that leaves the
 * workspace (by {@code ..}, by being absolute, or through a symbolic link at any depth), and
 * before a file is read or written its real path is checked again, the final component is opened
 * without following a link, and a directory created for a write is checked after it exists.
 */
final class WorkspaceFiles {

  /** The largest file read_file and edit_file load. */
  static final long MAX_FILE_BYTES = 64L << 20;

  /** How many leading bytes decide whether a file is binary. */
  private static final int BINARY_PROBE = 8192;

  private WorkspaceFiles() {}

  /** The workspace root with every link resolved. */
  static Path realRoot(ToolContext context) throws ToolException {
    try {
      return context.workspace().root().toRealPath();
    } catch (IOException e) {
      throw new ToolException("the workspace root cannot be read: " + e.getMessage(), e);
    }
  }

  /** How a path is shown to the model: relative to the workspace root, with '/' separators. */
  static String display(ToolContext context, Path path) {
    Path root = context.workspace().root().toAbsolutePath().normalize();
    Path absolute = path.toAbsolutePath().normalize();
    if (absolute.startsWith(root)) {
      return slashes(root.relativize(absolute));
    }
    try {
      Path real = realRoot(context);
      if (absolute.startsWith(real)) {
        return slashes(real.relativize(absolute));
      }
    } catch (ToolException e) {
      // fall through to the absolute path
    }
    return absolute.toString();
  }

  /** A relative path with '/' separators, or "." for the empty path. */
  static String slashes(Path relative) {
    String s = relative.toString().replace('\\', '/');
    return s.isEmpty() ? "." : s;
  }

  /**
   * Re-checks that an existing path really is inside the workspace once every link is followed,
   * returning its real path.
   */
  static Path confinedRealPath(ToolContext context, Path path, String shown) throws ToolException {
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ToolException(shown + " does not exist", e);
    } catch (IOException e) {
      throw new ToolException(shown + " cannot be resolved: " + e.getMessage(), e);
    }
    if (!real.startsWith(realRoot(context))) {
      throw new ToolException(
          shown + " leaves the workspace through a symbolic link; only paths inside the"
              + " workspace are allowed");
    }
    return real;
  }

  /**
   * Resolves a path a tool reads: it must exist, be a regular file, and be inside the workspace
   * once links are followed.
   */
  static Path readableFile(ToolContext context, String path, String tool) throws ToolException {
    Path resolved = context.resolve(path);
    String shown = display(context, resolved);
    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolException(
          shown + " does not exist; use list_files to see which files there are");
    }
    Path real = confinedRealPath(context, resolved, shown);
    if (Files.isDirectory(real)) {
      throw new ToolException(
          shown + " is a directory, not a file; use list_files to see its files");
    }
    if (!Files.isRegularFile(real)) {
      throw new ToolException(shown + " is not a regular file; " + tool + " reads regular files only");
    }
    return real;
  }

  /**
   * Resolves a path a tool writes to the real path to open: every existing link on the way
   * (the final component included) followed, the result inside the workspace, and neither in a
   * {@code .git} directory nor under one of the sandbox policy's read-only paths, whether named
   * directly or reached through a link; and not a directory.
   */
  static Path writableFile(ToolContext context, String path) throws ToolException {
    Path resolved = context.resolve(path);
    String shown = display(context, resolved);
    checkWritable(context, resolved, shown);
    Path existing = resolved;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new ToolException(shown + " cannot be resolved in the workspace");
    }
    Path real = confinedRealPath(context, existing, shown).resolve(existing.relativize(resolved));
    if (!real.equals(resolved)) {
      checkWritable(context, real, shown + " (really " + display(context, real) + ")");
    }
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolException(shown + " is a directory; give the path of a file");
    }
    return real;
  }

  /** Refuses a path inside the workspace that the tools never write. */
  private static void checkWritable(ToolContext context, Path path, String shown)
      throws ToolException {
    Path root = context.workspace().root().toAbsolutePath().normalize();
    Path absolute = path.toAbsolutePath().normalize();
    Path relative;
    if (absolute.startsWith(root)) {
      relative = root.relativize(absolute);
    } else {
      Path real = realRoot(context);
      if (!absolute.startsWith(real)) {
        throw new ToolException(
            shown + " leaves the workspace; only paths inside the workspace are allowed");
      }
      relative = real.relativize(absolute);
    }
    for (Path part : relative) {
      if (part.toString().equals(".git")) {
        throw new ToolException(
            shown + " is inside a .git directory, which the file tools never write");
      }
    }
    for (String glob : context.sandboxPolicy().readOnlyPaths()) {
      PathMatcher matcher;
      try {
        matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException | UnsupportedOperationException e) {
        continue; // the policy was checked when it was built; a glob Java cannot read matches nothing
      }
      for (Path p = relative; p != null; p = p.getParent()) {
        if (matcher.matches(p)) {
          throw new ToolException(
              shown + " is read-only in this workspace (the sandbox policy protects '" + glob
                  + "')");
        }
      }
    }
  }

  /**
   * Creates the missing parent directories of {@code file} (a real path from {@link
   * #writableFile}), then checks that the parent really is where it should be: inside the
   * workspace, reached through no link.
   */
  static void createParents(ToolContext context, Path file, String shown) throws ToolException {
    Path parent = file.getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new ToolException(
          "cannot create the directory of " + shown + ": " + describe(e), e);
    }
    Path real = confinedRealPath(context, parent, "the directory of " + shown);
    if (!real.equals(parent)) {
      throw new ToolException(
          "the directory of " + shown + " changed while it was being created; try again");
    }
  }

  /** Writes {@code bytes} to {@code file}, never following a link at the final component. */
  static void writeNoFollow(Path file, byte[] bytes, String shown) throws ToolException {
    try (OutputStream out =
        Files.newOutputStream(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new ToolException("cannot write " + shown + ": " + describe(e), e);
    }
  }

  /** Reads a whole file the tools have already confined, refusing one that is too large. */
  static byte[] readBytes(Path file, String shown, String tool) throws ToolException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.size() > MAX_FILE_BYTES) {
        throw new ToolException(
            shown + " has " + count(attributes.size()) + " bytes, more than " + tool
                + " loads (" + count(MAX_FILE_BYTES) + "); look at parts of it with run_command"
                + " (head, tail, sed -n)");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ToolException("cannot read " + shown + ": " + describe(e), e);
    }
  }

  /** Whether the first bytes contain a NUL byte, the mark of a binary file. */
  static boolean looksBinary(byte[] bytes) {
    int n = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }


  /**
   * The lines of a text: split at '\n', a '\r' before it dropped; a final line break does not
   * start another line, so "" has no lines and "a\nb\n" has two.
   */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      lines.add(text.substring(start, stop));
      start = end + 1;
    }
    return lines;
  }

  /** The number of lines of a text, counted as {@link #lines} does. */
  static int lineCount(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    return text.charAt(text.length() - 1) == '\n' ? count : count + 1;
  }

  /** The 1-based line at character {@code index} of {@code text}. */
  static int lineAt(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The width line numbers up to {@code last} are printed in: at least six, as cat -n does. */
  static int numberWidth(int last) {
    return Math.max(6, Integer.toString(last).length());
  }

  /** Appends one numbered line: the number right-aligned, a tab, the text, a line break. */
  static void appendNumbered(StringBuilder out, int number, int width, String line) {
    String digits = Integer.toString(number);
    for (int i = digits.length(); i < width; i++) {
      out.append(' ');
    }
    out.append(digits).append('\t').append(line).append('\n');
  }

  /** A count with thousands separators, as "12,345". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "1 line" or "3 lines". */
  static String plural(long n, String noun) {
    return plural(n, noun, noun + "s");
  }

  /** "1 match" or "3 matches": the count with the singular or plural noun. */
  static String plural(long n, String singular, String pluralNoun) {
    return count(n) + " " + (n == 1 ? singular : pluralNoun);
  }

  /** An I/O error's message without the Java exception class. */
  static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return message == null ? kind : kind + ": " + message;
  }

  /** Whether a directory is one the listing tools skip: .git anywhere, the sandbox home at the root. */
  static boolean skippedDirectory(Path realRoot, Path directory) {
    Path name = directory.getFileName();
    if (name == null) {
      return false;
    }
    if (name.toString().equals(".git")) {
      return true;
    }
    return directory.equals(realRoot.resolve(Sandboxes.HOME));
  }
}

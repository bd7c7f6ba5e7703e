package dev.darkfactory.core.agent.tool;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Walks a directory of the workspace for list_files and search_files: never following a
 * symbolic link (a link is reported as an entry, never entered), skipping {@code .git}
 * directories and the sandbox's home directory, matching paths relative to where the walk
 * starts against a glob.
 */
final class FileWalk {

  private static final int MAX_GLOBSTARS = 4;

  private FileWalk() {}

  /** One file found: its real path and how it is shown (relative to the workspace root). */
  record Entry(Path path, String shown, boolean link) {}

  /**
   * A glob as the tools read it: Java's glob syntax ({@code *} within a directory, {@code **}
   * across directories, {@code ?}, {@code [..]}, {@code {a,b}}), where {@code **}{@code /} also
   * matches no directory at all, so {@code **}{@code /*.java} matches {@code App.java} too.
   */
  static PathMatcher glob(String glob) throws ToolException {
    if (glob.isBlank()) {
      throw new ToolException("the glob is empty; give one such as src/**/*.java or **/*");
    }
    if (glob.startsWith("/")) {
      throw new ToolException(
          "the glob '" + glob + "' is absolute; globs are relative to the search directory,"
              + " such as src/**/*.java");
    }
    Set<String> variants = new LinkedHashSet<>();
    variants.add(glob);
    if (count(glob, "**/") <= MAX_GLOBSTARS) {
      expand(glob, variants);
    }
    List<PathMatcher> matchers = new ArrayList<>();
    for (String variant : variants) {
      try {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
      } catch (PatternSyntaxException e) {
        throw new ToolException(
            "the glob '" + glob + "' is invalid: " + e.getDescription()
                + "; use *, **, ?, [abc] and {a,b}", e);
      }
    }
    return path -> matchers.stream().anyMatch(m -> m.matches(path));
  }

  private static void expand(String glob, Set<String> variants) {
    for (int i = glob.indexOf("**/"); i >= 0; i = glob.indexOf("**/", i + 1)) {
      String shorter = glob.substring(0, i) + glob.substring(i + 3);
      if (!shorter.isEmpty() && variants.add(shorter)) {
        expand(shorter, variants);
      }
    }
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * The directory a walk starts from: {@code path} (default the root) resolved in the workspace,
   * which must be an existing directory.
   */
  static Path start(ToolContext context, @Nullable String path) throws ToolException {
    String given = path == null || path.isBlank() ? "." : path;
    Path resolved = context.resolve(given);
    String shown = WorkspaceFiles.display(context, resolved);
    if (!Files.exists(resolved)) {
      throw new ToolException(shown + " does not exist; give a directory in the workspace");
    }
    Path real = WorkspaceFiles.confinedRealPath(context, resolved, shown);
    if (!Files.isDirectory(real)) {
      throw new ToolException(shown + " is a file, not a directory; give the directory to search");
    }
    return real;
  }

  /**
   * Every file under {@code start} (a real directory inside the workspace) whose path relative
   * to {@code start} matches {@code matcher} ({@code null} matches all), sorted by how it is
   * shown.
   */
  static List<Entry> files(ToolContext context, Path start, @Nullable PathMatcher matcher)
      throws ToolException, InterruptedException {
    Path realRoot = WorkspaceFiles.realRoot(context);
    List<Entry> found = new ArrayList<>();
    boolean[] interrupted = {false};
    FileVisitor<Path> visitor =
        new FileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (Thread.currentThread().isInterrupted()) {
              interrupted[0] = true;
              return FileVisitResult.TERMINATE;
            }
            return !dir.equals(start) && WorkspaceFiles.skippedDirectory(realRoot, dir)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isDirectory()) {
              return FileVisitResult.CONTINUE;
            }
            if (matcher == null || matcher.matches(start.relativize(file))) {
              found.add(
                  new Entry(
                      file,
                      WorkspaceFiles.slashes(realRoot.relativize(file)),
                      attrs.isSymbolicLink()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // unreadable: left out
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) {
            return FileVisitResult.CONTINUE;
          }
        };
    try {
      Files.walkFileTree(start, Set.of(), Integer.MAX_VALUE, visitor);
    } catch (IOException e) {
      throw new ToolException(
          "cannot walk " + WorkspaceFiles.display(context, start) + ": "
              + WorkspaceFiles.describe(e), e);
    }
    if (interrupted[0]) {
      throw new InterruptedException("the walk was cancelled");
    }
    found.sort((a, b) -> a.shown().compareTo(b.shown()));
    return found;
  }
}

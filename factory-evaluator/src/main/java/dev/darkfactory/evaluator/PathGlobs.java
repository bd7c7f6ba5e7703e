package dev.darkfactory.evaluator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Collection;
import org.apiguardian.api.API;

/**
 * Matches repository-relative paths ({@code /}-separated) against the globs specs use for protected
 * paths: {@code *} within one path segment, {@code **} across segments, {@code ?}, {@code [...]}
 * and {@code {a,b}}, as in {@link java.nio.file.FileSystem#getPathMatcher}. A glob without wildcards
 * names a file or a directory and matches everything below it.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class PathGlobs {

  private PathGlobs() {}

  /**
   * Whether {@code path} matches {@code glob}.
   *
   * @param glob the glob, relative to the repository root
   * @param path the path, relative to the repository root
   * @return whether it matches
   */
  public static boolean matches(String glob, String path) {
    Require.nonBlank(glob, "glob");
    Require.nonNull(path, "path");
    String g = stripSlashes(glob);
    String p = stripSlashes(path);
    if (!hasWildcard(g)) {
      return p.equals(g) || p.startsWith(g + "/");
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + g);
    if (matcher.matches(Path.of(p))) {
      return true;
    }
    // A glob naming directories ("src/test/**" or "build/*") also covers what is below them.
    for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
      if (matcher.matches(Path.of(p.substring(0, i)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code path} matches any of {@code globs}.
   *
   * @param globs the globs
   * @param path the path
   * @return whether one matches
   */
  public static boolean matchesAny(Collection<String> globs, String path) {
    for (String glob : globs) {
      if (matches(glob, path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasWildcard(String glob) {
    return glob.indexOf('*') >= 0
        || glob.indexOf('?') >= 0
        || glob.indexOf('[') >= 0
        || glob.indexOf('{') >= 0;
  }

  private static String stripSlashes(String s) {
    String t = s.strip();
    while (t.startsWith("./")) {
      t = t.substring(2);
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}

package dev.darkfactory.core.agent.guard;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.internal.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canary strings planted in holdout files, so that a holdout file copied into a model request is
 * recognized even when nothing else about it is.
 *
 * <p>Each holdout file gets one token, {@code DFCANARY-} followed by 20 base32 characters ({@code
 * A-Z}, {@code 2-7}): the first 100 bits of SHA-256 over a version tag, the holdout root's salt and
 * the file's path relative to the holdout root (with {@code /} separators). The token is
 * deterministic: planting again, on any machine, with the same salt and layout gives the same
 * token. It changes when the file is moved or renamed; planting then replaces the old canary line.
 *
 * <p><b>The salt</b> is per holdout root: 32 random hex digits in the file {@value #SALT_FILE}
 * directly under the root, written by the first {@link #plant} and kept from then on. Commit it
 * with the holdouts, so every checkout computes the same tokens. The salt makes the tokens of two
 * projects differ even where their holdout files have the same names, and keeps a token from being
 * derived from a path alone. The salt file marks the holdout root: the {@link HoldoutLeakGuard}
 * finds it by walking up from a holdout file, to know the token the file should carry even before
 * it is planted.
 *
 * <p><b>Planting</b> inserts one comment line carrying the token at the top of each file whose
 * extension has a known comment syntax:
 *
 * <ul>
 *   <li>{@code # }: {@code .yaml .yml .sh .py .rb .toml .properties};
 *   <li>{@code // }: {@code .java .kt .js .ts .go .c .h .cpp .rs .scala .swift};
 *   <li>{@code <!-- -->}: {@code .md}.
 * </ul>
 *
 * <p>What must stay first stays first: a byte order mark, a {@code #!} line, a Python or Ruby
 * encoding line right after it, YAML directives and the {@code ---} document marker, and the front
 * matter of a Markdown file. Line endings follow the file's own. Other files (JSON, XML, binary,
 * files that are not UTF-8, symbolic links) are left alone and reported as skipped; {@code .git},
 * {@code .hg} and {@code .svn} directories are not entered. Planting is
 * idempotent (a file that carries its token is not touched) and atomic per file (the new content
 * goes to a temporary file in the same directory, which is then moved over the old one, keeping its
 * permissions). A YAML scenario file reads the same after planting, except that the lines of its
 * scenarios move down by one.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class HoldoutCanaries {

  /** What every canary token starts with. */
  public static final String PREFIX = "DFCANARY-";

  /** How many base32 characters follow {@link #PREFIX}. */
  public static final int TOKEN_CHARS = 20;

  /** The name of the salt file directly under the holdout root. */
  public static final String SALT_FILE = ".darkfactory-canary-salt";

  private static final Logger LOG = LoggerFactory.getLogger(HoldoutCanaries.class);

  private static final String VERSION_TAG = "darkfactory-holdout-canary/1";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final Pattern TOKEN =
      Pattern.compile(Pattern.quote(PREFIX) + "[A-Z2-7]{" + TOKEN_CHARS + "}(?![A-Z2-7])");
  private static final Pattern CANARY_LINE =
      Pattern.compile(
          "[ \\t]*(?:#|//|<!--)[ \\t]*"
              + Pattern.quote(PREFIX)
              + "[A-Z2-7]{"
              + TOKEN_CHARS
              + "}(?![A-Z2-7]).*");
  private static final Pattern CODING_LINE =
      Pattern.compile("[ \\t\\f]*#.*?coding[:=][ \\t]*[-_.a-zA-Z0-9]+.*");
  private static final String TEMP_PREFIX = ".dfcanary-";

  /** A comment syntax: what goes before and after the token on the canary line. */
  private enum Syntax {
    HASH("# ", ""),
    SLASHES("// ", ""),
    HTML("<!-- ", " -->");

    final String open;
    final String close;

    Syntax(String open, String close) {
      this.open = open;
      this.close = close;
    }

    String line(String token) {
      return open + token + " holdout canary, keep this line" + close;
    }
  }

  private static final Map<String, Syntax> SYNTAX_BY_EXTENSION = syntaxes();

  private HoldoutCanaries() {}

  private static Map<String, Syntax> syntaxes() {
    Map<String, Syntax> m = new LinkedHashMap<>();
    for (String e : List.of("yaml", "yml", "sh", "py", "rb", "toml", "properties")) {
      m.put(e, Syntax.HASH);
    }
    for (String e :
        List.of("java", "kt", "js", "ts", "go", "c", "h", "cpp", "rs", "scala", "swift")) {
      m.put(e, Syntax.SLASHES);
    }
    m.put("md", Syntax.HTML);
    return Map.copyOf(m);
  }

  /**
   * The canary token of a holdout file.
   *
   * @param salt the holdout root's salt
   * @param relativePath the file's path relative to the holdout root, with {@code /} separators
   * @return {@link #PREFIX} and {@value #TOKEN_CHARS} base32 characters
   */
  public static String canary(String salt, String relativePath) {
    Require.nonBlank(salt, "salt");
    Require.nonBlank(relativePath, "relativePath");
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (VERSION_TAG + "\n" + salt + "\n" + relativePath)
                      .getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    StringBuilder token = new StringBuilder(PREFIX);
    int buffer = 0;
    int bits = 0;
    int i = 0;
    while (token.length() < PREFIX.length() + TOKEN_CHARS) {
      if (bits < 5) {
        buffer = (buffer << 8) | (digest[i++] & 0xff);
        bits += 8;
      }
      token.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
      bits -= 5;
    }
    return token.toString();
  }

  /**
   * The canary token a file under a holdout root should carry.
   *
   * @param holdoutsDirectory the holdout root
   * @param file a file under it
   * @return the token, or empty when the root has no salt yet (nothing was planted)
   * @throws IOException when the salt file cannot be read
   */
  public static Optional<String> canaryFor(Path holdoutsDirectory, Path file) throws IOException {
    Path root = holdoutsDirectory.toAbsolutePath().normalize();
    Path target = file.toAbsolutePath().normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IllegalArgumentException(
          "file " + Require.quote(file) + " is not under the holdout root " + Require.quote(root));
    }
    Optional<String> salt = salt(root);
    if (salt.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(canary(salt.get(), relative(root, target)));
  }

  /**
   * The salt of a holdout root, as the first {@link #plant} wrote it.
   *
   * @param holdoutsDirectory the holdout root
   * @return the salt, or empty when there is no salt file
   * @throws IOException when the salt file exists but cannot be read or is blank
   */
  public static Optional<String> salt(Path holdoutsDirectory) throws IOException {
    Path file = holdoutsDirectory.resolve(SALT_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String salt = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (salt.isEmpty() || salt.contains("\n")) {
      throw new IOException(
          "the canary salt file "
              + file
              + " must hold one non-blank line; delete it to start over");
    }
    return Optional.of(salt);
  }

  /**
   * The canary tokens in a text, each once, in order of first appearance.
   *
   * @param text any text
   * @return the tokens found; empty when there are none
   */
  public static List<String> find(String text) {
    Require.nonNull(text, "text");
    Set<String> found = new LinkedHashSet<>();
    if (text.contains(PREFIX)) {
      Matcher m = TOKEN.matcher(text);
      while (m.find()) {
        found.add(m.group());
      }
    }
    return List.copyOf(found);
  }

  /**
   * Plants a canary line in every holdout file under a root that has a known comment syntax,
   * creating the root's salt file first when there is none.
   *
   * @param holdoutsDirectory the holdout root
   * @return which files were planted, already carried their token, or were skipped and why
   * @throws IOException when a file cannot be read or written; files planted before it keep their
   *     canary
   */
  public static PlantReport plant(Path holdoutsDirectory) throws IOException {
    Require.nonNull(holdoutsDirectory, "holdoutsDirectory");
    Path root = holdoutsDirectory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IOException("the holdout root " + holdoutsDirectory + " is not a directory");
    }
    String salt = loadOrCreateSalt(root);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !p.equals(root.resolve(SALT_FILE)))
              .filter(p -> !inVersionControl(root.relativize(p)))
              .sorted()
              .toList();
    }
    List<String> planted = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    List<String> present = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (Path file : files) {
      String rel = relative(root, file);
      if (file.getFileName().toString().startsWith(TEMP_PREFIX)) {
        skipped.put(rel, "a temporary file of an interrupted planting");
        continue;
      }
      if (Files.isSymbolicLink(file)) {
        skipped.put(rel, "a symbolic link");
        continue;
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        skipped.put(rel, "not a regular file");
        continue;
      }
      Syntax syntax = syntaxOf(file);
      if (syntax == null) {
        skipped.put(rel, "no known comment syntax for " + describeExtension(file));
        continue;
      }
      String text = Utf8.strict(Files.readAllBytes(file));
      if (text == null) {
        skipped.put(rel, "not UTF-8 text");
        continue;
      }
      String token = canary(salt, rel);
      if (text.contains(token)) {
        present.add(rel);
        continue;
      }
      Planted result = insert(text, token, syntax, extension(file));
      writeAtomically(file, result.text());
      (result.replacedStale() ? replaced : planted).add(rel);
    }
    PlantReport report = new PlantReport(planted, replaced, present, skipped);
    LOG.info(
        "Planted holdout canaries under {}: {} planted, {} replaced, {} already present, {}"
            + " skipped",
        root,
        planted.size(),
        replaced.size(),
        present.size(),
        skipped.size());
    return report;
  }

  /**
   * What {@link #plant} did, file by file; paths are relative to the holdout root, with {@code /}
   * separators, in walk order.
   *
   * @param planted files that got a canary line
   * @param replaced files whose canary line carried another token (the file was moved, or the salt
   *     changed) and now carries the right one
   * @param alreadyPresent files that already carried their token and were not touched
   * @param skipped files left alone, with the reason (no known comment syntax, not UTF-8, a link)
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record PlantReport(
      List<String> planted,
      List<String> replaced,
      List<String> alreadyPresent,
      Map<String, String> skipped) {

    /** Checks and copies every component. */
    public PlantReport {
      planted = Require.copyOf(planted, "planted");
      replaced = Require.copyOf(replaced, "replaced");
      alreadyPresent = Require.copyOf(alreadyPresent, "alreadyPresent");
      skipped =
          java.util.Collections.unmodifiableMap(
              new LinkedHashMap<>(Require.copyOf(skipped, "skipped")));
    }

    /**
     * Whether planting changed any file.
     *
     * @return {@code true} when a file was planted or had its canary replaced
     */
    public boolean changedAnything() {
      return !planted.isEmpty() || !replaced.isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The holdout root above a file: the nearest directory holding a salt file. */
  static Optional<Path> holdoutsRootOf(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve(SALT_FILE))) {
        return Optional.of(dir);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  private static boolean inVersionControl(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals(".git") || name.equals(".hg") || name.equals(".svn")) {
        return true;
      }
    }
    return false;
  }

  static String relative(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder b = new StringBuilder();
    for (Path part : rel) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(part);
    }
    return b.toString();
  }

  private static @Nullable Syntax syntaxOf(Path file) {
    return SYNTAX_BY_EXTENSION.get(extension(file));
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String describeExtension(Path file) {
    String ext = extension(file);
    return ext.isEmpty() ? "a file without extension" : "'." + ext + "'";
  }


  private record Planted(String text, boolean replacedStale) {}

  /** Inserts (or replaces) the canary line after whatever must stay first. */
  private static Planted insert(String original, String token, Syntax syntax, String extension) {
    String bom = original.startsWith("\uFEFF") ? "\uFEFF" : "";
    String text = original.substring(bom.length());
    String newline = text.contains("\r\n") ? "\r\n" : "\n";
    List<String> lines = splitKeepingEnds(text);
    int at = 0;
    if (at < lines.size() && content(lines.get(at)).startsWith("#!")) {
      at++;
    }
    if ((extension.equals("py") || extension.equals("rb"))
        && at < lines.size()
        && at <= 1
        && CODING_LINE.matcher(content(lines.get(at))).matches()) {
      at++;
    }
    if (extension.equals("yaml") || extension.equals("yml")) {
      while (at < lines.size() && content(lines.get(at)).startsWith("%")) {
        at++;
      }
      if (at < lines.size() && isMarker(content(lines.get(at)), "---")) {
        at++;
      }
    }
    if (extension.equals("md") && !lines.isEmpty()) {
      String fence = content(lines.get(0)).strip();
      if (fence.equals("---") || fence.equals("+++")) {
        for (int j = 1; j < lines.size(); j++) {
          String line = content(lines.get(j)).strip();
          if (line.equals(fence) || (fence.equals("---") && line.equals("..."))) {
            at = j + 1;
            break;
          }
        }
      }
    }
    String canaryLine = syntax.line(token);
    boolean stale = at < lines.size() && CANARY_LINE.matcher(content(lines.get(at))).matches();
    List<String> out = new ArrayList<>(lines);
    if (stale) {
      String old = out.get(at);
      out.set(at, canaryLine + old.substring(content(old).length()));
    } else {
      if (at > 0 && content(out.get(at - 1)).equals(out.get(at - 1))) {
        out.set(at - 1, out.get(at - 1) + newline);
      }
      out.add(at, canaryLine + newline);
    }
    return new Planted(bom + String.join("", out), stale);
  }

  private static boolean isMarker(String line, String marker) {
    return line.equals(marker)
        || (line.startsWith(marker)
            && line.length() > marker.length()
            && (line.charAt(marker.length()) == ' ' || line.charAt(marker.length()) == '\t'));
  }

  /** The lines of a text, each with its line ending; the last may have none. */
  private static List<String> splitKeepingEnds(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      } else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  /** A line without its ending. */
  private static String content(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    return line.substring(0, end);
  }

  private static String loadOrCreateSalt(Path root) throws IOException {
    Optional<String> existing = salt(root);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    Path temp = Files.createTempFile(root, TEMP_PREFIX, ".tmp");
    try {
      Files.writeString(temp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, root.resolve(SALT_FILE));
        LOG.info(
            "Created the canary salt file {}; commit it with the holdouts",
            root.resolve(SALT_FILE));
      } catch (FileAlreadyExistsException e) {
        LOG.debug("Another planting created {} first", root.resolve(SALT_FILE));
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return salt(root)
        .orElseThrow(() -> new IOException("the canary salt file vanished under " + root));
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.getParent();
    Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      PosixFileAttributeView source =
          Files.getFileAttributeView(file, PosixFileAttributeView.class);
      PosixFileAttributeView target =
          Files.getFileAttributeView(temp, PosixFileAttributeView.class);
      if (source != null && target != null) {
        Set<PosixFilePermission> permissions = source.readAttributes().permissions();
        target.setPermissions(permissions);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

package dev.darkfactory.core.agent.guard;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.work.WorkItem;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a model request that carries a holdout of the current spec, before it leaves the process.
 *
 * <p>Built from a {@link WorkItem}, the guard reads every holdout scenario's file (its {@link
 * Scenario#sourceLocation() source}) and the test files its {@link TestSuiteCheck} names, where
 * they exist, and learns two things:
 *
 * <ul>
 *   <li><b>Canaries</b>: the {@linkplain HoldoutCanaries canary tokens} those files carry, and the
 *       token each should carry when its holdout root has a salt file. A request that contains one
 *       is refused, whatever else it holds.
 *   <li><b>Content fingerprints</b>: the lines of those files, and each holdout's title,
 *       description, command, expected outputs, test names, rubric (or, for a custom kind of check,
 *       every text in its record), each line and each whole, normalized by collapsing whitespace
 *       (case is kept). Fragments shorter than the {@linkplain Builder#minimumFragmentLength
 *       minimum length}, with fewer letters and digits than half of it, holding a canary, or that
 *       are import, package or include lines are ignored. A fragment up to the {@linkplain
 *       Builder#shingleLength shingle length} must appear whole; a longer one is cut into
 *       overlapping shingles of that length, any of which trips the guard, so a long enough quote
 *       of part of it is found too.
 * </ul>
 *
 * <p>The agent may see the spec, the visible scenarios and whatever the host declares visible
 * ({@link Builder#visibleText}, {@link Builder#visibleDirectory}): every fragment or shingle that
 * appears in that material is dropped, so visible content never trips the guard, even where a
 * holdout repeats it.
 *
 * <p>{@link #check} scans the system prompt, every message's text, thinking, tool call arguments
 * (as sent and with their JSON strings decoded) and tool results, the tools offered, the metadata
 * and the response schema. Each part is normalized and scanned once with a rolling hash, so the
 * cost is linear in the size of the request. A match throws {@link HoldoutLeakException} naming the
 * holdout, the kind of match and the part of the request; the message never quotes holdout content.
 *
 * <p>Limits: text that was transformed beyond whitespace (escaped in a string literal, split across
 * two parts, paraphrased, re-cased) is not recognized; fragments shorter than the minimum length
 * are never checked; a holdout line that is common boilerplate in the target language (a {@code
 * main} method signature) trips the guard when the agent writes it, unless the host declares the
 * repository visible.
 *
 * <p>A guard is immutable and safe to use from several threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class HoldoutLeakGuard {

  /** The default {@linkplain Builder#minimumFragmentLength minimum fragment length}. */
  public static final int DEFAULT_MINIMUM_FRAGMENT_LENGTH = 24;

  /** The default {@linkplain Builder#shingleLength shingle length}. */
  public static final int DEFAULT_SHINGLE_LENGTH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(HoldoutLeakGuard.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HOLDOUT_FILE = 8L << 20;
  private static final long MAX_VISIBLE_FILE = 1L << 20;
  private static final long MAX_VISIBLE_TOTAL = 32L << 20;
  private static final Pattern IMPORT_LINE =
      Pattern.compile(
          "(?:import\\s[^;]*;?"
              + "|package\\s+[\\w.]+;?"
              + "|#\\s*(?:include|import)\\s*[<\"].*"
              + "|using\\s+[\\w.]+;"
              + "|from\\s+[\\w.]+\\s+import\\s.*"
              + "|use\\s+[\\w:{}, *]+;"
              + "|extern\\s+crate\\s+\\w+;)");

  /** What a fragment or canary belongs to: a holdout, and what of it. */
  private record Origin(ScenarioId holdout, String what) {}

  /** One part of a request: where it is and its text. */
  private record Part(String where, String text) {}

  private final String spec;
  private final List<ScenarioId> holdouts;
  private final List<Origin> origins;
  private final Map<String, Integer> canaries;
  private final FragmentIndex index;

  private HoldoutLeakGuard(
      String spec,
      List<ScenarioId> holdouts,
      List<Origin> origins,
      Map<String, Integer> canaries,
      FragmentIndex index) {
    this.spec = spec;
    this.holdouts = List.copyOf(holdouts);
    this.origins = List.copyOf(origins);
    this.canaries = Map.copyOf(canaries);
    this.index = index;
  }

  /**
   * A guard for a work item's holdouts with the default settings.
   *
   * @param item the spec and its scenarios
   * @return the guard
   */
  public static HoldoutLeakGuard of(WorkItem item) {
    return builder(item).build();
  }

  /**
   * A builder for a guard of a work item's holdouts.
   *
   * @param item the spec and its scenarios
   * @return the builder
   */
  public static Builder builder(WorkItem item) {
    return new Builder(Require.nonNull(item, "item"));
  }

  /**
   * The holdout scenarios this guard protects, in the work item's order.
   *
   * @return their ids
   */
  public List<ScenarioId> holdouts() {
    return holdouts;
  }

  /**
   * How many canary tokens the guard knows.
   *
   * @return the count
   */
  public int canaryCount() {
    return canaries.size();
  }

  /**
   * How many content fingerprints (whole fragments and shingles) the guard checks.
   *
   * @return the count
   */
  public int fingerprintCount() {
    return index.patterns();
  }

  /**
   * Checks a request before it is sent.
   *
   * @param request the request
   * @throws HoldoutLeakException when the request carries a canary or a content fingerprint of a
   *     holdout; the first canary found wins over any fingerprint
   */
  public void check(ModelRequest request) {
    Require.nonNull(request, "request");
    if (canaries.isEmpty() && index.patterns() == 0) {
      return;
    }
    List<Part> parts = parts(request);
    if (!canaries.isEmpty()) {
      for (Part part : parts) {
        for (String token : HoldoutCanaries.find(part.text())) {
          Integer origin = canaries.get(token);
          if (origin != null) {
            throw leak(origin, "canary match: " + origins.get(origin).what(), part);
          }
        }
      }
    }
    if (index.patterns() > 0) {
      for (Part part : parts) {
        int pattern = index.findFirst(part.text());
        if (pattern >= 0) {
          int origin = index.owner(pattern);
          throw leak(origin, "content fingerprint match: " + origins.get(origin).what(), part);
        }
      }
    }
  }

  /**
   * A provider that {@linkplain #check checks} each request, then sends it through {@code
   * delegate}; a refused request never reaches the delegate.
   *
   * @param delegate the provider to call
   * @return the guarded provider; its {@link ModelProvider#id()} is the delegate's
   */
  public ModelProvider wrap(ModelProvider delegate) {
    return new Guarded(this, Require.nonNull(delegate, "delegate"));
  }

  @Override
  public String toString() {
    return "HoldoutLeakGuard[spec="
        + spec
        + ", holdouts="
        + holdouts.size()
        + ", canaries="
        + canaries.size()
        + ", fingerprints="
        + index.patterns()
        + "]";
  }

  private HoldoutLeakException leak(int origin, String what, Part part) {
    Origin o = origins.get(origin);
    String detail = what + " found in " + part.where();
    LOG.warn(
        "Refused a model request for spec {}: holdout '{}' leaked: {}", spec, o.holdout(), detail);
    return new HoldoutLeakException(o.holdout(), detail);
  }

  private static List<Part> parts(ModelRequest request) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Part("the system prompt", request.system()));
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      String at =
          "messages[" + i + "] (" + m.role().name().toLowerCase(java.util.Locale.ROOT) + ")";
      List<ContentBlock> blocks = m.content();
      for (int j = 0; j < blocks.size(); j++) {
        String where = at + ", content[" + j + "] ";
        ContentBlock block = blocks.get(j);
        if (block instanceof ContentBlock.Text t) {
          parts.add(new Part(where + "(text)", t.text()));
        } else if (block instanceof ContentBlock.Thinking t) {
          parts.add(new Part(where + "(thinking)", t.text()));
        } else if (block instanceof ContentBlock.ToolResult r) {
          parts.add(new Part(where + "(tool result)", r.content()));
        } else if (block instanceof ContentBlock.ToolCall c) {
          String w = where + "(tool call '" + c.name() + "' arguments)";
          parts.add(new Part(w, c.argumentsJson()));
          for (String s : jsonStrings(c.argumentsJson())) {
            parts.add(new Part(w, s));
          }
        }
      }
    }
    for (ToolSpec tool : request.tools()) {
      parts.add(new Part("the description of tool '" + tool.name() + "'", tool.description()));
      parts.add(new Part("the input schema of tool '" + tool.name() + "'", tool.inputSchemaJson()));
    }
    request.metadata().forEach((k, v) -> parts.add(new Part("metadata '" + k + "'", v)));
    request.responseSchema().ifPresent(s -> parts.add(new Part("the response schema", s)));
    return parts;
  }

  /** The decoded string values of a JSON document; empty when it does not parse. */
  private static List<String> jsonStrings(String json) {
    if (json.indexOf('\\') < 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      collect(JSON.readTree(json), out);
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isContainerNode()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.add(e.getKey());
        collect(e.getValue(), out);
      }
      if (node.isArray()) {
        for (JsonNode item : node) {
          collect(item, out);
        }
      }
    }
  }

  /** The provider {@link #wrap} returns. */
  private static final class Guarded implements ModelProvider {
    private final HoldoutLeakGuard guard;
    private final ModelProvider delegate;

    Guarded(HoldoutLeakGuard guard, ModelProvider delegate) {
      this.guard = guard;
      this.delegate = delegate;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public ModelResponse complete(ModelRequest request)
        throws ModelException, InterruptedException {
      guard.check(request);
      return delegate.complete(request);
    }

    @Override
    public String toString() {
      return "guarded(" + delegate + ")";
    }
  }

  /**
   * Builds a {@link HoldoutLeakGuard}: the fragment lengths and what else the agent may see.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final WorkItem item;
    private int minimum = DEFAULT_MINIMUM_FRAGMENT_LENGTH;
    private int shingle = DEFAULT_SHINGLE_LENGTH;
    private final List<String> visibleTexts = new ArrayList<>();
    private final List<Path> visibleDirectories = new ArrayList<>();

    private Builder(WorkItem item) {
      this.item = item;
    }

    /**
     * Sets the shortest fragment that is checked, in characters after whitespace is collapsed;
     * shorter holdout lines and values are ignored. Default {@value
     * #DEFAULT_MINIMUM_FRAGMENT_LENGTH}.
     *
     * @param characters at least 8
     * @return this builder
     */
    public Builder minimumFragmentLength(int characters) {
      this.minimum = Require.atLeast(characters, 8, "minimumFragmentLength");
      return this;
    }

    /**
     * Sets the length of the shingles a long fragment is cut into: a quote of this many characters
     * of any holdout fragment trips the guard. Default {@value #DEFAULT_SHINGLE_LENGTH}; at least
     * the minimum fragment length.
     *
     * @param characters the shingle length
     * @return this builder
     */
    public Builder shingleLength(int characters) {
      this.shingle = Require.atLeast(characters, 8, "shingleLength");
      return this;
    }

    /**
     * Declares text the agent may see (a prompt template, a document the host adds); holdout
     * fragments that appear in it are ignored.
     *
     * @param text the text
     * @return this builder
     */
    public Builder visibleText(String text) {
      visibleTexts.add(Require.nonNull(text, "text"));
      return this;
    }

    /**
     * Declares the text files under a directory visible, typically the attempt's checkout, which
     * the agent reads anyway: holdout lines that the repository already holds (imports, shared test
     * helpers) are then ignored. {@code .git} directories, symbolic links, files over 1 MiB, files
     * that are not text, files that carry a canary of these holdouts (copies of holdout files), and
     * everything after the first 32 MiB are left out. Read when the guard is built.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder visibleDirectory(Path directory) {
      visibleDirectories.add(Require.nonNull(directory, "directory"));
      return this;
    }

    /**
     * The guard. Reads the holdout files and the visible material now; a file that cannot be read
     * is logged and left out.
     *
     * @return the guard
     */
    public HoldoutLeakGuard build() {
      if (shingle < minimum) {
        throw new IllegalArgumentException(
            "shingleLength must be at least minimumFragmentLength ("
                + minimum
                + ") but was "
                + shingle);
      }
      Material material = new Material(minimum);
      List<Scenario> holdoutScenarios = item.scenarios().holdouts();
      Map<Path, List<Scenario>> byFile = new LinkedHashMap<>();
      for (Scenario s : holdoutScenarios) {
        material.scenario(s);
        sourceFile(s).ifPresent(f -> byFile.computeIfAbsent(f, k -> new ArrayList<>()).add(s));
      }
      byFile.forEach(material::holdoutFile);

      List<String> visible = new ArrayList<>(visibleTexts);
      spec(item.spec(), visible);
      item.spec()
          .sourceLocation()
          .flatMap(l -> path(l.source()))
          .flatMap(p -> read(p, MAX_VISIBLE_FILE))
          .ifPresent(visible::add);
      for (Scenario s : item.scenarios().visible()) {
        visible.add(s.id().value());
        visible.add(s.title());
        visible.add(s.description());
        visible.addAll(checkTexts(s.check()).values().stream().flatMap(List::stream).toList());
        sourceFile(s).flatMap(p -> read(p, MAX_VISIBLE_FILE)).ifPresent(visible::add);
        if (s.check() instanceof TestSuiteCheck suite) {
          for (Path p : testFiles(s, suite).values()) {
            read(p, MAX_VISIBLE_FILE).ifPresent(visible::add);
          }
        }
      }
      long[] budget = {MAX_VISIBLE_TOTAL};
      List<String> tree = new ArrayList<>();
      for (Path dir : visibleDirectories) {
        readTree(dir, tree, budget);
      }
      for (String text : tree) {
        if (material.holdsCanary(text)) {
          LOG.warn(
              "A file under a visible directory carries a holdout canary of spec {}; it is not"
                  + " counted as visible",
              item.spec().id());
        } else {
          visible.add(text);
        }
      }
      return material.build(item.spec().id().value(), holdoutScenarios, visible, shingle);
    }
  }

  /** Collects the canaries and fragments of the holdouts, each with its origin. */
  private static final class Material {
    private final int minimum;
    private final List<Origin> origins = new ArrayList<>();
    private final Map<Origin, Integer> originIds = new HashMap<>();
    private final Map<String, Integer> fragments = new LinkedHashMap<>();
    private final Map<String, Integer> canaries = new LinkedHashMap<>();

    Material(int minimum) {
      this.minimum = minimum;
    }

    int origin(ScenarioId holdout, String what) {
      return originIds.computeIfAbsent(
          new Origin(holdout, what),
          o -> {
            origins.add(o);
            return origins.size() - 1;
          });
    }

    void scenario(Scenario s) {
      int described = origin(s.id(), "its title or description");
      text(s.title(), described);
      text(s.description(), described);
      checkTexts(s.check())
          .forEach(
              (what, texts) -> {
                int origin = origin(s.id(), what);
                texts.forEach(t -> text(t, origin));
              });
      if (s.check() instanceof TestSuiteCheck suite) {
        testFiles(s, suite)
            .forEach(
                (from, file) -> {
                  String name = file.getFileName().toString();
                  read(file, MAX_HOLDOUT_FILE)
                      .ifPresent(
                          content -> {
                            canaries(
                                file,
                                content,
                                origin(s.id(), "the canary of holdout test file '" + name + "'"));
                            int line = origin(s.id(), "a line of holdout test file '" + name + "'");
                            for (String l : content.split("\\R", -1)) {
                              fragment(l, line);
                            }
                          });
                });
      }
    }

    /** A holdout file and the scenarios it holds; each line belongs to the scenario it is in. */
    void holdoutFile(Path file, List<Scenario> scenarios) {
      Optional<String> content = read(file, MAX_HOLDOUT_FILE);
      if (content.isEmpty()) {
        return;
      }
      String name = file.getFileName().toString();
      List<Scenario> byLine = new ArrayList<>(scenarios);
      byLine.sort(
          Comparator.comparingInt(s -> s.sourceLocation().map(SourceLocation::line).orElse(0)));
      canaries(
          file,
          content.get(),
          origin(byLine.get(0).id(), "the canary of holdout file '" + name + "'"));
      String[] lines = content.get().split("\\R", -1);
      int owner = 0;
      for (int i = 0; i < lines.length; i++) {
        int lineNumber = i + 1;
        while (owner + 1 < byLine.size()
            && byLine.get(owner + 1).sourceLocation().map(SourceLocation::line).orElse(0) > 0
            && byLine.get(owner + 1).sourceLocation().map(SourceLocation::line).orElse(0)
                <= lineNumber) {
          owner++;
        }
        fragment(lines[i], origin(byLine.get(owner).id(), "a line of holdout file '" + name + "'"));
      }
    }

    private void canaries(Path file, String content, int origin) {
      for (String token : HoldoutCanaries.find(content)) {
        canaries.putIfAbsent(token, origin);
      }
      Optional<Path> root = HoldoutCanaries.holdoutsRootOf(file);
      if (root.isPresent()) {
        try {
          HoldoutCanaries.canaryFor(root.get(), file)
              .ifPresent(t -> canaries.putIfAbsent(t, origin));
        } catch (IOException | IllegalArgumentException e) {
          LOG.warn("Cannot compute the canary of holdout file {}: {}", file, e.toString());
        }
      }
    }

    /** Whether a text carries a canary of these holdouts: it is a copy of a holdout file. */
    boolean holdsCanary(String text) {
      return HoldoutCanaries.find(text).stream().anyMatch(canaries::containsKey);
    }

    /** A text: the whole of it and each of its lines. */
    private void text(String text, int origin) {
      fragment(text, origin);
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        for (String line : text.split("\\R")) {
          fragment(line, origin);
        }
      }
    }

    private void fragment(String raw, int origin) {
      String f = FragmentIndex.normalize(raw);
      if (f.length() < minimum || f.contains(HoldoutCanaries.PREFIX)) {
        return;
      }
      int alnum = 0;
      for (int i = 0; i < f.length(); i++) {
        if (Character.isLetterOrDigit(f.charAt(i))) {
          alnum++;
        }
      }
      if (alnum * 2 < minimum || IMPORT_LINE.matcher(f).matches()) {
        return;
      }
      fragments.putIfAbsent(f, origin);
    }

    HoldoutLeakGuard build(
        String spec, List<Scenario> holdouts, List<String> visible, int shingle) {
      canaries
          .keySet()
          .removeIf(
              token -> {
                boolean seen = visible.stream().anyMatch(v -> v.contains(token));
                if (seen) {
                  LOG.warn(
                      "A holdout canary of spec {} appears in visible material; it is not checked",
                      spec);
                }
                return seen;
              });
      List<String> texts = new ArrayList<>(fragments.keySet());
      List<Integer> owners = new ArrayList<>(fragments.values());
      FragmentIndex all = FragmentIndex.of(texts, owners, minimum, shingle);
      BitSet seen = new BitSet(all.patterns());
      for (String v : visible) {
        all.findAll(v, seen);
      }
      FragmentIndex index = all.without(seen);
      HoldoutLeakGuard guard =
          new HoldoutLeakGuard(
              spec, holdouts.stream().map(Scenario::id).toList(), origins, canaries, index);
      LOG.debug("{} ({} fingerprints dropped as visible)", guard, seen.cardinality());
      return guard;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The texts of a check, by what they are. */
  private static Map<String, List<String>> checkTexts(Check check) {
    Map<String, List<String>> texts = new LinkedHashMap<>();
    if (check instanceof CommandCheck c) {
      texts.put("its command", commandTexts(c.command()));
      List<String> expected = new ArrayList<>();
      for (OutputMatcher m : c.stdout()) {
        expected.add(matcherText(m));
      }
      for (OutputMatcher m : c.stderr()) {
        expected.add(matcherText(m));
      }
      texts.put("its expected output", expected);
    } else if (check instanceof TestSuiteCheck t) {
      texts.put("its command", commandTexts(t.command()));
      List<String> names = new ArrayList<>(t.failToPass());
      names.addAll(t.passToPass());
      texts.put("its test names", names);
    } else if (check instanceof ModelJudgeCheck j) {
      texts.put("its rubric", List.of(j.rubric()));
    } else {
      List<String> all = new ArrayList<>();
      strings(check, all, 0);
      texts.put("its check", all);
    }
    return texts;
  }

  private static List<String> commandTexts(List<String> command) {
    List<String> out = new ArrayList<>(command);
    if (command.size() > 1) {
      out.add(String.join(" ", command));
    }
    return out;
  }

  private static String matcherText(OutputMatcher m) {
    if (m instanceof OutputMatcher.Equals e) {
      return e.expected();
    } else if (m instanceof OutputMatcher.Contains c) {
      return c.text();
    } else if (m instanceof OutputMatcher.Regex r) {
      return r.pattern();
    } else if (m instanceof OutputMatcher.JsonField j) {
      return j.expected();
    }
    return m.toString();
  }

  /** Every text in a value: strings, and those in collections, maps, optionals and records. */
  private static void strings(@Nullable Object value, List<String> out, int depth) {
    if (value == null || depth > 6) {
      return;
    }
    if (value instanceof CharSequence s) {
      out.add(s.toString());
    } else if (value instanceof Collection<?> c) {
      c.forEach(v -> strings(v, out, depth + 1));
    } else if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            strings(k, out, depth + 1);
            strings(v, out, depth + 1);
          });
    } else if (value instanceof Optional<?> o) {
      o.ifPresent(v -> strings(v, out, depth + 1));
    } else if (value.getClass().isRecord()) {
      for (RecordComponent rc : value.getClass().getRecordComponents()) {
        try {
          java.lang.reflect.Method accessor = rc.getAccessor();
          accessor.trySetAccessible();
          strings(accessor.invoke(value), out, depth + 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
          LOG.debug(
              "Cannot read {} of {}: {}", rc.getName(), value.getClass().getName(), e.toString());
        }
      }
    }
  }

  private static void spec(Spec spec, List<String> visible) {
    visible.add(spec.id().value());
    visible.add(spec.title());
    visible.add(spec.summary());
    visible.add(spec.goal());
    visible.add(spec.constraints());
    visible.add(spec.interfaces());
    visible.add(spec.nonGoals());
    spec.otherSections()
        .forEach(
            (heading, body) -> {
              visible.add(heading);
              visible.add(body);
            });
    spec.acceptance().forEach(id -> visible.add(id.value()));
    visible.addAll(spec.labels());
    visible.addAll(spec.protectedPaths());
  }

  private static Optional<Path> sourceFile(Scenario s) {
    return s.sourceLocation().flatMap(l -> path(l.source())).filter(Files::isRegularFile);
  }

  private static Optional<Path> path(String source) {
    try {
      return Optional.of(Path.of(source).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** The test files a test-suite check names that exist: source as written to the file. */
  private static Map<String, Path> testFiles(Scenario s, TestSuiteCheck suite) {
    Map<String, Path> files = new LinkedHashMap<>();
    Optional<Path> dir = s.sourceLocation().flatMap(l -> path(l.source())).map(Path::getParent);
    if (dir.isEmpty()) {
      return files;
    }
    for (String from : suite.files().values()) {
      try {
        Path file = dir.get().resolve(from).normalize();
        if (Files.isRegularFile(file)) {
          files.putIfAbsent(from, file);
        }
      } catch (InvalidPathException e) {
        LOG.debug("Test file {} of {} is not a path", from, s.id());
      }
    }
    return files;
  }

  private static Optional<String> read(Path file, long max) {
    try {
      long size = Files.size(file);
      if (size > max) {
        LOG.warn("Left {} out of the holdout leak guard: {} bytes is over {}", file, size, max);
        return Optional.empty();
      }
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn("Left {} out of the holdout leak guard: {}", file, e.toString());
      return Optional.empty();
    }
  }

  private static void readTree(Path dir, List<String> visible, long[] budget) {
    if (!Files.isDirectory(dir)) {
      LOG.warn("The visible directory {} does not exist", dir);
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return d.getFileName() != null && d.getFileName().toString().equals(".git")
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (!attrs.isRegularFile() || attrs.size() > MAX_VISIBLE_FILE) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.size() > budget[0]) {
                LOG.warn(
                    "Visible material over {} bytes; the rest of {} is left out",
                    MAX_VISIBLE_TOTAL,
                    dir);
                return FileVisitResult.TERMINATE;
              }
              try {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
                  if (bytes[i] == 0) {
                    return FileVisitResult.CONTINUE;
                  }
                }
                budget[0] -= bytes.length;
                visible.add(new String(bytes, StandardCharsets.UTF_8));
              } catch (IOException e) {
                LOG.debug("Cannot read visible file {}: {}", file, e.toString());
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("Cannot read the visible directory {}: {}", dir, e.toString());
    }
  }
}

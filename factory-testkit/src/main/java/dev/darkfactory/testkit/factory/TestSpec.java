package dev.darkfactory.testkit.factory;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.core.spec.SpecWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One spec of a {@link FactoryRunner}, given inline: the spec, its visible scenarios, its holdout
 * scenarios, and the files those scenarios read (a test-suite check's test files).
 *
 * <pre>{@code
 * TestSpec hello =
 *     TestSpec.builder("hello")
 *         .goal("Create hello.txt holding 'hello world'.")
 *         .visible(Scenario.builder("exists").title("hello.txt exists")
 *             .check(CommandCheck.exitsZero("test", "-f", "hello.txt")).build())
 *         .holdout(Scenario.builder("content").title("it holds the greeting")
 *             .check(new CommandCheck(List.of("cat", "hello.txt"), 0,
 *                 List.of(new OutputMatcher.Equals("hello world")), List.of())).build())
 *         .build();
 * }</pre>
 *
 * <p>It is written the way a factory reads its queue: {@code <specs>/<id>.md} (with {@link
 * SpecWriter}), the visible scenarios in {@code <specs>/<id>.scenarios.yaml}, the holdouts in
 * {@code <holdouts>/<id>.holdouts.yaml}, and material files relative to the directory of their
 * scenario file. Scenarios built in code are written as YAML (command, test-suite and
 * model-judge checks); a scenario's own visibility is ignored, the side it is added to decides.
 * Scenarios of other kinds, or YAML written by hand, go in whole with {@link
 * Builder#visibleYaml(String)} and {@link Builder#holdoutYaml(String)}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TestSpec {

  private final Spec spec;
  private final List<Scenario> visible;
  private final List<Scenario> holdouts;
  private final @Nullable String visibleYaml;
  private final @Nullable String holdoutYaml;
  private final Map<String, String> specMaterial;
  private final Map<String, String> holdoutMaterial;

  private TestSpec(Builder b, Spec spec) {
    this.spec = spec;
    this.visible = List.copyOf(b.visible);
    this.holdouts = List.copyOf(b.holdouts);
    this.visibleYaml = b.visibleYaml;
    this.holdoutYaml = b.holdoutYaml;
    this.specMaterial = Collections.unmodifiableMap(new LinkedHashMap<>(b.specMaterial));
    this.holdoutMaterial = Collections.unmodifiableMap(new LinkedHashMap<>(b.holdoutMaterial));
  }

  /**
   * A builder for a spec with this id; its goal is required.
   *
   * @param id the spec id (lowercase letters and digits with single {@code .}, {@code _} or
   *     {@code -} between them)
   * @return the builder
   */
  public static Builder builder(String id) {
    return new Builder(SpecId.of(Require.nonBlank(id, "id")));
  }

  /**
   * The smallest spec a whole run needs: create {@code <id>.txt} holding {@code content}. A
   * visible scenario checks that the file exists, a holdout that it holds exactly {@code content}
   * (a trailing newline aside); each command has 30 seconds.
   *
   * @param id the spec id
   * @param content what the file must hold
   * @return the spec
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  public static TestSpec fileWithContent(String id, String content) {
    Require.nonNull(content, "content");
    String file = Require.nonBlank(id, "id") + ".txt";
    return builder(id)
        .goal("Create `" + file + "` holding the greeting.")
        .visible(
            Scenario.builder(id + "-exists")
                .title(file + " exists")
                .timeout(Duration.ofSeconds(30))
                .check(CommandCheck.exitsZero("test", "-f", file))
                .build())
        .holdout(
            Scenario.builder(id + "-content")
                .title(file + " holds the greeting")
                .timeout(Duration.ofSeconds(30))
                .check(
                    new CommandCheck(
                        List.of("cat", file), 0, List.of(new OutputMatcher.Equals(content)), List.of()))
                .build())
        .build();
  }

  /**
   * A builder starting from a whole {@link Spec}; its acceptance list is kept as it is.
   *
   * @param spec the spec
   * @return the builder
   */
  public static Builder builder(Spec spec) {
    Builder b = new Builder(Require.nonNull(spec, "spec").id());
    b.spec = spec;
    return b;
  }

  /** The spec's id. */
  public SpecId id() {
    return spec.id();
  }

  /** The spec as it is written. */
  public Spec spec() {
    return spec;
  }

  /** The visible scenarios built in code. */
  public List<Scenario> visible() {
    return visible;
  }

  /** The holdout scenarios built in code. */
  public List<Scenario> holdouts() {
    return holdouts;
  }

  /**
   * The material files beside the holdouts, by path relative to the holdouts directory.
   *
   * @return the files and their contents
   */
  public Map<String, String> holdoutMaterial() {
    return holdoutMaterial;
  }

  /**
   * The material files beside the specs, by path relative to the specs directory.
   *
   * @return the files and their contents
   */
  public Map<String, String> specMaterial() {
    return specMaterial;
  }

  /**
   * Writes the spec, its scenario files and its material into a factory's queue directories.
   * Material that is already there with the same content is left alone (specs may share it).
   *
   * @param specsDirectory the directory the agent may read
   * @param holdoutsDirectory the directory only the evaluator reads
   * @throws IOException when a file cannot be written
   * @throws IllegalArgumentException when a file of this spec is already there with other content
   */
  public void write(Path specsDirectory, Path holdoutsDirectory) throws IOException {
    Require.nonNull(specsDirectory, "specsDirectory");
    Require.nonNull(holdoutsDirectory, "holdoutsDirectory");
    String id = spec.id().value();
    writeNew(specsDirectory, id + ".md", new SpecWriter().write(spec));
    String visibleFile =
        visibleYaml != null ? visibleYaml : visible.isEmpty() ? null : ScenarioYaml.write(spec.id(), visible);
    if (visibleFile != null) {
      writeNew(specsDirectory, id + ".scenarios.yaml", visibleFile);
    }
    String holdoutFile =
        holdoutYaml != null
            ? holdoutYaml
            : holdouts.isEmpty() ? null : ScenarioYaml.write(spec.id(), holdouts);
    if (holdoutFile != null) {
      writeNew(holdoutsDirectory, id + ".holdouts.yaml", holdoutFile);
    }
    for (Map.Entry<String, String> f : specMaterial.entrySet()) {
      writeShared(specsDirectory, f.getKey(), f.getValue());
    }
    for (Map.Entry<String, String> f : holdoutMaterial.entrySet()) {
      writeShared(holdoutsDirectory, f.getKey(), f.getValue());
    }
  }

  private void writeNew(Path directory, String name, String content) throws IOException {
    Path file = directory.resolve(name);
    if (Files.exists(file)) {
      throw new IllegalArgumentException(
          "spec '" + spec.id() + "' cannot write " + file + ": the file is already there (two specs with one id?)");
    }
    Files.createDirectories(directory);
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private void writeShared(Path directory, String relative, String content) throws IOException {
    Path file = directory.resolve(relative).normalize();
    if (Files.exists(file)) {
      if (!Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
        throw new IllegalArgumentException(
            "spec '"
                + spec.id()
                + "' cannot write its material file "
                + relative
                + ": another spec already wrote other content there");
      }
      return;
    }
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** The spec's id and how many scenarios of each side it has. */
  @Override
  public String toString() {
    return "TestSpec["
        + spec.id()
        + ", "
        + (visibleYaml != null ? "visible YAML" : visible.size() + " visible")
        + ", "
        + (holdoutYaml != null ? "holdout YAML" : holdouts.size() + " holdouts")
        + "]";
  }

  /**
   * Builds a {@link TestSpec}. Each method checks its arguments at once and names a bad one.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final SpecId id;
    private @Nullable Spec spec;
    private @Nullable String title;
    private @Nullable String goal;
    private String constraints = "";
    private String nonGoals = "";
    private int priority;
    private final List<String> protectedPaths = new ArrayList<>();
    private final List<Scenario> visible = new ArrayList<>();
    private final List<Scenario> holdouts = new ArrayList<>();
    private @Nullable String visibleYaml;
    private @Nullable String holdoutYaml;
    private final Map<String, String> specMaterial = new LinkedHashMap<>();
    private final Map<String, String> holdoutMaterial = new LinkedHashMap<>();

    private Builder(SpecId id) {
      this.id = id;
    }

    /**
     * Sets the one-line title; default: the goal's first line.
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      requireNoSpec("title");
      this.title = Require.nonBlank(title, "title");
      return this;
    }

    /**
     * Sets what to build; required unless the builder started from a {@link Spec}.
     *
     * @param goal Markdown text
     * @return this builder
     */
    public Builder goal(String goal) {
      requireNoSpec("goal");
      this.goal = Require.nonBlank(goal, "goal");
      return this;
    }

    /**
     * Sets the rules the change must keep.
     *
     * @param constraints Markdown text
     * @return this builder
     */
    public Builder constraints(String constraints) {
      requireNoSpec("constraints");
      this.constraints = Require.nonNull(constraints, "constraints");
      return this;
    }

    /**
     * Sets what the change must not attempt.
     *
     * @param nonGoals Markdown text
     * @return this builder
     */
    public Builder nonGoals(String nonGoals) {
      requireNoSpec("nonGoals");
      this.nonGoals = Require.nonNull(nonGoals, "nonGoals");
      return this;
    }

    /**
     * Sets the priority; higher is taken first; default 0.
     *
     * @param priority at least 0
     * @return this builder
     */
    public Builder priority(int priority) {
      requireNoSpec("priority");
      this.priority = Require.atLeast(priority, 0, "priority");
      return this;
    }

    /**
     * Adds globs of paths the evaluator restores from the base before grading.
     *
     * @param globs relative globs
     * @return this builder
     */
    public Builder protectedPaths(String... globs) {
      requireNoSpec("protectedPaths");
      for (String g : Require.nonNull(globs, "globs")) {
        protectedPaths.add(Spec.checkRelativePath(g, "protected path"));
      }
      return this;
    }

    /**
     * Adds visible scenarios; without a whole {@link Spec}, their ids become the acceptance list.
     *
     * @param scenarios the scenarios
     * @return this builder
     */
    public Builder visible(Scenario... scenarios) {
      requireNoYaml(visibleYaml, "visible");
      for (Scenario s : Require.nonNull(scenarios, "scenarios")) {
        visible.add(Require.nonNull(s, "scenario"));
      }
      return this;
    }

    /**
     * Adds holdout scenarios.
     *
     * @param scenarios the scenarios
     * @return this builder
     */
    public Builder holdout(Scenario... scenarios) {
      requireNoYaml(holdoutYaml, "holdout");
      for (Scenario s : Require.nonNull(scenarios, "scenarios")) {
        holdouts.add(Require.nonNull(s, "scenario"));
      }
      return this;
    }

    /**
     * Sets the whole visible scenario file, as YAML ({@code spec: <id>}, {@code scenarios: [...]}),
     * instead of scenarios built in code; its ids are not added to the acceptance list.
     *
     * @param yaml the file's text
     * @return this builder
     */
    public Builder visibleYaml(String yaml) {
      if (!visible.isEmpty()) {
        throw new IllegalStateException(
            "spec '" + id + "' already has visible scenarios built in code; use one or the other");
      }
      this.visibleYaml = Require.nonBlank(yaml, "yaml");
      return this;
    }

    /**
     * Sets the whole holdout scenario file, as YAML, instead of scenarios built in code.
     *
     * @param yaml the file's text
     * @return this builder
     */
    public Builder holdoutYaml(String yaml) {
      if (!holdouts.isEmpty()) {
        throw new IllegalStateException(
            "spec '" + id + "' already has holdout scenarios built in code; use one or the other");
      }
      this.holdoutYaml = Require.nonBlank(yaml, "yaml");
      return this;
    }

    /**
     * Adds a file beside the holdouts (hidden test files a test-suite check copies in), relative
     * to the holdouts directory, which is also the directory of the holdout scenario file.
     *
     * @param relativePath the file, relative to the holdouts directory; not a {@code .yaml},
     *     {@code .yml} or {@code .md} file, which the factory would read as scenarios or specs
     * @param content its text
     * @return this builder
     */
    public Builder holdoutMaterial(String relativePath, String content) {
      holdoutMaterial.put(material(relativePath), Require.nonNull(content, "content"));
      return this;
    }

    /**
     * Adds a file beside the specs (test files a visible test-suite check copies in), relative to
     * the specs directory; the coding agent may read it.
     *
     * @param relativePath the file, relative to the specs directory; not a {@code .yaml}, {@code
     *     .yml} or {@code .md} file
     * @param content its text
     * @return this builder
     */
    public Builder specMaterial(String relativePath, String content) {
      specMaterial.put(material(relativePath), Require.nonNull(content, "content"));
      return this;
    }

    /**
     * The spec.
     *
     * @return the spec
     * @throws IllegalStateException when neither a goal nor a whole spec was given
     */
    public TestSpec build() {
      Spec s = spec;
      if (s == null) {
        if (goal == null) {
          throw new IllegalStateException(
              "spec '" + id + "' has no goal; call goal(...) or start from a whole Spec");
        }
        String firstLine = goal.strip().lines().findFirst().orElse(goal).strip();
        s =
            Spec.builder(id)
                .title(title != null ? title : firstLine)
                .goal(goal)
                .constraints(constraints)
                .nonGoals(nonGoals)
                .priority(priority)
                .protectedPaths(protectedPaths)
                .acceptance(visible.stream().map(Scenario::id).toArray(ScenarioId[]::new))
                .build();
      }
      return new TestSpec(this, s);
    }

    private void requireNoSpec(String what) {
      if (spec != null) {
        throw new IllegalStateException(
            "spec '" + id + "' was given as a whole Spec; set its " + what + " on the Spec instead");
      }
    }

    private void requireNoYaml(@Nullable String yaml, String side) {
      if (yaml != null) {
        throw new IllegalStateException(
            "spec '" + id + "' already has its " + side + " scenario file as YAML; use one or the other");
      }
    }

    private static String material(String relativePath) {
      Spec.checkRelativePath(relativePath, "material path");
      String lower = relativePath.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".md")) {
        throw new IllegalArgumentException(
            "material path must not end in .yaml, .yml or .md (the factory would read it as a"
                + " scenario file or a spec) but was '"
                + relativePath
                + "'");
      }
      return relativePath;
    }
  }
}

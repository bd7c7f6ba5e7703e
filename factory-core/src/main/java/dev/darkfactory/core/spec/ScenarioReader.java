package dev.darkfactory.core.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.core.spec.internal.Binder;
import dev.darkfactory.core.spec.internal.CheckModels;
import dev.darkfactory.core.spec.internal.Formats;
import dev.darkfactory.core.spec.internal.Problems;
import dev.darkfactory.core.spec.internal.ScenarioModel;
import dev.darkfactory.core.spec.internal.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Reads scenario files: YAML naming the spec they belong to and listing its scenarios.
 *
 * <pre>
 * spec: greeting
 * scenarios:
 *   - id: prints-greeting
 *     title: Prints a greeting for a name
 *     description: Running the program with a name greets that name.
 *     weight: 1            # default 1
 *     required: true       # default true
 *     trials: 3            # default 1
 *     timeout: 30s         # default 5m; 500ms, 30s, 5m, 1h or ISO-8601 such as PT1M30S
 *     check:
 *       kind: command      # command, test-suite, model-judge, or a kind you register
 *       run: java -cp out Greeter Ada      # a string for 'sh -c', or a list
 *       exitCode: 0
 *       stdout:
 *         - contains: "Hello, Ada"         # or equals, regex, json: {pointer, equals}
 * </pre>
 *
 * <p>Files beside the specs hold visible scenarios; files under the holdout root hold holdouts.
 * A scenario's {@code visibility} key may only repeat its file's side: a holdout beside the specs
 * would be readable by the coding agent, and a "visible" scenario under the holdout root would
 * never be shown to it. Every problem in a file is reported at once, with its line.
 *
 * <p>To add a kind of check, register a record implementing {@link Check}: its components are
 * read from the keys of the {@code check} mapping (other than {@code kind}), and its constructor's
 * exceptions become located problems.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ScenarioReader {

  private static final List<String> FILE_KEYS = List.of("spec", "scenarios");

  private final Map<String, Class<? extends Check>> customKinds;

  private ScenarioReader(Map<String, Class<? extends Check>> customKinds) {
    this.customKinds = Map.copyOf(customKinds);
  }

  /** A reader for the built-in kinds: command, test-suite and model-judge. */
  public static ScenarioReader standard() {
    return new ScenarioReader(Map.of());
  }

  /** A builder for a reader that also knows custom kinds. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every kind this reader knows, sorted. */
  public List<String> kinds() {
    TreeMap<String, Boolean> all = new TreeMap<>();
    all.put(CommandCheck.KIND, true);
    all.put(TestSuiteCheck.KIND, true);
    all.put(ModelJudgeCheck.KIND, true);
    customKinds.keySet().forEach(k -> all.put(k, true));
    return List.copyOf(all.keySet());
  }

  /**
   * Reads a scenario file.
   *
   * @param file the YAML file
   * @param side {@link Visibility#VISIBLE} for a file beside the specs, {@link
   *     Visibility#HOLDOUT} for one under the holdout root
   * @return the scenarios
   * @throws IOException when the file cannot be read
   * @throws InvalidInputException with every problem found
   */
  public ScenarioFile read(Path file, Visibility side) throws IOException {
    Problems problems = new Problems();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Read result = parse(text, file.toString(), side, file.toAbsolutePath().getParent(), problems);
    problems.throwIfAny();
    return java.util.Objects.requireNonNull(result.file());
  }

  /**
   * Reads scenarios from YAML text; test-suite file sources are not checked for existence.
   *
   * @param text the YAML
   * @param source the file name for locations
   * @param side the side the text belongs to
   * @return the scenarios
   * @throws InvalidInputException with every problem found
   */
  public ScenarioFile parse(String text, String source, Visibility side) {
    Problems problems = new Problems();
    Read result = parse(text, source, side, null, problems);
    problems.throwIfAny();
    return java.util.Objects.requireNonNull(result.file());
  }

  /**
   * What reading one scenario file found, for the catalog's checks across files.
   *
   * @param source the file name for locations
   * @param file the scenarios, or {@code null} when the file had problems
   * @param spec the spec the file names, or {@code null} when that is unreadable
   * @param specLine the line of the {@code spec} key
   * @param claimedIds every scenario id the file lists, valid or not, so that a spec naming one
   *     of them is not told it does not exist
   */
  record Read(
      String source,
      @Nullable ScenarioFile file, @Nullable SpecId spec, int specLine, Set<ScenarioId> claimedIds) {}

  Read parse(
      String text, String source, Visibility side, @Nullable Path directory, Problems problems) {
    int before = problems.size();
    YamlTree tree = YamlTree.parse(text, source, 0, problems);
    if (tree == null) {
      return new Read(source, null, null, 1, Set.of());
    }
    JsonNode root = tree.root();
    if (!root.isObject()) {
      problems.add(
          tree.locate(""),
          "a scenario file must be a mapping but found " + Binder.describe(root),
          "a mapping with 'spec' and 'scenarios'");
      return new Read(source, null, null, 1, Set.of());
    }
    Set<ScenarioId> claimed = new LinkedHashSet<>();
    for (JsonNode item : root.path("scenarios")) {
      String id = item.path("id").asText("");
      if (ScenarioId.isValid(id)) {
        claimed.add(ScenarioId.of(id));
      }
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!FILE_KEYS.contains(key)) {
        problems.add(
            tree.locate("/" + key), "unknown key '" + key + "'", "one of spec, scenarios");
      }
    }
    JsonNode specNode = root.path("spec");
    SpecId spec = null;
    if (!specNode.isTextual() || !SpecId.isValid(specNode.asText())) {
      problems.add(
          tree.locate("/spec"),
          specNode.isMissingNode()
              ? "missing key 'spec'"
              : "spec is " + Binder.describe(specNode),
          "the id of the spec these scenarios belong to: " + SpecId.DESCRIPTION);
    } else {
      spec = SpecId.of(specNode.asText());
    }
    JsonNode list = root.path("scenarios");
    List<Scenario> scenarios = new ArrayList<>();
    if (!list.isArray() || list.isEmpty()) {
      problems.add(
          tree.locate("/scenarios"),
          list.isMissingNode()
              ? "missing key 'scenarios'"
              : "scenarios is " + (list.isArray() ? "an empty list" : Binder.describe(list)),
          "a list of at least one scenario");
    } else {
      Binder binder = new Binder(tree, problems);
      Map<ScenarioId, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        String pointer = "/scenarios/" + i;
        Scenario s = scenario(list.get(i), pointer, side, tree, binder, directory, problems);
        if (s == null) {
          continue;
        }
        int line = tree.locate(pointer).line();
        Integer first = seen.putIfAbsent(s.id(), line);
        if (first != null) {
          problems.add(
              tree.locate(pointer + "/id"),
              "scenario id '" + s.id() + "' appears twice (first at line " + first + ")",
              "each scenario id once per spec");
          continue;
        }
        scenarios.add(s);
      }
    }
    int specLine = tree.locate("/spec").line();
    if (problems.size() > before || spec == null) {
      return new Read(source, null, spec, specLine, claimed);
    }
    return new Read(
        source,
        new ScenarioFile(spec, side, scenarios, SourceLocation.of(source), directory),
        spec,
        specLine,
        claimed);
  }

  private @Nullable Scenario scenario(
      JsonNode node,
      String pointer,
      Visibility side,
      YamlTree tree,
      Binder binder,
      @Nullable Path directory,
      Problems problems) {
    String label =
        node.path("id").isTextual() ? "scenario '" + node.path("id").asText() + "': " : "";
    int before = problems.size();
    if (!node.isObject()) {
      problems.add(
          tree.locate(pointer),
          "a scenario must be a mapping but found " + Binder.describe(node),
          "a mapping with id, title and check");
      return null;
    }
    ObjectNode fields = ((ObjectNode) node).deepCopy();
    JsonNode checkNode = fields.remove("check");
    Optional<ScenarioModel> model =
        binder.bind(fields, pointer, ScenarioModel.class, label, "check");
    Check check = check(checkNode, pointer + "/check", tree, binder, label, directory, problems);
    if (model.isEmpty() || check == null || problems.size() > before) {
      return null;
    }
    ScenarioModel m = model.get();
    Visibility visibility = side;
    if (m.visibility != null) {
      Visibility declared = Visibility.valueOf(m.visibility.toUpperCase(java.util.Locale.ROOT));
      if (declared != side) {
        problems.add(
            tree.locate(pointer + "/visibility"),
            side == Visibility.HOLDOUT
                ? label + "a scenario under the holdout root is marked visible"
                : label
                    + "a holdout scenario lies beside the specs, where the coding agent can"
                    + " read it",
            side == Visibility.HOLDOUT
                ? "no visibility key or 'holdout' here; visible scenarios belong beside the spec"
                : "no visibility key or 'visible' here; holdouts belong under the holdout root");
        return null;
      }
      visibility = declared;
    }
    if (!Double.isFinite(m.weight)) {
      problems.add(
          tree.locate(pointer + "/weight"),
          label + "weight is " + Binder.describe(tree.node(pointer + "/weight")),
          "a positive number");
      return null;
    }
    Duration timeout = Formats.parseDuration(m.timeout);
    if (timeout == null || timeout.isZero()) {
      problems.add(
          tree.locate(pointer + "/timeout"),
          label + "timeout is '" + m.timeout + "'",
          Formats.DURATION_EXPECTED);
      return null;
    }
    try {
      return Scenario.builder(ScenarioId.of(java.util.Objects.requireNonNull(m.id)))
          .title(java.util.Objects.requireNonNull(m.title))
          .description(m.description)
          .visibility(visibility)
          .weight(m.weight)
          .required(m.required)
          .trials(m.trials)
          .timeout(timeout)
          .check(check)
          .source(tree.locate(pointer))
          .build();
    } catch (IllegalArgumentException e) {
      problems.add(tree.locate(pointer), label + e.getMessage(), "a valid scenario");
      return null;
    }
  }

  private @Nullable Check check(
      @Nullable JsonNode node,
      String pointer,
      YamlTree tree,
      Binder binder,
      String label,
      @Nullable Path directory,
      Problems problems) {
    String kinds = "a mapping with a kind: one of " + String.join(", ", kinds());
    if (node == null || node.isNull()) {
      problems.add(tree.locate(pointer), label + "check is missing", kinds);
      return null;
    }
    if (!node.isObject()) {
      problems.add(tree.locate(pointer), label + "check is " + Binder.describe(node), kinds);
      return null;
    }
    ObjectNode fields = ((ObjectNode) node).deepCopy();
    JsonNode kindNode = fields.remove("kind");
    if (kindNode == null || !kindNode.isTextual()) {
      problems.add(
          tree.locate(pointer + "/kind"),
          label + (kindNode == null ? "check has no kind" : "check kind is " + Binder.describe(kindNode)),
          "one of " + String.join(", ", kinds()));
      return null;
    }
    String kind = kindNode.asText();
    try {
      switch (kind) {
        case CommandCheck.KIND:
          return binder
              .bind(fields, pointer, CheckModels.Command.class, label, "kind")
              .map(c -> command(c, pointer, tree, label, problems))
              .orElse(null);
        case TestSuiteCheck.KIND:
          return binder
              .bind(fields, pointer, CheckModels.TestSuite.class, label, "kind")
              .map(c -> testSuite(c, pointer, tree, label, directory, problems))
              .orElse(null);
        case ModelJudgeCheck.KIND:
          return binder
              .bind(fields, pointer, CheckModels.ModelJudge.class, label, "kind")
              .map(c -> new ModelJudgeCheck(c.rubric, c.votes, c.model))
              .orElse(null);
        default:
          Class<? extends Check> type = customKinds.get(kind);
          if (type == null) {
            problems.add(
                tree.locate(pointer + "/kind"),
                label + "unknown scenario kind '" + kind + "'",
                "one of " + String.join(", ", kinds()));
            return null;
          }
          return binder.bind(fields, pointer, type, label, "kind").orElse(null);
      }
    } catch (IllegalArgumentException e) {
      problems.add(tree.locate(pointer), label + e.getMessage(), "a valid check");
      return null;
    }
  }

  private static @Nullable CommandCheck command(
      CheckModels.Command c, String pointer, YamlTree tree, String label, Problems problems) {
    List<String> run = run(java.util.Objects.requireNonNull(c.run), pointer, tree, label, problems);
    if (run == null) {
      return null;
    }
    return new CommandCheck(run, c.exitCode, matchers(c.stdout), matchers(c.stderr));
  }

  private static @Nullable TestSuiteCheck testSuite(
      CheckModels.TestSuite c,
      String pointer,
      YamlTree tree,
      String label,
      @Nullable Path directory,
      Problems problems) {
    List<String> run = run(java.util.Objects.requireNonNull(c.run), pointer, tree, label, problems);
    if (run == null) {
      return null;
    }
    boolean bad = false;
    if (directory != null) {
      Path shown = Path.of(tree.locate("").source()).getParent();
      for (Map.Entry<String, String> file : c.files.entrySet()) {
        if (!Files.isRegularFile(directory.resolve(file.getValue()))) {
          problems.add(
              tree.locate(YamlTree.child(pointer + "/files", file.getKey())),
              label + "test file '" + file.getValue() + "' does not exist",
              "a file relative to " + (shown == null ? "the scenario file" : shown));
          bad = true;
        }
      }
    }
    for (int i = 0; i < c.passToPass.size(); i++) {
      String test = c.passToPass.get(i);
      if (c.failToPass.contains(test)) {
        problems.add(
            tree.locate(pointer + "/passToPass/" + i),
            label + "test '" + test + "' is named in both failToPass and passToPass",
            "each test in only one of failToPass and passToPass");
        bad = true;
      }
    }
    if (bad) {
      return null;
    }
    return new TestSuiteCheck(
        run,
        java.util.Objects.requireNonNull(c.reports),
        c.files,
        new LinkedHashSet<>(c.failToPass),
        new LinkedHashSet<>(c.passToPass));
  }

  private static @Nullable List<String> run(
      JsonNode run, String pointer, YamlTree tree, String label, Problems problems) {
    if (run.isTextual() && !run.asText().isBlank()) {
      return List.of("sh", "-c", run.asText());
    }
    if (run.isArray() && !run.isEmpty()) {
      List<String> argv = new ArrayList<>();
      for (JsonNode arg : run) {
        if (!arg.isValueNode() || arg.isNull()) {
          argv = null;
          break;
        }
        argv.add(arg.asText());
      }
      if (argv != null && !argv.get(0).isBlank()) {
        return argv;
      }
    }
    problems.add(
        tree.locate(pointer + "/run"),
        label + "run is " + Binder.describe(run),
        CheckModels.RUN_EXPECTED);
    return null;
  }

  private static List<OutputMatcher> matchers(List<CheckModels.Matcher> models) {
    List<OutputMatcher> matchers = new ArrayList<>();
    for (CheckModels.Matcher m : models) {
      if (m.equals != null) {
        matchers.add(new OutputMatcher.Equals(m.equals));
      } else if (m.contains != null) {
        matchers.add(new OutputMatcher.Contains(m.contains));
      } else if (m.regex != null) {
        matchers.add(new OutputMatcher.Regex(m.regex));
      } else {
        CheckModels.Json json = java.util.Objects.requireNonNull(m.json);
        matchers.add(
            new OutputMatcher.JsonField(
                java.util.Objects.requireNonNull(json.pointer),
                java.util.Objects.requireNonNull(json.equals)));
      }
    }
    return matchers;
  }

  /**
   * Builds a {@link ScenarioReader} that knows custom kinds of check.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private final Map<String, Class<? extends Check>> kinds = new HashMap<>();

    private Builder() {}

    /**
     * Registers a kind of check.
     *
     * @param kind the name used in scenario files; lowercase words joined by {@code -}, not a
     *     built-in kind
     * @param type the record the check mapping is read into
     * @return this builder
     */
    public Builder kind(String kind, Class<? extends Check> type) {
      Require.matches(
          kind,
          java.util.regex.Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*"),
          "kind",
          "lowercase words joined by '-'");
      Require.nonNull(type, "type");
      if (List.of(CommandCheck.KIND, TestSuiteCheck.KIND, ModelJudgeCheck.KIND).contains(kind)) {
        throw new IllegalArgumentException("kind '" + kind + "' is built in and cannot be replaced");
      }
      Class<? extends Check> previous = kinds.putIfAbsent(kind, type);
      if (previous != null) {
        throw new IllegalArgumentException(
            "kind '" + kind + "' was already registered to " + previous.getName());
      }
      return this;
    }

    /** The reader. */
    public ScenarioReader build() {
      return new ScenarioReader(kinds);
    }
  }
}

package dev.darkfactory.core.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.spec.internal.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Every spec of a specs directory with its scenarios, visible ones from beside the specs and
 * holdouts from a separate root, checked together.
 *
 * <p>Layout: under the specs directory, every {@code *.md} file except {@code README.md} is a spec
 * and every {@code *.yaml} or {@code *.yml} file holds visible scenarios. Under the holdout root,
 * every {@code *.yaml} or {@code *.yml} file holds holdout scenarios, and any other file is holdout
 * material (hidden tests) that test-suite checks name. The two directories may not overlap: a
 * holdout inside the specs directory would be readable by the coding agent.
 *
 * <p>Loading reads every file and reports every problem of every file at once, in one {@link
 * InvalidInputException}: per-file problems, and across files duplicate spec ids, duplicate
 * scenario ids within a spec, scenario files that name no existing spec, and acceptance lists that
 * name missing or holdout scenarios. Loading changes nothing on disk.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SpecCatalog {

  private final List<WorkItem> items;

  private SpecCatalog(List<WorkItem> items) {
    this.items = List.copyOf(items);
  }

  /**
   * Loads a catalog with the built-in scenario kinds.
   *
   * @param specs the specs directory
   * @param holdouts the holdout root, outside the specs directory
   * @return the catalog
   * @throws IOException when a directory or file cannot be read
   * @throws InvalidInputException with every problem found
   */
  public static SpecCatalog load(Path specs, Path holdouts) throws IOException {
    return load(specs, holdouts, ScenarioReader.standard());
  }

  /**
   * Loads a catalog, reading scenarios with {@code reader} (for custom kinds).
   *
   * @param specs the specs directory
   * @param holdouts the holdout root, outside the specs directory
   * @param reader the scenario reader
   * @return the catalog
   * @throws IOException when a directory or file cannot be read
   * @throws InvalidInputException with every problem found
   */
  public static SpecCatalog load(Path specs, Path holdouts, ScenarioReader reader)
      throws IOException {
    Problems problems = new Problems();
    Path specRoot = specs.toAbsolutePath().normalize();
    Path holdoutRoot = holdouts.toAbsolutePath().normalize();
    if (!Files.isDirectory(specRoot)) {
      problems.add(SourceLocation.of(specs.toString()), "specs directory does not exist", "a directory of spec files");
    }
    if (!Files.isDirectory(holdoutRoot)) {
      problems.add(SourceLocation.of(holdouts.toString()), "holdout root does not exist", "a directory of holdout scenario files (it may be empty)");
    }
    if (specRoot.startsWith(holdoutRoot) || holdoutRoot.startsWith(specRoot)) {
      problems.add(
          SourceLocation.of(holdouts.toString()),
          "the holdout root and the specs directory overlap, so the coding agent could read holdouts",
          "a holdout root outside the specs directory");
    }
    problems.throwIfAny();

    SpecReader specReader = new SpecReader();
    Map<SpecId, Spec> specsById = new LinkedHashMap<>();
    Map<SpecId, SourceLocation> claimedSpecs = new HashMap<>();
    Map<SpecId, Map<ScenarioId, Integer>> acceptanceLines = new HashMap<>();
    List<ScenarioReader.Read> files = new ArrayList<>();
    for (Path file : list(specRoot)) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      String shown = display(specs, specRoot, file);
      if (name.endsWith(".md") && !name.equals("readme.md")) {
        SpecReader.Parsed parsed =
            specReader.parse(Files.readString(file, StandardCharsets.UTF_8), shown, problems);
        if (parsed.id() == null) {
          continue;
        }
        SourceLocation first = claimedSpecs.putIfAbsent(parsed.id(), SourceLocation.of(shown, parsed.idLine()));
        if (first != null) {
          problems.add(
              SourceLocation.of(shown, parsed.idLine()),
              "spec id '" + parsed.id() + "' is already used by " + first.source(),
              "each spec id once");
        } else if (parsed.spec() != null) {
          specsById.put(parsed.id(), parsed.spec());
          acceptanceLines.put(parsed.id(), parsed.acceptanceLines());
        }
      } else if (isYaml(name)) {
        files.add(readScenarios(reader, shown, file, Visibility.VISIBLE, problems));
      }
    }
    for (Path file : list(holdoutRoot)) {
      if (isYaml(file.getFileName().toString().toLowerCase(Locale.ROOT))) {
        files.add(
            readScenarios(
                reader, display(holdouts, holdoutRoot, file), file, Visibility.HOLDOUT, problems));
      }
    }

    // A file that could not be read at all may hold any spec's scenarios: a spec's acceptance
    // list is then not checked, rather than reporting scenarios as missing that may be there.
    boolean someFileUnreadable = false;
    Map<SpecId, java.util.Set<ScenarioId>> claimedScenarios = new HashMap<>();
    Map<SpecId, List<Scenario>> bySpec = new HashMap<>();
    Map<SpecId, Map<ScenarioId, Scenario>> seen = new HashMap<>();
    for (ScenarioReader.Read read : files) {
      if (read.spec() == null) {
        someFileUnreadable = true;
        continue;
      }
      claimedScenarios
          .computeIfAbsent(read.spec(), k -> new java.util.HashSet<>())
          .addAll(read.claimedIds());
      if (!claimedSpecs.containsKey(read.spec())) {
        problems.add(
            SourceLocation.of(read.source(), read.specLine()),
            "scenario file names spec '" + read.spec() + "', which does not exist",
            "the id of a spec in " + specs);
        continue;
      }
      ScenarioFile f = read.file();
      if (f == null) {
        continue;
      }
      for (Scenario s : f.scenarios()) {
        Scenario first = seen.computeIfAbsent(f.spec(), k -> new HashMap<>()).putIfAbsent(s.id(), s);
        if (first != null) {
          problems.add(
              s.sourceLocation().orElse(f.source()),
              "scenario id '" + s.id() + "' of spec '" + f.spec() + "' is already used at "
                  + first.sourceLocation().map(Object::toString).orElse("?"),
              "each scenario id once per spec, visible and holdout together");
          continue;
        }
        bySpec.computeIfAbsent(f.spec(), k -> new ArrayList<>()).add(s);
      }
    }

    List<WorkItem> items = new ArrayList<>();
    for (Spec spec : specsById.values()) {
      List<Scenario> scenarios = bySpec.getOrDefault(spec.id(), List.of());
      boolean ok = true;
      for (ScenarioId id : spec.acceptance()) {
        Scenario s = seen.getOrDefault(spec.id(), Map.of()).get(id);
        if (s != null && s.isVisible()) {
          continue;
        }
        ok = false;
        boolean unknownYet =
            s == null
                && (someFileUnreadable
                    || claimedScenarios.getOrDefault(spec.id(), java.util.Set.of()).contains(id));
        if (unknownYet) {
          continue;
        }
        SourceLocation at =
            SourceLocation.of(
                java.util.Objects.requireNonNull(spec.source()).source(),
                acceptanceLines.get(spec.id()).getOrDefault(id, 0));
        problems.add(
            at,
            s == null
                ? "acceptance names scenario '" + id + "', which does not exist"
                : "acceptance names holdout scenario '" + id + "'",
            "the id of a visible scenario of spec '" + spec.id() + "'");
      }
      if (ok) {
        items.add(new WorkItem(spec, ScenarioSet.of(scenarios)));
      }
    }
    problems.throwIfAny();
    items.sort(
        Comparator.comparingInt((WorkItem w) -> -w.spec().priority())
            .thenComparing(w -> w.spec().id()));
    return new SpecCatalog(items);
  }

  /** Every work item, highest priority first, then by id. */
  public List<WorkItem> items() {
    return items;
  }

  /** The work item of this spec, if the catalog has it. */
  public Optional<WorkItem> find(SpecId id) {
    return items.stream().filter(w -> w.spec().id().equals(id)).findFirst();
  }

  /** How many specs the catalog holds. */
  public int size() {
    return items.size();
  }

  private static ScenarioReader.Read readScenarios(
      ScenarioReader reader, String shown, Path file, Visibility side, Problems problems)
      throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return reader.parse(text, shown, side, file.getParent(), problems);
  }

  /** The file's path as the user gave its directory, so messages name what they typed. */
  private static String display(Path given, Path root, Path file) {
    return given.resolve(root.relativize(file)).toString();
  }

  private static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static List<Path> list(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}

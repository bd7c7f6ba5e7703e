package dev.darkfactory.samples.customevaluator;

import dev.darkfactory.api.evaluation.EvaluationContext;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.Evaluator;
import dev.darkfactory.api.evaluation.Satisfaction;
import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.core.spec.ScenarioFile;
import dev.darkfactory.core.spec.ScenarioReader;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A researcher's evaluator: the library's {@link HoldoutEvaluator}, taught the {@code property}
 * kind by a {@link PropertyRunner}, grading every candidate against its spec's own scenarios
 * <em>plus</em> a suite of property scenarios that belongs to the evaluator, not to the specs.
 *
 * <p>That is how a new kind of check is tried on history: the specs of past candidates cannot be
 * rewritten, so the evaluator brings the new scenarios itself. They are holdouts (the coding agent
 * never saw them) and go through everything the holdout evaluator does for its own: a fresh
 * checkout per trial, the sandbox, the tamper checks, the verdict rules. A suite scenario whose id
 * clashes with one of the spec's makes the report INVALID, with a note saying which.
 */
public final class PropertySuiteEvaluator implements Evaluator {

  /** The evaluator's name in reports. */
  public static final String NAME = "holdout+properties";

  /** Its version, for the calibration configuration: a changed suite or runner is a new version. */
  public static final String VERSION = NAME + "/1";

  private final HoldoutEvaluator holdout;
  private final Map<SpecId, List<Scenario>> suite;

  /**
   * An evaluator with this suite.
   *
   * @param suite the property scenarios to add, by spec
   */
  public PropertySuiteEvaluator(Map<SpecId, List<Scenario>> suite) {
    Map<SpecId, List<Scenario>> copy = new LinkedHashMap<>();
    suite.forEach((spec, scenarios) -> copy.put(spec, List.copyOf(scenarios)));
    this.suite = Map.copyOf(copy);
    this.holdout = HoldoutEvaluator.builder().runner(new PropertyRunner()).build();
  }

  /**
   * Reads a suite directory: every {@code *.yaml} file in it is a scenario file, read as holdouts
   * with {@link PropertyCheck#reader()}.
   *
   * @param directory the suite's directory
   * @return the evaluator
   * @throws IOException when a file cannot be read
   * @throws dev.darkfactory.api.InvalidInputException when a file is not valid, with every
   *     problem, its file and line
   */
  public static PropertySuiteEvaluator load(Path directory) throws IOException {
    ScenarioReader reader = PropertyCheck.reader();
    Map<SpecId, List<Scenario>> suite = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      ScenarioFile read = reader.read(file, Visibility.HOLDOUT);
      List<Scenario> scenarios = suite.computeIfAbsent(read.spec(), s -> new ArrayList<>());
      for (Scenario s : read.scenarios()) {
        if (scenarios.stream().anyMatch(other -> other.id().equals(s.id()))) {
          throw new IllegalArgumentException(
              file + ": scenario '" + s.id() + "' of spec '" + read.spec() + "' appears in the suite twice");
        }
        scenarios.add(s);
      }
    }
    return new PropertySuiteEvaluator(suite);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The suite's scenarios for {@code spec}; empty when it has none. */
  public List<Scenario> suiteFor(SpecId spec) {
    return suite.getOrDefault(spec, List.of());
  }

  @Override
  public EvaluationReport evaluate(Candidate candidate, WorkItem item, EvaluationContext context)
      throws InterruptedException {
    List<Scenario> added = suiteFor(item.spec().id());
    List<Scenario> all = new ArrayList<>(item.scenarios().scenarios());
    for (Scenario s : added) {
      if (item.scenarios().find(s.id()).isPresent()) {
        return new EvaluationReport(
            candidate,
            Verdict.INVALID,
            Satisfaction.exact(0),
            List.of(),
            List.of(),
            List.of(
                "suite scenario '" + s.id() + "' has the id of one of spec '" + item.spec().id()
                    + "''s own scenarios; rename it in the suite"),
            Usage.ZERO,
            Duration.ZERO);
      }
      all.add(s);
    }
    EvaluationReport report =
        holdout.evaluate(candidate, new WorkItem(item.spec(), ScenarioSet.of(all)), context);
    if (added.isEmpty()) {
      return report;
    }
    List<String> notes = new ArrayList<>(report.notes());
    notes.add(
        NAME + " added " + added.size() + " property scenarios: "
            + String.join(", ", added.stream().map(s -> s.id().value()).toList()));
    return new EvaluationReport(
        report.candidate(),
        report.verdict(),
        report.satisfaction(),
        report.scenarios(),
        report.tamperSignals(),
        notes,
        report.usage(),
        report.elapsed());
  }
}

package dev.darkfactory.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkfactory.api.InputProblem;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.RepositoryContext;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.CommitId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCatalogTest {

  @TempDir Path dir;
  Path specs;
  Path holdouts;

  @BeforeEach
  void layout() throws IOException {
    specs = Files.createDirectories(dir.resolve("specs"));
    holdouts = Files.createDirectories(dir.resolve("holdouts"));
  }

  private void spec(String id, int priority, String acceptance) throws IOException {
    Files.writeString(
        specs.resolve(id + ".md"),
        "---\npriority: " + priority + "\n---\n# " + id + "\n## Goal\nDo " + id + ".\n"
            + (acceptance.isEmpty() ? "" : "## Acceptance\n- " + acceptance + "\n"));
  }

  private static String scenarios(String spec, String... ids) {
    StringBuilder yaml = new StringBuilder("spec: " + spec + "\nscenarios:\n");
    for (String id : ids) {
      yaml.append("  - id: ").append(id).append("\n    title: ").append(id)
          .append("\n    check: {kind: command, run: 'true'}\n");
    }
    return yaml.toString();
  }

  @Test
  void joinsEachSpecWithItsVisibleScenariosAndItsHoldoutsOrderedByPriorityThenId()
      throws IOException {
    spec("low", 0, "");
    spec("high", 5, "shown");
    spec("also-low", 0, "");
    Files.writeString(specs.resolve("high.scenarios.yaml"), scenarios("high", "shown"));
    Files.createDirectories(holdouts.resolve("nested"));
    Files.writeString(holdouts.resolve("nested/high.yaml"), scenarios("high", "hidden-1", "hidden-2"));
    Files.writeString(specs.resolve("README.md"), "This directory holds specs.");

    SpecCatalog catalog = SpecCatalog.load(specs, holdouts);

    assertThat(catalog.items()).extracting(w -> w.spec().id().value())
        .containsExactly("high", "also-low", "low");
    WorkItem high = catalog.find(SpecId.of("high")).orElseThrow();
    assertThat(high.scenarios().visible()).extracting(s -> s.id().value()).containsExactly("shown");
    assertThat(high.scenarios().holdouts()).extracting(s -> s.id().value())
        .containsExactly("hidden-1", "hidden-2");
  }

  @Test
  void anAssignmentMadeFromACatalogItemCarriesNoHoldout() throws IOException {
    spec("s", 0, "shown");
    Files.writeString(specs.resolve("s.yaml"), scenarios("s", "shown"));
    Files.writeString(holdouts.resolve("s.yaml"), scenarios("s", "hidden"));
    WorkItem item = SpecCatalog.load(specs, holdouts).items().get(0);

    Assignment assignment =
        Assignment.first(
            item.spec(),
            item.scenarios(),
            new RepositoryContext("main", CommitId.of("a".repeat(40)), "factory/s/attempt-1"));

    assertThat(assignment.visibleScenarios()).extracting(Scenario::visibility)
        .containsOnly(Visibility.VISIBLE);
    assertThat(assignment.toString()).doesNotContain("hidden");
  }

  @Test
  void refusesAHoldoutRootInsideTheSpecsDirectoryBeforeReadingAnything() throws IOException {
    Path inside = Files.createDirectories(specs.resolve("holdouts"));

    assertThatThrownBy(() -> SpecCatalog.load(specs, inside))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.problems())
                    .extracting(InputProblem::message)
                    .containsExactly(
                        "the holdout root and the specs directory overlap, so the coding agent"
                            + " could read holdouts"));
  }

  @Test
  void reportsProblemsOfEveryFileTogether() throws IOException {
    spec("a", 0, "missing");
    Files.writeString(specs.resolve("b.md"), "# B\n");
    Files.writeString(holdouts.resolve("x.yaml"), scenarios("nobody", "h"));

    assertThat(ProblemLines.problemsOf(() -> SpecCatalog.load(specs, holdouts)))
        .containsExactly(
                        holdouts.resolve("x.yaml")
                            + ":1: scenario file names spec 'nobody', which does not exist"
                            + " (expected the id of a spec in " + specs + ")",
                        specs.resolve("a.md")
                            + ":8: acceptance names scenario 'missing', which does not exist"
                            + " (expected the id of a visible scenario of spec 'a')",
                        specs.resolve("b.md")
                            + ": missing section '## Goal' (expected a '## Goal' section saying"
                            + " what to build)");
  }
}

package dev.darkfactory.testkit.docs.examples.docs1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.spec.SpecCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of {@code docs/concepts.md}: a work item is a spec with a visible and a holdout part. */
class ConceptsExampleTest {

  @TempDir Path dir;

  @Test
  void aWorkItemIsASpecWithAVisibleAndAHoldoutPart() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("factory/specs"));
    Path holdouts = Files.createDirectories(dir.resolve("factory/holdouts"));
    Files.writeString(specs.resolve("greeting.md"), """
        ---
        id: greeting
        protected: [tests/**]
        ---
        # Greet a person

        ## Goal

        `greet NAME` prints `Hello, NAME!`.

        ## Acceptance

        - greets-ada
        """);
    Files.writeString(specs.resolve("greeting.scenarios.yaml"), """
        spec: greeting
        scenarios:
          - id: greets-ada
            title: Greets Ada
            check: {kind: command, run: sh greet.sh Ada, stdout: [{equals: "Hello, Ada!"}]}
        """);
    Files.writeString(holdouts.resolve("greeting.yaml"), """
        spec: greeting
        scenarios:
          - id: greets-grace
            title: Greets Grace
            trials: 3
            check: {kind: command, run: sh greet.sh Grace, stdout: [{equals: "Hello, Grace!"}]}
        """);

    SpecCatalog catalog = SpecCatalog.load(specs, holdouts);
    WorkItem item = catalog.items().get(0);
    Spec spec = item.spec();                                 // what to build, and what to protect
    List<Scenario> shown = item.scenarios().visible();       // the coding agent may read these
    List<Scenario> hidden = item.scenarios().holdouts();     // only the evaluator sees these

    assertThat(spec.protectedPaths()).containsExactly("tests/**");
    assertThat(spec.acceptance()).containsExactly(ScenarioId.of("greets-ada"));
    assertThat(shown).extracting(Scenario::id).containsExactly(ScenarioId.of("greets-ada"));
    assertThat(hidden).singleElement().satisfies(s -> {
      assertThat(s.visibility()).isEqualTo(Visibility.HOLDOUT);
      assertThat(s.trials()).isEqualTo(3);
      assertThat(s.required()).isTrue();
      assertThat(s.weight()).isEqualTo(1.0);
    });
  }
}

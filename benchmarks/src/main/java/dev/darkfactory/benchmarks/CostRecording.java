package dev.darkfactory.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The recorded sessions the {@link CostBenchmark} replays, and their JSON files.
 *
 * <p>A session directory holds {@code manifest.json} (what made it), {@code AGENTS.md} (the
 * repository's instructions, copied into every workspace) and one {@code spec-NN.json} per spec:
 * the spec as the agent is given it, every recorded attempt ({@code sessions}, by name), and two
 * plans naming the attempts in order: {@code strong} (the strong model alone, configurations A and
 * B) and {@code routed} (cheap first, configuration C). Each attempt ends with the evaluation the
 * recording says it got.
 */
final class CostRecording {

  /** The format name written into every file; a directory of another format is regenerated. */
  static final String FORMAT = "darkfactory-cost-replay/1";

  static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private CostRecording() {}

  /** What made a session directory. */
  record Manifest(
      String format, int generator, long seed, int specs, String strongModel, String cheapModel) {}

  /** One spec and its recorded attempts. */
  record SpecRecording(
      String format,
      String kind,
      SpecText spec,
      Map<String, Session> sessions,
      List<String> strong,
      List<String> routed) {

    /** The attempts of a plan, in order. */
    List<Session> plan(String name) {
      List<String> names =
          switch (name) {
            case "strong" -> strong;
            case "routed" -> routed;
            default -> throw new IllegalArgumentException("no plan named " + name);
          };
      List<Session> plan = new ArrayList<>();
      for (String n : names) {
        Session s = sessions.get(n);
        if (s == null) {
          throw new IllegalStateException(
              "spec " + spec.id() + ": plan " + name + " names a session " + n + " that is not recorded");
        }
        plan.add(s);
      }
      return plan;
    }
  }

  /** The spec's text, as the factory would read it from the spec file. */
  record SpecText(
      String id,
      String title,
      String summary,
      String goal,
      String constraints,
      String interfaces,
      String nonGoals,
      List<ScenarioText> scenarios) {

    Spec toSpec() {
      return Spec.builder(id)
          .title(title)
          .summary(summary)
          .goal(goal)
          .constraints(constraints)
          .interfaces(interfaces)
          .nonGoals(nonGoals)
          .acceptance(scenarios.stream().map(s -> ScenarioId.of(s.id())).toList())
          .build();
    }

    List<Scenario> visibleScenarios() {
      return scenarios.stream()
          .map(
              s ->
                  Scenario.builder(s.id())
                      .title(s.title())
                      .description(s.description())
                      .check(CommandCheck.exitsZero("sh", "-c", s.command()))
                      .build())
          .toList();
    }
  }

  /** A visible scenario: a command that must exit 0. */
  record ScenarioText(String id, String title, String description, String command) {}

  /** One recorded attempt: what the model answered turn by turn, and how the attempt was judged. */
  record Session(String description, Evaluation evaluation, List<Turn> turns) {}

  /**
   * The evaluation of an attempt, as recorded: merged, or sent back with this feedback.
   *
   * @param merged whether the candidate merged
   * @param summary the feedback's summary when it did not
   * @param failedScenarios the visible scenarios that failed
   * @param holdoutsPassed hidden checks that passed
   * @param holdoutsTotal hidden checks in all
   */
  record Evaluation(
      boolean merged,
      String summary,
      List<String> failedScenarios,
      int holdoutsPassed,
      int holdoutsTotal) {

    static Evaluation mergedOne() {
      return new Evaluation(true, "", List.of(), 0, 0);
    }

    Feedback feedback(int attempt, List<String> notes) {
      return new Feedback(
          attempt,
          summary,
          failedScenarios.stream().map(ScenarioId::of).toList(),
          holdoutsPassed,
          holdoutsTotal,
          notes);
    }
  }

  /**
   * One model answer.
   *
   * @param model the model that answered; the replay checks the router sends the turn there
   * @param text the assistant's text
   * @param outputTokens the output tokens the answer cost, text and tool calls together
   * @param calls the tool calls, each with the output the tool gave
   */
  record Turn(String model, String text, long outputTokens, List<Call> calls) {}

  /** One tool call and what it returned. */
  record Call(String id, String tool, JsonNode arguments, String output, boolean error) {}

  static void write(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), value);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static Manifest readManifest(Path dir) throws IOException {
    return JSON.readValue(dir.resolve("manifest.json").toFile(), Manifest.class);
  }

  /** Every spec file of a directory, in name order. */
  static List<SpecRecording> readSpecs(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().matches("spec-\\d+\\.json")).sorted().toList();
    }
    List<SpecRecording> specs = new ArrayList<>();
    for (Path f : files) {
      SpecRecording r = JSON.readValue(f.toFile(), SpecRecording.class);
      if (!FORMAT.equals(r.format())) {
        throw new IllegalStateException(f + " is in format " + r.format() + ", not " + FORMAT);
      }
      specs.add(r);
    }
    return specs;
  }

  static String agentsFile(Path dir) throws IOException {
    return Files.readString(dir.resolve("AGENTS.md"), StandardCharsets.UTF_8);
  }
}

package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelProvider;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.core.cost.BudgetExhaustedException;
import dev.darkfactory.core.cost.BudgetInterceptor;
import dev.darkfactory.core.cost.BudgetRefusal;
import dev.darkfactory.core.cost.PriceCatalog;
import dev.darkfactory.core.model.ModelPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal coding agent: asks a model once for the whole of one file, writes it into the
 * workspace, and runs the visible command scenarios in the sandbox to check its own work.
 */
public final class OneFileAgent implements Agent {

  private static final String SYSTEM =
      "You implement a spec by writing exactly one file. Answer with the file's path on the"
          + " first line and its complete content after it, and nothing else.";

  private final ModelProvider model;
  private final String modelName;
  private final PriceCatalog prices;

  /**
   * An agent that asks {@code modelName} through {@code model}, reserving each call at {@code
   * prices}.
   */
  public OneFileAgent(ModelProvider model, String modelName, PriceCatalog prices) {
    this.model = model;
    this.modelName = modelName;
    this.prices = prices;
  }

  @Override
  public String name() {
    return "one-file";
  }

  @Override
  public AgentOutcome implement(Assignment assignment, AgentContext context)
      throws InterruptedException {
    if (context.stopRequested()) {
      return new AgentOutcome.Aborted(
          AgentOutcome.Aborted.Cause.CANCELLED, "stop requested", Usage.ZERO, Transcript.EMPTY);
    }
    // Reserve every call from the attempt's budget, then let the factory's leak guard check it.
    ModelProvider checked =
        context.guard(
            ModelPipeline.builder(model)
                .interceptor(BudgetInterceptor.of(context.budget(), prices))
                .build());
    ModelRequest request =
        ModelRequest.builder(modelName)
            .system(SYSTEM)
            .message(Message.user(prompt(assignment)))
            .maxOutputTokens(8_192)
            .build();
    List<Message> messages = new ArrayList<>(request.messages());
    ModelResponse response;
    try {
      response = checked.complete(request);
    } catch (BudgetExhaustedException e) {
      BudgetRefusal refusal = e.refusal();
      return new AgentOutcome.LimitReached(
          limit(refusal), refusal.describe(), Usage.ZERO, new Transcript(messages, Set.of()));
    } catch (ModelException e) {
      return new AgentOutcome.Failed(
          e.getMessage(), Usage.ZERO, new Transcript(messages, Set.of()));
    }
    // A HoldoutLeakException from the guard is left to escape: the factory ends the attempt as
    // Aborted(HOLDOUT_LEAK), commits nothing and holds the spec for a human.
    messages.add(response.message());
    Usage usage = response.usage();
    Transcript transcript = new Transcript(messages, Set.of(response.model()));

    String answer = response.message().text();
    int newline = answer.indexOf('\n');
    if (newline < 1) {
      return new AgentOutcome.Failed(
          "the model did not answer with a path and a content", usage, transcript);
    }
    String path = answer.substring(0, newline).strip();
    try {
      write(context, path, answer.substring(newline + 1));
    } catch (IOException | IllegalArgumentException e) {
      return new AgentOutcome.Failed("could not write " + path + ": " + e.getMessage(), usage, transcript);
    }

    List<String> failing = new ArrayList<>();
    for (Scenario scenario : assignment.visibleScenarios()) {
      if (scenario.check() instanceof CommandCheck check) {
        ExecResult result;
        try {
          result =
              context
                  .sandbox()
                  .exec(
                      new ExecRequest(
                          context.workspace().root(),
                          ".",
                          check.command(),
                          Map.of(),
                          "",
                          scenario.timeout(),
                          context.sandboxPolicy()));
        } catch (SandboxException e) {
          return new AgentOutcome.Failed(
              "the sandbox could not run " + scenario.id() + ": " + e.getMessage(), usage, transcript);
        }
        if (result.timedOut() || result.exitCode() != check.exitCode()) {
          failing.add(scenario.id().value());
        }
      }
    }
    if (!failing.isEmpty()) {
      context.remember("wrote " + path + " but visible scenarios failed: " + failing);
      return new AgentOutcome.GaveUp(
          "visible scenarios still fail: " + failing, usage, transcript);
    }
    return new AgentOutcome.Finished("wrote " + path, usage, transcript);
  }

  /** The spec, the visible scenarios and what earlier attempts learned; never a holdout. */
  private static String prompt(Assignment assignment) {
    StringBuilder text =
        new StringBuilder("# ")
            .append(assignment.spec().title())
            .append("\n\n## Goal\n\n")
            .append(assignment.spec().goal())
            .append("\n\n## Constraints\n\n")
            .append(assignment.spec().constraints())
            .append("\n\n## Visible scenarios\n");
    for (Scenario scenario : assignment.visibleScenarios()) {
      text.append("\n- ").append(scenario.title());
      if (scenario.check() instanceof CommandCheck check) {
        text.append(": `").append(String.join(" ", check.command())).append('`');
      }
    }
    for (Feedback feedback : assignment.feedback()) {
      text.append("\n\n## Attempt ").append(feedback.attempt()).append("\n\n").append(feedback.summary());
      feedback.notes().forEach(note -> text.append("\n- ").append(note));
    }
    return text.toString();
  }

  /** Writes inside the workspace only, and never under a path the sandbox policy keeps read-only. */
  private static void write(AgentContext context, String path, String content) throws IOException {
    for (String glob : context.sandboxPolicy().readOnlyPaths()) {
      if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path))) {
        throw new IllegalArgumentException(path + " is read-only (" + glob + ")");
      }
    }
    Path file = context.workspace().resolve(path); // refuses '..', absolute paths and links out
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static AgentOutcome.Limit limit(BudgetRefusal refusal) {
    return switch (refusal.reason()) {
      case TOKENS -> AgentOutcome.Limit.TOKENS;
      case COST -> AgentOutcome.Limit.COST;
      case DEADLINE -> AgentOutcome.Limit.WALL_CLOCK;
    };
  }
}

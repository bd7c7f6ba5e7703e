package dev.darkfactory.testkit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic coding agent for tests, samples and benchmarks: it plays a {@link Script} chosen
 * by spec and attempt number instead of calling a model, and records every assignment it is given.
 *
 * <pre>{@code
 * SpecId greeting = SpecId.of("greeting");
 * Script broken = Script.steps().write("src/Greeting.java", "class Greeting").finish("tried");
 * Script fixed = Script.steps().write("src/Greeting.java", "class Greeting {}").finish("fixed");
 * ScriptedAgent agent =
 *     ScriptedAgent.builder().on(greeting, 1, broken).on(greeting, 2, fixed).build();
 * // ... run the factory with the agent, then:
 * assertThat(agent.assignmentsFor(greeting).get(1).feedback()).hasSize(1);
 * }</pre>
 *
 * <p>For an assignment, the agent plays the first script registered for it of: {@link
 * Builder#on(SpecId, int, Script) its spec and attempt}, {@link Builder#onAnySpec(int, Script) its
 * attempt}, {@link Builder#otherwise(Script) anything}. Without one, it gives up with the reason
 * {@code "no script for spec <id> attempt <n>"}.
 *
 * <p>Thread-safe: one agent may serve concurrent attempts; each plays its script on its own state.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ScriptedAgent implements Agent {

  private final String name;
  private final String model;
  private final Map<SpecAttempt, Script> bySpec;
  private final Map<Integer, Script> byAttempt;
  private final @Nullable Script otherwise;
  private final List<Assignment> assignments = new ArrayList<>();

  private ScriptedAgent(Builder builder) {
    this.name = builder.name;
    this.model = builder.model;
    this.bySpec = Map.copyOf(builder.bySpec);
    this.byAttempt = Map.copyOf(builder.byAttempt);
    this.otherwise = builder.otherwise;
  }

  /** A builder for an agent named {@code "scripted"}, reporting the model {@code "scripted"}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** The model name every transcript of this agent reports. */
  public String model() {
    return model;
  }

  /**
   * Records the assignment, then plays the script registered for its spec and attempt in the
   * context's workspace and sandbox.
   *
   * @throws InterruptedException when the thread is interrupted before a step or while a command or
   *     an action waits
   */
  @Override
  public AgentOutcome implement(Assignment assignment, AgentContext context)
      throws InterruptedException {
    Require.nonNull(assignment, "assignment");
    Require.nonNull(context, "context");
    synchronized (assignments) {
      assignments.add(assignment);
    }
    SpecId spec = assignment.spec().id();
    int attempt = assignment.attempt();
    Script script = bySpec.get(new SpecAttempt(spec, attempt));
    if (script == null) {
      script = byAttempt.get(attempt);
    }
    if (script == null) {
      script = otherwise;
    }
    if (script == null) {
      script = Script.steps().giveUp("no script for spec " + spec + " attempt " + attempt);
    }
    return script.play(assignment, context, model);
  }

  /** Every assignment this agent was given, in the order the attempts began. */
  public List<Assignment> assignments() {
    synchronized (assignments) {
      return List.copyOf(assignments);
    }
  }

  /** The assignments this agent was given for one spec, in the order the attempts began. */
  public List<Assignment> assignmentsFor(SpecId spec) {
    Require.nonNull(spec, "spec");
    return assignments().stream().filter(a -> a.spec().id().equals(spec)).toList();
  }

  /** The agent's name and model. */
  @Override
  public String toString() {
    return "ScriptedAgent[name=" + name + ", model=" + model + "]";
  }

  private record SpecAttempt(SpecId spec, int attempt) {}

  /**
   * Builds a {@link ScriptedAgent}: its name, its model name, and which script to play for which
   * spec and attempt. Each method checks its arguments at once and names a bad one.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private String name = "scripted";
    private String model = "scripted";
    private final Map<SpecAttempt, Script> bySpec = new HashMap<>();
    private final Map<Integer, Script> byAttempt = new HashMap<>();
    private @Nullable Script otherwise;

    private Builder() {}

    /**
     * Sets the agent's name, for commit trailers, events and reports; default {@code "scripted"}.
     */
    public Builder name(String name) {
      this.name = Require.nonBlank(name, "name");
      return this;
    }

    /** Sets the model name the transcripts report; default {@code "scripted"}. */
    public Builder model(String model) {
      this.model = Require.nonBlank(model, "model");
      return this;
    }

    /**
     * Plays {@code script} for one attempt at one spec.
     *
     * @throws IllegalArgumentException when that spec and attempt already have a script
     */
    public Builder on(SpecId spec, int attempt, Script script) {
      Require.nonNull(spec, "spec");
      Require.atLeast(attempt, 1, "attempt");
      Require.nonNull(script, "script");
      Script earlier = bySpec.putIfAbsent(new SpecAttempt(spec, attempt), script);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "spec "
                + spec
                + " attempt "
                + attempt
                + " already has the script "
                + earlier
                + "; cannot also register "
                + script);
      }
      return this;
    }

    /**
     * Plays {@code script} for this attempt at any spec that has no script of its own for it.
     *
     * @throws IllegalArgumentException when that attempt already has a script for any spec
     */
    public Builder onAnySpec(int attempt, Script script) {
      Require.atLeast(attempt, 1, "attempt");
      Require.nonNull(script, "script");
      Script earlier = byAttempt.putIfAbsent(attempt, script);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "attempt "
                + attempt
                + " of any spec already has the script "
                + earlier
                + "; cannot also register "
                + script);
      }
      return this;
    }

    /**
     * Plays {@code script} for every assignment no other registration covers.
     *
     * @throws IllegalArgumentException when a fallback script was already set
     */
    public Builder otherwise(Script script) {
      Require.nonNull(script, "script");
      if (otherwise != null) {
        throw new IllegalArgumentException(
            "the fallback script is already " + otherwise + "; cannot also register " + script);
      }
      this.otherwise = script;
      return this;
    }

    /** The agent. */
    public ScriptedAgent build() {
      return new ScriptedAgent(this);
    }
  }
}

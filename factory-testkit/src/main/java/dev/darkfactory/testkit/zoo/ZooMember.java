package dev.darkfactory.testkit.zoo;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Agent;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import org.apiguardian.api.API;

/**
 * One member of the zoo: a named {@link Agent} that works on {@link ZooProject}, what it does,
 * and what must become of it with the default evaluator, the default merge policy and an
 * isolating sandbox.
 *
 * <p>The bundled members are in {@link Zoo#members()}. Your own member is one more record:
 *
 * <pre>{@code
 * ZooMember renamer = new ZooMember(
 *     "renames-a-test",
 *     "moves the existing tests to a file the runner does not read",
 *     ZooOutcome.SUSPECT,
 *     "test-deleted signal",
 *     host -> ScriptedAgent.builder().name("renames-a-test").otherwise(
 *         Script.steps().write(ZooProject.IMPLEMENTATION, ZooProject.NAIVE_IMPLEMENTATION)
 *             .delete(ZooProject.TESTS).write("tests/slugify.old", "...").finish("done")).build());
 * }</pre>
 *
 * @param name the member's name, also its spec id in a zoo run ({@code zoo-<name>}): lowercase
 *     letters and digits with single {@code -} between them
 * @param description what it does, in a sentence
 * @param expected its documented outcome under the defaults
 * @param defence which defence is expected to stop it (or, for an honest member, why it merges)
 * @param agent makes the member's agent for one zoo run
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ZooMember(
    String name, String description, ZooOutcome expected, String defence, AgentMaker agent) {

  /** Checks every component. */
  public ZooMember {
    SpecId.of("zoo-" + Require.nonBlank(name, "name"));
    Require.nonBlank(description, "description");
    Require.nonNull(expected, "expected");
    Require.nonBlank(defence, "defence");
    Require.nonNull(agent, "agent");
  }

  /** Whether the member is honest: its documented outcome is {@link ZooOutcome#MERGED}. */
  public boolean honest() {
    return expected == ZooOutcome.MERGED;
  }

  /** The id of the member's spec in a zoo run. */
  public SpecId specId() {
    return SpecId.of("zoo-" + name);
  }

  /** The member's name and expected outcome. */
  @Override
  public String toString() {
    return "ZooMember[" + name + ", expected " + expected + "]";
  }

  /**
   * Makes a member's agent for one zoo run.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  @FunctionalInterface
  public interface AgentMaker {

    /**
     * A fresh agent for one run.
     *
     * @param host what the member knows about the host, and where it reports what it reached
     * @return the agent
     */
    Agent create(ZooHost host);
  }
}

package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.core.agent.tool.ToolOutput;
import org.apiguardian.api.API;

/**
 * A policy point around every tool call of the {@link ToolLoopAgent}, fail-closed.
 *
 * <p>Before a call runs, the agent passes it through every hook's {@link #rewrite} in the order
 * the hooks were added, then asks every hook's {@link #check} about the final, rewritten call: so
 * a deny rule cannot be dodged by a later rewrite. The first hook that denies stops the call; the
 * model receives its reason as an error result. A hook that throws from {@code rewrite} or {@code
 * check} denies the call. Then every hook's {@link #observe} sees the final call and its full
 * result, whatever it was: the tool's output, a denial, an unknown tool, arguments that fail the
 * schema; a hook that throws there is logged and ignored. A call whose arguments are not a JSON
 * object never reaches the hooks.
 *
 * <p>The loop's own tools ({@code finish}, {@code give_up}, {@code note}) pass through the hooks
 * too, so a hook can, for example, refuse {@code finish} until the tests pass. Hooks run on the
 * agent's thread, one call at a time; an agent serving several attempts calls them from several
 * threads.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ToolHook {

  /**
   * A short name for the messages the model and the logs get, such as {@code "no-network"}.
   *
   * @return the name; by default the class's simple name
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  /**
   * Rewrites a call before it runs, such as pinning a command's timeout.
   *
   * @param call the call as the model (or an earlier hook) made it
   * @return the call to run; its id is kept whatever this returns
   * @throws Exception to deny the call
   */
  default ToolInvocation rewrite(ToolInvocation call) throws Exception {
    return call;
  }

  /**
   * Allows or denies the final call, after every hook rewrote it.
   *
   * @param call the call that would run
   * @return the verdict
   * @throws Exception to deny the call
   */
  default Verdict check(ToolInvocation call) throws Exception {
    return Verdict.allow();
  }

  /**
   * Sees a call's result.
   *
   * @param call the call that ran
   * @param output its full output, before truncation
   */
  default void observe(ToolInvocation call, ToolOutput output) {}

  /**
   * A hook's answer to {@link #check}.
   *
   * @param allowed whether the call may run
   * @param reason why it may not, for the model; empty when allowed
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  record Verdict(boolean allowed, String reason) {

    private static final Verdict ALLOW = new Verdict(true, "");

    /** Checks every component: a denial says why. */
    public Verdict {
      Require.nonNull(reason, "reason");
      if (!allowed && reason.isBlank()) {
        throw new IllegalArgumentException("a denial must give a reason");
      }
    }

    /**
     * Lets the call run.
     *
     * @return the verdict
     */
    public static Verdict allow() {
      return ALLOW;
    }

    /**
     * Refuses the call.
     *
     * @param reason why, for the model: what to do instead
     * @return the verdict
     */
    public static Verdict deny(String reason) {
      return new Verdict(false, Require.nonBlank(reason, "reason"));
    }
  }
}

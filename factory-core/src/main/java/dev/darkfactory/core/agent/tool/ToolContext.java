package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import org.apiguardian.api.API;

/**
 * What a tool call may use: the attempt's workspace (every path confined to it, symbolic links
 * included), the sandbox and policy for commands, and the factory's clock.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface ToolContext {

  /**
   * The attempt's private checkout.
   *
   * @return the workspace
   */
  Workspace workspace();

  /**
   * Where every command must run.
   *
   * @return the sandbox
   */
  Sandbox sandbox();

  /**
   * The policy commands run under.
   *
   * @return the policy
   */
  SandboxPolicy sandboxPolicy();

  /**
   * The factory's clock.
   *
   * @return the clock
   */
  Clock clock();

  /**
   * Resolves a path the model gave against the workspace, refusing any path that leaves it: an
   * absolute path, {@code ..} above the root, or a symbolic link (at any depth) that points out.
   *
   * @param relative the path as the model wrote it
   * @return the absolute path inside the workspace
   * @throws ToolException when the path leaves the workspace or cannot be resolved
   */
  default Path resolve(String relative) throws ToolException {
    Require.nonNull(relative, "path");
    if (relative.isBlank()) {
      throw new ToolException("the path is empty; give a path relative to the workspace root");
    }
    if (relative.indexOf('\0') >= 0) {
      throw new ToolException("the path contains a NUL character");
    }
    try {
      return workspace().resolve(relative);
    } catch (IllegalArgumentException e) {
      // The model needs no host paths: name the workspace, not where it lives.
      String message =
          String.valueOf(e.getMessage())
              .replace(workspace().root().toAbsolutePath().normalize().toString(), "<workspace>");
      throw new ToolException(message + "; only paths inside the workspace are allowed", e);
    }
  }

  /**
   * The context of an agent's attempt.
   *
   * @param context the factory's context for the attempt
   * @return a tool context over the same workspace, sandbox, policy and clock
   */
  static ToolContext of(AgentContext context) {
    Require.nonNull(context, "context");
    return new ToolContext() {
      @Override
      public Workspace workspace() {
        return context.workspace();
      }

      @Override
      public Sandbox sandbox() {
        return context.sandbox();
      }

      @Override
      public SandboxPolicy sandboxPolicy() {
        return context.sandboxPolicy();
      }

      @Override
      public Clock clock() {
        return context.clock();
      }
    };
  }
}

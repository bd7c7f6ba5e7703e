package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Spec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One command to run in a sandbox over a workspace.
 *
 * @param workspace the absolute path of the workspace, the only writable place
 * @param workingDirectory where the command starts, relative to the workspace ({@code "."} for
 *     its root)
 * @param command the program and its arguments; not empty
 * @param environment variables to set in addition to the policy's allowlist; never secrets
 * @param stdin what to feed the command's standard input; may be empty
 * @param timeout when to kill the command and everything it started; positive
 * @param policy what the command may do
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ExecRequest(
    Path workspace,
    String workingDirectory,
    List<String> command,
    Map<String, String> environment,
    String stdin,
    Duration timeout,
    SandboxPolicy policy) {

  /** Checks every component. */
  public ExecRequest {
    Require.nonNull(workspace, "workspace");
    if (!workspace.isAbsolute()) {
      throw new IllegalArgumentException(
          "workspace must be an absolute path but was '" + workspace + "'");
    }
    if (!".".equals(workingDirectory)) {
      Spec.checkRelativePath(workingDirectory, "workingDirectory");
    }
    command = Require.copyOf(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    environment = Require.copyOf(environment, "environment");
    for (String name : environment.keySet()) {
      SandboxPolicy.checkEnvironmentName(name);
    }
    Require.nonNull(stdin, "stdin");
    Require.positive(timeout, "timeout");
    Require.nonNull(policy, "policy");
  }

  /** A request to run {@code command} at the workspace root under the strict policy. */
  public static ExecRequest of(Path workspace, Duration timeout, String... command) {
    return new ExecRequest(
        workspace, ".", Arrays.asList(command), Map.of(), "", timeout, SandboxPolicy.strict());
  }
}

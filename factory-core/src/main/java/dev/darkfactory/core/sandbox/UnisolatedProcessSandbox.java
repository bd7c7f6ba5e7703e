package dev.darkfactory.core.sandbox;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as plain host processes, with <strong>no isolation at all</strong>: a command can
 * read and write anything the JVM's user can, reach the network, and see the host.
 *
 * <p>It exists for machines where no isolating sandbox is available and the user accepts the risk
 * explicitly, by name and with a reason: {@code UnisolatedProcessSandbox.optIn("trusted CI
 * runner")}. Its {@link #doctor()} always says it does not isolate, so a factory refuses it unless
 * it was opted into, and every command logs a warning. It still applies the policy's environment
 * allowlist, timeouts and output caps, and kills the command's process tree when it ends.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class UnisolatedProcessSandbox implements Sandbox {

  private static final Logger LOG = LoggerFactory.getLogger(UnisolatedProcessSandbox.class);

  private final String reason;
  private final Path outputDirectory;

  private UnisolatedProcessSandbox(String reason, Path outputDirectory) {
    this.reason = reason;
    this.outputDirectory = outputDirectory;
  }

  /**
   * Opts into running commands without isolation.
   *
   * @param reason why isolation is not needed here, logged with every command
   * @return the sandbox
   */
  public static UnisolatedProcessSandbox optIn(String reason) {
    return optIn(reason, Sandboxes.defaultOutputDirectory());
  }

  /**
   * Opts into running commands without isolation, saving truncated output under {@code
   * outputDirectory}.
   *
   * @param reason why isolation is not needed here, logged with every command
   * @param outputDirectory where full outputs of truncated commands are saved
   * @return the sandbox
   */
  public static UnisolatedProcessSandbox optIn(String reason, Path outputDirectory) {
    Require.nonBlank(reason, "reason");
    Require.nonNull(outputDirectory, "outputDirectory");
    LOG.warn("UNISOLATED sandbox opted into ({}): commands will run on the host unprotected", reason);
    return new UnisolatedProcessSandbox(reason, outputDirectory);
  }

  /** Why the user opted in. */
  public String reason() {
    return reason;
  }

  @Override
  public String name() {
    return "unisolated-process";
  }

  @Override
  public SandboxHealth doctor() {
    return SandboxHealth.notIsolating(
        "runs commands as plain host processes: no filesystem, network or process isolation"
            + " (opted into: " + reason + ")");
  }

  @Override
  public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    LOG.warn(
        "UNISOLATED: running {} on the host without a sandbox ({})", request.command(), reason);
    Path directory = request.workspace().resolve(request.workingDirectory()).normalize();
    if (!Files.isDirectory(directory)) {
      throw new SandboxException("working directory " + directory + " does not exist");
    }
    try {
      Files.createDirectories(Sandboxes.home(request.workspace()));
    } catch (java.io.IOException e) {
      throw new SandboxException("cannot create the home directory in " + request.workspace(), e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : request.policy().environmentAllowlist()) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putIfAbsent("PATH", Sandboxes.DEFAULT_PATH);
    env.put("HOME", Sandboxes.home(request.workspace()).toString());
    env.putAll(request.environment());
    // A session of its own makes the command a process group leader, so everything it starts
    // (unless it starts a session of its own) can be killed as one group when it ends.
    List<String> command = ProcessRunner.inOwnSession(request.command());
    return ProcessRunner.run(
        command,
        directory,
        env,
        request.stdin(),
        request.timeout(),
        request.policy().maxOutputBytes(),
        outputDirectory,
        process -> {},
        true,
        true);
  }

}

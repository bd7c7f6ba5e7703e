package dev.darkfactory.core.sandbox;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Choosing a sandbox and refusing one that cannot isolate.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Sandboxes {

  /** The {@code PATH} a command gets when the host passes none. */
  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  /** The home directory of sandboxed commands, relative to the workspace. */
  public static final String HOME = ".factory-home";

  private Sandboxes() {}

  /**
   * The fail-closed check a factory runs before it starts: returns the sandbox when its {@link
   * Sandbox#doctor()} says it isolates, or when it is an explicit {@link UnisolatedProcessSandbox}
   * opt-in; otherwise throws with every reason the doctor gave.
   *
   * @param sandbox the configured sandbox
   * @return {@code sandbox}
   * @throws SandboxException when it cannot isolate and was not explicitly opted out of isolation
   */
  public static Sandbox requireIsolation(Sandbox sandbox) throws SandboxException {
    Require.nonNull(sandbox, "sandbox");
    if (sandbox instanceof UnisolatedProcessSandbox) {
      return sandbox;
    }
    SandboxHealth health = sandbox.doctor();
    if (!health.isolates()) {
      throw new SandboxException(
          "sandbox '"
              + sandbox.name()
              + "' cannot isolate on this machine, so the factory will not run: "
              + String.join("; ", health.details())
              + ". Fix the sandbox, or opt out of isolation explicitly with"
              + " UnisolatedProcessSandbox.optIn(reason).");
    }
    return sandbox;
  }

  /**
   * The default sandbox: {@link BubblewrapSandbox} when it can isolate here.
   *
   * @return the sandbox
   * @throws SandboxException when bubblewrap cannot isolate on this machine, with why
   */
  public static Sandbox defaultSandbox() throws SandboxException {
    return requireIsolation(BubblewrapSandbox.builder().build());
  }

  /** Where full outputs of truncated commands go by default: a directory under the temp dir. */
  static Path defaultOutputDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "darkfactory-sandbox-output");
  }

  /** The home directory of sandboxed commands in this workspace. */
  static Path home(Path workspace) {
    return workspace.resolve(HOME);
  }
}

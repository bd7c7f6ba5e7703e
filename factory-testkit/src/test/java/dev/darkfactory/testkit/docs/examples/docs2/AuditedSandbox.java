package dev.darkfactory.testkit.docs.examples.docs2;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.NetworkAccess;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every command in another sandbox after tightening its policy (never any network, at most
 * {@code maxMemoryBytes}), and writes one audit line per command: where it ran, what it ran, and how
 * it ended. Isolates exactly when the sandbox it wraps does.
 */
public final class AuditedSandbox implements Sandbox {

  private final Sandbox delegate;
  private final long maxMemoryBytes;
  private final Consumer<String> audit;

  /**
   * Wraps {@code delegate}.
   *
   * @param maxMemoryBytes the most memory any command may have, whatever its policy asks
   * @param audit receives one line per command; called from several threads at once
   */
  public AuditedSandbox(Sandbox delegate, long maxMemoryBytes, Consumer<String> audit) {
    this.delegate = delegate;
    this.maxMemoryBytes = maxMemoryBytes;
    this.audit = audit;
  }

  @Override
  public String name() {
    return "audited-" + delegate.name();
  }

  @Override
  public SandboxHealth doctor() {
    SandboxHealth health = delegate.doctor(); // the delegate's doctor never throws
    if (!health.isolates()) {
      return health;
    }
    List<String> details = new ArrayList<>(health.details());
    details.add("every command audited; no network; memory at most " + maxMemoryBytes + " bytes");
    return new SandboxHealth(true, details);
  }

  @Override
  public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    SandboxPolicy asked = request.policy();
    SandboxPolicy tightened =
        asked.toBuilder()
            .network(NetworkAccess.NONE)
            .maxMemoryBytes(Math.min(asked.maxMemoryBytes(), maxMemoryBytes))
            .build();
    ExecRequest tight =
        new ExecRequest(
            request.workspace(),
            request.workingDirectory(),
            request.command(),
            request.environment(),
            request.stdin(),
            request.timeout(),
            tightened);
    String what = request.workspace() + " " + request.workingDirectory() + " " + request.command();
    try {
      ExecResult result = delegate.exec(tight);
      audit.accept(
          what + " -> " + (result.timedOut() ? "timed out" : "exit " + result.exitCode())
              + " in " + result.elapsed().toMillis() + " ms");
      return result;
    } catch (SandboxException e) {
      audit.accept(what + " -> not run: " + e.getMessage());
      throw e;
    } catch (InterruptedException e) {
      audit.accept(what + " -> interrupted");
      throw e;
    }
  }
}

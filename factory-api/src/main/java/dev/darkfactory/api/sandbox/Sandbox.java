package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Where every command of a coding agent and of a scenario runs, isolated from the host so that a
 * hallucinated {@code rm -rf} reaches only the workspace.
 *
 * <p>A sandbox must fail closed: the factory calls {@link #doctor()} before it starts and refuses
 * to run with a sandbox that cannot isolate. Implementations must be safe to call from several
 * threads. The testkit's sandbox contract suite checks an implementation against these promises.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public interface Sandbox {

  /** A short name for logs and reports, such as {@code "bubblewrap"}. */
  String name();

  /**
   * Probes whether this sandbox can isolate commands on this machine; never throws.
   *
   * @return yes, or no with every reason
   */
  SandboxHealth doctor();

  /**
   * Runs one command and waits for it to end or time out; on timeout the whole process tree is
   * killed.
   *
   * @param request what to run, where, and under which policy
   * @return how the command ended and what it printed
   * @throws SandboxException when the command could not be started or isolated
   * @throws InterruptedException when the calling thread is interrupted; the command is killed
   */
  ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException;
}

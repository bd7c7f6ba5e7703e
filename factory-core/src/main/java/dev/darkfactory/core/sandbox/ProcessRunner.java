package dev.darkfactory.core.sandbox;

import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs one host process to completion or timeout: feeds its stdin, drains both outputs through
 * {@link CappedOutput}, and on timeout (or when it ends) kills everything it started.
 */
final class ProcessRunner {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sandbox-io-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessRunner.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path KILL = Path.of("/bin/kill");

  /** How long to wait for output after the process ended, for pipes held by stragglers. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  /** Kills whatever the command left behind, beyond the process tree (a cgroup, say). */
  interface Reaper {
    /**
     * Kills the command's leftovers.
     *
     * @param process the command's process, which may have ended
     */
    void reap(ProcessHandle process);
  }

  private ProcessRunner() {}

  /**
   * Runs a command.
   *
   * @param command the host command line
   * @param directory the host working directory
   * @param environment the complete environment, or {@code null} to pass it in the command line
   * @param stdin what to write to standard input
   * @param timeout when to kill it
   * @param maxOutputBytes the cap for each stream kept in the result
   * @param outputDirectory where truncated streams are saved in full
   * @param reaper extra cleanup once the process ended or was killed
   * @param killLeftovers whether to kill the process's remaining descendants when it ends by
   *     itself (not needed when the process's end takes its children with it, as a pid namespace
   *     does; scanning for descendants costs milliseconds)
   * @param ownGroup whether the command was started {@linkplain #inOwnSession in a session of its
   *     own}, so that killing it can also stop and kill its process group
   */
  static ExecResult run(
      List<String> command,
      Path directory,
      @Nullable Map<String, String> environment,
      String stdin,
      Duration timeout,
      long maxOutputBytes,
      Path outputDirectory,
      Reaper reaper,
      boolean killLeftovers,
      boolean ownGroup)
      throws SandboxException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    if (environment != null) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    String id = UUID.randomUUID().toString();
    int cap = (int) Math.min(Integer.MAX_VALUE - 8, maxOutputBytes);
    long saveCap = Math.max(maxOutputBytes, 256L << 20);
    CappedOutput out = new CappedOutput(cap, saveCap, outputDirectory.resolve(id + ".stdout"));
    CappedOutput err = new CappedOutput(cap, saveCap, outputDirectory.resolve(id + ".stderr"));
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SandboxException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    Future<?> outDrain = IO.submit(() -> drain(out, process.getInputStream()));
    Future<?> errDrain = IO.submit(() -> drain(err, process.getErrorStream()));
    // Most commands get no input: close their stdin at once rather than in a task.
    Future<?> feed =
        stdin.isEmpty()
            ? java.util.concurrent.CompletableFuture.completedFuture(null)
            : IO.submit(() -> feed(process.getOutputStream(), stdin));
    if (stdin.isEmpty()) {
      feed(process.getOutputStream(), "");
    }
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        timedOut = true;
      }
    } catch (InterruptedException e) {
      kill(process, ownGroup);
      reaper.reap(process.toHandle());
      throw e;
    }
    if (timedOut || killLeftovers) {
      kill(process, ownGroup);
    }
    reaper.reap(process.toHandle());
    feed.cancel(true);
    await(outDrain, "stdout");
    await(errDrain, "stderr");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    int exit = timedOut ? -1 : process.exitValue();
    Path full = out.spillFile() != null ? out.spillFile() : err.spillFile();
    return new ExecResult(
        exit, out.text(), err.text(), timedOut, out.truncated() || err.truncated(), elapsed, full);
  }

  /**
   * Kills the process and everything it started. With a process group of its own, the group is
   * stopped first, so nothing in it can fork or leave the group while the tree is killed, and
   * killed last, which reaches a child forked just before its parent died (and so orphaned).
   */
  private static void kill(Process process, boolean ownGroup) {
    if (ownGroup) {
      signalGroup(process.toHandle(), "STOP");
    }
    killTree(process);
    if (ownGroup) {
      signalGroup(process.toHandle(), "KILL");
    }
  }

  /**
   * Kills the process and every descendant it has. Works on process handles, which leave the
   * output pipes open for the readers (Process.destroyForcibly would close them mid-read), and
   * repeats while the process lives, so children forked during the sweep are killed too.
   */
  static void killTree(Process process) {
    ProcessHandle root = process.toHandle();
    for (int sweep = 0; sweep < 50; sweep++) {
      List<ProcessHandle> descendants = root.descendants().toList();
      if (descendants.isEmpty()) {
        break;
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
    root.destroyForcibly();
  }

  /**
   * {@code command} run through util-linux's {@code setsid}, which makes it the leader of a new
   * session and process group (a child the JVM starts is no group leader, so setsid does not
   * fork), so that killing it reaches everything it starts; {@code command} as it is where setsid
   * is missing.
   */
  static List<String> inOwnSession(List<String> command) {
    if (!Files.isExecutable(SETSID)) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(command.size() + 1);
    wrapped.add(SETSID.toString());
    wrapped.addAll(command);
    return wrapped;
  }

  /** Sends a signal to the process group {@code leader} leads, if it still has members. */
  private static void signalGroup(ProcessHandle leader, String signal) {
    if (!Files.isExecutable(SETSID) || !Files.isExecutable(KILL)) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder(KILL.toString(), "-" + signal, "--", "-" + leader.pid())
              .redirectErrorStream(true)
              .start();
      kill.getInputStream().readAllBytes();
      kill.waitFor();
    } catch (IOException e) {
      LOG.debug("cannot signal process group {}", leader.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(Future<?> drain, String stream)
      throws SandboxException, InterruptedException {
    try {
      drain.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      drain.cancel(true);
      throw new SandboxException(
          stream + " stayed open " + DRAIN_GRACE.toSeconds() + " s after the command ended");
    } catch (ExecutionException e) {
      throw new SandboxException("cannot read " + stream + ": " + e.getCause(), e.getCause());
    }
  }

  private static Void drain(CappedOutput output, InputStream in) throws IOException {
    try (in) {
      output.drain(in);
    }
    return null;
  }

  private static void feed(OutputStream stdin, String text) {
    try (stdin) {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The command closed its stdin or ended before reading it all: nothing to deliver to.
    }
  }
}

package dev.darkfactory.core.sandbox;

import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
      boolean killLeftovers)
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
      killTree(process);
      reaper.reap(process.toHandle());
      throw e;
    }
    if (timedOut || killLeftovers) {
      killTree(process);
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

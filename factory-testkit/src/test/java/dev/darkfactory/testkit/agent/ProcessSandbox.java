package dev.darkfactory.testkit.agent;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only sandbox that isolates nothing: runs the command with {@link ProcessBuilder} in the
 * request's working directory and records every request.
 */
final class ProcessSandbox implements Sandbox {

  final List<ExecRequest> requests = new CopyOnWriteArrayList<>();
  private final Path outputDirectory;
  private final AtomicLong runs = new AtomicLong();

  /** A sandbox that keeps the commands' output in {@code outputDirectory}, outside workspaces. */
  ProcessSandbox(Path outputDirectory) {
    this.outputDirectory = outputDirectory;
  }

  @Override
  public String name() {
    return "test-process";
  }

  @Override
  public SandboxHealth doctor() {
    return SandboxHealth.notIsolating("runs commands as plain processes, for tests");
  }

  @Override
  public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    requests.add(request);
    long run = runs.incrementAndGet();
    try {
      Files.createDirectories(outputDirectory);
      File out = outputDirectory.resolve(run + ".out").toFile();
      File err = outputDirectory.resolve(run + ".err").toFile();
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(request.command())
              .directory(request.workspace().resolve(request.workingDirectory()).toFile())
              .redirectOutput(out)
              .redirectError(err)
              .start();
      process.getOutputStream().close();
      boolean ended = process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor();
      }
      return new ExecResult(
          ended ? process.exitValue() : -1,
          Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8),
          !ended,
          false,
          Duration.ofNanos(System.nanoTime() - start),
          null);
    } catch (IOException e) {
      throw new SandboxException("cannot run " + request.command() + ": " + e.getMessage(), e);
    }
  }
}

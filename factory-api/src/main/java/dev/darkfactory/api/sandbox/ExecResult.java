package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a sandboxed command did: how it ended, what it printed (capped), and how long it took.
 *
 * <p>When an output stream exceeds the policy's cap, its head and tail are kept with a visible
 * marker between them, the {@code truncated} flag is set, and the full output is saved to {@link
 * #fullOutput()}, outside the workspace.
 *
 * @param exitCode the process's exit code; meaningless when {@code timedOut}
 * @param stdout standard output, possibly truncated
 * @param stderr standard error, possibly truncated
 * @param timedOut whether the command was killed at its timeout
 * @param truncated whether either stream was cut
 * @param elapsed wall-clock time from start to end
 * @param fullOutput where the complete output was saved when truncated, or {@code null}
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ExecResult(
    int exitCode,
    String stdout,
    String stderr,
    boolean timedOut,
    boolean truncated,
    Duration elapsed,
    @Nullable Path fullOutput) {

  /** Checks every component. */
  public ExecResult {
    Require.nonNull(stdout, "stdout");
    Require.nonNull(stderr, "stderr");
    Require.nonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative but was " + elapsed);
    }
  }

  /** Whether the command ran to completion and exited with 0. */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** Where the complete output was saved, when it was truncated. */
  public Optional<Path> fullOutputFile() {
    return Optional.ofNullable(fullOutput);
  }
}

package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.internal.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Where the {@link ToolLoopAgent} writes the JSON-lines transcript of each attempt: one {@link
 * TranscriptWriter} per attempt, which the agent closes when the attempt ends. When the sink fails
 * to open one, the attempt runs without a file transcript and the failure is logged.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface TranscriptSink {

  /**
   * Opens the writer for one attempt.
   *
   * @param assignment the attempt's assignment
   * @return the writer; the agent closes it
   * @throws IOException when it cannot be opened
   */
  TranscriptWriter open(Assignment assignment) throws IOException;

  /**
   * A file per attempt in {@code directory}: {@code <spec-id>.attempt-<n>.jsonl}, appended to when
   * it exists (an attempt run again after a crash keeps both records).
   *
   * @param directory the directory, created when missing
   * @return the sink
   */
  static TranscriptSink directory(Path directory) {
    Require.nonNull(directory, "directory");
    return assignment -> {
      Files.createDirectories(directory);
      return TranscriptWriter.to(
          directory.resolve(
              assignment.spec().id() + ".attempt-" + assignment.attempt() + ".jsonl"));
    };
  }
}

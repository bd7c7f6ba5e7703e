package dev.darkfactory.testkit.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Finds host processes by a marker string in their command line or their environment.
 *
 * <p>The suites start sandboxed commands with a unique marker in an environment variable (which
 * every descendant inherits) and in the shell's {@code $0}; a process that carries the marker after
 * the command returned is one the sandbox failed to kill. On Linux every process is found through
 * {@code /proc} (command line including {@code argv[0]}, and environment where readable); elsewhere
 * through {@link ProcessHandle}, which sees command lines only.
 */
final class ProcessProbe {

  /** The environment variable that carries the marker into every process of a command. */
  static final String MARKER_VARIABLE = "DARKFACTORY_PROCESS_MARKER";

  private static final Path PROC = Path.of("/proc");

  private ProcessProbe() {}

  /** A new marker, unique to one test. */
  static String newMarker() {
    return "df-marker-" + UUID.randomUUID();
  }

  /**
   * Kills every process that carries {@code marker}: the cleanup after a test whose sandbox left
   * some behind, so that one failure does not leave processes running for minutes.
   */
  static void killAll(String marker) {
    for (String process : processesWith(marker)) {
      long pid = Long.parseLong(process.substring(0, process.indexOf(':')));
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** The processes (pid and command line) that carry {@code marker}, except this JVM. */
  static List<String> processesWith(String marker) {
    long self = ProcessHandle.current().pid();
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(PROC.resolve("self"))) {
      try (Stream<Path> entries = Files.list(PROC)) {
        entries
            .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
            .filter(p -> Long.parseLong(p.getFileName().toString()) != self)
            .forEach(
                p -> {
                  String cmdline = read(p.resolve("cmdline"));
                  if (cmdline.contains(marker) || read(p.resolve("environ")).contains(marker)) {
                    found.add(p.getFileName() + ": " + cmdline.replace('\0', ' ').strip());
                  }
                });
      } catch (IOException e) {
        throw new IllegalStateException("cannot list /proc: " + e, e);
      }
      return found;
    }
    ProcessHandle.allProcesses()
        .filter(h -> h.pid() != self)
        .forEach(
            h -> {
              String line = h.info().commandLine().orElse("");
              if (line.contains(marker)) {
                found.add(h.pid() + ": " + line);
              }
            });
    return found;
  }

  /**
   * Waits up to {@code grace} for every process carrying {@code marker} to be gone.
   *
   * @return the processes still there at the deadline; empty when none
   */
  static List<String> remainingAfter(String marker, Duration grace) {
    Poll.until(grace, () -> processesWith(marker).isEmpty());
    return processesWith(marker);
  }

  /**
   * Asserts that no process carrying {@code marker} remains within {@code grace}, and kills any
   * that do, so that a failing sandbox does not leave them running.
   *
   * @param what what the processes are, for the failure message
   */
  static void assertNoneRemain(String marker, Duration grace, String what) {
    try {
      org.assertj.core.api.Assertions.assertThat(remainingAfter(marker, grace))
          .as("%s still running %s after exec returned", what, grace)
          .isEmpty();
    } finally {
      killAll(marker);
    }
  }

  /** A process file's bytes as Latin-1 text; empty when it vanished or may not be read. */
  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}

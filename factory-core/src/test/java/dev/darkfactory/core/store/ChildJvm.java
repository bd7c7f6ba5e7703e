package dev.darkfactory.core.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link StoreChildProcess} in a JVM of its own, on the tests' class path. */
final class ChildJvm {

  private final Process process;
  private final Path stderr;
  private final BufferedReader stdout;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts the child.
   *
   * @param scratch a directory for its stderr and SQLite's native library
   * @param jvmOptions options such as {@code -Xmx32m}
   * @param args the child's arguments
   */
  static ChildJvm start(Path scratch, List<String> jvmOptions, String... args) throws IOException {
    Path stderr = Files.createTempFile(scratch, "child", ".stderr");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // Killed children leave SQLite's extracted native library behind: keep it in scratch.
    command.add("-Dorg.sqlite.tmpdir=" + scratch);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StoreChildProcess.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(process, stderr);
  }

  Process process() {
    return process;
  }

  /** The next line the child printed, or an error with its stderr when it ended first. */
  String nextLine() throws IOException {
    String line = stdout.readLine();
    if (line == null) {
      throw new AssertionError("the child ended early; its stderr:\n" + stderrText());
    }
    return line;
  }

  /** Every line the child prints until it ends. */
  List<String> remainingLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  String stderrText() throws IOException {
    return Files.readString(stderr);
  }

  void close() throws IOException {
    stdout.close();
    process.getOutputStream().close();
  }
}

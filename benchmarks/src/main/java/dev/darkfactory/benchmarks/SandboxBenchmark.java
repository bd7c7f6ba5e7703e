package dev.darkfactory.benchmarks;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of one sandboxed command ({@code true}) through {@link BubblewrapSandbox#exec}, as a
 * ratio to running bubblewrap directly with the same isolation arguments, and to a plain process
 * start, all from this JVM with {@link ProcessBuilder}.
 *
 * <p>Rounds alternate the three variants so drift on a shared machine hits each alike; the figure
 * is the median of the per-round means. Run: {@code ./mvnw -q -B -Pbench -Dbench=SandboxBenchmark
 * -pl benchmarks -am verify -DskipTests}.
 */
public final class SandboxBenchmark {

  private static final int WARMUP = 30;
  private static final int ROUNDS = 15;
  private static final int PER_ROUND = 20;

  private SandboxBenchmark() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws Exception {
    BubblewrapSandbox sandbox = BubblewrapSandbox.builder().build();
    var health = sandbox.doctor();
    if (!health.isolates()) {
      System.out.println("bubblewrap cannot isolate here: " + health.details());
      return;
    }
    Path workspace = Files.createTempDirectory("bench-ws").toAbsolutePath();
    ExecRequest request = ExecRequest.of(workspace, Duration.ofSeconds(30), "true");
    // Bubblewrap with exactly the sandbox's isolation arguments: what the library adds is the rest.
    List<String> bare = sandbox.bubblewrapCommand(request);

    Variant sandboxed = () -> check(sandbox.exec(request));
    Variant bwrap = () -> start(bare);
    Variant plain = () -> start(List.of("true"));
    Variant[] variants = {sandboxed, bwrap, plain};
    String[] names = {"BubblewrapSandbox.exec(true)", "bwrap <same isolation> true", "plain process start"};

    for (int i = 0; i < WARMUP; i++) {
      for (Variant v : variants) {
        v.run();
      }
    }
    double[][] means = new double[variants.length][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < variants.length; k++) {
        int v = (round + k) % variants.length;
        long start = System.nanoTime();
        for (int i = 0; i < PER_ROUND; i++) {
          variants[v].run();
        }
        means[v][round] = (System.nanoTime() - start) / 1e6 / PER_ROUND;
      }
    }
    double[] median = new double[variants.length];
    for (int v = 0; v < variants.length; v++) {
      double[] sorted = means[v].clone();
      Arrays.sort(sorted);
      median[v] = sorted[ROUNDS / 2];
    }
    System.out.printf("Sandbox cost per command, median of %d rounds x %d runs (%s)%n", ROUNDS, PER_ROUND, health.details().get(1));
    for (int v = 0; v < variants.length; v++) {
      System.out.printf("  %-32s %7.2f ms%n", names[v], median[v]);
    }
    System.out.printf("  ratio to bare bwrap:             %7.2f x (target <= 1.20)%n", median[0] / median[1]);
    System.out.printf("  ratio to plain process start:    %7.2f x%n", median[0] / median[2]);
  }

  private static void check(ExecResult result) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException("sandboxed true failed: " + result.stderr());
    }
  }

  private static void start(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command.get(0) + " failed");
    }
  }

  @FunctionalInterface
  private interface Variant {
    void run() throws Exception;
  }
}

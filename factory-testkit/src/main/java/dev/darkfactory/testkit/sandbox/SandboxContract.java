package dev.darkfactory.testkit.sandbox;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Sandbox} must do, whether it isolates or not: run a command with its exit code,
 * separate outputs and standard input; pass exactly the environment the policy allows and put
 * {@code HOME} in the workspace; honour the working directory; kill the whole process tree at the
 * timeout or on interruption; cap output and save the rest outside the workspace; and share the
 * workspace's files with the host in both directions.
 *
 * <p>To check your own sandbox, extend this class in your tests and return the sandbox; every test
 * here then runs against it:
 *
 * <pre>{@code
 * class MySandboxContractTest extends SandboxContract {
 *   @TempDir Path output;
 *
 *   @Override
 *   protected Sandbox sandbox() {
 *     return MySandbox.builder().outputDirectory(output).build();
 *   }
 *
 *   @Override
 *   protected boolean isolates() {
 *     return true; // what doctor() must answer on the machines the tests run on
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh workspace, an empty directory under JUnit's temporary directory. The
 * commands run are POSIX shell ({@code sh}) with the usual tools ({@code cat}, {@code env}, {@code
 * head}, {@code tr}, {@code sleep}, {@code wc}) on the sandbox's {@code PATH}. A process that
 * should have been killed is found by a unique marker in its environment and command line, through
 * {@code /proc} on Linux. A sandbox that claims to isolate should also pass {@link
 * SandboxEscapeSuite}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract class SandboxContract {

  /** The timeout of commands that are expected to end by themselves. */
  private static final Duration NORMAL = Duration.ofSeconds(30);

  /** How long killed processes may take to disappear after {@code exec} returned. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  /**
   * Variables a sandbox sets itself or that a shell sets: not leaks even when the host has them.
   */
  private static final Set<String> SANDBOX_OWN =
      Set.of("HOME", "PATH", "TMPDIR", "PWD", "OLDPWD", "SHLVL", "_", ProcessProbe.MARKER_VARIABLE);

  @TempDir private @Nullable Path temp;

  private @Nullable Path workspace;

  /** Creates the suite; subclasses supply the sandbox. */
  protected SandboxContract() {}

  /**
   * The sandbox under test; called at least once per test, and may return the same instance each
   * time (sandboxes must be safe to share between threads).
   *
   * @return the sandbox
   */
  protected abstract Sandbox sandbox();

  /**
   * Whether the sandbox isolates commands from the host here, that is what {@link Sandbox#doctor()}
   * must answer. Override with {@code false} for a sandbox that does not isolate (such as an
   * explicit unisolated opt-in).
   *
   * @return {@code true} unless overridden
   */
  protected boolean isolates() {
    return true;
  }

  /**
   * The policy the tests start from; tests that need another cap or allowlist derive theirs from it
   * with {@link SandboxPolicy#toBuilder()}.
   *
   * @return {@link SandboxPolicy#strict()} unless overridden
   */
  protected SandboxPolicy policy() {
    return SandboxPolicy.strict();
  }

  /**
   * The workspace of the current test: an empty directory when the test starts.
   *
   * @return its absolute path
   */
  protected final Path workspace() {
    if (workspace == null) {
      throw new IllegalStateException("the workspace is created before each test");
    }
    return workspace;
  }

  @BeforeEach
  final void createWorkspace() throws IOException {
    if (temp == null) {
      throw new IllegalStateException("JUnit did not inject the temporary directory");
    }
    workspace = Files.createDirectories(temp.toAbsolutePath().resolve("workspace"));
  }

  // ---------------------------------------------------------------------------------------------
  // Identity and health

  /**
   * The sandbox has a name and its doctor answers, without throwing, what {@link #isolates()} says;
   * a sandbox that cannot isolate says why.
   */
  @Test
  public void hasANameAndADoctorThatAnswers() {
    Sandbox sandbox = sandbox();
    assertThat(sandbox.name()).as("name()").isNotBlank();
    SandboxHealth health = sandbox.doctor();
    assertThat(health.isolates())
        .as("doctor().isolates() of %s, details %s", sandbox.name(), health.details())
        .isEqualTo(isolates());
    if (!health.isolates()) {
      assertThat(health.details()).as("the reasons it cannot isolate").isNotEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running commands

  /** Exit codes 0, 1 and 42 come back as they are, and only 0 counts as success. */
  @Test
  public void reportsExitCodes() throws Exception {
    for (int code : new int[] {0, 1, 42}) {
      ExecResult result = exec(shell("exit " + code));
      assertThat(result.exitCode()).as("exit code of 'exit %d'", code).isEqualTo(code);
      assertThat(result.timedOut()).as("timedOut of 'exit %d'", code).isFalse();
      assertThat(result.succeeded()).as("succeeded() of 'exit %d'", code).isEqualTo(code == 0);
    }
  }

  /** Standard output and standard error are captured separately. */
  @Test
  public void separatesStandardOutputFromStandardError() throws Exception {
    ExecResult result = exec(shell("echo to-stdout; echo to-stderr >&2; echo more-stdout"));
    assertThat(result.stdout()).isEqualTo("to-stdout\nmore-stdout\n");
    assertThat(result.stderr()).isEqualTo("to-stderr\n");
    assertThat(result.truncated()).isFalse();
    assertThat(result.fullOutput()).as("fullOutput of an untruncated result").isNull();
    assertThat(result.fullOutputFile()).isEmpty();
  }

  /** Standard input reaches the command: non-ASCII text exactly, and a megabyte in full. */
  @Test
  public void deliversStandardInput() throws Exception {
    String text = "first line\nzweite Zeile: Grüße, 日本語\nno newline at the end";
    ExecResult echoed = exec(request(".", List.of("cat"), Map.of(), text, NORMAL, policy()));
    assertThat(echoed.exitCode()).as("exit code of cat; stderr: %s", echoed.stderr()).isZero();
    assertThat(echoed.stdout()).isEqualTo(text);

    String megabyte = "y\n".repeat(1 << 19);
    ExecResult counted =
        exec(request(".", List.of("wc", "-c"), Map.of(), megabyte, NORMAL, policy()));
    assertThat(counted.exitCode()).as("exit code of wc; stderr: %s", counted.stderr()).isZero();
    assertThat(counted.stdout().strip()).isEqualTo(Integer.toString(1 << 20));
  }

  /** A program that does not exist is reported: a {@link SandboxException} or a failed result. */
  @Test
  public void reportsAProgramThatDoesNotExist() throws Exception {
    ExecRequest request =
        request(".", List.of("/nonexistent/df-no-such-program"), Map.of(), "", NORMAL, policy());
    try {
      ExecResult result = sandbox().exec(request);
      assertThat(result.succeeded())
          .as("running a program that does not exist succeeded: %s", result)
          .isFalse();
    } catch (SandboxException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** Commands run concurrently on one sandbox do not mix their outputs. */
  @Test
  public void runsCommandsConcurrently() throws Exception {
    Sandbox sandbox = sandbox();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ExecResult>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ExecRequest request =
            request(
                ".",
                List.of("sh", "-c", "printf 'out-%s' \"$N\"; printf 'err-%s' \"$N\" >&2"),
                Map.of("N", Integer.toString(i)),
                "",
                NORMAL,
                policy());
        results.add(pool.submit(() -> sandbox.exec(request)));
      }
      for (int i = 0; i < results.size(); i++) {
        ExecResult result = results.get(i).get(60, TimeUnit.SECONDS);
        assertThat(result.stdout()).as("stdout of command %d", i).isEqualTo("out-" + i);
        assertThat(result.stderr()).as("stderr of command %d", i).isEqualTo("err-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The policy's process limit applies to each command on its own: forty commands in quick
   * succession, each running a three-process pipeline under a limit of sixteen, all succeed. (A
   * sandbox that reuses a limit for the next command while the kernel still counts the previous
   * command's processes fails this.)
   */
  @Test
  public void appliesTheProcessLimitToEachCommandOnItsOwn() throws Exception {
    // The kernel goes on counting a finished command's processes in a pids cgroup for a while;
    // a sandbox that reused a group too soon starved the next command ("Cannot fork").
    SandboxPolicy limited = policy().toBuilder().maxProcesses(16).build();
    Sandbox sandbox = sandbox();
    for (int i = 0; i < 40; i++) {
      ExecResult result =
          sandbox.exec(
              request(
                  ".",
                  List.of("sh", "-c", "echo " + i + " | cat | cat"),
                  Map.of(),
                  "",
                  NORMAL,
                  limited));
      assertThat(result.exitCode())
          .as(
              "exit code of command %d under a limit of 16 processes; stderr: %s",
              i, result.stderr())
          .isZero();
      assertThat(result.stdout()).isEqualTo(i + "\n");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Environment

  /** The request's variables reach the command, values intact. */
  @Test
  public void passesTheRequestEnvironment() throws Exception {
    ExecResult result =
        exec(
            request(
                ".",
                List.of("sh", "-c", "printf '%s|%s' \"$GREETING\" \"$EMPTY_ONE\""),
                Map.of("GREETING", "hello, sandbox = 'quoted' $NOT_EXPANDED", "EMPTY_ONE", ""),
                "",
                NORMAL,
                policy()));
    assertThat(result.stdout()).isEqualTo("hello, sandbox = 'quoted' $NOT_EXPANDED|");
  }

  /**
   * A variable of the host that the policy does not allow never reaches the command: no {@code
   * NAME=value} pair of the host's environment outside the allowlist shows in the command's
   * environment.
   */
  @Test
  public void hidesHostVariablesOutsideTheAllowlist() throws Exception {
    Map<String, String> hostOnly = hostVariablesOutside(policy().environmentAllowlist());
    assumeThat(hostOnly)
        .as("the host environment has no variable outside the allowlist to check with")
        .isNotEmpty();
    ExecResult result = exec(request(".", List.of("env"), Map.of(), "", NORMAL, policy()));
    assertThat(result.exitCode()).as("exit code of env; stderr: %s", result.stderr()).isZero();
    List<String> lines = Arrays.asList(result.stdout().split("\n"));
    List<String> leaked =
        hostOnly.entrySet().stream()
            .filter(e -> lines.contains(e.getKey() + "=" + e.getValue()))
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    assertThat(leaked).as("host variables outside the allowlist seen by the command").isEmpty();
  }

  /** A host variable the policy allows reaches the command with the host's value. */
  @Test
  public void passesAllowlistedHostVariables() throws Exception {
    Map<String, String> candidates = hostVariablesOutside(policy().environmentAllowlist());
    candidates.keySet().removeIf(name -> !mayEnterSandbox(name));
    assumeThat(candidates).as("the host environment has no variable to allow").isNotEmpty();
    Map.Entry<String, String> chosen = candidates.entrySet().iterator().next();
    SandboxPolicy allowing = policy().toBuilder().allowEnvironment(chosen.getKey()).build();
    ExecResult result = exec(request(".", List.of("env"), Map.of(), "", NORMAL, allowing));
    assertThat(result.stdout().split("\n"))
        .as("the command's environment, with %s allowed", chosen.getKey())
        .contains(chosen.getKey() + "=" + chosen.getValue());
  }

  /** {@code HOME} is a writable directory inside the workspace. */
  @Test
  public void putsHomeInsideTheWorkspace() throws Exception {
    ExecResult result =
        exec(shell("printf '%s' \"$HOME\" && echo at-home > \"$HOME/df-home-probe.txt\""));
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
    assertThat(result.stdout()).as("HOME").isNotBlank();
    List<Path> probes;
    try (Stream<Path> walk = Files.walk(workspace())) {
      probes =
          walk.filter(p -> p.getFileName().toString().equals("df-home-probe.txt"))
              .collect(Collectors.toList());
    }
    assertThat(probes)
        .as("a file written to $HOME (%s), found in the workspace", result.stdout())
        .hasSize(1);
    assertThat(Files.readString(probes.get(0))).isEqualTo("at-home\n");
  }

  // ---------------------------------------------------------------------------------------------
  // Working directory

  /** A relative working directory is where the command starts. */
  @Test
  public void startsInTheWorkingDirectory() throws Exception {
    Files.createDirectories(workspace().resolve("sub/dir"));
    ExecResult result =
        exec(
            request(
                "sub/dir",
                List.of("sh", "-c", "echo here > wd-probe.txt && pwd"),
                Map.of(),
                "",
                NORMAL,
                policy()));
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
    assertThat(result.stdout().strip()).endsWith("/sub/dir");
    assertThat(workspace().resolve("sub/dir/wd-probe.txt")).hasContent("here");
    assertThat(workspace().resolve("wd-probe.txt")).doesNotExist();
  }

  /** A working directory missing from the workspace is a {@link SandboxException}. */
  @Test
  public void refusesAMissingWorkingDirectory() {
    ExecRequest request =
        request("no/such/dir", List.of("sh", "-c", "echo ran"), Map.of(), "", NORMAL, policy());
    assertThatThrownBy(() -> sandbox().exec(request)).isInstanceOf(SandboxException.class);
  }

  /** A workspace that does not exist is a {@link SandboxException}. */
  @Test
  public void refusesAMissingWorkspace() {
    ExecRequest request =
        new ExecRequest(
            workspace().resolve("missing"),
            ".",
            List.of("sh", "-c", "echo ran"),
            Map.of(),
            "",
            NORMAL,
            policy());
    assertThatThrownBy(() -> sandbox().exec(request)).isInstanceOf(SandboxException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts and interruption

  /**
   * A command that outlives its timeout is reported as timed out soon after the timeout, and
   * neither it nor anything it started is still running afterwards.
   */
  @Test
  public void killsEverythingAtTheTimeout() throws Exception {
    String marker = ProcessProbe.newMarker();
    long start = System.nanoTime();
    ExecResult result =
        exec(
            request(
                ".",
                List.of("sh", "-c", "sleep 60 & sleep 60; wait", marker),
                Map.of(ProcessProbe.MARKER_VARIABLE, marker),
                "",
                Duration.ofSeconds(1),
                policy()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result.timedOut()).as("timedOut of a 60 s sleep with a 1 s timeout").isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(took).as("time until exec returned").isLessThan(Duration.ofSeconds(6));
    ProcessProbe.assertNoneRemain(marker, KILL_GRACE, "processes of the timed-out command");
  }

  /**
   * Interrupting the thread that waits in {@code exec} throws {@link InterruptedException} there
   * and kills the command and everything it started.
   */
  @Test
  public void killsEverythingWhenInterrupted() throws Exception {
    String marker = ProcessProbe.newMarker();
    try {
      interruptWhen(
          marker,
          "sleep 300 & sleep 300; wait",
          () ->
              ProcessProbe.processesWith(marker).stream()
                      .filter(p -> p.contains(": sleep 300"))
                      .count()
                  >= 2);
    } finally {
      ProcessProbe.killAll(marker);
    }
  }

  /**
   * An interrupt that arrives while the command is still starting its children (fifty background
   * sleeps) kills them all too: a sandbox that first lists the process tree and then kills it must
   * not miss a child started in between. Repeated a few times, since the window is short.
   */
  @Test
  public void killsEverythingWhenInterruptedAsTheCommandStarts() throws Exception {
    // Children forked while the sandbox lists a command's descendants must not survive the kill.
    for (int attempt = 1; attempt <= 10; attempt++) {
      String marker = ProcessProbe.newMarker();
      try {
        interruptWhen(
            marker,
            "i=0; while [ $i -lt 50 ]; do sleep 300 & i=$((i + 1)); done; wait",
            () -> !ProcessProbe.processesWith(marker).isEmpty());
      } finally {
        ProcessProbe.killAll(marker);
      }
    }
  }

  /**
   * Runs {@code script} in another thread, interrupts that thread once {@code ready} holds, and
   * checks that {@code exec} threw {@link InterruptedException} and that nothing of the command
   * remains.
   */
  private void interruptWhen(String marker, String script, BooleanSupplier ready) throws Exception {
    ExecRequest request =
        request(
            ".",
            List.of("sh", "-c", script, marker),
            Map.of(ProcessProbe.MARKER_VARIABLE, marker),
            "",
            Duration.ofSeconds(120),
            policy());
    Sandbox sandbox = sandbox();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                outcome.set(sandbox.exec(request));
              } catch (Throwable e) {
                outcome.set(e);
              }
            },
            "sandbox-contract-interrupted-caller");
    caller.start();
    try {
      assertThat(Poll.until(Duration.ofSeconds(20), ready))
          .as("the command's processes appeared; seen: %s", ProcessProbe.processesWith(marker))
          .isTrue();
      caller.interrupt();
      caller.join(Duration.ofSeconds(20).toMillis());
      assertThat(caller.isAlive()).as("exec still blocked 20 s after the interrupt").isFalse();
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
      ProcessProbe.assertNoneRemain(marker, KILL_GRACE, "processes of the interrupted command");
    } finally {
      caller.interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output caps

  /**
   * Output beyond the cap is cut: the result keeps the head and the tail around a visible marker,
   * says it was truncated, and names a file outside the workspace with all of it.
   */
  @Test
  public void capsOutputAndSavesItAllOutsideTheWorkspace() throws Exception {
    SandboxPolicy capped = policy().toBuilder().maxOutputBytes(4096).build();
    int megabyte = 1 << 20;
    ExecResult result =
        exec(
            request(
                ".",
                List.of(
                    "sh",
                    "-c",
                    "echo HEAD-MARK; head -c "
                        + megabyte
                        + " /dev/zero | tr '\\000' x; echo;"
                        + " echo TAIL-MARK"),
                Map.of(),
                "",
                NORMAL,
                capped));
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
    assertThat(result.truncated()).as("truncated").isTrue();
    assertThat(result.stdout())
        .startsWith("HEAD-MARK\nxxx")
        .endsWith("xxx\nTAIL-MARK\n")
        .containsIgnoringCase("truncated");
    assertThat(result.stdout().length()).as("kept stdout length").isLessThanOrEqualTo(4096 + 1024);
    assertThat(result.stderr()).isEmpty();

    byte[] expected =
        ("HEAD-MARK\n" + "x".repeat(megabyte) + "\nTAIL-MARK\n")
            .getBytes(StandardCharsets.US_ASCII);
    Path full = result.fullOutput();
    assertThat(full).as("fullOutput").isNotNull();
    assertThat(result.fullOutputFile()).contains(full);
    Path real = full.toRealPath();
    assertThat(real.startsWith(workspace().toRealPath()))
        .as("the full output %s lies inside the workspace %s", real, workspace())
        .isFalse();
    assertThat(Files.size(full)).as("size of the full output").isEqualTo(expected.length);
    assertThat(Arrays.mismatch(Files.readAllBytes(full), expected))
        .as("first byte where the full output differs from what was printed")
        .isEqualTo(-1);
  }

  /**
   * Output below the cap comes back whole, byte for byte, even when the command ends the moment it
   * wrote its last byte (while much of its output still sits in the pipe).
   */
  @Test
  public void returnsAllOutputOfACommandThatEndsNormally() throws Exception {
    int size = 900_000;
    for (int attempt = 1; attempt <= 3; attempt++) {
      ExecResult result =
          exec(
              shell(
                  "head -c "
                      + size
                      + " /dev/zero | tr '\\000' y; head -c "
                      + size
                      + " /dev/zero"
                      + " | tr '\\000' z >&2"));
      assertThat(result.exitCode()).as("exit code (attempt %d)", attempt).isZero();
      assertThat(result.truncated()).as("truncated (attempt %d)", attempt).isFalse();
      assertThat(result.stdout().length())
          .as("stdout length (attempt %d)", attempt)
          .isEqualTo(size);
      assertThat(result.stdout()).as("stdout (attempt %d)", attempt).matches("y*");
      assertThat(result.stderr().length())
          .as("stderr length (attempt %d)", attempt)
          .isEqualTo(size);
      assertThat(result.stderr()).as("stderr (attempt %d)", attempt).matches("z*");
    }
  }

  /**
   * Fifty short commands in a row, each printing 60,000 bytes to each stream and ending at once (so
   * that most of it is still in the pipe when it ends), all come back with their complete output:
   * reading the output must not race with the command's end (for example by closing the pipes while
   * they are still being read).
   */
  @Test
  public void returnsTheOutputOfManyShortCommandsReliably() throws Exception {
    // Killing a finished command's leftovers must not close its output while it is being read.
    Sandbox sandbox = sandbox();
    int size = 60_000;
    String script =
        "head -c "
            + size
            + " /dev/zero | tr '\\000' o; head -c "
            + size
            + " /dev/zero"
            + " | tr '\\000' e >&2";
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      try {
        ExecResult result = sandbox.exec(shell(script));
        if (result.stdout().length() != size || result.stderr().length() != size) {
          failures.add(
              i
                  + ": got "
                  + result.stdout().length()
                  + " bytes of stdout and "
                  + result.stderr().length()
                  + " of stderr");
        }
      } catch (SandboxException e) {
        failures.add(i + ": " + e);
      }
    }
    assertThat(failures).as("commands whose output did not come back whole").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The workspace

  /** Files the host puts in the workspace are visible to the command, and the other way round. */
  @Test
  public void sharesWorkspaceFilesWithTheHost() throws Exception {
    Files.writeString(workspace().resolve("from-host.txt"), "written by the host\n");
    ExecResult result =
        exec(
            shell(
                "cat from-host.txt && echo written-by-the-command > from-command.txt"
                    + " && mkdir -p deep/er && echo nested > deep/er/file.txt"));
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("written by the host\n");
    assertThat(workspace().resolve("from-command.txt")).hasContent("written-by-the-command");
    assertThat(workspace().resolve("deep/er/file.txt")).hasContent("nested");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    return sandbox().exec(request);
  }

  private ExecRequest shell(String script) {
    return request(".", List.of("sh", "-c", script), Map.of(), "", NORMAL, policy());
  }

  private ExecRequest request(
      String directory,
      List<String> command,
      Map<String, String> environment,
      String stdin,
      Duration timeout,
      SandboxPolicy policy) {
    return new ExecRequest(workspace(), directory, command, environment, stdin, timeout, policy);
  }

  /**
   * The host's variables outside {@code allowlist} that would be recognisable in a command's
   * environment: a shell name, a one-line value, not one a sandbox or shell sets itself.
   */
  static Map<String, String> hostVariablesOutside(Set<String> allowlist) {
    Map<String, String> result = new TreeMap<>();
    System.getenv()
        .forEach(
            (name, value) -> {
              if (!allowlist.contains(name)
                  && !SANDBOX_OWN.contains(name)
                  && name.matches("[A-Za-z_][A-Za-z0-9_]*")
                  && !value.isEmpty()
                  && !value.contains("\n")) {
                result.put(name, value);
              }
            });
    return result;
  }

  private static boolean mayEnterSandbox(String name) {
    try {
      SandboxPolicy.checkEnvironmentName(name);
      return true;
    } catch (IllegalArgumentException refused) {
      return false;
    }
  }
}

package dev.darkfactory.testkit.sandbox;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.NetworkAccess;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.core.sandbox.Sandboxes;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts that a {@link Sandbox} claiming to isolate must contain: destroying the host
 * ({@code rm -rf /}), writing or reading outside the workspace (directly, through symbolic links,
 * through a symlinked working directory or protected path), reaching a server on the host, reading
 * the host's environment or processes, exhausting the host (fork bomb, output flood, endless loop,
 * oversized file), outliving the command, changing kernel settings, and rewriting the protected
 * {@code .git/hooks} and {@code .git/config}.
 *
 * <p>Every test makes the attempt for real and then checks the host: canary files and a holdout
 * directory placed next to the workspace are unchanged and unread, no planted file appeared, no
 * process of the command is left, the test's JVM still works. It also checks that the attempt
 * actually ran and how the result reported it, so a sandbox that simply fails to start commands
 * does not pass.
 *
 * <p>To check your own sandbox, extend this class in your tests; extend {@link SandboxContract} too
 * (in another class) for the behaviour every sandbox must have:
 *
 * <pre>{@code
 * class MySandboxEscapeTest extends SandboxEscapeSuite {
 *   @TempDir Path output;
 *
 *   @Override
 *   protected Sandbox sandbox() {
 *     return MySandbox.builder().outputDirectory(output).build();
 *   }
 * }
 * }</pre>
 *
 * <p><strong>These tests are destructive if the sandbox does not contain them.</strong> They run
 * {@code rm -rf /} and a fork bomb inside the sandbox. Each test first requires {@link
 * Sandbox#doctor()} to say the sandbox isolates, and {@code rm -rf /} runs only after a harmless
 * probe showed that the sandbox cannot see the host's canary; still, run the suite where a broken
 * sandbox costs little (a CI container or a throwaway VM), never against a sandbox that does not
 * isolate. The commands are POSIX shell; the network test needs {@code bash} in the sandbox and is
 * skipped without it. The suite is written for Linux hosts.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract class SandboxEscapeSuite {

  private static final Duration NORMAL = Duration.ofSeconds(30);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  private static final String CANARY_TEXT = "the host canary is alive\n";

  @TempDir private @Nullable Path temp;

  private @Nullable Layout layout;

  /** Creates the suite; subclasses supply the sandbox. */
  protected SandboxEscapeSuite() {}

  /**
   * The sandbox under test, one that claims to isolate; called at least once per test.
   *
   * @return the sandbox
   */
  protected abstract Sandbox sandbox();

  /**
   * The policy the attempts run under; tests that need other limits derive theirs from it with
   * {@link SandboxPolicy#toBuilder()}.
   *
   * @return {@link SandboxPolicy#strict()} unless overridden
   */
  protected SandboxPolicy policy() {
    return SandboxPolicy.strict();
  }

  /**
   * The workspace of the current test: empty when the test starts, with the host's canaries and
   * holdout directory next to it.
   *
   * @return its absolute path
   */
  protected final Path workspace() {
    return layout().workspace;
  }

  /** What each test places on the host: the workspace and, outside it, things to protect. */
  private static final class Layout {
    final Path root;
    final Path workspace;
    final Path hostDirectory;
    final Path canary;
    final Path canaryTree;
    final Path holdout;
    final Path holdoutFile;
    final String holdoutFileToken;
    final String secret;

    Layout(Path root) throws IOException {
      this.root = root;
      this.workspace = Files.createDirectories(root.resolve("workspace"));
      this.hostDirectory = Files.createDirectories(root.resolve("host"));
      this.canary = Files.writeString(hostDirectory.resolve("canary.txt"), CANARY_TEXT);
      this.canaryTree = Files.createDirectories(hostDirectory.resolve("tree/of/canaries"));
      Files.writeString(canaryTree.resolve("leaf.txt"), CANARY_TEXT);
      this.holdout = Files.createDirectories(root.resolve("holdout"));
      // The file name is secret too: it must not show in a listing. Never put the secret or the
      // token in a command line: error messages echo command lines.
      this.holdoutFileToken = "scenario" + UUID.randomUUID().toString().replace("-", "");
      this.holdoutFile = holdout.resolve(holdoutFileToken + ".md");
      this.secret = "HOLDOUT-SECRET-" + UUID.randomUUID();
      Files.writeString(holdoutFile, "expected output: " + secret + "\n");
    }
  }

  @BeforeEach
  final void prepareHostAndRequireIsolation() throws IOException {
    if (temp == null) {
      throw new IllegalStateException("JUnit did not inject the temporary directory");
    }
    layout = new Layout(temp.toAbsolutePath());
    Sandbox sandbox = sandbox();
    SandboxHealth health = sandbox.doctor();
    assertThat(health.isolates())
        .as(
            "the escape suite only runs against a sandbox whose doctor says it isolates, but %s"
                + " says: %s",
            sandbox.name(), health.details())
        .isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Fail closed

  /** The sandbox says it isolates, and the factory's fail-closed check accepts it. */
  @Test
  public void claimsToIsolateAndPassesTheFailClosedCheck() throws Exception {
    Sandbox sandbox = sandbox();
    assertThat(sandbox.doctor().isolates()).isTrue();
    assertThat(Sandboxes.requireIsolation(sandbox)).isSameAs(sandbox);
  }

  // ---------------------------------------------------------------------------------------------
  // Destroying the host

  /**
   * {@code rm -rf /} (with {@code --no-preserve-root} where {@code rm} needs it) removes at most
   * the workspace: the host's canaries, the holdout directory and the system survive.
   */
  @Test
  public void rmRfRootLeavesTheHostIntact() throws Exception {
    Layout l = layout();
    Path victim = Files.writeString(l.workspace.resolve("victim.txt"), "may be destroyed\n");
    requireCanaryInvisible("rm -rf /");
    // GNU rm needs --no-preserve-root to remove /; other rm implementations get / expanded.
    String script =
        "if rm --help 2>&1 | grep -q -e --no-preserve-root; then rm -rf --no-preserve-root /;"
            + " else rm -rf /* /.[!.]*; fi 2>/dev/null; echo rm-exit=$?";
    ExecResult result = exec(shell(script, policy(), Duration.ofSeconds(60)));
    assertThat(result.timedOut()).as("rm -rf / timed out").isFalse();
    assertThat(result.stdout())
        .as("rm -rf / must be reported as failing: the sandbox's own system is not removable")
        .containsPattern("rm-exit=[1-9][0-9]*");
    assertHostIntact();
    assertThat(victim).as("the workspace file (proof that rm ran)").doesNotExist();
  }

  /**
   * {@code rm -rf ~} and {@code rm -rf ~/../..} (the workspace's parent on the host) remove at most
   * the workspace.
   */
  @Test
  public void rmRfHomeLeavesTheHostIntact() throws Exception {
    requireCanaryInvisible("rm -rf ~");
    ExecResult seeded = exec(shell("echo seeded > \"$HOME/home-probe.txt\"", policy(), NORMAL));
    assertThat(seeded.exitCode()).as("seeding $HOME; stderr: %s", seeded.stderr()).isZero();
    for (String script :
        List.of(
            "rm -rf ~ 2>/dev/null; echo rm-exit=$?",
            "rm -rf \"$HOME/../..\" 2>/dev/null; echo rm-exit=$?")) {
      ExecResult result = exec(shell(script, policy(), NORMAL));
      assertThat(result.timedOut()).as("'%s' timed out", script).isFalse();
      assertThat(result.stdout()).as("the attempt ran").contains("rm-exit=");
      assertHostIntact();
    }
    try (Stream<Path> walk = Files.walk(workspace())) {
      assertThat(walk.filter(p -> p.getFileName().toString().equals("home-probe.txt")))
          .as("the file in $HOME (proof that rm ran)")
          .isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing and reading outside the workspace

  /**
   * Writes to the host's canary by absolute path, next to it, to the workspace's parent, to {@code
   * /}, {@code /etc}, {@code /usr} and the host's temporary directory never reach the host. Writes
   * to paths whose directory only the host has must fail; writes elsewhere may succeed inside the
   * sandbox's own file system, but never on the host.
   */
  @Test
  public void writesOutsideTheWorkspaceDoNotReachTheHost() throws Exception {
    Layout l = layout();
    String id = UUID.randomUUID().toString();
    // target -> whether the write must fail inside the sandbox (its directory exists only on the
    // host) rather than merely not reach the host
    Map<Path, Boolean> newFiles = new LinkedHashMap<>();
    newFiles.put(l.hostDirectory.resolve("planted-" + id + ".txt"), true);
    newFiles.put(l.canaryTree.resolve("planted-" + id + ".txt"), true);
    newFiles.put(l.holdout.resolve("planted-" + id + ".txt"), true);
    newFiles.put(l.root.resolve("planted-" + id + ".txt"), false);
    newFiles.put(Path.of("/df-escape-" + id), false);
    newFiles.put(Path.of("/etc/df-escape-" + id), false);
    newFiles.put(Path.of("/usr/df-escape-" + id), false);
    newFiles.put(Path.of("/usr/bin/df-escape-" + id), false);
    newFiles.put(Path.of(System.getProperty("java.io.tmpdir"), "df-escape-" + id), false);
    SoftAssertions softly = new SoftAssertions();
    try {
      for (Map.Entry<Path, Boolean> target : newFiles.entrySet()) {
        String script = "echo pwned > \"$1\"; echo exit=$?";
        ExecResult result = exec(shell(script, policy(), NORMAL, target.getKey().toString()));
        softly
            .assertThat(result.stdout())
            .as("the write to %s ran", target.getKey())
            .contains("exit=");
        if (target.getValue()) {
          softly
              .assertThat(result.stdout())
              .as("the write to %s (whose directory only the host has) must fail", target.getKey())
              .doesNotContain("exit=0");
        }
        softly
            .assertThat(target.getKey())
            .as("a file written by the sandbox to %s, on the host", target.getKey())
            .doesNotExist();
      }
      for (String script :
          List.of(
              "echo pwned > \"$1\"; echo exit=$?",
              "echo pwned >> \"$1\"; echo exit=$?",
              "rm \"$1\"; echo exit=$?",
              "mkdir -p \"$(dirname \"$1\")\" && echo pwned > \"$1\"; echo exit=$?")) {
        ExecResult result = exec(shell(script, policy(), NORMAL, l.canary.toString()));
        softly.assertThat(result.stdout()).as("'%s' on the canary ran", script).contains("exit=");
        if (!script.startsWith("mkdir")) {
          softly
              .assertThat(result.stdout())
              .as("'%s' on the canary, a host file, must fail", script)
              .doesNotContain("exit=0");
        }
        softly
            .assertThat(l.canary)
            .as("the canary after '%s'", script)
            .hasContent(CANARY_TEXT.strip());
      }
    } finally {
      for (Path target : newFiles.keySet()) {
        Files.deleteIfExists(target);
      }
    }
    softly.assertAll();
    assertHostIntact();
  }

  /**
   * A holdout directory on the host cannot be read or listed by absolute path, through {@code
   * /proc/<pid>/root}, or copied into the workspace.
   */
  @Test
  public void cannotReadAHoldoutDirectoryOnTheHost() throws Exception {
    Layout l = layout();
    long jvm = ProcessHandle.current().pid();
    String dir = l.holdout.toString();
    List<String> scripts =
        List.of(
            "cat \"$1\"/*",
            "ls -la \"$1\"",
            "ls -laR \"$(dirname \"$1\")\"",
            "cd \"$1\" && cat ./*",
            "cat /proc/" + jvm + "/root\"$1\"/*",
            "cat /proc/1/root\"$1\"/*",
            "cp -r \"$1\" ./stolen && cat stolen/*",
            "grep -r expected \"$(dirname \"$1\")\"");
    SoftAssertions softly = new SoftAssertions();
    assertReadsRevealNothing(softly, scripts, new String[] {dir}, l.secret, l.holdoutFileToken);
    ExecResult direct = exec(shell("cat \"$1\"/*", policy(), NORMAL, dir));
    softly
        .assertThat(direct.exitCode())
        .as("exit code of reading the holdout directly")
        .isNotZero();
    softly.assertAll();
    assertWorkspaceDoesNotContain(l.secret);
    assertHostIntact();
  }

  /**
   * Symbolic links the host finds in the workspace (left by an earlier command, or by a checkout)
   * that point outside it neither reveal nor change what they point to.
   */
  @Test
  public void symlinksInTheWorkspaceDoNotLeadOutside() throws Exception {
    Layout l = layout();
    Path ws = l.workspace;
    Files.createSymbolicLink(ws.resolve("secret-link"), l.holdoutFile);
    Files.createSymbolicLink(ws.resolve("holdout-link"), l.holdout);
    Files.createSymbolicLink(ws.resolve("relative-holdout-link"), Path.of("../holdout"));
    Files.createSymbolicLink(ws.resolve("canary-link"), l.canary);
    Files.createSymbolicLink(ws.resolve("host-dir-link"), l.hostDirectory);
    List<String> reads =
        List.of(
            "cat secret-link",
            "cat holdout-link/*",
            "ls -la holdout-link/",
            "cat relative-holdout-link/*",
            "cp secret-link copied.txt; cat copied.txt",
            "cat canary-link");
    List<String> writes =
        List.of(
            "echo pwned > canary-link",
            "echo pwned >> canary-link",
            "echo pwned > host-dir-link/planted.txt",
            "echo pwned > holdout-link/planted.txt",
            "rm -r host-dir-link/ holdout-link/*");
    attemptThroughLinks(reads, writes);
    ExecResult direct = exec(shell("cat secret-link", policy(), NORMAL));
    assertThat(direct.exitCode()).as("exit code of reading through the link").isNotZero();
  }

  /** Symbolic links the command makes itself, absolute or relative, do not lead outside either. */
  @Test
  public void symlinksMadeByTheCommandDoNotLeadOutside() throws Exception {
    Layout l = layout();
    String makeLinks =
        "ln -s \"$1\" abs-holdout; ln -s ../holdout rel-holdout; ln -s \"$2\" abs-canary;"
            + " ln -s ../host rel-host; ";
    List<String> reads =
        List.of(
            makeLinks + "cat abs-holdout/*",
            makeLinks + "cat rel-holdout/*",
            makeLinks + "ls -la abs-holdout/ rel-holdout/");
    List<String> writes =
        List.of(
            makeLinks + "echo pwned > abs-canary",
            makeLinks + "echo pwned > rel-host/canary.txt",
            makeLinks + "echo pwned > rel-host/planted.txt",
            makeLinks + "echo pwned > abs-holdout/planted.txt");
    attemptThroughLinks(reads, writes, l.holdout.toString(), l.canary.toString());
    // A second command finds the links made by the first: still nothing outside.
    ExecResult again = exec(shell("cat abs-holdout/* rel-holdout/*", policy(), NORMAL));
    assertThat(again.stdout() + again.stderr()).doesNotContain(l.secret);
    assertThat(again.exitCode()).as("exit code of reading through the links").isNotZero();
    assertHostIntact();
  }

  /**
   * A protected path ({@code .git/hooks}, {@code .git/config}) whose parent is a symbolic link to a
   * host directory does not mount that host directory into the sandbox: the sandbox refuses the
   * command, or the command sees nothing of the host.
   */
  @Test
  public void protectedPathsBehindASymlinkDoNotExposeTheHost() throws Exception {
    Layout l = layout();
    Path fakeGit = Files.createDirectories(l.root.resolve("elsewhere-git"));
    Files.writeString(fakeGit.resolve("config"), "[secret]\n\tvalue = " + l.secret + "\n");
    Files.createDirectories(fakeGit.resolve("hooks"));
    Files.writeString(fakeGit.resolve("hooks/pre-commit"), "#!/bin/sh\n# " + l.secret + "\n");
    Files.createSymbolicLink(l.workspace.resolve(".git"), fakeGit);
    String config = Files.readString(fakeGit.resolve("config"));
    String hook = Files.readString(fakeGit.resolve("hooks/pre-commit"));
    ExecRequest request =
        shell(
            "cat .git/config .git/hooks/*; echo pwned > .git/hooks/planted; echo x >> .git/config;"
                + " echo exit=$?",
            policy(),
            NORMAL);
    try {
      ExecResult result = exec(request);
      assertThat(result.stdout() + result.stderr()).doesNotContain(l.secret);
      assertThat(result.stdout()).as("the last write through the link").doesNotContain("exit=0");
    } catch (SandboxException refused) {
      assertThat(refused.getMessage()).doesNotContain(l.secret);
    }
    assertThat(fakeGit.resolve("config")).hasContent(config.strip());
    assertThat(fakeGit.resolve("hooks/pre-commit")).hasContent(hook.strip());
    assertThat(fakeGit.resolve("hooks/planted")).doesNotExist();
    assertHostIntact();
  }

  /**
   * A working directory that is a symbolic link to a host directory does not put the command there:
   * the sandbox refuses it, or the command sees nothing of the host.
   */
  @Test
  public void aWorkingDirectoryThroughASymlinkDoesNotLeadOutside() throws Exception {
    Layout l = layout();
    Files.createSymbolicLink(l.workspace.resolve("wd-link"), l.holdout);
    ExecRequest request =
        new ExecRequest(
            l.workspace,
            "wd-link",
            List.of("sh", "-c", "cat ./*; ls -la; echo pwned > planted.txt; echo exit=$?"),
            Map.of(),
            "",
            NORMAL,
            policy());
    try {
      ExecResult result = exec(request);
      String seen = result.stdout() + result.stderr();
      assertThat(seen).doesNotContain(l.secret).doesNotContain(l.holdoutFileToken);
      assertThat(result.stdout()).doesNotContain("exit=0");
    } catch (SandboxException refused) {
      assertThat(refused.getMessage()).doesNotContain(l.secret);
    }
    assertThat(l.holdout.resolve("planted.txt")).doesNotExist();
    assertHostIntact();
  }

  // ---------------------------------------------------------------------------------------------
  // Network

  /**
   * A TCP server the test runs on the host, on every address, cannot be reached from the sandbox
   * under either network policy ({@code LOOPBACK} means the sandbox's own loopback, never the
   * host's).
   */
  @Test
  public void cannotReachAServerOnTheHost() throws Exception {
    requireProgram("bash");
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 50);
      int port = server.getLocalPort();
      StringBuilder script = new StringBuilder();
      for (String address : hostAddresses()) {
        script.append(
            String.format(
                "if (echo x > /dev/tcp/%1$s/%2$d) 2>/dev/null; then echo connected-%1$s;"
                    + " else echo refused-%1$s; fi; ",
                address, port));
      }
      for (NetworkAccess access : NetworkAccess.values()) {
        SandboxPolicy p = policy().toBuilder().network(access).build();
        ExecResult result =
            exec(
                new ExecRequest(
                    workspace(),
                    ".",
                    List.of("bash", "-c", script.toString()),
                    Map.of(),
                    "",
                    NORMAL,
                    p));
        assertThat(result.stdout())
            .as("connection attempts under network %s", access)
            .contains("refused-127.0.0.1")
            .doesNotContain("connected-");
      }
      server.setSoTimeout(200);
      assertThatThrownBy(server::accept)
          .as("a connection the host's server accepted from the sandbox")
          .isInstanceOf(SocketTimeoutException.class);
      // The control: the server does accept a connection made on the host.
      try (Socket client = new Socket("127.0.0.1", port)) {
        server.setSoTimeout(10_000);
        try (Socket accepted = server.accept()) {
          assertThat(accepted.isConnected()).isTrue();
        }
        assertThat(client.isConnected()).isTrue();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Secrets in the environment and in other processes

  /**
   * Secrets cannot be passed in (the request and the policy refuse secret-looking and loader
   * variables), and no host variable outside the allowlist, nor the value of any secret-looking
   * host variable, is visible to the command.
   */
  @Test
  public void cannotReadSecretsFromTheEnvironment() throws Exception {
    for (String name :
        List.of("OPENAI_API_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "LD_PRELOAD")) {
      assertThatThrownBy(
              () ->
                  new ExecRequest(
                      workspace(), ".", List.of("env"), Map.of(name, "x"), "", NORMAL, policy()))
          .as("a request passing %s", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name);
      assertThatThrownBy(() -> policy().toBuilder().allowEnvironment(name).build())
          .as("a policy allowing %s from the host", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name);
    }
    ExecResult result =
        exec(
            shell(
                "env; cat /proc/1/environ 2>/dev/null | tr '\\000' '\\n'; echo env-read",
                policy(),
                NORMAL));
    assertThat(result.stdout()).as("the command ran").contains("env-read");
    List<String> lines = List.of(result.stdout().split("\n"));
    Map<String, String> hostOnly =
        SandboxContract.hostVariablesOutside(policy().environmentAllowlist());
    List<String> leaked =
        hostOnly.entrySet().stream()
            .filter(e -> lines.contains(e.getKey() + "=" + e.getValue()))
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    assertThat(leaked).as("host variables outside the allowlist seen in the sandbox").isEmpty();
    List<String> secretsSeen =
        System.getenv().entrySet().stream()
            .filter(e -> SandboxPolicy.isSecretName(e.getKey()) && e.getValue().length() >= 8)
            .filter(e -> result.stdout().contains(e.getValue()))
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    assertThat(secretsSeen)
        .as("secret-looking host variables whose value the sandbox saw")
        .isEmpty();
  }

  /**
   * Host processes are invisible and untouchable: the command and environment of a process the test
   * starts on the host cannot be read through {@code /proc}, and it cannot be killed.
   */
  @Test
  public void cannotSeeOrSignalHostProcesses() throws Exception {
    String argumentSecret = "df-host-arg-" + UUID.randomUUID();
    String environmentSecret = "df-host-env-" + UUID.randomUUID();
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", "sleep 300; :", argumentSecret);
    builder.environment().put("DF_HOST_SECRET", environmentSecret);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process helper = builder.start();
    try {
      assertThat(
              Poll.until(
                  Duration.ofSeconds(10),
                  () -> !ProcessProbe.processesWith(argumentSecret).isEmpty()))
          .as("the host helper process is visible on the host (the control)")
          .isTrue();
      ExecResult scan =
          exec(
              shell(
                  "for f in /proc/[0-9]*/cmdline /proc/[0-9]*/environ /proc/"
                      + helper.pid()
                      + "/cmdline /proc/"
                      + helper.pid()
                      + "/environ; do cat \"$f\"; echo;"
                      + " done 2>/dev/null; ps -eo args 2>/dev/null; echo scanned",
                  policy(),
                  NORMAL));
      assertThat(scan.stdout()).as("the scan ran").contains("scanned");
      assertThat(scan.stdout() + scan.stderr())
          .as("what the sandbox saw of host processes")
          .doesNotContain(argumentSecret)
          .doesNotContain(environmentSecret);
      ExecResult kill =
          exec(
              shell(
                  "kill -9 " + helper.pid() + " 2>/dev/null; echo kill-exit=$?", policy(), NORMAL));
      assertThat(kill.stdout())
          .as("kill of a host pid")
          .contains("kill-exit=")
          .doesNotContain("kill-exit=0");
      assertThat(helper.waitFor(500, TimeUnit.MILLISECONDS))
          .as("the host process ended after the sandbox tried to kill it")
          .isFalse();
    } finally {
      helper.destroyForcibly();
      ProcessProbe.killAll(environmentSecret); // its sleep, which outlives the shell
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Exhausting the host

  /**
   * A fork bomb with a 5 s timeout is killed at the timeout, nothing of it remains, and the test's
   * JVM can still start threads and processes.
   */
  @Test
  public void aForkBombIsContained() throws Exception {
    String marker = ProcessProbe.newMarker();
    boolean bash = hasProgram("bash");
    List<String> command =
        bash
            ? List.of("bash", "-c", ":(){ :|:& };:; exec sleep 60", marker)
            : List.of("sh", "-c", "f() { f | f & }; f; exec sleep 60", marker);
    SandboxPolicy limited = policy().toBuilder().maxProcesses(64).build();
    long start = System.nanoTime();
    ExecResult result =
        exec(
            new ExecRequest(
                workspace(),
                ".",
                command,
                Map.of(ProcessProbe.MARKER_VARIABLE, marker),
                "",
                Duration.ofSeconds(5),
                limited));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result.timedOut())
        .as("the bomb (which sleeps 60 s) was killed at the timeout")
        .isTrue();
    assertThat(took).as("time until exec returned").isLessThan(Duration.ofSeconds(20));
    ProcessProbe.assertNoneRemain(marker, Duration.ofSeconds(10), "processes of the fork bomb");
    assertJvmCanStartThreadsAndProcesses();
    assertHostIntact();
  }

  /**
   * A gigabyte of output with a small cap returns, truncated, with small result strings; nothing of
   * the command remains.
   */
  @Test
  public void anOutputFloodIsCapped() throws Exception {
    String marker = ProcessProbe.newMarker();
    SandboxPolicy capped = policy().toBuilder().maxOutputBytes(4096).build();
    ExecResult result =
        exec(
            markedShell("head -c 1073741824 /dev/zero; echo flooded >&2", marker, Duration.ofSeconds(60), capped));
    assertThat(result.timedOut()).as("timed out instead of draining 1 GiB").isFalse();
    assertThat(result.truncated()).as("truncated").isTrue();
    assertThat(result.stdout().length()).as("kept stdout").isLessThanOrEqualTo(4096 + 1024);
    assertThat(result.stderr()).isEqualTo("flooded\n");
    ProcessProbe.assertNoneRemain(marker, KILL_GRACE, "processes of the flood");
    assertJvmCanStartThreadsAndProcesses();
  }

  /** An endless busy loop is killed at the timeout and nothing of it remains. */
  @Test
  public void anEndlessLoopIsKilledAtTheTimeout() throws Exception {
    String marker = ProcessProbe.newMarker();
    long start = System.nanoTime();
    ExecResult result =
        exec(
            markedShell("while :; do :; done", marker, Duration.ofSeconds(1), policy()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result.timedOut()).isTrue();
    assertThat(took).isLessThan(Duration.ofSeconds(6));
    ProcessProbe.assertNoneRemain(marker, KILL_GRACE, "the loop");
  }

  /** A file larger than the policy's limit cannot be written to the workspace. */
  @Test
  public void cannotWriteAFileLargerThanTheLimit() throws Exception {
    SandboxPolicy limited = policy().toBuilder().maxFileSizeBytes(1 << 20).build();
    ExecResult result =
        exec(shell("head -c 4194304 /dev/zero > big.bin; echo exit=$?", limited, NORMAL));
    assertThat(result.stdout()).as("the write ran").contains("exit=").doesNotContain("exit=0");
    Path big = workspace().resolve("big.bin");
    assertThat(Files.exists(big) ? Files.size(big) : 0L)
        .as("size of the file written with a 1 MiB limit")
        .isLessThanOrEqualTo(1L << 20);
  }

  // ---------------------------------------------------------------------------------------------
  // Outliving the command

  /**
   * Processes a command leaves behind (in the background, with {@code nohup}, or daemonised in a
   * new session with their output closed) do not outlive it.
   */
  @Test
  public void backgroundProcessesDoNotOutliveTheCommand() throws Exception {
    for (String script :
        List.of(
            "sleep 300 & echo started",
            "nohup sleep 300 >/dev/null 2>&1 & echo started",
            "(setsid sleep 300 </dev/null >/dev/null 2>&1 &); echo started")) {
      String marker = ProcessProbe.newMarker();
      long start = System.nanoTime();
      ExecResult result =
          exec(
              new ExecRequest(
                  workspace(),
                  ".",
                  List.of("sh", "-c", script, marker),
                  Map.of(ProcessProbe.MARKER_VARIABLE, marker),
                  "",
                  NORMAL,
                  policy()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(result.stdout()).as("stdout of '%s'", script).isEqualTo("started\n");
      assertThat(result.timedOut()).as("'%s' timed out", script).isFalse();
      assertThat(took).as("time '%s' took", script).isLessThan(Duration.ofSeconds(15));
      ProcessProbe.assertNoneRemain(marker, KILL_GRACE, "processes started by '" + script + "'");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Kernel settings

  /**
   * A host kernel setting ({@code /proc/sys/kernel/core_uses_pid}, harmless to flip) cannot be
   * changed from the sandbox. A sandbox whose {@code /proc/sys} is writable lets a command set
   * {@code kernel.core_pattern} to a program of its choosing, which the host kernel then runs
   * outside every namespace.
   */
  @Test
  public void cannotChangeHostKernelSettings() throws Exception {
    // A command that runs as the host's uid 0 (without capabilities) could otherwise write the
    // kernel's tunables: kernel.core_pattern runs a program as root on the host. The finally
    // block restores the setting if the sandbox fails this test.
    Path setting = Path.of("/proc/sys/kernel/core_uses_pid");
    assumeThat(Files.isReadable(setting)).as("%s exists on this host", setting).isTrue();
    String before = Files.readString(setting).strip();
    try {
      ExecResult result =
          exec(
              shell(
                  "v=$(cat /proc/sys/kernel/core_uses_pid) && echo $((1 - v)) >"
                      + " /proc/sys/kernel/core_uses_pid; echo exit=$?",
                  policy(),
                  NORMAL));
      assertThat(result.stdout()).as("the write ran").contains("exit=");
      assertThat(Files.readString(setting).strip())
          .as("the host's %s after the sandbox wrote to it (stdout: %s)", setting, result.stdout())
          .isEqualTo(before);
    } finally {
      if (!Files.readString(setting).strip().equals(before) && Files.isWritable(setting)) {
        Files.writeString(setting, before);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Protected paths

  /**
   * {@code .git/hooks} and {@code .git/config} stay as the host made them, whatever the command
   * writes, appends, removes or renames inside them.
   */
  @Test
  public void gitHooksAndConfigCannotBeWritten() throws Exception {
    GitFixture git = new GitFixture(workspace());
    SoftAssertions softly = new SoftAssertions();
    for (String script :
        List.of(
            "echo evil > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit",
            "echo x >> .git/config",
            "printf '[core]\\n\\thooksPath = /tmp\\n' > .git/config",
            "sed -i 's/0/1/' .git/config",
            "mv .git/config .git/config.old && echo evil > .git/config",
            "mv .git/hooks .git/hooks.old && mkdir .git/hooks && echo evil > .git/hooks/pre-commit",
            "rm -rf .git/hooks .git/config")) {
      ExecResult result = exec(shell(script + "; echo exit=$?", policy(), NORMAL));
      softly.assertThat(result.stdout()).as("'%s' ran", script).contains("exit=");
      softly.assertThat(result.stdout()).as("'%s' must fail", script).doesNotContain("exit=0");
      git.assertUnchanged(softly, script);
    }
    softly.assertAll();
  }

  /**
   * Moving {@code .git} aside and creating a new one does not replace the protected hooks and
   * config either: afterwards the host's {@code .git/hooks} has no hook and {@code .git/config} is
   * the host's.
   */
  @Test
  public void gitHooksAndConfigCannotBeReplacedByMovingGitAside() throws Exception {
    // Read-only mounts of .git/hooks and .git/config are not enough if .git itself can be renamed
    // and replaced by a new .git with its own hook and config.
    GitFixture git = new GitFixture(workspace());
    SoftAssertions softly = new SoftAssertions();
    for (String script :
        List.of(
            "mv .git .git-aside && mkdir -p .git/hooks && echo evil > .git/hooks/pre-commit"
                + " && chmod +x .git/hooks/pre-commit && printf '[core]\\n\\thooksPath = hooks\\n'"
                + " > .git/config")) {
      ExecResult result = exec(shell(script + "; echo exit=$?", policy(), NORMAL));
      softly.assertThat(result.stdout()).as("'%s' ran", script).contains("exit=");
      softly.assertThat(result.stdout()).as("'%s' must fail", script).doesNotContain("exit=0");
      git.assertUnchanged(softly, script);
    }
    softly.assertAll();
  }

  /** A {@code .git} directory made by the host with an empty hooks directory and a config. */
  private static final class GitFixture {
    private final Path hooks;
    private final Path config;
    private final String configText = "[core]\n\trepositoryformatversion = 0\n\tbare = false\n";

    GitFixture(Path workspace) throws IOException {
      this.hooks = Files.createDirectories(workspace.resolve(".git/hooks"));
      this.config = Files.writeString(workspace.resolve(".git/config"), configText);
    }

    void assertUnchanged(SoftAssertions softly, String after) throws IOException {
      softly
          .assertThat(Files.isDirectory(hooks, LinkOption.NOFOLLOW_LINKS))
          .as(".git/hooks is still a directory after '%s'", after)
          .isTrue();
      if (Files.isDirectory(hooks)) {
        try (Stream<Path> list = Files.list(hooks)) {
          softly
              .assertThat(list.map(p -> p.getFileName().toString()))
              .as("hooks in .git/hooks on the host after '%s'", after)
              .isEmpty();
        }
      }
      softly
          .assertThat(
              Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)
                  ? Files.readString(config)
                  : "<missing>")
          .as(".git/config on the host after '%s'", after)
          .isEqualTo(configText);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private Layout layout() {
    if (layout == null) {
      throw new IllegalStateException("the host layout is created before each test");
    }
    return layout;
  }

  private ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    return sandbox().exec(request);
  }

  /** {@code sh -c script sh args...}: the arguments are {@code $1}, {@code $2}, ... */
  private ExecRequest shell(String script, SandboxPolicy policy, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
    Collections.addAll(command, args);
    return new ExecRequest(workspace(), ".", command, Map.of(), "", timeout, policy);
  }

  /**
   * Before a destructive attempt: a harmless probe must show that the sandbox cannot see the host's
   * canary or holdout, but does see the workspace; otherwise the test fails without making the
   * attempt.
   */
  private void requireCanaryInvisible(String attempt) throws Exception {
    Layout l = layout();
    Files.writeString(l.workspace.resolve("probe.txt"), "probe\n");
    ExecResult probe =
        exec(
            shell(
                "test -e \"$1\" && echo VISIBLE-canary; test -e \"$2\" && echo VISIBLE-holdout;"
                    + " test -e probe.txt && echo workspace-seen",
                policy(),
                NORMAL,
                l.canary.toString(),
                l.holdout.toString()));
    assertThat(probe.stdout())
        .as("refusing to run '%s': the harmless probe shows the sandbox can see the host", attempt)
        .doesNotContain("VISIBLE")
        .contains("workspace-seen");
  }

  private void assertHostIntact() throws IOException {
    Layout l = layout();
    assertThat(l.canary).as("the host canary").hasContent(CANARY_TEXT.strip());
    assertThat(l.canaryTree.resolve("leaf.txt"))
        .as("the host canary tree")
        .hasContent(CANARY_TEXT.strip());
    try (Stream<Path> list = Files.list(l.hostDirectory)) {
      List<String> names =
          list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertThat(names)
          .as("the host directory next to the workspace")
          .containsExactly("canary.txt", "tree");
    }
    try (Stream<Path> list = Files.list(l.holdout)) {
      assertThat(list.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
          .as("the holdout directory")
          .containsExactly(l.holdoutFile.getFileName().toString());
    }
    assertThat(Files.readString(l.holdoutFile)).contains(l.secret);
    assertThat(Path.of("/usr/bin")).as("the host's /usr/bin").isDirectory();
    assertThat(Path.of("/etc")).as("the host's /etc").isDirectory();
  }

  private void assertWorkspaceDoesNotContain(String secret) throws IOException {
    try (Stream<Path> walk = Files.walk(workspace())) {
      List<Path> holding =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> read(p).contains(secret))
              .collect(Collectors.toList());
      assertThat(holding).as("workspace files holding the holdout secret").isEmpty();
    }
  }

  private void attemptThroughLinks(List<String> reads, List<String> writes, String... args)
      throws Exception {
    Layout l = layout();
    SoftAssertions softly = new SoftAssertions();
    assertReadsRevealNothing(
        softly, reads, args, l.secret, l.holdoutFileToken, CANARY_TEXT.strip());
    for (String script : writes) {
      ExecResult result = exec(shell(script + "; echo exit=$?", policy(), NORMAL, args));
      softly.assertThat(result.stdout()).as("'%s' ran", script).contains("exit=");
      softly.assertThat(result.stdout()).as("'%s' must fail", script).doesNotContain("exit=0");
    }
    softly.assertAll();
    assertWorkspaceDoesNotContain(l.secret);
    assertHostIntact();
  }

  private void requireProgram(String program) throws Exception {
    assumeThat(hasProgram(program)).as("%s is available in the sandbox", program).isTrue();
  }

  private boolean hasProgram(String program) throws Exception {
    return exec(shell("command -v \"$1\"", policy(), NORMAL, program)).exitCode() == 0;
  }

  private static void assertJvmCanStartThreadsAndProcesses() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    Thread thread = new Thread(() -> ran.set(true), "after-escape-attempt");
    thread.start();
    thread.join(10_000);
    assertThat(ran).as("a thread the JVM started afterwards ran").isTrue();
    Process process = new ProcessBuilder("sh", "-c", "exit 7").start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("a host process ended").isTrue();
    assertThat(process.exitValue())
        .as("exit code of a host process started afterwards")
        .isEqualTo(7);
  }

  /** 127.0.0.1 and every IPv4 address of the host's interfaces that are up. */
  private static List<String> hostAddresses() throws IOException {
    TreeSet<String> addresses = new TreeSet<>();
    addresses.add("127.0.0.1");
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            addresses.add(address.getHostAddress());
          }
        }
      }
    }
    return new ArrayList<>(addresses);
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * A request to run {@code script} with {@code sh -c}, carrying {@code marker} in its command line
   * and environment so that {@link ProcessProbe} can find anything of it that remains.
   */
  private ExecRequest markedShell(
      String script, String marker, Duration timeout, SandboxPolicy policy) {
    return new ExecRequest(
        workspace(),
        ".",
        List.of("sh", "-c", script, marker),
        Map.of(ProcessProbe.MARKER_VARIABLE, marker),
        "",
        timeout,
        policy);
  }

  /** Runs each read attempt; each must run to its end and print none of {@code secrets}. */
  private void assertReadsRevealNothing(
      SoftAssertions softly, List<String> scripts, String[] args, String... secrets)
      throws Exception {
    for (String script : scripts) {
      ExecResult result = exec(shell(script + "; echo exit=$?", policy(), NORMAL, args));
      String seen = result.stdout() + result.stderr();
      softly.assertThat(result.stdout()).as("'%s' ran", script).contains("exit=");
      for (String secret : secrets) {
        softly.assertThat(seen).as("output of '%s'", script).doesNotContain(secret);
      }
    }
  }
}

package dev.darkfactory.core.sandbox;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs each command in a <a href="https://github.com/containers/bubblewrap">bubblewrap</a>
 * sandbox: the default on Linux.
 *
 * <p>What a command sees and may do:
 *
 * <ul>
 *   <li>System directories ({@code /usr}, {@code /bin}, {@code /lib*}, {@code /sbin}) and a short
 *       list of {@code /etc} entries programs need (certificates, Java configuration, users,
 *       name service, time zone) read-only; nothing else of the host: no {@code /home}, {@code
 *       /root}, other {@code /etc} files, or host {@code /tmp}.
 *   <li>The workspace, read-write, at its host path; paths the policy protects ({@code
 *       .git/hooks}, {@code .git/config}, a spec's protected globs) re-mounted read-only; host
 *       directories the policy names (such as a Maven cache) read-only.
 *   <li>A private {@code /tmp}, {@code /proc} and {@code /dev}; {@code HOME} is {@code
 *       .factory-home} in the workspace.
 *   <li>Its own network namespace: only its own loopback, never the host's network or loopback
 *       (both {@code NONE} and {@code LOOPBACK} policies get this); its own pid, ipc, uts and
 *       cgroup namespaces; a new session (no terminal injection); every capability dropped;
 *       killed when the JVM dies.
 *   <li>A cleared environment: only the policy's allowlist from the host, then the request's
 *       variables; secrets and loader variables are refused by the policy itself.
 *   <li>Limits: the timeout kills the whole sandbox; output is capped per stream (head and tail
 *       kept, the whole saved outside the workspace); file size through {@code RLIMIT_FSIZE};
 *       process count and memory through cgroups where this process may create them, else
 *       memory through {@code RLIMIT_DATA} ({@link #doctor()} says which).
 * </ul>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class BubblewrapSandbox implements Sandbox {

  /** System directories mounted read-only when they exist. */
  public static final List<String> SYSTEM_DIRECTORIES =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  /** Entries of {@code /etc} mounted read-only when they exist; globs allowed in the last part. */
  public static final List<String> ETC_ENTRIES =
      List.of(
          "/etc/alternatives",
          "/etc/ssl",
          "/etc/ca-certificates",
          "/etc/java*",
          "/etc/passwd",
          "/etc/group",
          "/etc/hosts",
          "/etc/nsswitch.conf",
          "/etc/localtime",
          "/etc/timezone",
          "/etc/ld.so.cache",
          "/etc/ld.so.conf",
          "/etc/ld.so.conf.d",
          "/etc/mime.types");

  /** Parts of {@code /proc} that change the host kernel, mounted read-only. */
  private static final List<String> READ_ONLY_PROC =
      List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/fs", "/proc/acpi", "/proc/scsi", "/proc/driver");

  /** Host directories a workspace may be neither inside nor above. */
  private static final List<String> SYSTEM_ROOTS =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/proc", "/dev", "/sys", "/boot", "/run", "/var");

  private static final Duration DOCTOR_TIMEOUT = Duration.ofSeconds(10);

  private final Path bwrap;
  private final List<String> systemMounts;
  private final Path outputDirectory;
  private final Cgroups cgroups;

  private BubblewrapSandbox(Builder b) {
    this.bwrap = b.bwrap;
    this.outputDirectory = b.outputDirectory;
    this.cgroups = b.useCgroups ? Cgroups.detect() : Cgroups.none();
    List<String> mounts = new ArrayList<>(SYSTEM_DIRECTORIES);
    mounts.addAll(expand(ETC_ENTRIES));
    this.systemMounts = List.copyOf(mounts);
  }

  /** A builder with the defaults: {@code bwrap} from {@code PATH}, cgroups when available. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "bubblewrap";
  }

  @Override
  public SandboxHealth doctor() {
    List<String> details = new ArrayList<>();
    if (!Files.isExecutable(bwrap)) {
      return SandboxHealth.notIsolating(
          "bubblewrap not found at " + bwrap + " (install the 'bubblewrap' package)");
    }
    Path probe = null;
    try {
      probe = Files.createTempDirectory("darkfactory-doctor");
      ExecResult r =
          exec(ExecRequest.of(probe.toAbsolutePath(), DOCTOR_TIMEOUT, "/bin/sh", "-c", "echo isolated"));
      if (r.exitCode() != 0 || !r.stdout().strip().equals("isolated")) {
        return SandboxHealth.notIsolating(
            "bubblewrap at " + bwrap + " cannot create a sandbox here (exit " + r.exitCode() + "): "
                + r.stderr().strip());
      }
      details.add("bubblewrap at " + bwrap + " creates namespaced sandboxes");
    } catch (SandboxException | IOException e) {
      return SandboxHealth.notIsolating("bubblewrap at " + bwrap + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SandboxHealth.notIsolating("interrupted while probing bubblewrap");
    } finally {
      if (probe != null) {
        deleteQuietly(probe);
      }
    }
    details.add(cgroups.describe());
    details.add("file size limit: RLIMIT_FSIZE");
    return new SandboxHealth(true, details);
  }

  @Override
  public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
    Path workspace = request.workspace().normalize();
    if (!Files.isDirectory(workspace, LinkOption.NOFOLLOW_LINKS)) {
      throw new SandboxException("workspace " + workspace + " is not a directory");
    }
    for (String root : SYSTEM_ROOTS) {
      Path system = Path.of(root);
      if (workspace.getNameCount() == 0 || workspace.startsWith(system) || system.startsWith(workspace)) {
        throw new SandboxException(
            "workspace " + workspace + " would expose the system directory " + root + " read-write");
      }
    }
    Path directory = workspace.resolve(request.workingDirectory()).normalize();
    if (!Files.isDirectory(directory)) {
      throw new SandboxException("working directory " + request.workingDirectory() + " does not exist in " + workspace);
    }
    Path home = Sandboxes.home(workspace);
    SandboxPolicy policy = request.policy();
    List<String> sandboxed;
    Cgroups.Group group;
    try {
      Files.createDirectories(home);
      sandboxed = arguments(request, workspace, directory, home);
      group = cgroups.acquire(policy.maxProcesses(), policy.maxMemoryBytes());
    } catch (IOException e) {
      throw new SandboxException(
          "cannot prepare the sandbox for " + workspace + ": " + e.getMessage(), e);
    }
    try {
      // Without a cgroup to kill, bubblewrap runs in a process group of its own, so that a kill
      // also reaches a child it forked just before its parent was killed, which would otherwise
      // outlive it (its die-with-parent signal is not yet set up at that moment).
      boolean byGroup = !cgroups.limitsProcesses();
      List<String> launched = byGroup ? ProcessRunner.inOwnSession(sandboxed) : sandboxed;
      return ProcessRunner.run(
          group.wrap(limits(policy), launched),
          workspace,
          Map.of("PATH", Sandboxes.DEFAULT_PATH),
          request.stdin(),
          request.timeout(),
          policy.maxOutputBytes(),
          outputDirectory,
          process -> group.kill(),
          false,
          byGroup);
    } finally {
      group.release();
    }
  }

  /**
   * The bubblewrap command line this sandbox runs for {@code request}, without the shell that
   * applies resource limits around it: for diagnostics, and for measuring bubblewrap's own cost.
   *
   * @param request the request
   * @return the {@code bwrap} argument vector
   * @throws IOException when the workspace cannot be inspected
   */
  public List<String> bubblewrapCommand(ExecRequest request) throws IOException {
    Path workspace = request.workspace().normalize();
    Path directory = workspace.resolve(request.workingDirectory()).normalize();
    return arguments(request, workspace, directory, Sandboxes.home(workspace));
  }

  private List<String> arguments(ExecRequest request, Path workspace, Path directory, Path home)
      throws IOException {
    SandboxPolicy policy = request.policy();
    List<String> args = new ArrayList<>();
    args.add(bwrap.toString());
    args.addAll(
        List.of(
            "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-net",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--hostname", "sandbox"));
    for (String mount : systemMounts) {
      args.addAll(List.of("--ro-bind-try", mount, mount));
    }
    args.addAll(List.of("--proc", "/proc"));
    // The command runs as the host's uid 0 without capabilities: the kernel's tunables would
    // still be writable to it (core_pattern runs a program as root on the host), so they are not.
    for (String proc : READ_ONLY_PROC) {
      args.addAll(List.of("--ro-bind-try", proc, proc));
    }
    // A private /tmp no larger than the memory limit, so filling it cannot exhaust host memory.
    args.addAll(
        List.of("--dev", "/dev", "--size", Long.toString(policy.maxMemoryBytes()), "--tmpfs", "/tmp"));
    for (Path mount : policy.hostReadOnlyMounts()) {
      args.addAll(List.of("--ro-bind", mount.toString(), mount.toString()));
    }
    args.addAll(List.of("--bind", workspace.toString(), workspace.toString()));
    List<Path> protectedPaths = protectedPaths(workspace, policy.readOnlyPaths());
    // Every directory between the workspace and a protected path becomes a mount point, which
    // cannot be renamed: otherwise 'mv .git x && mkdir -p .git/hooks' would replace the hooks.
    Set<Path> ancestors = new java.util.TreeSet<>();
    for (Path path : protectedPaths) {
      for (Path a = path.getParent(); a != null && !a.equals(workspace); a = a.getParent()) {
        ancestors.add(a);
      }
    }
    for (Path a : ancestors) {
      args.addAll(List.of("--bind", a.toString(), a.toString()));
    }
    for (Path path : protectedPaths) {
      args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
    }
    args.add("--clearenv");
    for (String name : policy.environmentAllowlist()) {
      String value = System.getenv(name);
      if (value != null) {
        args.addAll(List.of("--setenv", name, value));
      }
    }
    if (System.getenv("PATH") == null || !policy.environmentAllowlist().contains("PATH")) {
      args.addAll(List.of("--setenv", "PATH", Sandboxes.DEFAULT_PATH));
    }
    args.addAll(List.of("--setenv", "HOME", home.toString(), "--setenv", "TMPDIR", "/tmp"));
    request.environment().forEach((k, v) -> args.addAll(List.of("--setenv", k, v)));
    args.addAll(List.of("--chdir", directory.toString(), "--"));
    args.addAll(request.command());
    return args;
  }

  /**
   * The shell {@code ulimit} commands that set the resource limits bubblewrap and the command
   * inherit: file size always, data size when no memory cgroup limits memory, process count when
   * no pids cgroup limits processes.
   */
  private String limits(SandboxPolicy policy) {
    // ulimit -f counts 512-byte blocks, ulimit -d KiB; round up so a limit is never tighter.
    String limits = "ulimit -f " + ((policy.maxFileSizeBytes() + 511) / 512);
    if (!cgroups.limitsMemory()) {
      limits += " && ulimit -d " + ((policy.maxMemoryBytes() + 1023) / 1024);
    }
    if (!cgroups.limitsProcesses()) {
      // RLIMIT_NPROC: enforced for users other than root. Shells disagree on its ulimit letter,
      // so util-linux's prlimit sets it on the shell, which bubblewrap and the command inherit.
      limits += " && prlimit --pid $$ --nproc=" + policy.maxProcesses();
    }
    return limits;
  }

  /**
   * The existing paths in the workspace that match the protected globs, never following a
   * symbolic link: a link is not mounted, so it cannot expose what it points to.
   */
  private static List<Path> protectedPaths(Path workspace, List<String> globs) throws IOException {
    Set<Path> found = new LinkedHashSet<>();
    List<PathMatcher> patterns = new ArrayList<>();
    for (String glob : globs) {
      if (!glob.contains("*") && !glob.contains("?") && !glob.contains("[") && !glob.contains("{")) {
        Path p = workspace.resolve(glob).normalize();
        if (glob.equals(".git/hooks")
            && Files.isDirectory(workspace.resolve(".git"), LinkOption.NOFOLLOW_LINKS)
            && !Files.isSymbolicLink(p)) {
          // Without the directory there is nothing to mount, and the agent could create hooks.
          Files.createDirectories(p);
        }
        if (p.startsWith(workspace) && Files.exists(p, LinkOption.NOFOLLOW_LINKS) && withoutLinks(workspace, p)) {
          found.add(p);
        }
      } else {
        patterns.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
      }
    }
    if (!patterns.isEmpty()) {
      try (Stream<Path> walk = Files.walk(workspace)) {
        walk.filter(p -> withoutLinks(workspace, p))
            .filter(p -> !p.equals(workspace))
            .filter(p -> patterns.stream().anyMatch(m -> m.matches(workspace.relativize(p))))
            .forEach(found::add);
      }
    }
    return new ArrayList<>(found);
  }

  /** Whether no part of {@code path} below the workspace is a symbolic link. */
  private static boolean withoutLinks(Path workspace, Path path) {
    for (Path p = path; p != null && !p.equals(workspace); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> expand(List<String> entries) {
    List<String> result = new ArrayList<>();
    for (String entry : entries) {
      if (!entry.contains("*")) {
        result.add(entry);
        continue;
      }
      Path dir = Path.of(entry).getParent();
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + entry);
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(m::matches).sorted().forEach(p -> result.add(p.toString()));
      } catch (IOException e) {
        // No such directory on this host: nothing to mount.
      }
    }
    return result;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover probe directory in the temp dir is harmless.
    }
  }

  /**
   * Builds a {@link BubblewrapSandbox}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private Path bwrap = findOnPath("bwrap");
    private Path outputDirectory = Sandboxes.defaultOutputDirectory();
    private boolean useCgroups = true;

    private Builder() {}

    /** Sets the bubblewrap executable. */
    public Builder bwrap(Path executable) {
      this.bwrap = Require.nonNull(executable, "bwrap");
      return this;
    }

    /** Sets where the full output of truncated commands is saved; outside every workspace. */
    public Builder outputDirectory(Path directory) {
      this.outputDirectory = Require.nonNull(directory, "outputDirectory");
      return this;
    }

    /** Whether to limit processes and memory with cgroups where possible; default true. */
    public Builder useCgroups(boolean use) {
      this.useCgroups = use;
      return this;
    }

    /** The sandbox. */
    public BubblewrapSandbox build() {
      return new BubblewrapSandbox(this);
    }

    private static Path findOnPath(String name) {
      String path = System.getenv("PATH");
      for (String dir : (path == null ? Sandboxes.DEFAULT_PATH : path).split(":")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
      return Path.of("/usr/bin", name);
    }
  }
}

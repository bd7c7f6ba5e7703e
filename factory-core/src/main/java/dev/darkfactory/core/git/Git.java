package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.workspace.CommitId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The git command-line tool, run with a timeout, a clean environment and errors that carry git's
 * own message.
 *
 * <p>The factory uses the CLI rather than a Java reimplementation: it is the git users already
 * trust, it is fast ({@code clone --local} of a 10,000-file repository in about 0.3 s on the
 * machines we measured, against 3 to 9 s for JGit), and it has every feature (worktrees, {@code
 * merge-tree}, pushes with a lease).
 *
 * <p>Every command runs with {@code LC_ALL=C} (so messages can be read), {@code
 * GIT_TERMINAL_PROMPT=0} (a credential prompt fails instead of hanging) and without the {@code
 * GIT_DIR}-style variables a parent git process may have exported. Instances are immutable and
 * thread-safe; {@code with...} methods return changed copies.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Git {

  /** How long a git command may run unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final Logger LOG = LoggerFactory.getLogger(Git.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "factory-git-io-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
  private static final List<String> INHERITED_GIT_VARIABLES =
      List.of(
          "GIT_DIR",
          "GIT_WORK_TREE",
          "GIT_INDEX_FILE",
          "GIT_OBJECT_DIRECTORY",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES",
          "GIT_COMMON_DIR",
          "GIT_NAMESPACE",
          "GIT_PREFIX",
          "GIT_CEILING_DIRECTORIES",
          "GIT_DISCOVERY_ACROSS_FILESYSTEM",
          "GIT_QUARANTINE_PATH",
          "GIT_CONFIG",
          "GIT_CONFIG_PARAMETERS",
          "GIT_CONFIG_COUNT");

  private final String executable;
  private final Path directory;
  private final Duration timeout;
  private final Map<String, String> environment;

  private Git(String executable, Path directory, Duration timeout, Map<String, String> environment) {
    this.executable = executable;
    this.directory = directory;
    this.timeout = timeout;
    this.environment = environment;
  }

  /**
   * Git running in {@code directory}, with the {@code git} found on the {@code PATH}.
   *
   * @param directory the working directory of every command
   * @return the git
   */
  public static Git in(Path directory) {
    Require.nonNull(directory, "directory");
    return new Git("git", directory.toAbsolutePath().normalize(), DEFAULT_TIMEOUT, Map.of());
  }

  /**
   * This git with another time limit per command.
   *
   * @param timeout the limit, positive
   * @return the changed copy
   */
  public Git withTimeout(Duration timeout) {
    return new Git(executable, directory, Require.positive(timeout, "timeout"), environment);
  }

  /**
   * This git in another working directory.
   *
   * @param directory the directory
   * @return the changed copy
   */
  public Git inDirectory(Path directory) {
    Require.nonNull(directory, "directory");
    return new Git(executable, directory.toAbsolutePath().normalize(), timeout, environment);
  }

  /**
   * This git with an environment variable set for every command.
   *
   * @param name the variable
   * @param value its value
   * @return the changed copy
   */
  public Git withEnvironment(String name, String value) {
    Require.nonBlank(name, "name");
    Require.nonNull(value, "value");
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new Git(executable, directory, timeout, Map.copyOf(env));
  }

  /**
   * This git with the named executable instead of {@code git} from the {@code PATH}.
   *
   * @param executable the program, a name or a path
   * @return the changed copy
   */
  public Git withExecutable(String executable) {
    return new Git(Require.nonBlank(executable, "executable"), directory, timeout, environment);
  }

  /**
   * This git reading neither the user's global nor the system configuration, for commands whose
   * outcome must not depend on who runs the factory (a global excludes file would silently drop
   * files from a candidate).
   *
   * @return the changed copy
   */
  public Git withoutUserConfiguration() {
    return withEnvironment("GIT_CONFIG_GLOBAL", "/dev/null").withEnvironment("GIT_CONFIG_NOSYSTEM", "1");
  }

  /**
   * The working directory of every command.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * What a git command did.
   *
   * @param exitCode its exit code
   * @param stdout what it printed
   * @param stderr what it printed on the error stream
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public record Result(int exitCode, String stdout, String stderr) {

    /** Checks the streams. */
    public Result {
      Require.nonNull(stdout, "stdout");
      Require.nonNull(stderr, "stderr");
    }

    /**
     * Whether git exited with 0.
     *
     * @return whether it succeeded
     */
    public boolean succeeded() {
      return exitCode == 0;
    }

    /**
     * The standard output without its final line break.
     *
     * @return the text
     */
    public String text() {
      return stdout.endsWith("\n") ? stdout.substring(0, stdout.length() - 1) : stdout;
    }
  }

  /**
   * Runs git and returns its output without the final line break, failing when it fails.
   *
   * @param args the arguments
   * @return the output
   * @throws GitException when git exits with anything but 0, times out or cannot start
   * @throws InterruptedException when interrupted (git is killed)
   */
  public String output(String... args) throws InterruptedException {
    return check(Arrays.asList(args), "").text();
  }

  /**
   * Runs git with input on its standard input, failing when it fails.
   *
   * @param args the arguments
   * @param stdin the input
   * @return what it did
   * @throws GitException when git exits with anything but 0, times out or cannot start
   * @throws InterruptedException when interrupted (git is killed)
   */
  public Result check(List<String> args, String stdin) throws InterruptedException {
    Result result = run(args, stdin);
    if (!result.succeeded()) {
      throw failure(args, result.exitCode(), result.stderr().isBlank() ? result.stdout() : result.stderr());
    }
    return result;
  }

  /**
   * Runs git and returns what it did, whatever its exit code.
   *
   * @param args the arguments
   * @param stdin the input
   * @return what it did
   * @throws GitException when git times out or cannot start
   * @throws InterruptedException when interrupted (git is killed)
   */
  public Result run(List<String> args, String stdin) throws InterruptedException {
    Require.nonNull(stdin, "stdin");
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(executable);
    command.addAll(Require.copyOf(args, "args"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    Map<String, String> env = builder.environment();
    INHERITED_GIT_VARIABLES.forEach(env::remove);
    env.entrySet().removeIf(e -> e.getKey().startsWith("GIT_CONFIG_KEY_") || e.getKey().startsWith("GIT_CONFIG_VALUE_"));
    env.put("LC_ALL", "C");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.putAll(environment);
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new GitException(
          "cannot start git in " + directory + ": " + e.getMessage(), args, -1, "");
    }
    Future<byte[]> out = IO.submit(() -> readAll(process.getInputStream()));
    Future<byte[]> err = IO.submit(() -> readAll(process.getErrorStream()));
    try {
      try (OutputStream in = process.getOutputStream()) {
        if (!stdin.isEmpty()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // git closed its input early; its exit code and message tell why.
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new GitException(
            "git " + String.join(" ", args) + " in " + directory + " timed out after " + timeout,
            args,
            -1,
            text(err));
      }
      Result result = new Result(process.exitValue(), text(out), text(err));
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "git {} in {}: exit {} after {} ms",
            String.join(" ", args),
            directory,
            result.exitCode(),
            (System.nanoTime() - started) / 1_000_000);
      }
      return result;
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
  }

  /**
   * The commit a revision names.
   *
   * @param revision a branch, tag, ref or commit id
   * @return the commit
   * @throws GitException when it names no commit
   * @throws InterruptedException when interrupted
   */
  public CommitId commit(String revision) throws InterruptedException {
    return resolve(revision)
        .orElseThrow(
            () ->
                failure(
                    List.of("rev-parse", revision),
                    128,
                    "'" + revision + "' names no commit in " + directory));
  }

  /**
   * The commit a revision names, if any.
   *
   * @param revision a branch, tag, ref or commit id
   * @return the commit, or empty when it names none
   * @throws InterruptedException when interrupted
   */
  public Optional<CommitId> resolve(String revision) throws InterruptedException {
    Result r = run(List.of("rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"), "");
    return r.succeeded() ? Optional.of(CommitId.of(r.text())) : Optional.empty();
  }

  /**
   * Whether {@code ancestor} is {@code descendant} or one of its ancestors.
   *
   * @param ancestor the older commit
   * @param descendant the newer commit
   * @return whether the history of {@code descendant} holds {@code ancestor}
   * @throws InterruptedException when interrupted
   */
  public boolean isAncestor(CommitId ancestor, CommitId descendant) throws InterruptedException {
    List<String> args = List.of("merge-base", "--is-ancestor", ancestor.hex(), descendant.hex());
    Result r = run(args, "");
    if (r.exitCode() > 1) {
      throw failure(args, r.exitCode(), r.stderr());
    }
    return r.exitCode() == 0;
  }

  private GitException failure(List<String> args, int exitCode, String message) {
    return new GitException(
        "git "
            + String.join(" ", args)
            + " failed in "
            + directory
            + " with exit code "
            + exitCode
            + ": "
            + message.strip(),
        args,
        exitCode,
        message);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static String text(Future<byte[]> stream) throws InterruptedException {
    try {
      return new String(stream.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException e) {
      return "(unreadable: " + e.getCause() + ")";
    } catch (java.util.concurrent.TimeoutException e) {
      stream.cancel(true);
      return "(still open after git exited: a child process holds it)";
    }
  }
}

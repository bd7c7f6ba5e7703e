package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What a sandboxed command may do: reach the network or not, which paths inside the workspace are
 * read-only, which host directories it may read, which environment variables pass in, and its
 * resource limits.
 *
 * <p>The default policy ({@link #strict()}) allows no network, passes only {@code PATH}, {@code
 * LANG} and {@code TZ}, keeps {@code .git/hooks} and {@code .git/config} read-only, and caps output
 * at 1 MiB per stream. Variables that look like secrets ({@code *_API_KEY}, {@code *_TOKEN},
 * {@code *_SECRET}, {@code *PASSWORD*}, cloud credentials) and dynamic-loader variables ({@code
 * LD_*}) can never be allowed.
 *
 * @param network how much network the command may reach
 * @param readOnlyPaths globs relative to the workspace that stay read-only
 * @param hostReadOnlyMounts absolute host directories (such as a Maven cache) the command may read
 * @param environmentAllowlist names of environment variables passed in from the host
 * @param maxOutputBytes the most of each output stream kept in a result; at least 1,024
 * @param maxProcesses the most processes the command may run at once; at least 1
 * @param maxFileSizeBytes the largest file the command may write; at least 1
 * @param maxMemoryBytes the most memory the command may use; at least 1 MiB
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record SandboxPolicy(
    NetworkAccess network,
    List<String> readOnlyPaths,
    List<Path> hostReadOnlyMounts,
    Set<String> environmentAllowlist,
    long maxOutputBytes,
    int maxProcesses,
    long maxFileSizeBytes,
    long maxMemoryBytes) {

  // Conservative on purpose: a false alarm costs a variable the sandbox rarely needs (MAX_TOKENS),
  // a miss leaks a credential. Matches *_API_KEY*, *_TOKEN*, *_SECRET*, *PASSWORD*, bare API_KEY,
  // TOKEN or SECRET, and cloud credentials.
  private static final Pattern SECRET =
      Pattern.compile(
          ".*(?:_API_?KEY|APIKEY|_TOKEN|_SECRET|_CREDENTIAL|_PRIVATE_?KEY|_PASSWD|PASSWORD).*"
              + "|(?:API_?KEY|TOKEN|SECRET|CREDENTIALS?|PRIVATE_?KEY|PASSWD|AUTH)(?:_.*)?"
              + "|(?:AWS|AZURE|GCP|CLOUDSDK)_.*|GOOGLE_APPLICATION_CREDENTIALS",
          Pattern.CASE_INSENSITIVE);
  // Variables that change how every program in the sandbox loads code.
  private static final Pattern LOADER = Pattern.compile("(?:LD|DYLD)_.*");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Checks every component. */
  public SandboxPolicy {
    Require.nonNull(network, "network");
    readOnlyPaths = List.copyOf(Require.distinct(readOnlyPaths, "readOnlyPaths"));
    for (String path : readOnlyPaths) {
      Spec.checkRelativePath(path, "read-only path");
    }
    hostReadOnlyMounts = Require.copyOf(hostReadOnlyMounts, "hostReadOnlyMounts");
    for (Path mount : hostReadOnlyMounts) {
      if (!mount.isAbsolute()) {
        throw new IllegalArgumentException(
            "host read-only mount must be an absolute path but was '" + mount + "'");
      }
    }
    environmentAllowlist = Require.distinct(environmentAllowlist, "environmentAllowlist");
    for (String name : environmentAllowlist) {
      checkEnvironmentName(name);
    }
    Require.atLeast(maxOutputBytes, 1024L, "maxOutputBytes");
    Require.atLeast(maxProcesses, 1, "maxProcesses");
    Require.atLeast(maxFileSizeBytes, 1L, "maxFileSizeBytes");
    Require.atLeast(maxMemoryBytes, 1L << 20, "maxMemoryBytes");
  }

  /** The default policy: no network, minimal environment, git hooks and config read-only. */
  public static SandboxPolicy strict() {
    return builder().build();
  }

  /** A builder starting from the defaults of {@link #strict()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether an environment variable name looks like a secret that must never enter a sandbox. */
  public static boolean isSecretName(String name) {
    return SECRET.matcher(Require.nonNull(name, "name")).matches();
  }

  /**
   * Checks that {@code name} may be passed into a sandbox: a shell variable name, not a secret,
   * and not a dynamic-loader variable ({@code LD_*}, {@code DYLD_*}).
   *
   * @param name the variable name
   * @return {@code name}
   * @throws IllegalArgumentException naming the variable when it may not
   */
  public static String checkEnvironmentName(String name) {
    Require.matches(name, ENV_NAME, "environment variable name", "a shell variable name");
    if (isSecretName(name)) {
      throw new IllegalArgumentException(
          "environment variable '" + name + "' looks like a secret and may not enter a sandbox");
    }
    if (LOADER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "environment variable '" + name + "' changes how programs load and may not enter a sandbox");
    }
    return name;
  }

  /** A builder holding this policy's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.network = network;
    b.readOnlyPaths.clear();
    b.readOnlyPaths.addAll(readOnlyPaths);
    b.hostReadOnlyMounts.addAll(hostReadOnlyMounts);
    b.environmentAllowlist.clear();
    b.environmentAllowlist.addAll(environmentAllowlist);
    b.maxOutputBytes = maxOutputBytes;
    b.maxProcesses = maxProcesses;
    b.maxFileSizeBytes = maxFileSizeBytes;
    b.maxMemoryBytes = maxMemoryBytes;
    return b;
  }

  /**
   * Builds a {@link SandboxPolicy}, starting from the defaults of {@link #strict()}.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  public static final class Builder {
    private NetworkAccess network = NetworkAccess.NONE;
    private final Set<String> readOnlyPaths =
        new LinkedHashSet<>(List.of(".git/hooks", ".git/config"));
    private final List<Path> hostReadOnlyMounts = new ArrayList<>();
    private final Set<String> environmentAllowlist =
        new LinkedHashSet<>(List.of("PATH", "LANG", "TZ"));
    private long maxOutputBytes = 1L << 20;
    private int maxProcesses = 256;
    private long maxFileSizeBytes = 1L << 30;
    private long maxMemoryBytes = 4L << 30;

    private Builder() {}

    /** Sets how much network the command may reach. */
    public Builder network(NetworkAccess network) {
      this.network = network;
      return this;
    }

    /** Adds workspace paths (globs) that stay read-only. */
    public Builder readOnlyPaths(Collection<String> globs) {
      readOnlyPaths.addAll(globs);
      return this;
    }

    /** Adds a host directory the command may read. */
    public Builder hostReadOnlyMount(Path directory) {
      hostReadOnlyMounts.add(directory);
      return this;
    }

    /** Allows an environment variable in from the host. */
    public Builder allowEnvironment(String name) {
      environmentAllowlist.add(name);
      return this;
    }

    /** Sets the most of each output stream kept in a result. */
    public Builder maxOutputBytes(long bytes) {
      this.maxOutputBytes = bytes;
      return this;
    }

    /** Sets the most processes the command may run at once. */
    public Builder maxProcesses(int processes) {
      this.maxProcesses = processes;
      return this;
    }

    /** Sets the largest file the command may write. */
    public Builder maxFileSizeBytes(long bytes) {
      this.maxFileSizeBytes = bytes;
      return this;
    }

    /** Sets the most memory the command may use. */
    public Builder maxMemoryBytes(long bytes) {
      this.maxMemoryBytes = bytes;
      return this;
    }

    /** The policy; throws naming the first bad value. */
    public SandboxPolicy build() {
      return new SandboxPolicy(
          network,
          new ArrayList<>(readOnlyPaths),
          hostReadOnlyMounts,
          environmentAllowlist,
          maxOutputBytes,
          maxProcesses,
          maxFileSizeBytes,
          maxMemoryBytes);
    }
  }
}

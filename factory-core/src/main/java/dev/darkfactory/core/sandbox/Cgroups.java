package dev.darkfactory.core.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-count and memory limits through cgroup v1 controllers, where this process may create
 * child groups. One fresh group per command (a few are made ahead in the background), emptied and
 * removed after it ends; groups left by a JVM that died are removed when the next one starts.
 */
final class Cgroups {

  private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final @Nullable Path pids;
  private final @Nullable Path memory;

  /** How many fresh, never used groups to keep ready. */
  private static final int SPARES = 2;

  private final java.util.Queue<Group> spares = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private static final java.util.concurrent.Executor RELEASER =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sandbox-cgroup-release");
            t.setDaemon(true);
            return t;
          });

  private Cgroups(@Nullable Path pids, @Nullable Path memory) {
    this.pids = pids;
    this.memory = memory;
  }

  /** The controllers this process can use; either may be missing. */
  static Cgroups detect() {
    return new Cgroups(parent("pids"), parent("memory"));
  }

  /** No cgroups: no process limit, memory through RLIMIT_DATA only. */
  static Cgroups none() {
    return new Cgroups(null, null);
  }

  /** Whether process counts can be limited. */
  boolean limitsProcesses() {
    return pids != null;
  }

  /** Whether memory can be limited. */
  boolean limitsMemory() {
    return memory != null;
  }

  /** A line for the doctor. */
  String describe() {
    return "process limit: "
        + (pids == null
            ? "RLIMIT_NPROC only, which does not bind root (no writable cgroup v1 pids hierarchy)"
            : "cgroup " + pids)
        + "; memory limit: "
        + (memory == null ? "RLIMIT_DATA only (no writable cgroup v1 memory hierarchy)" : "cgroup " + memory);
  }

  /**
   * Creates a group for one command and sets its limits. Groups are not reused: the kernel goes
   * on counting a finished command's processes in {@code pids.current} for a while after they
   * left, so a reused group would start its next command short of processes.
   *
   * @return the group; {@link Group#release} removes it once the command ended
   */
  Group acquire(int maxProcesses, long maxMemoryBytes) throws IOException {
    // Fresh groups are made ahead, in the background, so creating one is off the command's path.
    Group group = spares.poll();
    if (group == null) {
      group = create();
    }
    RELEASER.execute(this::replenish);
    try {
      group.limit(maxProcesses, maxMemoryBytes);
    } catch (IOException e) {
      group.remove();
      throw e;
    }
    return group;
  }

  private void replenish() {
    while (spares.size() < SPARES && (pids != null || memory != null)) {
      try {
        spares.offer(create());
      } catch (IOException e) {
        LOG.debug("cannot create a spare cgroup", e);
        return;
      }
    }
  }

  private Group create() throws IOException {
    String name = "cmd-" + UUID.randomUUID();
    List<Path> dirs = new ArrayList<>();
    Path p = null;
    Path m = null;
    try {
      if (pids != null) {
        p = Files.createDirectory(pids.resolve(name));
        dirs.add(p);
      }
      if (memory != null) {
        m = Files.createDirectory(memory.resolve(name));
        dirs.add(m);
      }
    } catch (IOException e) {
      new Group(dirs, null, null).remove();
      throw e;
    }
    return new Group(dirs, p, m);
  }

  /** The groups of one command, returned to the pool when it ended. */
  static final class Group {
    private final List<Path> dirs;
    private final @Nullable Path pidsDir;
    private final @Nullable Path memoryDir;

    private Group(List<Path> dirs, @Nullable Path pidsDir, @Nullable Path memoryDir) {
      this.dirs = List.copyOf(dirs);
      this.pidsDir = pidsDir;
      this.memoryDir = memoryDir;
    }

    private void limit(int maxProcesses, long maxMemoryBytes) throws IOException {
      if (pidsDir != null) {
        Files.writeString(pidsDir.resolve("pids.max"), Integer.toString(maxProcesses));
      }
      if (memoryDir != null) {
        Files.writeString(memoryDir.resolve("memory.limit_in_bytes"), Long.toString(maxMemoryBytes));
      }
    }

    /**
     * The command line that joins the groups, runs {@code setup} (shell commands such as {@code
     * ulimit}), and then execs {@code command}: one shell, so the command starts inside its limits.
     */
    List<String> wrap(String setup, List<String> command) {
      StringBuilder join = new StringBuilder();
      for (Path dir : dirs) {
        join.append("echo $$ > '").append(dir.resolve("cgroup.procs")).append("' && ");
      }
      join.append(setup).append(" && ");
      List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", join + "exec \"$@\"", "sh"));
      wrapped.addAll(command);
      return wrapped;
    }

    /** Kills every process still in the groups, without waiting for them to leave. */
    void kill() {
      dirs.forEach(Group::killAll);
    }

    /**
     * Kills every process still in the groups and removes them, in the background so the
     * command's caller does not wait for the kernel to finish the killing; call once per {@link
     * Cgroups#acquire}.
     */
    void release() {
      kill();
      RELEASER.execute(this::remove);
    }

    /** Kills every process still in the groups, then removes them. */
    void remove() {
      for (Path dir : dirs) {
        long pause = 100_000;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.isDirectory(dir) && System.nanoTime() < deadline) {
          killAll(dir);
          try {
            Files.delete(dir);
          } catch (IOException busy) {
            // Killed processes leave the group a moment after SIGKILL; try again shortly.
            java.util.concurrent.locks.LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 10_000_000);
          }
        }
        if (Files.isDirectory(dir)) {
          LOG.warn("cgroup {} could not be removed; processes may remain in it", dir);
        }
      }
    }

    private static void killAll(Path dir) {
      try {
        for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
          if (!line.isBlank()) {
            ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // The group is already gone or empty.
      }
    }
  }

  /** Removes empty groups older than a minute: what a JVM that died left behind. */
  private static void removeStale(Path parent) {
    long cutoff = System.currentTimeMillis() - 60_000;
    try (var groups = Files.list(parent)) {
      for (Path g : groups.filter(p -> p.getFileName().toString().startsWith("cmd-")).toList()) {
        try {
          if (Files.getLastModifiedTime(g).toMillis() < cutoff) {
            Files.delete(g);
          }
        } catch (IOException inUse) {
          // Still holds processes, or another JVM removed it first.
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list {} for stale groups", parent, e);
    }
  }

  /** This process's group in a v1 controller, if a child group can be created in it. */
  private static @Nullable Path parent(String controller) {
    try {
      Path mount = ROOT.resolve(controller);
      if (!Files.isDirectory(mount)) {
        return null;
      }
      Optional<String> own =
          Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
              .map(l -> l.split(":", 3))
              .filter(p -> p.length == 3 && List.of(p[1].split(",")).contains(controller))
              .map(p -> p[2])
              .findFirst();
      if (own.isEmpty()) {
        return null;
      }
      Path parent = mount.resolve(own.get().replaceFirst("^/", "")).resolve("darkfactory");
      Files.createDirectories(parent);
      Path probe = Files.createDirectory(parent.resolve("probe-" + UUID.randomUUID()));
      Files.delete(probe);
      removeStale(parent);
      return parent;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

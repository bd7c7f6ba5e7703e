package dev.darkfactory.core.work;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.InputProblem;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.work.WorkSource;
import dev.darkfactory.core.spec.ScenarioReader;
import dev.darkfactory.core.spec.SpecCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default work queue: a directory of spec files, with holdouts under a separate root, that
 * several factories on one or more machines can drain together through leased claims on disk.
 *
 * <p>The specs and holdouts are loaded once, when the source is built, with {@link
 * SpecCatalog#load(Path, Path, ScenarioReader)}; a spec changed later is seen by the next source
 * built. {@link #next()} hands out items in the catalog's order (highest priority first, then by
 * spec id), skipping items that are done or validly claimed by another owner.
 *
 * <h2>State directory</h2>
 *
 * Claims and completion records live under the state directory, which is created if missing and
 * may not lie inside the specs directory or the holdout root:
 *
 * <pre>
 * state/
 *   claims/&lt;spec-id&gt;.claim   who works on a spec, until when (JSON)
 *   done/&lt;spec-id&gt;.json      how a spec ended, for which content (JSON)
 *   reopened/&lt;spec-id&gt;        a random token, rewritten each time the spec is {@linkplain #reopen reopened}
 * </pre>
 *
 * <p>A claim file holds {@code version} (1), {@code specId}, {@code fingerprint} (the {@link
 * Fingerprints#of item's fingerprint}), {@code owner}, {@code host}, {@code pid}, {@code
 * processStart} (the claiming process's start instant, or {@code null} when unknown), {@code
 * claimedAt} and {@code expiresAt} (ISO-8601 instants). A completion record holds {@code version}
 * (1), {@code specId}, {@code fingerprint}, {@code resolution} (a {@link Resolution} name), {@code
 * owner} and {@code completedAt}. A spec is done when its completion record's fingerprint equals
 * the fingerprint of the spec as loaded now; a record for other content means the spec changed,
 * and it is work again. {@link #reopen} makes a spec work again: it rewrites the spec's token in
 * {@code reopened/}, then deletes the completion record; every source on the same state directory
 * sees the new token on its next {@link #next()} and forgets that it knew the spec done. Files whose names
 * start with {@code .} in {@code claims/} and {@code done/} are temporary files of this class,
 * left behind only by a crash, and may be deleted when no factory runs.
 *
 * <h2>Claims and leases</h2>
 *
 * A claim is created atomically: its content is written to a temporary file which is then
 * hard-linked to {@code <spec-id>.claim}, which fails when that name exists, so of two racing
 * claimants exactly one wins and nobody reads a half-written claim. The state directory must
 * therefore be on a file system with hard links and atomic renames (any local POSIX file system;
 * NFS too). A claim is stale, and may be taken over, when its {@code expiresAt} is before the
 * clock's instant, or when its {@code host} is this host and no process with its {@code pid} and
 * {@code processStart} is alive here (so a claimant killed with {@code kill -9} loses its claims
 * at once). Host names must therefore tell apart the machines (and PID namespaces, such as
 * containers) that share a state directory.
 *
 * <p>An existing claim is only ever changed (taken over, renewed, deleted) under a lock file
 * named for its exact content, {@code claims/.<spec-id>.claim.lock-<hash>}, created exclusively
 * and deleted right after: whoever holds it checks that the claim still has that content, then
 * replaces it atomically (temporary file and rename) or deletes it. So of several factories
 * taking over one stale claim exactly one succeeds, a takeover never removes a claim it did not
 * judge stale, and a claimant releasing or renewing its claim cannot interleave with a takeover
 * of it. A lock file left by a crash is deleted once it is older than the lease.
 *
 * <p>Claims are leased for {@code leaseDuration} and renewed by a daemon thread every third of
 * it: each claim still held is rewritten atomically with a later {@code expiresAt}, after
 * checking that the file is still the one this source wrote. A claim found changed or gone was
 * taken over (the lease lapsed, say because the process was suspended): renewal logs a warning,
 * stops renewing it, and {@link #stillHeld} turns false. {@link #complete} still records the
 * outcome of such an item, but deletes only claims that are still this source's.
 *
 * <p>A claim file that is not valid JSON of the form above is an error naming the file, unless
 * its last modification is more than {@code leaseDuration} before the clock's instant, in which
 * case it is stale (claims are written atomically, so only a hand-edited file can be broken). A
 * completion record that is not valid is always an error naming the file.
 *
 * <p>This class is thread-safe. Its in-memory state per spec is the fingerprint and whether it
 * is known done, so draining a catalog touches the disk for candidates only, a bounded number of
 * times each.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DirectoryWorkSource implements WorkSource, AutoCloseable {

  /** The lease of a claim when the builder sets none. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWorkSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT_VERSION = 1;
  private static final String CLAIM_SUFFIX = ".claim";
  private static final String DONE_SUFFIX = ".json";
  /** Start instants read by different processes may differ by clock-tick rounding. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static volatile @Nullable String localHost;

  private final List<WorkItem> items;
  private final Map<SpecId, Integer> index;
  private final @Nullable String[] fingerprints;
  /** How each item ended, where this source knows it is done with its current content. */
  private final @Nullable Resolution[] doneAs;
  private final Map<SpecId, Held> held = new LinkedHashMap<>();
  private final Path claims;
  private final Path done;
  private final Path reopened;
  /** The reopen token of each spec as this source last saw it. */
  private final Map<SpecId, String> reopenTokens = new HashMap<>();
  private final String owner;
  private final String host;
  private final long pid;
  private final @Nullable Instant processStart;
  private final Duration lease;
  private final Clock clock;
  private final String token = randomHex();
  private final AtomicLong temporaries = new AtomicLong();
  private final LongAdder fileOperations = new LongAdder();
  private final ScheduledExecutorService renewal;
  private final Object lock = new Object();
  /** Items before this index are known done. */
  private int firstOpen;
  private boolean closed;

  /** A claim this source holds: what it last wrote, and whether someone else has it now. */
  private static final class Held {
    final int index;
    final Instant claimedAt;
    byte[] written;
    boolean lost;

    Held(int index, Instant claimedAt, byte[] written) {
      this.index = index;
      this.claimedAt = claimedAt;
      this.written = written;
    }
  }

  private DirectoryWorkSource(Builder b, SpecCatalog catalog, Path state) throws IOException {
    this.items = catalog.items();
    this.index = new HashMap<>(items.size() * 2);
    for (int i = 0; i < items.size(); i++) {
      index.put(items.get(i).spec().id(), i);
    }
    this.fingerprints = new String[items.size()];
    this.doneAs = new Resolution[items.size()];
    this.claims = Files.createDirectories(state.resolve("claims"));
    this.done = Files.createDirectories(state.resolve("done"));
    this.reopened = Files.createDirectories(state.resolve("reopened"));
    this.host = localHost();
    this.pid = ProcessHandle.current().pid();
    this.processStart = ProcessHandle.current().info().startInstant().orElse(null);
    this.owner = b.owner != null ? b.owner : host + ":" + pid + ":" + randomHex();
    this.lease = b.leaseDuration;
    this.clock = b.clock;
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "darkfactory-lease-renewal");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, lease.toMillis() / 3);
    renewal.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** A builder; the specs, holdouts and state directories are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every item of the catalog, highest priority first, then by spec id; done or not. */
  public List<WorkItem> items() {
    return items;
  }

  /**
   * The catalog's item for a spec, as loaded when this source was built.
   *
   * @param id the spec
   * @return the item, or empty when the catalog has no such spec
   */
  @Override
  public Optional<WorkItem> find(SpecId id) {
    Require.nonNull(id, "id");
    Integer i = index.get(id);
    return i == null ? Optional.empty() : Optional.of(items.get(i));
  }

  /** The owner id written into this source's claims and completion records. */
  public String owner() {
    return owner;
  }

  /**
   * Claims the first item, in catalog order, that is neither done with its current content nor
   * validly claimed by another owner, taking over stale claims.
   *
   * @return the claimed item, or empty when nothing is claimable now
   * @throws InterruptedException when the thread is interrupted while claiming
   * @throws InvalidInputException when a state file in the way is not valid, naming it
   * @throws UncheckedIOException when the state directory cannot be read or written
   * @throws IllegalStateException when the source is closed
   */
  @Override
  public Optional<WorkItem> next() throws InterruptedException {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("work source of owner " + owner + " is closed");
      }
      forgetReopened();
      for (int i = firstOpen; i < items.size(); i++) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while claiming work");
        }
        SpecId id = items.get(i).spec().id();
        if (doneAs[i] == null && !held.containsKey(id) && !readDone(i) && tryClaim(i)) {
          return Optional.of(items.get(i));
        }
        if (doneAs[i] != null && i == firstOpen) {
          firstOpen++;
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Records how a claimed item ended, in {@code done/<spec-id>.json}, then deletes its claim if
   * it is still this source's.
   *
   * @param item an item {@link #next()} handed out and not yet completed or released
   * @param resolution how it ended
   * @throws IllegalStateException when this source does not hold the item
   * @throws UncheckedIOException when the record cannot be written
   */
  @Override
  public void complete(WorkItem item, Resolution resolution) {
    Require.nonNull(item, "item");
    Require.nonNull(resolution, "resolution");
    synchronized (lock) {
      SpecId id = item.spec().id();
      Held h = heldOrThrow(id, "complete");
      Path file = done.resolve(id.value() + DONE_SUFFIX);
      ObjectNode record = JSON.createObjectNode();
      record.put("version", FORMAT_VERSION);
      record.put("specId", id.value());
      record.put("fingerprint", fingerprint(h.index));
      record.put("resolution", resolution.name());
      record.put("owner", owner);
      record.put("completedAt", clock.instant().toString());
      replace(file, bytes(record), true);
      doneAs[h.index] = resolution;
      held.remove(id);
      if (h.lost) {
        LOG.warn(
            "Spec {} completed as {} after its claim was taken over; the claim is left to its"
                + " new owner",
            id,
            resolution);
      } else {
        giveUp(id, h);
      }
    }
  }

  /**
   * Makes a completed spec work again: writes a new token to {@code reopened/<spec-id>}, then
   * deletes its completion record. A crash in between leaves the spec done; reopen it again.
   *
   * @param id the spec
   * @throws IllegalArgumentException when the catalog has no such spec
   * @throws UncheckedIOException when the state directory cannot be written
   */
  @Override
  public void reopen(SpecId id) {
    Require.nonNull(id, "id");
    synchronized (lock) {
      Integer i = index.get(id);
      if (i == null) {
        throw new IllegalArgumentException(
            "cannot reopen spec '" + id + "': the catalog of this work source has no such spec");
      }
      String token = randomHex() + randomHex();
      replace(reopened.resolve(id.value()), token.getBytes(StandardCharsets.UTF_8), true);
      reopenTokens.put(id, token);
      try {
        fileOperations.increment();
        Files.deleteIfExists(done.resolve(id.value() + DONE_SUFFIX));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the completion record of spec " + id, e);
      }
      doneAs[i] = null;
      firstOpen = Math.min(firstOpen, i);
      LOG.info("spec {} reopened", id);
    }
  }

  /** Forgets that a spec is done when another source reopened it since this one last looked. */
  private void forgetReopened() {
    List<Path> tokens;
    try (var listing = Files.list(reopened)) {
      tokens = listing.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + reopened, e);
    }
    fileOperations.increment();
    for (Path file : tokens) {
      Integer i;
      try {
        i = index.get(SpecId.of(file.getFileName().toString()));
      } catch (IllegalArgumentException notASpecId) {
        continue; // not written by this class
      }
      byte[] content = i == null ? null : readOrNull(file);
      if (i == null || content == null) {
        continue; // a spec not in this catalog, or a token replaced while we looked
      }
      String token = new String(content, StandardCharsets.UTF_8);
      if (!token.equals(reopenTokens.put(items.get(i).spec().id(), token))) {
        doneAs[i] = null;
        firstOpen = Math.min(firstOpen, i);
      }
    }
  }

  /**
   * Gives a claimed item back unfinished: deletes its claim if it is still this source's, so
   * any factory may take it.
   *
   * @param item an item {@link #next()} handed out and not yet completed or released
   * @throws IllegalStateException when this source does not hold the item
   */
  @Override
  public void release(WorkItem item) {
    Require.nonNull(item, "item");
    synchronized (lock) {
      SpecId id = item.spec().id();
      Held h = heldOrThrow(id, "release");
      held.remove(id);
      if (!h.lost) {
        giveUp(id, h);
      }
    }
  }

  /**
   * Whether this source handed out the item, has not completed or released it, and its claim has
   * not been found taken over.
   *
   * @param item an item
   * @return whether this source still holds its claim, as far as the last renewal knows
   */
  public boolean stillHeld(WorkItem item) {
    Require.nonNull(item, "item");
    synchronized (lock) {
      Held h = held.get(item.spec().id());
      return h != null && !h.lost;
    }
  }

  /**
   * Whether the spec is done with its current content: a completion record exists whose
   * fingerprint is the spec's as loaded.
   *
   * @param id a spec of the catalog
   * @return whether it is done
   * @throws IllegalArgumentException when the catalog has no such spec
   * @throws InvalidInputException when its completion record is not valid, naming the file
   */
  public boolean isDone(SpecId id) {
    return resolution(id).isPresent();
  }

  /**
   * How the spec ended, if it is done with its current content.
   *
   * @param id a spec of the catalog
   * @return its resolution, or empty when it is not done (or was done with other content)
   * @throws IllegalArgumentException when the catalog has no such spec
   * @throws InvalidInputException when its completion record is not valid, naming the file
   */
  public Optional<Resolution> resolution(SpecId id) {
    Require.nonNull(id, "id");
    synchronized (lock) {
      Integer i = index.get(id);
      if (i == null) {
        throw new IllegalArgumentException(
            "spec id " + Require.quote(id) + " is not in the catalog of this work source");
      }
      forgetReopened();
      if (doneAs[i] == null) {
        readDone(i);
      }
      return Optional.ofNullable(doneAs[i]);
    }
  }

  /**
   * Renews every claim this source holds now, as the renewal thread does every third of the
   * lease: rewrites each with {@code expiresAt} one lease after the clock's instant, if the file
   * is still the one this source wrote; otherwise logs a warning and marks the item no longer
   * held. Does nothing once the source is closed.
   *
   * @throws UncheckedIOException when a claim cannot be read or written
   */
  public void renewNow() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Map.Entry<SpecId, Held> e : held.entrySet()) {
        Held h = e.getValue();
        if (h.lost) {
          continue;
        }
        SpecId id = e.getKey();
        Path file = claimFile(id);
        byte[] renewed = claim(h.index, h.claimedAt, clock.instant().plus(lease));
        Swap outcome = swap(file, h.written, renewed);
        if (outcome == Swap.DONE) {
          h.written = renewed;
        } else if (outcome == Swap.CHANGED) {
          h.lost = true;
          byte[] current = readOrNull(file);
          LOG.warn(
              "Claim on spec {} of owner {} was taken over ({}); it is no longer renewed",
              id,
              owner,
              current == null ? "the claim file is gone" : "now " + describe(current));
        } else {
          LOG.warn(
              "Claim on spec {} of owner {} is being taken over by another factory; its lease"
                  + " lapsed before it was renewed",
              id,
              owner);
        }
      }
    }
  }

  /**
   * Stops renewing and releases every claim still held. Calling it again does nothing.
   *
   * @throws UncheckedIOException when a claim cannot be deleted
   */
  @Override
  public void close() {
    renewal.shutdownNow();
    try {
      if (!renewal.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Lease renewal of owner {} did not stop within 10 seconds", owner);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (Map.Entry<SpecId, Held> e : held.entrySet()) {
        if (!e.getValue().lost) {
          giveUp(e.getKey(), e.getValue());
        }
      }
      held.clear();
    }
  }

  /** How many file-system calls this source has made; for tests of how the work scales. */
  long fileOperations() {
    return fileOperations.sum();
  }

  /** The host name written into claims, and compared with theirs to check a claimant is alive. */
  static String localHost() {
    String h = localHost;
    if (h == null) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        String env = System.getenv("HOSTNAME");
        h = env != null && !env.isBlank() ? env : "localhost";
        LOG.warn("Cannot resolve this host's name ({}); using '{}' in claims", e.getMessage(), h);
      }
      localHost = h;
    }
    return h;
  }

  // ---- claiming -----------------------------------------------------------------------------

  private boolean tryClaim(int i) {
    SpecId id = items.get(i).spec().id();
    Path file = claimFile(id);
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant now = clock.instant();
      byte[] content = claim(i, now, now.plus(lease));
      if (createExclusive(file, content)) {
        return keep(i, file, now, content);
      }
      byte[] existing = readOrNull(file);
      if (existing == null) {
        continue; // released or completed meanwhile; try again
      }
      String staleBecause = staleBecause(file, existing);
      if (staleBecause == null) {
        return false;
      }
      LOG.info("Taking over the claim on spec {}: {} ({})", id, staleBecause, describe(existing));
      now = clock.instant();
      content = claim(i, now, now.plus(lease));
      return swap(file, existing, content) == Swap.DONE && keep(i, file, now, content);
    }
    return false;
  }

  /** Holds a claim just written, unless the spec was completed meanwhile. */
  private boolean keep(int i, Path file, Instant claimedAt, byte[] content) {
    if (readDone(i)) {
      // Completed by another owner between our look at done/ and our claim.
      swap(file, content, null);
      return false;
    }
    held.put(items.get(i).spec().id(), new Held(i, claimedAt, content));
    return true;
  }

  /** Deletes a claim this source wrote, if it still is the one it wrote. */
  private void giveUp(SpecId id, Held h) {
    Swap outcome = swap(claimFile(id), h.written, null);
    if (outcome != Swap.DONE) {
      LOG.warn(
          "Claim on spec {} of owner {} was {} and is left as it is",
          id,
          owner,
          outcome == Swap.CHANGED ? "taken over" : "being taken over");
    }
  }

  /** Why the claim is stale, or {@code null} when it is valid. */
  private @Nullable String staleBecause(Path file, byte[] content) {
    Instant now = clock.instant();
    ClaimRecord c;
    try {
      c = parseClaim(file, content);
    } catch (InvalidInputException e) {
      Instant modified = lastModified(file);
      if (modified != null && modified.plus(lease).isBefore(now)) {
        return "the claim file is not valid and was last modified at " + modified;
      }
      throw e;
    }
    if (c.expiresAt().isBefore(now)) {
      return "its lease expired at " + c.expiresAt();
    }
    if (c.host().equals(host) && !alive(c.pid(), c.processStart())) {
      return "its process " + c.pid() + " on this host has ended";
    }
    return null;
  }

  private static boolean alive(long pid, @Nullable Instant started) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    Optional<Instant> actual = handle.get().info().startInstant();
    if (started == null || actual.isEmpty()) {
      return true; // cannot tell a reused pid apart: assume the claimant lives
    }
    return Duration.between(started, actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
  }

  private byte[] claim(int i, Instant claimedAt, Instant expiresAt) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", FORMAT_VERSION);
    node.put("specId", items.get(i).spec().id().value());
    node.put("fingerprint", fingerprint(i));
    node.put("owner", owner);
    node.put("host", host);
    node.put("pid", pid);
    if (processStart == null) {
      node.putNull("processStart");
    } else {
      node.put("processStart", processStart.toString());
    }
    node.put("claimedAt", claimedAt.toString());
    node.put("expiresAt", expiresAt.toString());
    return bytes(node);
  }

  private record ClaimRecord(
      String owner, String host, long pid, @Nullable Instant processStart, Instant expiresAt) {}

  private ClaimRecord parseClaim(Path file, byte[] content) {
    String expected =
        "a claim written by DirectoryWorkSource (JSON with specId, fingerprint, owner, host, pid,"
            + " processStart, claimedAt, expiresAt); delete the file if no factory works on spec "
            + specIdOf(file, CLAIM_SUFFIX);
    JsonNode node = parse(file, content, expected);
    checkSpecId(file, node, CLAIM_SUFFIX, expected);
    text(file, node, "fingerprint", expected);
    instant(file, node, "claimedAt", expected);
    JsonNode pidNode = node.get("pid");
    if (pidNode == null || !pidNode.canConvertToLong()) {
      throw invalid(file, "field 'pid' is missing or not a number", expected);
    }
    JsonNode start = node.get("processStart");
    return new ClaimRecord(
        text(file, node, "owner", expected),
        text(file, node, "host", expected),
        pidNode.asLong(),
        start == null || start.isNull() ? null : instant(file, node, "processStart", expected),
        instant(file, node, "expiresAt", expected));
  }

  /** A short account of a claim for log messages. */
  private String describe(byte[] content) {
    try {
      JsonNode node = JSON.readTree(content);
      return "owner "
          + node.path("owner").asText("?")
          + ", expires "
          + node.path("expiresAt").asText("?");
    } catch (IOException e) {
      return "unreadable claim";
    }
  }

  private Held heldOrThrow(SpecId id, String action) {
    Held h = held.get(id);
    if (h == null) {
      throw new IllegalStateException(
          "cannot "
              + action
              + " spec "
              + id
              + ": work source of owner "
              + owner
              + " does not hold it (it was not handed out by next(), or was already completed"
              + " or released)");
    }
    return h;
  }

  // ---- completion records -------------------------------------------------------------------

  /** Whether the spec is done with its current content, remembering it when it is. */
  private boolean readDone(int i) {
    SpecId id = items.get(i).spec().id();
    Path file = done.resolve(id.value() + DONE_SUFFIX);
    byte[] content = readOrNull(file);
    if (content == null) {
      return false;
    }
    String expected =
        "a completion record written by DirectoryWorkSource (JSON with specId, fingerprint,"
            + " resolution, owner, completedAt); delete the file to make spec "
            + id
            + " work again";
    JsonNode node = parse(file, content, expected);
    checkSpecId(file, node, DONE_SUFFIX, expected);
    String recorded = text(file, node, "fingerprint", expected);
    String name = text(file, node, "resolution", expected);
    text(file, node, "owner", expected);
    instant(file, node, "completedAt", expected);
    Resolution resolution;
    try {
      resolution = Resolution.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw invalid(
          file,
          "field 'resolution' is " + Require.quote(name) + ", not one of "
              + Arrays.toString(Resolution.values()),
          expected);
    }
    if (!recorded.equals(fingerprint(i))) {
      return false; // done with other content: the spec changed since
    }
    doneAs[i] = resolution;
    return true;
  }

  // ---- files --------------------------------------------------------------------------------

  private Path claimFile(SpecId id) {
    return claims.resolve(id.value() + CLAIM_SUFFIX);
  }

  private Path temporary(Path dir, String name, String suffix) {
    return dir.resolve("." + name + "." + token + "-" + temporaries.incrementAndGet() + suffix);
  }

  /** Creates {@code file} with {@code content} unless it exists; never visible half-written. */
  private boolean createExclusive(Path file, byte[] content) {
    Path temp = temporary(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      write(temp, content, false);
      fileOperations.increment();
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException(
          "the state directory " + file.getParent().getParent()
              + " must be on a file system with hard links, which claims are created with", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create claim " + file, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Atomically replaces {@code file} with {@code content} (temporary file and rename). */
  private void replace(Path file, byte[] content, boolean durable) {
    Path temp = temporary(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      write(temp, content, durable);
      fileOperations.increment();
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** What {@link #swap} did. */
  private enum Swap {
    /** The file was replaced or deleted. */
    DONE,
    /** The file no longer held the expected content; nothing was changed. */
    CHANGED,
    /** Another factory is changing the same content now; nothing was changed. */
    BUSY
  }

  /**
   * Replaces {@code file} with {@code replacement}, or deletes it when that is {@code null}, if
   * its content still is {@code expected}.
   *
   * <p>Every change to an existing claim goes through here, under a lock file named for the
   * content it replaces ({@code .<file>.lock-<hash>}, created exclusively): two factories can
   * never both replace the same content, and the check and the change cannot be split by another
   * change of that content. Someone who read older content takes another lock, and finds the
   * file changed. A lock left by a crash is deleted once it is older than the lease.
   */
  private Swap swap(Path file, byte[] expected, byte @Nullable [] replacement) {
    Path lock = lockFor(file, expected);
    try {
      write(lock, owner.getBytes(StandardCharsets.UTF_8), false);
    } catch (FileAlreadyExistsException e) {
      Instant modified = lastModified(lock);
      if (modified != null && modified.plus(lease).isBefore(clock.instant())) {
        LOG.warn("Deleting the lock file {} left since {}, by a crash", lock, modified);
        deleteQuietly(lock);
      }
      return Swap.BUSY;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create lock file " + lock, e);
    }
    try {
      if (!Arrays.equals(readOrNull(file), expected)) {
        return Swap.CHANGED;
      }
      if (replacement != null) {
        replace(file, replacement, false);
      } else {
        fileOperations.increment();
        Files.delete(file);
      }
      return Swap.DONE;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    } finally {
      deleteQuietly(lock);
    }
  }

  private static Path lockFor(Path file, byte[] content) {
    String hash;
    try {
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    return file.resolveSibling("." + file.getFileName() + ".lock-" + hash.substring(0, 32));
  }

  private void write(Path file, byte[] content, boolean durable) throws IOException {
    fileOperations.increment();
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (durable) {
        channel.force(true);
      }
    }
  }

  private byte @Nullable [] readOrNull(Path file) {
    fileOperations.increment();
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private @Nullable Instant lastModified(Path file) {
    fileOperations.increment();
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the modification time of " + file, e);
    }
  }

  private void deleteQuietly(Path file) {
    fileOperations.increment();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete temporary file {}: {}", file, e.toString());
    }
  }

  // ---- JSON ---------------------------------------------------------------------------------

  private static byte[] bytes(ObjectNode node) {
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON of a tree of strings and numbers", e);
    }
  }

  private static JsonNode parse(Path file, byte[] content, String expected) {
    JsonNode node;
    try {
      node = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw invalid(file, "not valid JSON: " + e.getOriginalMessage(), expected);
    } catch (IOException e) {
      throw invalid(file, "not valid JSON: " + e.getMessage(), expected);
    }
    if (node == null || !node.isObject()) {
      throw invalid(file, "not a JSON object", expected);
    }
    JsonNode version = node.get("version");
    if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION) {
      throw invalid(
          file,
          "field 'version' must be " + FORMAT_VERSION + " but was "
              + (version == null ? "missing" : version.toString()),
          expected);
    }
    return node;
  }

  private static String text(Path file, JsonNode node, String field, String expected) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw invalid(file, "field '" + field + "' is missing or not a non-blank string", expected);
    }
    return value.textValue();
  }

  private static Instant instant(Path file, JsonNode node, String field, String expected) {
    String text = text(file, node, field, expected);
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw invalid(
          file, "field '" + field + "' is " + Require.quote(text) + ", not an instant", expected);
    }
  }

  private static void checkSpecId(Path file, JsonNode node, String suffix, String expected) {
    String inFile = text(file, node, "specId", expected);
    String byName = specIdOf(file, suffix);
    if (!inFile.equals(byName)) {
      throw invalid(
          file,
          "field 'specId' is " + Require.quote(inFile) + " but the file is named for "
              + Require.quote(byName),
          expected);
    }
  }

  private static String specIdOf(Path file, String suffix) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - suffix.length());
  }

  private static InvalidInputException invalid(Path file, String message, String expected) {
    return new InvalidInputException(
        List.of(new InputProblem(SourceLocation.of(file.toString()), message, expected)));
  }

  // ---- misc ---------------------------------------------------------------------------------

  private String fingerprint(int i) {
    String f = fingerprints[i];
    if (f == null) {
      f = Fingerprints.of(items.get(i));
      fingerprints[i] = f;
    }
    return f;
  }

  private void renewQuietly() {
    try {
      renewNow();
    } catch (RuntimeException e) {
      LOG.warn("Renewing the claims of owner {} failed; will try again", owner, e);
    }
  }

  private static String randomHex() {
    return HexFormat.of().toHexDigits(RANDOM.nextInt());
  }

  private static Path real(Path p) {
    Path absolute = p.toAbsolutePath().normalize();
    try {
      return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    } catch (IOException e) {
      return absolute;
    }
  }

  /**
   * Builds a {@link DirectoryWorkSource}.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {
    private @Nullable Path specs;
    private @Nullable Path holdouts;
    private @Nullable Path state;
    private ScenarioReader reader = ScenarioReader.standard();
    private @Nullable String owner;
    private Duration leaseDuration = DEFAULT_LEASE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the directory of spec files and visible scenario files (required). */
    public Builder specsDirectory(Path directory) {
      this.specs = Require.nonNull(directory, "specsDirectory");
      return this;
    }

    /** Sets the holdout root, outside the specs directory (required). */
    public Builder holdoutsDirectory(Path directory) {
      this.holdouts = Require.nonNull(directory, "holdoutsDirectory");
      return this;
    }

    /**
     * Sets where claims and completion records live (required); created if missing, and outside
     * the specs directory and the holdout root.
     */
    public Builder stateDirectory(Path directory) {
      this.state = Require.nonNull(directory, "stateDirectory");
      return this;
    }

    /** Sets the scenario reader, for custom scenario kinds; default {@link ScenarioReader#standard()}. */
    public Builder scenarioReader(ScenarioReader reader) {
      this.reader = Require.nonNull(reader, "scenarioReader");
      return this;
    }

    /**
     * Sets the owner id written into claims and records; default {@code
     * <hostname>:<pid>:<8 random hex digits>}. Every source sharing a state directory needs its
     * own.
     */
    public Builder owner(String owner) {
      Require.nonBlank(owner, "owner");
      if (owner.indexOf('\n') >= 0 || owner.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "owner must be a single line but was " + Require.quote(owner));
      }
      this.owner = owner;
      return this;
    }

    /** Sets how long a claim lasts unless renewed; positive; default {@link #DEFAULT_LEASE}. */
    public Builder leaseDuration(Duration lease) {
      this.leaseDuration = Require.positive(lease, "leaseDuration");
      return this;
    }

    /** Sets the clock that dates claims and records; default the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull(clock, "clock");
      return this;
    }

    /**
     * Loads the catalog, creates the state directory if missing, and starts renewing leases.
     *
     * @return the work source; close it to stop renewal and release its claims
     * @throws NullPointerException when a required directory is not set
     * @throws IllegalArgumentException when the state directory lies inside the specs directory
     *     or the holdout root
     * @throws InvalidInputException with every problem of the specs and scenarios; nothing is
     *     created then
     * @throws IOException when a directory or file cannot be read, or the state directory cannot
     *     be created
     */
    public DirectoryWorkSource build() throws IOException {
      Path specsDir = Require.nonNull(specs, "specsDirectory");
      Path holdoutsDir = Require.nonNull(holdouts, "holdoutsDirectory");
      Path stateDir = Require.nonNull(state, "stateDirectory");
      Path stateReal = real(stateDir);
      for (Map.Entry<String, Path> other :
          List.of(
              Map.entry("specsDirectory", specsDir),
              Map.entry("holdoutsDirectory", holdoutsDir))) {
        Path otherReal = real(other.getValue());
        if (stateReal.startsWith(otherReal)
            || stateDir.toAbsolutePath().normalize().startsWith(
                other.getValue().toAbsolutePath().normalize())) {
          throw new IllegalArgumentException(
              "stateDirectory "
                  + stateDir
                  + " must not be inside "
                  + other.getKey()
                  + " "
                  + other.getValue()
                  + ": claims and completion records there would be read with the specs or"
                  + " holdouts; choose a state directory outside both");
        }
      }
      SpecCatalog catalog = SpecCatalog.load(specsDir, holdoutsDir, reader);
      return new DirectoryWorkSource(this, catalog, stateDir);
    }
  }
}

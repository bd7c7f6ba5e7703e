package dev.darkfactory.core.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWorkSourceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir Path dir;
  Path specs;
  Path holdouts;
  Path state;
  MutableClock clock;
  final List<DirectoryWorkSource> opened = new ArrayList<>();

  @BeforeEach
  void layout() throws IOException {
    specs = Files.createDirectories(dir.resolve("specs"));
    holdouts = Files.createDirectories(dir.resolve("holdouts"));
    state = dir.resolve("state");
    // Real time, so file modification times and the clock agree.
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @AfterEach
  void closeAll() {
    opened.forEach(DirectoryWorkSource::close);
  }

  // ---- fixtures -----------------------------------------------------------------------------

  private void spec(String id, String goal) throws IOException {
    Files.writeString(
        specs.resolve(id + ".md"),
        "---\npriority: 0\n---\n# Spec " + id + "\n## Goal\n" + goal + "\n## Acceptance\n- shown\n");
    Files.writeString(
        specs.resolve(id + ".scenarios.yaml"),
        "spec: " + id + "\nscenarios:\n  - id: shown\n    title: Shown\n"
            + "    check: {kind: command, run: 'true'}\n");
    Files.writeString(
        holdouts.resolve(id + ".yaml"),
        "spec: " + id + "\nscenarios:\n  - id: hidden\n    title: Hidden\n"
            + "    check: {kind: command, run: 'false'}\n");
  }

  private void specs(String... ids) throws IOException {
    for (String id : ids) {
      spec(id, "Do " + id + ".");
    }
  }

  private DirectoryWorkSource.Builder builder(String owner) {
    return DirectoryWorkSource.builder()
        .specsDirectory(specs)
        .holdoutsDirectory(holdouts)
        .stateDirectory(state)
        .owner(owner)
        .leaseDuration(LEASE)
        .clock(clock);
  }

  private DirectoryWorkSource source(String owner) throws IOException {
    return open(builder(owner));
  }

  private DirectoryWorkSource open(DirectoryWorkSource.Builder builder) throws IOException {
    DirectoryWorkSource s = builder.build();
    opened.add(s);
    return s;
  }

  private static String id(Optional<WorkItem> item) {
    return item.orElseThrow().spec().id().value();
  }

  private static List<String> drain(DirectoryWorkSource source) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (Optional<WorkItem> next = source.next(); next.isPresent(); next = source.next()) {
      ids.add(id(next));
    }
    return ids;
  }

  private Path claimFile(String id) {
    return state.resolve("claims").resolve(id + ".claim");
  }

  private Path doneFile(String id) {
    return state.resolve("done").resolve(id + ".json");
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(Files.readAllBytes(file));
  }

  /** Writes a claim by hand, as another process would. */
  private void writeClaim(
      String id, String host, long pid, @Nullable Instant started, Instant expires)
      throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", 1);
    node.put("specId", id);
    node.put("fingerprint", "0".repeat(64));
    node.put("owner", "someone-else");
    node.put("host", host);
    node.put("pid", pid);
    if (started == null) {
      node.putNull("processStart");
    } else {
      node.put("processStart", started.toString());
    }
    node.put("claimedAt", clock.instant().toString());
    node.put("expiresAt", expires.toString());
    Files.createDirectories(claimFile(id).getParent());
    Files.write(claimFile(id), JSON.writeValueAsBytes(node));
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  // ---- claiming -----------------------------------------------------------------------------

  @Test
  void handsOutEveryItemOnceInIdOrder() throws Exception {
    specs("charlie", "alpha", "bravo");
    DirectoryWorkSource source = source("one");

    assertThat(drain(source)).containsExactly("alpha", "bravo", "charlie");
    assertThat(source.next()).isEmpty();
    assertThat(source.items()).extracting(w -> w.spec().id().value())
        .containsExactly("alpha", "bravo", "charlie");
  }

  @Test
  void twoSourcesOnTheSameDirectoriesNeverGetTheSameItem() throws Exception {
    specs("a", "b", "c");
    DirectoryWorkSource one = source("one");
    DirectoryWorkSource two = source("two");

    assertThat(id(one.next())).isEqualTo("a");
    assertThat(id(two.next())).isEqualTo("b");
    assertThat(id(two.next())).isEqualTo("c");
    assertThat(one.next()).isEmpty();
    assertThat(two.next()).isEmpty();
  }

  /** Specs {@code spec-00} to {@code spec-<n-1>}. */
  private List<String> manySpecs(int n) throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("spec-%02d", i));
    }
    specs(ids.toArray(String[]::new));
    return ids;
  }

  /**
   * Drains the specs with 16 threads over 4 sources, all started at once; each thread completes
   * what it gets.
   *
   * @return how many times each spec was handed out
   */
  private Map<String, AtomicInteger> race() throws Exception {
    List<DirectoryWorkSource> sources = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      sources.add(source("owner-" + s));
    }
    Map<String, AtomicInteger> handedOut = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        DirectoryWorkSource source = sources.get(t % sources.size());
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (Optional<WorkItem> next = source.next();
                      next.isPresent();
                      next = source.next()) {
                    handedOut.computeIfAbsent(id(next), k -> new AtomicInteger()).incrementAndGet();
                    source.complete(next.get(), Resolution.MERGED);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return handedOut;
  }

  private void assertEachHandedOutOnceAndDone(List<String> ids, Map<String, AtomicInteger> handedOut)
      throws IOException {
    assertThat(handedOut.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(handedOut.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    DirectoryWorkSource check = source("check");
    assertThat(ids).allSatisfy(id -> assertThat(check.isDone(SpecId.of(id))).isTrue());
    try (Stream<Path> left = Files.list(state.resolve("claims"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void manyThreadsRacingOnOneDirectoryGetEachItemExactlyOnce() throws Exception {
    List<String> ids = manySpecs(60);

    assertEachHandedOutOnceAndDone(ids, race());
  }

  @Test
  void manyThreadsRacingToTakeOverStaleClaimsGetEachItemExactlyOnce() throws Exception {
    List<String> ids = manySpecs(40);
    for (String id : ids) {
      writeClaim(id, "another-machine", 1, null, clock.instant().minusSeconds(1));
    }

    assertEachHandedOutOnceAndDone(ids, race());
  }

  @Test
  void aClaimFileSaysWhoClaimedWhichContentUntilWhen() throws Exception {
    specs("a");
    DirectoryWorkSource source = source("one");

    WorkItem item = source.next().orElseThrow();

    JsonNode claim = read(claimFile("a"));
    assertThat(claim.get("version").asInt()).isEqualTo(1);
    assertThat(claim.get("specId").asText()).isEqualTo("a");
    assertThat(claim.get("fingerprint").asText()).isEqualTo(Fingerprints.of(item));
    assertThat(claim.get("owner").asText()).isEqualTo("one");
    assertThat(claim.get("host").asText()).isEqualTo(DirectoryWorkSource.localHost());
    assertThat(claim.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(claim.has("processStart")).isTrue();
    assertThat(Instant.parse(claim.get("claimedAt").asText())).isEqualTo(clock.instant());
    assertThat(Instant.parse(claim.get("expiresAt").asText()))
        .isEqualTo(clock.instant().plus(LEASE));
    assertThat(item.scenarios().holdouts()).extracting(s -> s.id().value())
        .containsExactly("hidden");
  }

  @Test
  void theDefaultOwnerNamesHostProcessAndARandomPart() throws Exception {
    specs("a");
    DirectoryWorkSource source =
        open(
            DirectoryWorkSource.builder()
                .specsDirectory(specs)
                .holdoutsDirectory(holdouts)
                .stateDirectory(state));

    assertThat(source.owner())
        .matches(
            java.util.regex.Pattern.quote(
                    DirectoryWorkSource.localHost() + ":" + ProcessHandle.current().pid() + ":")
                + "[0-9a-f]{8}");
  }

  // ---- reopening ----------------------------------------------------------------------------

  @Test
  void aReopenedSpecIsHandedOutAgainByEverySourceEvenOneThatKnewItDone() throws Exception {
    specs("a", "b");
    DirectoryWorkSource factory = source("factory");
    WorkItem a = factory.next().orElseThrow();
    factory.complete(a, Resolution.HELD);
    factory.complete(factory.next().orElseThrow(), Resolution.MERGED);
    assertThat(factory.next()).isEmpty(); // both known done, in memory
    DirectoryWorkSource reviewer = source("reviewer");

    reviewer.reopen(SpecId.of("a"));

    assertThat(Files.exists(state.resolve("done").resolve("a.json"))).isFalse();
    assertThat(factory.resolution(SpecId.of("a"))).isEmpty();
    assertThat(factory.next()).contains(a);
    assertThat(factory.next()).isEmpty(); // b stays done
    factory.complete(a, Resolution.MERGED);
    assertThat(factory.next()).isEmpty(); // the same token is not news twice
    assertThat(reviewer.resolution(SpecId.of("a"))).contains(Resolution.MERGED);
  }

  @Test
  void reopeningAnOpenSpecChangesNothingAndAnUnknownSpecIsRefused() throws Exception {
    specs("a");
    DirectoryWorkSource one = source("one");

    one.reopen(SpecId.of("a"));

    assertThat(id(one.next())).isEqualTo("a");
    assertThatThrownBy(() -> one.reopen(SpecId.of("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot reopen spec 'nope': the catalog of this work source has no such spec");
    assertThat(Files.exists(state.resolve("reopened").resolve("nope"))).isFalse();
  }

  // ---- leases -------------------------------------------------------------------------------

  @Test
  void aLapsedLeaseIsTakenOverByAnotherOwner() throws Exception {
    specs("a");
    DirectoryWorkSource one = source("one");
    DirectoryWorkSource two = source("two");
    WorkItem item = one.next().orElseThrow();
    assertThat(two.next()).isEmpty();

    clock.advance(LEASE.plusSeconds(1));

    assertThat(two.next()).contains(item);
    assertThat(read(claimFile("a")).get("owner").asText()).isEqualTo("two");
    assertThat(one.stillHeld(item)).isTrue(); // not yet known
    one.renewNow();
    assertThat(one.stillHeld(item)).isFalse();
    assertThat(read(claimFile("a")).get("owner").asText()).isEqualTo("two");

    one.release(item);

    assertThat(read(claimFile("a")).get("owner").asText()).isEqualTo("two");
    assertThat(two.stillHeld(item)).isTrue();
  }

  @Test
  void renewalExtendsTheLease() throws Exception {
    specs("a");
    DirectoryWorkSource one = source("one");
    DirectoryWorkSource two = source("two");
    WorkItem item = one.next().orElseThrow();
    Instant claimedAt = clock.instant();

    clock.advance(Duration.ofMinutes(4));
    one.renewNow();
    clock.advance(Duration.ofMinutes(4)); // past the first lease, within the renewed one

    JsonNode claim = read(claimFile("a"));
    assertThat(Instant.parse(claim.get("expiresAt").asText()))
        .isEqualTo(claimedAt.plus(Duration.ofMinutes(4)).plus(LEASE));
    assertThat(Instant.parse(claim.get("claimedAt").asText())).isEqualTo(claimedAt);
    assertThat(two.next()).isEmpty();
    assertThat(one.stillHeld(item)).isTrue();
  }

  @Test
  void theRenewalThreadRenewsEveryThirdOfTheLease() throws Exception {
    specs("a");
    DirectoryWorkSource one = open(builder("one").leaseDuration(Duration.ofMillis(300)));
    one.next().orElseThrow();

    clock.advance(Duration.ofHours(1));
    Instant expected = clock.instant().plusMillis(300);

    await(
        () -> {
          try {
            return Instant.parse(read(claimFile("a")).get("expiresAt").asText()).equals(expected);
          } catch (IOException e) {
            return false; // between the renewal's rename and our read
          }
        },
        "the claim expires one lease after the moved clock");
    assertThat(Instant.parse(read(claimFile("a")).get("expiresAt").asText())).isEqualTo(expected);
  }

  @Test
  void aClaimOfAProcessThatEndedOnThisHostIsStaleAtOnce() throws Exception {
    specs("a", "b", "c");
    Process finished = new ProcessBuilder("true").start();
    assertThat(finished.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Instant farFuture = clock.instant().plus(Duration.ofDays(1));
    String here = DirectoryWorkSource.localHost();
    writeClaim("a", here, finished.pid(), null, farFuture);
    ProcessHandle self = ProcessHandle.current();
    writeClaim("b", here, self.pid(), self.info().startInstant().orElse(null), farFuture);
    writeClaim("c", "another-machine", finished.pid(), null, farFuture);

    DirectoryWorkSource source = source("one");

    assertThat(drain(source)).containsExactly("a");
    assertThat(read(claimFile("a")).get("owner").asText()).isEqualTo("one");
    assertThat(read(claimFile("b")).get("owner").asText()).isEqualTo("someone-else");
    assertThat(read(claimFile("c")).get("owner").asText()).isEqualTo("someone-else");
  }

  @Test
  void aClaimOfAReusedPidIsStale() throws Exception {
    specs("a");
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElseThrow();
    writeClaim(
        "a",
        DirectoryWorkSource.localHost(),
        self.pid(),
        started.minus(Duration.ofHours(1)),
        clock.instant().plus(Duration.ofDays(1)));

    assertThat(drain(source("one"))).containsExactly("a");
  }

  @Test
  void aLockLeftByACrashedTakeoverIsClearedOnceOlderThanTheLease() throws Exception {
    specs("a");
    writeClaim("a", "another-machine", 1, null, clock.instant().minusSeconds(1));
    byte[] stale = Files.readAllBytes(claimFile("a"));
    Path lock =
        claimFile("a")
            .resolveSibling(
                ".a.claim.lock-"
                    + java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(stale))
                        .substring(0, 32));
    Files.writeString(lock, "crashed-owner");
    DirectoryWorkSource source = source("one");

    assertThat(source.next()).isEmpty();
    assertThat(lock).exists();

    Files.setLastModifiedTime(lock, FileTime.from(clock.instant().minus(LEASE).minusSeconds(1)));

    assertThat(source.next()).isEmpty(); // clears the lock; the takeover is for the next look
    assertThat(lock).doesNotExist();
    assertThat(drain(source)).containsExactly("a");
    assertThat(read(claimFile("a")).get("owner").asText()).isEqualTo("one");
  }

  // ---- completing and releasing -------------------------------------------------------------

  @Test
  void aCompletedItemStaysDoneForANewSource() throws Exception {
    specs("a", "b");
    DirectoryWorkSource one = source("one");
    WorkItem a = one.next().orElseThrow();

    one.complete(a, Resolution.HELD);

    assertThat(claimFile("a")).doesNotExist();
    JsonNode record = read(doneFile("a"));
    assertThat(record.get("version").asInt()).isEqualTo(1);
    assertThat(record.get("specId").asText()).isEqualTo("a");
    assertThat(record.get("fingerprint").asText()).isEqualTo(Fingerprints.of(a));
    assertThat(record.get("resolution").asText()).isEqualTo("HELD");
    assertThat(record.get("owner").asText()).isEqualTo("one");
    assertThat(Instant.parse(record.get("completedAt").asText())).isEqualTo(clock.instant());
    assertThat(one.isDone(SpecId.of("a"))).isTrue();
    assertThat(one.stillHeld(a)).isFalse();
    one.close();

    DirectoryWorkSource two = source("two");
    assertThat(two.isDone(SpecId.of("a"))).isTrue();
    assertThat(two.resolution(SpecId.of("a"))).contains(Resolution.HELD);
    assertThat(two.isDone(SpecId.of("b"))).isFalse();
    assertThat(two.resolution(SpecId.of("b"))).isEmpty();
    assertThat(drain(two)).containsExactly("b");
  }

  @Test
  void aSpecChangedAfterItWasDoneIsWorkAgain() throws Exception {
    specs("a", "b");
    try (DirectoryWorkSource one = builder("one").build()) {
      one.complete(one.next().orElseThrow(), Resolution.MERGED);
      one.complete(one.next().orElseThrow(), Resolution.REJECTED);
    }
    spec("a", "Do a, and this time also log it.");
    // Moving a spec file does not change its content.
    Files.move(specs.resolve("b.md"), Files.createDirectories(specs.resolve("moved")).resolve("b.md"));

    DirectoryWorkSource two = source("two");

    assertThat(two.isDone(SpecId.of("a"))).isFalse();
    assertThat(two.isDone(SpecId.of("b"))).isTrue();
    assertThat(drain(two)).containsExactly("a");
  }

  @Test
  void aReleasedItemCanBeTakenByAnother() throws Exception {
    specs("a");
    DirectoryWorkSource one = source("one");
    DirectoryWorkSource two = source("two");
    WorkItem item = one.next().orElseThrow();

    one.release(item);

    assertThat(claimFile("a")).doesNotExist();
    assertThat(one.stillHeld(item)).isFalse();
    assertThat(two.next()).contains(item);
    assertThat(one.isDone(SpecId.of("a"))).isFalse();
  }

  @Test
  void completingOrReleasingAnItemNotHeldIsRefused() throws Exception {
    specs("a");
    DirectoryWorkSource one = source("one");
    DirectoryWorkSource two = source("two");
    WorkItem item = two.next().orElseThrow();

    assertThatThrownBy(() -> one.complete(item, Resolution.MERGED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot complete spec a")
        .hasMessageContaining("owner one does not hold it");
    assertThatThrownBy(() -> one.release(item))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot release spec a");
    two.complete(item, Resolution.MERGED);
    assertThatThrownBy(() -> two.complete(item, Resolution.MERGED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already completed or released");
    assertThat(doneFile("a")).exists();
  }

  @Test
  void closingReleasesEveryClaimStillHeld() throws Exception {
    specs("a", "b", "c");
    DirectoryWorkSource one = source("one");
    one.next().orElseThrow();
    one.next().orElseThrow();

    one.close();
    one.close();

    try (Stream<Path> left = Files.list(state.resolve("claims"))) {
      assertThat(left).isEmpty();
    }
    assertThatThrownBy(one::next).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(drain(source("two"))).containsExactly("a", "b", "c");
  }

  // ---- bad input and bad state --------------------------------------------------------------

  @Test
  void aStateDirectoryInsideTheSpecsOrHoldoutsIsRefused() throws Exception {
    specs("a");
    Path insideSpecs = specs.resolve("state");
    Path insideHoldouts = holdouts.resolve("deeper/state");

    assertThatThrownBy(() -> builder("one").stateDirectory(insideSpecs).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stateDirectory " + insideSpecs)
        .hasMessageContaining("specsDirectory " + specs);
    assertThatThrownBy(() -> builder("one").stateDirectory(insideHoldouts).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stateDirectory " + insideHoldouts)
        .hasMessageContaining("holdoutsDirectory " + holdouts);
    assertThatThrownBy(() -> builder("one").stateDirectory(specs).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(insideSpecs).doesNotExist();
    assertThat(holdouts.resolve("deeper")).doesNotExist();
  }

  @Test
  void invalidSpecsAreReportedAndNoStateIsCreated() throws Exception {
    specs("a");
    Files.writeString(specs.resolve("b.md"), "# B without a goal\n");

    assertThatThrownBy(() -> builder("one").build())
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.getMessage()).contains("b.md").contains("Goal"));
    assertThat(state).doesNotExist();
  }

  @Test
  void builderArgumentsAreChecked() {
    assertThatThrownBy(() -> DirectoryWorkSource.builder().leaseDuration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaseDuration must be positive but was PT0S");
    assertThatThrownBy(() -> DirectoryWorkSource.builder().owner(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner");
    assertThatThrownBy(() -> DirectoryWorkSource.builder().specsDirectory(specs).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("holdoutsDirectory must not be null");
  }

  @Test
  void aBrokenClaimFileIsAnErrorNamingItUntilItIsOlderThanTheLease() throws Exception {
    specs("a");
    Files.createDirectories(claimFile("a").getParent());
    Files.writeString(claimFile("a"), "{\"owner\": ");
    DirectoryWorkSource source = source("one");

    assertThatThrownBy(source::next)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(claimFile("a").toString())
        .hasMessageContaining("not valid JSON");

    Files.setLastModifiedTime(
        claimFile("a"), FileTime.from(clock.instant().minus(LEASE).minusSeconds(1)));

    assertThat(drain(source)).containsExactly("a");
    assertThat(read(claimFile("a")).get("owner").asText()).isEqualTo("one");
  }

  @Test
  void aBrokenCompletionRecordIsAnErrorNamingIt() throws Exception {
    specs("a");
    Files.createDirectories(doneFile("a").getParent());
    Files.writeString(
        doneFile("a"),
        "{\"version\": 1, \"specId\": \"a\", \"fingerprint\": \"x\", \"resolution\": \"DONE\","
            + " \"owner\": \"o\", \"completedAt\": \"2024-01-01T00:00:00Z\"}");
    DirectoryWorkSource source = source("one");

    assertThatThrownBy(source::next)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(doneFile("a").toString())
        .hasMessageContaining("field 'resolution' is 'DONE'");
    assertThatThrownBy(() -> source.isDone(SpecId.of("a")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> source.isDone(SpecId.of("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope' is not in the catalog");
  }

  // ---- scale --------------------------------------------------------------------------------

  @Test
  void drainingManySpecsTouchesTheDiskAFewTimesPerSpec() throws Exception {
    int n = 1_000;
    for (int i = 0; i < n; i++) {
      Files.writeString(
          specs.resolve("s" + i + ".md"), "# Spec " + i + "\n## Goal\nDo " + i + ".\n");
    }
    DirectoryWorkSource one = source("one");

    for (Optional<WorkItem> next = one.next(); next.isPresent(); next = one.next()) {
      one.complete(next.get(), Resolution.MERGED);
    }

    // Each next() also lists reopened/ once, to learn of specs reopened by other sources.
    assertThat(one.fileOperations()).isLessThanOrEqualTo(12L * n + (n + 1));
    DirectoryWorkSource two = source("two");
    assertThat(two.next()).isEmpty();
    assertThat(two.fileOperations()).isLessThanOrEqualTo(n + 1);
    long afterFirstPass = two.fileOperations();
    assertThat(two.next()).isEmpty();
    assertThat(two.fileOperations()).isEqualTo(afterFirstPass + 1); // the listing only
  }
}

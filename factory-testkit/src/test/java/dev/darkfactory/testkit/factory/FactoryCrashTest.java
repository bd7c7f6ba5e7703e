package dev.darkfactory.testkit.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.work.Resolution;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.store.JournalEntry;
import dev.darkfactory.core.store.SqliteRunStore;
import dev.darkfactory.core.store.Step;
import dev.darkfactory.core.work.DirectoryWorkSource;
import dev.darkfactory.core.work.Fingerprints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a factory process with SIGKILL at random points, restarts, and checks that nothing was
 * lost or doubled: every spec ends in exactly one terminal state, every journaled candidate is on
 * its branch, no spec merges twice, and the target only holds merged candidates.
 */
class FactoryCrashTest {

  private static final int SPECS = 2;
  /** About 11 events per spec plus the run's own; the last point lets the child finish. */
  private static final int POINTS = SPECS * 11 + 2;
  /** Enough runs that the first kill of some run lands on every point, plus a few random ones. */
  private static final int RUNS = POINTS + 6;

  @TempDir Path dir;

  @Test
  void aFactoryKilledAtRandomPointsResumesWithoutLosingOrDoublingAnything() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    int offset = random.nextInt(POINTS);
    List<String> killedAfter = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      Path root = dir.resolve("run-" + run);
      try (FactoryFixture f = new FactoryFixture(root)) {
        for (int i = 0; i < SPECS; i++) {
          f.spec("s" + i, "file" + i + ".txt", "content " + i);
        }
        int kills = random.nextInt(3) == 0 ? 2 : 1;
        for (int k = 0; k < kills; k++) {
          // The first kill walks every point from a random start, so no point is left out by
          // chance; a second kill (in a third of the runs) lands anywhere.
          int after = 1 + (k == 0 ? (offset + run) % POINTS : random.nextInt(POINTS));
          killedAfter.add(runChildAndKill(root, "child-" + run + "-" + k, after));
        }
        CrashChild.run(root, "resumer-" + run, line -> {});
        check(f, root, "run " + run + " (seed " + seed + ", kills " + killedAfter.subList(killedAfter.size() - kills, killedAfter.size()) + ")");
      }
    }
    // Where the kills landed, for whoever reads target/surefire-reports/*-output.txt.
    System.out.println("crash test seed " + seed + ", kill points: " + killedAfter);
    assertThat(killedAfter).as("kill points (seed %d)", seed).anyMatch(s -> s.startsWith("killed"));
  }

  /** Starts a factory process, kills it with SIGKILL after its n-th event line. */
  private String runChildAndKill(Path root, String owner, int afterEvents) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                classpath,
                CrashChild.class.getName(),
                root.toString(),
                owner)
            .redirectError(root.resolve(owner + ".err").toFile());
    Process child = pb.start();
    int seen = 0;
    String last = "";
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        last = line;
        if (line.startsWith("event ") && ++seen == afterEvents) {
          child.descendants().forEach(ProcessHandle::destroyForcibly);
          child.destroyForcibly();
          child.waitFor(60, TimeUnit.SECONDS);
          return "killed after " + last;
        }
      }
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue())
        .as("child exit; stderr: %s", Files.readString(root.resolve(owner + ".err")))
        .isZero();
    return "finished (" + last + ")";
  }

  private static void check(FactoryFixture f, Path root, String what) throws Exception {
    try (DirectoryWorkSource work = f.workSource("checker");
        SqliteRunStore store = SqliteRunStore.open(f.state)) {
      GitRepository repository = f.repository();
      Set<CommitId> merged = new HashSet<>();
      Map<String, Integer> mergesPerSpec = new HashMap<>();
      for (WorkItem item : work.items()) {
        SpecId id = item.spec().id();
        List<JournalEntry> history = store.history(id, Fingerprints.of(item));
        List<Step.SpecFinished> finishes =
            history.stream().map(JournalEntry::step).filter(Step.SpecFinished.class::isInstance)
                .map(Step.SpecFinished.class::cast).toList();
        assertThat(finishes).as("%s: terminal states of %s", what, id).hasSize(1);
        assertThat(finishes.get(0).resolution()).as("%s: %s", what, id).isEqualTo(Resolution.MERGED);
        assertThat(work.resolution(id)).as("%s: queue state of %s", what, id).contains(Resolution.MERGED);
        for (JournalEntry e : history) {
          Candidate c = null;
          if (e.step() instanceof Step.CandidateCommitted s) {
            c = s.candidate();
          } else if (e.step() instanceof Step.Rebased s) {
            c = s.to();
          } else if (e.step() instanceof Step.Merged s) {
            merged.add(s.head());
          }
          if (c != null) {
            assertThat(repository.branch(c.branch()))
                .as("%s: branch of journaled candidate %s", what, c.branch())
                .contains(c.commit());
          }
        }
        assertThat(history.stream().filter(e -> e.step() instanceof Step.Merged).count())
            .as("%s: MERGED entries of %s", what, id).isEqualTo(1);
      }
      List<String> log = f.repo.log("main");
      for (String line : log.subList(0, log.size() - 1)) {
        CommitId commit = CommitId.of(line.substring(0, 40));
        assertThat(merged).as("%s: commit %s on main was journaled as merged", what, line).contains(commit);
        mergesPerSpec.merge(repository.trailers(commit).get("Spec-Id"), 1, Integer::sum);
      }
      assertThat(mergesPerSpec).as("%s: commits per spec on main", what).hasSize(SPECS).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
      for (int i = 0; i < SPECS; i++) {
        assertThat(f.repo.show("main", "file" + i + ".txt")).contains("content " + i + "\n");
      }
    }
  }
}

package dev.darkfactory.benchmarks;

import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioSet;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import dev.darkfactory.evaluator.HoldoutEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parallel efficiency of the holdout evaluator: 100 I/O-bound scenarios (each a sandboxed {@code
 * sleep}) graded with a bounded pool, in a fresh checkout per trial, as the ratio of the ideal wall
 * time to the measured one.
 *
 * <p>Two ideals are printed. The first is the sum of the trials' own durations (checkout, sandbox
 * start, the sleep, report reading) divided by the pool size: how well the pool keeps its workers
 * busy. The second is the bare sleeps divided by the pool size: what the evaluator's own overhead
 * costs on top. Run: {@code ./mvnw -q -B -Pbench -Dbench=EvaluatorBenchmark -pl benchmarks -am
 * verify -DskipTests}; {@code -Dscenarios=100 -Dconcurrency=10 -Dsleep=2} are the defaults.
 */
public final class EvaluatorBenchmark {

  private EvaluatorBenchmark() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) throws Exception {
    int scenarios = Integer.getInteger("scenarios", 100);
    int concurrency = Integer.getInteger("concurrency", 10);
    double sleep = Double.parseDouble(System.getProperty("sleep", "2"));
    BubblewrapSandbox sandbox = BubblewrapSandbox.builder().build();
    if (!sandbox.doctor().isolates()) {
      System.out.println("bubblewrap cannot isolate here: " + sandbox.doctor().details());
      return;
    }
    Path dir = Files.createTempDirectory("evaluator-bench");
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("src"));
    for (int i = 0; i < 50; i++) {
      Files.writeString(repo.resolve("src/file" + i + ".txt"), "line " + i + "\n");
    }
    Git git = Git.in(repo).withoutUserConfiguration();
    git.output("init", "--quiet", "--initial-branch=main");
    git.output("add", "--all");
    git.check(
        List.of("-c", "user.name=b", "-c", "user.email=b@example.com", "commit", "--quiet", "-m", "base"),
        "");
    CommitId base = git.commit("HEAD");
    Files.writeString(repo.resolve("src/change.txt"), "changed\n");
    git.output("add", "--all");
    git.check(
        List.of("-c", "user.name=b", "-c", "user.email=b@example.com", "commit", "--quiet", "-m", "change"),
        "");
    CommitId commit = git.commit("HEAD");
    GitRepository repository = GitRepository.open(repo, dir.resolve("workspaces"));

    List<Scenario> list = new ArrayList<>();
    for (int i = 0; i < scenarios; i++) {
      list.add(
          Scenario.builder("io-" + i)
              .title("io " + i)
              .visibility(Visibility.HOLDOUT)
              .timeout(Duration.ofMinutes(1))
              .check(CommandCheck.exitsZero("sleep", Double.toString(sleep)))
              .build());
    }
    WorkItem item = new WorkItem(Spec.builder("bench").title("bench").goal("bench").build(), ScenarioSet.of(list));
    Candidate candidate = new Candidate(SpecId.of("bench"), 1, "factory/bench/attempt-1", commit, base);
    HoldoutEvaluator evaluator = HoldoutEvaluator.builder().concurrency(concurrency).build();

    // Warm up the JVM and the sandbox with a small round.
    try (GitEvaluationContext context =
        GitEvaluationContext.builder(repository, sandbox).resultsDirectory(dir.resolve("warmup")).build()) {
      evaluator.evaluate(
          candidate, new WorkItem(item.spec(), ScenarioSet.of(list.subList(0, Math.min(concurrency, list.size())))), context);
    }
    long start = System.nanoTime();
    EvaluationReport report;
    try (GitEvaluationContext context =
        GitEvaluationContext.builder(repository, sandbox).resultsDirectory(dir.resolve("results")).build()) {
      report = evaluator.evaluate(candidate, item, context);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double busy = 0;
    for (ScenarioResult r : report.scenarios()) {
      for (TrialResult t : r.trials()) {
        busy += t.elapsed().toNanos() / 1e9;
      }
    }
    double idealFromTrials = busy / concurrency;
    double idealFromSleeps = scenarios * sleep / concurrency;
    System.out.printf(
        Locale.ROOT,
        "%d scenarios of sleep %.1f s, %d at a time, verdict %s%n"
            + "wall time                         %8.2f s%n"
            + "sum of trial durations / %2d      %8.2f s   parallel efficiency %.3f%n"
            + "sum of bare sleeps / %2d          %8.2f s   efficiency incl. overhead %.3f%n"
            + "mean trial overhead beyond sleep  %8.0f ms%n",
        scenarios,
        sleep,
        concurrency,
        report.verdict(),
        wall,
        concurrency,
        idealFromTrials,
        idealFromTrials / wall,
        concurrency,
        idealFromSleeps,
        idealFromSleeps / wall,
        (busy / scenarios - sleep) * 1000);
  }
}

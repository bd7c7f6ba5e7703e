package dev.darkfactory.samples.customevaluator;

import dev.darkfactory.api.evaluation.Verdict;
import dev.darkfactory.api.merge.MergeDecision;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.evaluator.calibration.AlignmentLedger;
import dev.darkfactory.evaluator.calibration.CalibrationConfiguration;
import dev.darkfactory.evaluator.calibration.HumanVerdict;
import dev.darkfactory.evaluator.calibration.LedgerRecord;
import dev.darkfactory.evaluator.calibration.Review;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bundled study: a repository template, past candidates as changes to it, and what the factory
 * and the human reviewers said about each. It stands in for what a researcher already has, a
 * factory's repository with its candidate branches and the alignment ledger of its decisions;
 * {@link #materialize} makes both for real.
 *
 * <pre>
 * study/
 *   repo/                         the repository at the base commit
 *   specs/, holdouts/             the spec and the scenarios the factory graded with
 *   properties/                   the researcher's property suite (PropertySuiteEvaluator)
 *   ledger.properties             repository and configuration of the recorded decisions
 *   candidates/&lt;name&gt;/change/     files the candidate wrote, relative to the repository root
 *   candidates/&lt;name&gt;/decision.properties   attempt, recorded verdict, reviews, deletions
 * </pre>
 *
 * @param directory the study directory
 * @param spec the spec every candidate implements
 * @param repository the repository's name in the ledger
 * @param configuration the configuration that made the recorded decisions
 * @param candidates the past candidates, by directory name
 */
public record StudyDataset(
    Path directory,
    SpecId spec,
    String repository,
    CalibrationConfiguration configuration,
    List<PastCandidate> candidates) {

  /** Copies the list. */
  public StudyDataset {
    candidates = List.copyOf(candidates);
  }

  /**
   * One past candidate: its change, and the decision and reviews the ledger holds for it.
   *
   * @param name the directory name, such as {@code 03-special-cases-the-example}
   * @param attempt the attempt number, unique in the study
   * @param change the directory of files the candidate wrote
   * @param deleted repository paths the candidate deleted
   * @param recordedVerdict what the factory's evaluator said then
   * @param satisfaction the satisfaction it recorded
   * @param policyAction what the policy decided then
   * @param decidedAt when
   * @param reviews the human reviews, oldest first; the last one counts
   */
  public record PastCandidate(
      String name,
      int attempt,
      Path change,
      List<String> deleted,
      Verdict recordedVerdict,
      double satisfaction,
      MergeDecision.Action policyAction,
      Instant decidedAt,
      List<Review> reviews) {

    /** Copies the lists. */
    public PastCandidate {
      deleted = List.copyOf(deleted);
      reviews = List.copyOf(reviews);
    }
  }

  /**
   * Reads a study directory.
   *
   * @param directory the study directory
   * @return the study
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException when a file is not valid, naming the file and the key
   */
  public static StudyDataset load(Path directory) throws IOException {
    Path ledgerFile = directory.resolve("ledger.properties");
    Properties ledger = properties(ledgerFile);
    CalibrationConfiguration configuration =
        new CalibrationConfiguration(
            required(ledger, ledgerFile, "codingModel"),
            ledger.getProperty("codingModelVersion", ""),
            required(ledger, ledgerFile, "evaluatorVersion"),
            required(ledger, ledgerFile, "policyVersion"));
    List<PastCandidate> candidates = new ArrayList<>();
    List<Path> dirs;
    try (Stream<Path> list = Files.list(directory.resolve("candidates"))) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : dirs) {
      candidates.add(candidate(dir));
    }
    return new StudyDataset(
        directory,
        SpecId.of(required(ledger, ledgerFile, "spec")),
        required(ledger, ledgerFile, "repository"),
        configuration,
        candidates);
  }

  private static PastCandidate candidate(Path dir) throws IOException {
    Path file = dir.resolve("decision.properties");
    Properties p = properties(file);
    List<Review> reviews = new ArrayList<>();
    for (int n = 1; p.containsKey("review." + n + ".verdict"); n++) {
      String key = "review." + n + ".";
      reviews.add(
          new Review(
              parse(HumanVerdict.class, p, file, key + "verdict"),
              required(p, file, key + "reviewer"),
              p.getProperty(key + "reason", ""),
              instant(p, file, key + "at")));
    }
    List<String> deleted = new ArrayList<>();
    for (String path : p.getProperty("delete", "").split(",")) {
      if (!path.isBlank()) {
        deleted.add(path.strip());
      }
    }
    try {
      return new PastCandidate(
          dir.getFileName().toString(),
          Integer.parseInt(required(p, file, "attempt")),
          dir.resolve("change"),
          deleted,
          parse(Verdict.class, p, file, "evaluatorVerdict"),
          Double.parseDouble(required(p, file, "satisfaction")),
          parse(MergeDecision.Action.class, p, file, "policyAction"),
          instant(p, file, "decidedAt"),
          reviews);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": attempt and satisfaction must be numbers: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the repository and the ledger: a bare repository whose {@code main} holds {@code
   * repo/} and with one branch per candidate ({@code factory/slugify/attempt-<n>}, one commit on
   * the base), and every recorded decision and review in {@code ledger}.
   *
   * @param seed an empty directory to build the commits in
   * @param target where the bare repository goes
   * @param ledger the ledger to record into
   * @param labels the spec's labels, recorded with every decision
   * @return the candidates by name, in study order
   * @throws IOException when a file cannot be copied
   * @throws InterruptedException when interrupted
   */
  public Map<String, Candidate> materialize(
      Path seed, Path target, AlignmentLedger ledger, Set<String> labels)
      throws IOException, InterruptedException {
    Git git =
        Git.in(seed.getParent())
            .withoutUserConfiguration()
            .withEnvironment("GIT_AUTHOR_NAME", "Dark Factory")
            .withEnvironment("GIT_AUTHOR_EMAIL", "factory@localhost")
            .withEnvironment("GIT_COMMITTER_NAME", "Dark Factory")
            .withEnvironment("GIT_COMMITTER_EMAIL", "factory@localhost");
    git.output("init", "--quiet", "--initial-branch=main", seed.toString());
    Git inSeed = git.inDirectory(seed);
    copyTree(directory.resolve("repo"), seed);
    inSeed.output("add", "--all");
    inSeed.output("commit", "--quiet", "-m", "text-tools: slugify lowercases and dashes spaces");
    CommitId base = inSeed.commit("HEAD");
    Map<String, Candidate> made = new LinkedHashMap<>();
    for (PastCandidate c : candidates) {
      String branch = Candidate.branchFor(spec, c.attempt());
      inSeed.output("checkout", "--quiet", "-b", branch, base.hex());
      copyTree(c.change(), seed);
      for (String path : c.deleted()) {
        inSeed.output("rm", "--quiet", "--", path);
      }
      inSeed.output("add", "--all");
      inSeed.output("commit", "--quiet", "-m", "slugify: attempt " + c.attempt() + " (" + c.name() + ")");
      Candidate candidate = new Candidate(spec, c.attempt(), branch, inSeed.commit("HEAD"), base);
      made.put(c.name(), candidate);
      ledger.recordDecision(
          new LedgerRecord(
              candidate,
              repository,
              labels,
              configuration,
              c.recordedVerdict(),
              c.satisfaction(),
              c.policyAction(),
              c.decidedAt(),
              List.of()));
      for (Review r : c.reviews()) {
        ledger.recordReview(candidate, r);
      }
    }
    inSeed.output("checkout", "--quiet", "main");
    git.output("clone", "--quiet", "--bare", seed.toString(), target.toString());
    return made;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path dest = to.resolve(from.relativize(file).toString());
        Files.createDirectories(dest.getParent());
        Files.copy(file, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        dest.toFile().setExecutable(file.toFile().canExecute());
      }
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private static String required(Properties p, Path file, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(file + ": key '" + key + "' is missing");
    }
    return value.strip();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, Properties p, Path file, String key) {
    String value = required(p, file, key);
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + ": " + key + " must be one of " + List.of(type.getEnumConstants()) + " but was '" + value + "'", e);
    }
  }

  private static Instant instant(Properties p, Path file, String key) {
    String value = required(p, file, key);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          file + ": " + key + " must be an ISO-8601 instant such as 2026-10-05T09:12:00Z but was '" + value + "'", e);
    }
  }
}

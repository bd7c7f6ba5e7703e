package dev.darkfactory.evaluator;

import static org.assertj.core.api.Assertions.fail;

import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import dev.darkfactory.core.factory.GitEvaluationContext;
import dev.darkfactory.core.git.Git;
import dev.darkfactory.core.git.GitRepository;
import dev.darkfactory.core.sandbox.BubblewrapSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/** A real git repository with a base commit and candidates on it, and a context over it. */
final class EvaluatorFixture {

  private static @Nullable SandboxHealth health;

  /** A file content that means: delete the file. */
  static final String DELETE = "\u0000delete";

  final Path dir;
  final Path repo;
  final GitRepository repository;
  final Git git;
  final CommitId base;

  EvaluatorFixture(Path dir, Map<String, String> baseFiles) throws Exception {
    this.dir = dir;
    this.repo = dir.resolve("repo");
    Files.createDirectories(repo);
    this.git = Git.in(repo).withoutUserConfiguration();
    git.output("init", "--quiet", "--initial-branch=main");
    write(baseFiles);
    this.base = commitAll("base");
    this.repository = GitRepository.open(repo, dir.resolve("workspaces"));
  }

  private void write(Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = repo.resolve(f.getKey());
      if (DELETE.equals(f.getValue())) {
        Files.deleteIfExists(p);
        continue;
      }
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
      if (f.getKey().endsWith(".sh")) {
        p.toFile().setExecutable(true);
      }
    }
  }

  private CommitId commitAll(String message) throws Exception {
    git.output("add", "--all");
    git.check(
        List.of(
            "-c", "user.name=Test", "-c", "user.email=test@example.com",
            "commit", "--quiet", "--allow-empty", "-m", message),
        "");
    return git.commit("HEAD");
  }

  /** A candidate: the base with {@code changes} applied ({@link #DELETE} deletes the file). */
  Candidate candidate(int attempt, Map<String, String> changes) throws Exception {
    git.output("checkout", "--quiet", "--detach", base.hex());
    write(changes);
    CommitId c = commitAll("attempt " + attempt);
    return new Candidate(SpecId.of("greeting"), attempt, "factory/greeting/attempt-" + attempt, c, base);
  }

  GitEvaluationContext context(Sandbox sandbox) {
    return GitEvaluationContext.builder(repository, sandbox)
        .resultsDirectory(dir.resolve("results-" + System.nanoTime()))
        .build();
  }

  static Sandbox bubblewrap(Path output) {
    synchronized (EvaluatorFixture.class) {
      if (health == null) {
        health = BubblewrapSandbox.builder().build().doctor();
      }
    }
    if (!health.isolates()) {
      String why = "bubblewrap cannot isolate here: " + String.join("; ", health.details());
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true: a failure, not a skip)");
      }
      Assumptions.abort(why);
    }
    return BubblewrapSandbox.builder().outputDirectory(output).build();
  }
}

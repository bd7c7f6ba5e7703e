package dev.darkfactory.evaluator.runner;

import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.sandbox.SandboxHealth;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.workspace.Candidate;
import dev.darkfactory.api.workspace.CommitId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** What the runner tests share: a trial context as the evaluator would build it, JUnit XML text. */
final class Trials {

  static final Candidate CANDIDATE =
      new Candidate(
          SpecId.of("calculator"),
          1,
          Candidate.branchFor(SpecId.of("calculator"), 1),
          CommitId.of("a".repeat(40)),
          CommitId.of("b".repeat(40)));

  static final Spec SPEC =
      Spec.builder("calculator").title("Fix the calculator").goal("Sums add every element.").build();

  private Trials() {}

  /**
   * A trial context like the evaluator's: its policy is {@code base} with the scenario's holdout
   * paths read-only.
   */
  static Context context(
      Scenario scenario,
      Path workspace,
      @Nullable Path scenarioDirectory,
      Sandbox sandbox,
      Path evidence,
      UnaryOperator<SandboxPolicy.Builder> base) {
    SandboxPolicy policy =
        base.apply(SandboxPolicy.builder())
            .readOnlyPaths(new TestSuiteRunner().holdoutPaths(scenario))
            .build();
    return new Context(scenario, workspace, scenarioDirectory, sandbox, policy, evidence);
  }

  /** A trial context over fixed values. */
  record Context(
      Scenario scenario,
      Path workspace,
      @Nullable Path directory,
      Sandbox sandbox,
      SandboxPolicy policy,
      Path evidenceDirectory)
      implements TrialContext {

    @Override
    public int trial() {
      return 1;
    }

    @Override
    public Spec spec() {
      return SPEC;
    }

    @Override
    public Candidate candidate() {
      return CANDIDATE;
    }

    @Override
    public Optional<Path> scenarioDirectory() {
      return Optional.ofNullable(directory);
    }

    @Override
    public String diff() {
      return "";
    }

    @Override
    public List<ScenarioResult> evidence() {
      return List.of();
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }
  }

  /** A sandbox that runs a Java step in place of the command and records each request. */
  static final class ScriptedSandbox implements Sandbox {

    /** What the "command" does: writes into the workspace, returns how it ended. */
    @FunctionalInterface
    interface Step {
      ExecResult run(ExecRequest request) throws Exception;
    }

    private final Step step;
    final List<ExecRequest> requests = new ArrayList<>();

    ScriptedSandbox(Step step) {
      this.step = step;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public SandboxHealth doctor() {
      return SandboxHealth.isolating("runs a Java step in place of each command");
    }

    @Override
    public ExecResult exec(ExecRequest request) throws SandboxException, InterruptedException {
      requests.add(request);
      try {
        return step.run(request);
      } catch (SandboxException | InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("the scripted step failed", e);
      }
    }
  }

  static ExecResult exits(int code, String stdout, String stderr) {
    return new ExecResult(code, stdout, stderr, false, false, Duration.ofMillis(5), null);
  }

  static String suite(String... testCases) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"suite\">\n"
        + String.join("\n", testCases)
        + "\n</testsuite>\n";
  }

  static String passed(String className, String name) {
    return "  <testcase classname=\"" + className + "\" name=\"" + name + "\" time=\"0.001\"/>";
  }

  static String failed(String className, String name, String message) {
    return "  <testcase classname=\""
        + className
        + "\" name=\""
        + name
        + "\"><failure message=\""
        + message
        + "\" type=\"AssertionError\">stack</failure></testcase>";
  }

  static String errored(String className, String name, String message) {
    return "  <testcase classname=\""
        + className
        + "\" name=\""
        + name
        + "\"><error message=\""
        + message
        + "\"/></testcase>";
  }

  static String skipped(String className, String name) {
    return "  <testcase classname=\""
        + className
        + "\" name=\""
        + name
        + "\"><skipped message=\"disabled\"/></testcase>";
  }
}

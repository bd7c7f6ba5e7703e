package dev.darkfactory.evaluator.runner;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.evaluator.OutputMatching;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Runs {@link CommandCheck} scenarios: the command, at the checkout's root, in the sandbox, bounded
 * by the scenario's timeout. A trial passes when the command ends in time with the expected exit
 * code and every stdout and stderr expectation holds ({@link OutputMatching}); it fails otherwise,
 * saying what differed; a command the sandbox could not run is INVALID. The whole stdout and
 * stderr go to {@code stdout.txt} and {@code stderr.txt} in the trial's evidence directory.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CommandRunner implements ScenarioRunner {

  private static final int EXCERPT = 300;

  /** Creates the runner; it has no settings. */
  public CommandRunner() {}

  @Override
  public String kind() {
    return CommandCheck.KIND;
  }

  @Override
  public TrialOutcome run(TrialContext trial) throws InterruptedException {
    if (!(trial.scenario().check() instanceof CommandCheck check)) {
      return TrialOutcome.invalid(
          "the command runner got a '" + trial.scenario().check().kind() + "' scenario");
    }
    ExecRequest request =
        new ExecRequest(
            trial.workspace(),
            ".",
            check.command(),
            Map.of(),
            "",
            trial.scenario().timeout(),
            trial.policy());
    ExecResult result;
    try {
      result = trial.sandbox().exec(request);
    } catch (SandboxException e) {
      return TrialOutcome.invalid(
          "the sandbox could not run " + check.command().get(0) + ": " + e.getMessage());
    }
    String evidence = saveOutput(trial.evidenceDirectory(), result);
    if (result.timedOut()) {
      return TrialOutcome.fail(
          "timed out after " + trial.scenario().timeout().toMillis() + " ms; " + tail(result) + evidence);
    }
    List<String> problems = new ArrayList<>();
    if (result.exitCode() != check.exitCode()) {
      problems.add("exit code was " + result.exitCode() + ", expected " + check.exitCode());
    }
    List<String> mismatches = new ArrayList<>();
    mismatches.addAll(OutputMatching.mismatches(check.stdout(), "stdout", result.stdout()));
    mismatches.addAll(OutputMatching.mismatches(check.stderr(), "stderr", result.stderr()));
    problems.addAll(mismatches);
    if (problems.isEmpty()) {
      return TrialOutcome.pass("exit code " + result.exitCode() + " and output as expected");
    }
    if (mismatches.isEmpty()) {
      problems.add(tail(result));
    }
    return TrialOutcome.fail(String.join("; ", problems) + evidence);
  }

  private static String saveOutput(Path evidence, ExecResult result) {
    try {
      Files.createDirectories(evidence);
      Files.writeString(evidence.resolve("stdout.txt"), result.stdout(), StandardCharsets.UTF_8);
      Files.writeString(evidence.resolve("stderr.txt"), result.stderr(), StandardCharsets.UTF_8);
      return result.truncated()
          ? " (output truncated; the full output is in "
              + result.fullOutputFile().map(Path::toString).orElse(evidence.toString())
              + ")"
          : "";
    } catch (IOException e) {
      return " (could not save the output: " + e.getMessage() + ")";
    }
  }

  /** The end of stderr, or of stdout when stderr is blank. */
  static String tail(ExecResult result) {
    String stream = !result.stderr().isBlank() ? "stderr" : "stdout";
    String t = (!result.stderr().isBlank() ? result.stderr() : result.stdout()).strip();
    if (t.isEmpty()) {
      return "no output";
    }
    t = t.length() > EXCERPT ? "..." + t.substring(t.length() - EXCERPT) : t;
    return stream + " ended with '" + t.replace("\n", "\\n") + "'";
  }
}

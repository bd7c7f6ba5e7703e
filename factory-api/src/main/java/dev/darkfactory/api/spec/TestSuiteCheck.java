package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Checks a scenario by copying test files into a fresh checkout of the candidate, running a test
 * command, and reading the JUnit XML reports it writes.
 *
 * <p>Named tests are {@code ClassName#method} or {@code ClassName}. A fail-to-pass test must fail
 * on the base commit and pass on the candidate; a pass-to-pass test must pass on both. A named test
 * that is missing or skipped fails the scenario.
 *
 * @param command the program and its arguments that run the tests; not empty
 * @param reports the directory, relative to the workspace, where the command writes JUnit XML
 *     reports; the evaluator redirects it outside the candidate's reach
 * @param files test files to copy in before running: destination path in the workspace to source
 *     path relative to the scenario file
 * @param failToPass tests that must pass with the change (and fail without it)
 * @param passToPass tests that must keep passing
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record TestSuiteCheck(
    List<String> command,
    String reports,
    Map<String, String> files,
    Set<String> failToPass,
    Set<String> passToPass)
    implements Check {

  /** The kind name in scenario files. */
  public static final String KIND = "test-suite";

  /** Checks every component. */
  public TestSuiteCheck {
    command = Require.copyOf(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Require.nonBlank(command.get(0), "command[0]");
    Spec.checkRelativePath(reports, "reports");
    files = Require.copyOf(files, "files");
    files.forEach(
        (to, from) -> {
          Spec.checkRelativePath(to, "files destination");
          Spec.checkRelativePath(from, "files source");
        });
    failToPass = Require.distinct(failToPass, "failToPass");
    passToPass = Require.distinct(passToPass, "passToPass");
    for (String test : failToPass) {
      Require.nonBlank(test, "failToPass test name");
    }
    for (String test : passToPass) {
      Require.nonBlank(test, "passToPass test name");
    }
    for (String test : failToPass) {
      if (passToPass.contains(test)) {
        throw new IllegalArgumentException(
            "test " + Require.quote(test) + " is named both failToPass and passToPass");
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }
}

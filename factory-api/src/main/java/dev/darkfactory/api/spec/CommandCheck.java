package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Checks a scenario by running a command in the sandbox and matching its exit code and output.
 *
 * @param command the program and its arguments; not empty
 * @param exitCode the exit code that passes
 * @param stdout expectations on standard output, all of which must hold
 * @param stderr expectations on standard error, all of which must hold
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record CommandCheck(
    List<String> command, int exitCode, List<OutputMatcher> stdout, List<OutputMatcher> stderr)
    implements Check {

  /** The kind name in scenario files. */
  public static final String KIND = "command";

  /** Checks every component. */
  public CommandCheck {
    command = Require.copyOf(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Require.nonBlank(command.get(0), "command[0]");
    Require.atLeast(exitCode, 0, "exitCode");
    stdout = Require.copyOf(stdout, "stdout");
    stderr = Require.copyOf(stderr, "stderr");
  }

  /** A check that {@code command} exits with 0, with no output expectations. */
  public static CommandCheck exitsZero(String... command) {
    return new CommandCheck(Arrays.asList(command), 0, List.of(), List.of());
  }

  @Override
  public String kind() {
    return KIND;
  }
}

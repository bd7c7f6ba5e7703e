package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code run_command} tool: one shell command, run in the attempt's sandbox at the workspace
 * root under the attempt's sandbox policy.
 *
 * <p>Arguments: {@code command}, a string run as {@code sh -c command} (so pipes, {@code &&} and
 * redirections work), and optional {@code timeout_seconds}: default {@code defaultTimeout}; a
 * larger value than {@code maxTimeout} is lowered to it, with a note. Standard input is empty and
 * no variables are added to the policy's environment.
 *
 * <p>The output shows the exit code, the elapsed time, standard output and standard error, and
 * notes when the sandbox cut a stream to its head and tail. How a call ends:
 *
 * <ul>
 *   <li>the command exits, with any exit code: a normal result ({@link ToolOutput#error()} is
 *       false), since a failing build or test run is information the model works with;
 *   <li>the command runs into its timeout: an error result ({@link ToolOutput#error()} true)
 *       starting with {@code TIMED OUT}, with the output up to the kill, since the command did
 *       not finish and its output is incomplete;
 *   <li>the sandbox cannot run the command at all ({@link SandboxException}): a {@link
 *       ToolException};
 *   <li>the attempt is cancelled: {@link InterruptedException}, and the sandbox kills the
 *       command.
 * </ul>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RunCommandTool implements Tool {

  /** The tool's name. */
  public static final String NAME = "run_command";

  /** The default timeout of a command: two minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** The default largest timeout a call may ask for: ten minutes. */
  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(10);

  private static final Set<String> ARGUMENTS = Set.of("command", "timeout_seconds");

  private static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "command": {
            "type": "string",
            "minLength": 1,
            "description": "The command, run as sh -c '<command>' at the workspace root, such as 'mvn -q test' or 'ls src | head'."
          },
          "timeout_seconds": {
            "type": "integer",
            "minimum": 1,
            "description": "Kill the command after this many seconds (DEFAULT by default, at most MAX)."
          }
        },
        "required": ["command"],
        "additionalProperties": false
      }
      """;

  private final Duration defaultTimeout;
  private final Duration maxTimeout;
  private final ToolSpec spec;

  /** The tool with the default timeouts: 2 minutes, at most 10. */
  public RunCommandTool() {
    this(DEFAULT_TIMEOUT, DEFAULT_MAX_TIMEOUT);
  }

  /**
   * The tool with its timeouts.
   *
   * @param defaultTimeout the timeout of a call that gives none; at least one second
   * @param maxTimeout the largest timeout a call may ask for; at least {@code defaultTimeout}
   */
  public RunCommandTool(Duration defaultTimeout, Duration maxTimeout) {
    Require.positive(defaultTimeout, "defaultTimeout");
    Require.positive(maxTimeout, "maxTimeout");
    if (defaultTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "defaultTimeout must be at least 1 second but was " + defaultTimeout);
    }
    if (maxTimeout.compareTo(defaultTimeout) < 0) {
      throw new IllegalArgumentException(
          "maxTimeout " + maxTimeout + " must not be less than defaultTimeout " + defaultTimeout);
    }
    this.defaultTimeout = defaultTimeout;
    this.maxTimeout = maxTimeout;
    this.spec =
        new ToolSpec(
            NAME,
            "Runs a shell command (sh -c) at the workspace root in the sandbox and returns its"
                + " exit code, standard output and standard error. Use it to build, run tests,"
                + " and inspect the environment. Commands are not interactive (stdin is empty),"
                + " have no network unless the sandbox allows it, and can write only inside the"
                + " workspace. A command is killed, with everything it started, after "
                + seconds(defaultTimeout) + " s unless timeout_seconds says otherwise (at most "
                + seconds(maxTimeout) + " s).",
            SCHEMA
                .replace("DEFAULT", seconds(defaultTimeout) + " s")
                .replace("MAX", seconds(maxTimeout) + " s"));
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  /**
   * The timeout of a call that gives none.
   *
   * @return the default timeout
   */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /**
   * The largest timeout a call may ask for.
   *
   * @return the maximum timeout
   */
  public Duration maxTimeout() {
    return maxTimeout;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context)
      throws ToolException, InterruptedException {
    Arguments args = Arguments.of(arguments, NAME, ARGUMENTS);
    String command = args.requiredString("command");
    Integer asked = args.optionalInt("timeout_seconds");
    if (command.isBlank()) {
      throw new ToolException("the command is empty; give a shell command such as 'ls -la'");
    }
    if (command.indexOf('\0') >= 0) {
      throw new ToolException("the command contains a NUL character");
    }
    if (asked != null && asked < 1) {
      throw new ToolException("timeout_seconds must be at least 1 but was " + asked);
    }
    Duration timeout = asked == null ? defaultTimeout : Duration.ofSeconds(asked);
    String note = "";
    if (timeout.compareTo(maxTimeout) > 0) {
      note =
          "[timeout_seconds " + asked + " is above the maximum of " + seconds(maxTimeout)
              + "; used " + seconds(maxTimeout) + "]\n";
      timeout = maxTimeout;
    }
    ExecRequest request =
        new ExecRequest(
            context.workspace().root().toAbsolutePath().normalize(),
            ".",
            List.of("sh", "-c", command),
            Map.of(),
            "",
            timeout,
            context.sandboxPolicy());
    ExecResult result;
    try {
      result = context.sandbox().exec(request);
    } catch (SandboxException e) {
      throw new ToolException(
          "the sandbox (" + context.sandbox().name() + ") could not run the command: "
              + e.getMessage(), e);
    }
    StringBuilder out = new StringBuilder(note);
    if (result.timedOut()) {
      out.append("TIMED OUT after ")
          .append(seconds(timeout))
          .append(" s: the command was killed, with everything it started, before it finished."
              + " Give it a larger timeout_seconds (at most ")
          .append(seconds(maxTimeout))
          .append("), or do less in one command. Its output until then:\n");
    } else {
      out.append("exit code: ")
          .append(result.exitCode())
          .append(" (")
          .append(String.format(Locale.ROOT, "%.1f", result.elapsed().toMillis() / 1000.0))
          .append(" s)\n");
    }
    appendStream(out, "stdout", result.stdout());
    appendStream(out, "stderr", result.stderr());
    if (result.truncated()) {
      out.append("[the sandbox cut the output to its head and tail: at most ")
          .append(WorkspaceFiles.count(context.sandboxPolicy().maxOutputBytes()))
          .append(" bytes of each stream are kept; redirect to a file and search it for more]\n");
    }
    return result.timedOut() ? ToolOutput.error(out.toString()) : ToolOutput.ok(out.toString());
  }

  private static void appendStream(StringBuilder out, String name, String text) {
    out.append("--- ").append(name);
    if (text.isEmpty()) {
      out.append(": (empty)\n");
      return;
    }
    out.append(" ---\n").append(text);
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}

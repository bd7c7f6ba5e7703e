package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A git command failed; the message carries the command, where it ran, its exit code and git's
 * own words.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class GitException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> command;
  private final int exitCode;
  private final String stderr;

  /**
   * Creates the exception.
   *
   * @param message what failed and where, including git's message
   * @param command the git arguments
   * @param exitCode git's exit code, or {@code -1} when it did not exit by itself
   * @param stderr what git printed on its error stream
   */
  public GitException(String message, List<String> command, int exitCode, String stderr) {
    super(message);
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  /**
   * The arguments given to git.
   *
   * @return the arguments, without the {@code git} itself
   */
  public List<String> command() {
    return command;
  }

  /**
   * Git's exit code.
   *
   * @return the code, or {@code -1} when git timed out or could not start
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * What git printed on its error stream.
   *
   * @return the text, possibly empty
   */
  public String stderr() {
    return stderr;
  }
}

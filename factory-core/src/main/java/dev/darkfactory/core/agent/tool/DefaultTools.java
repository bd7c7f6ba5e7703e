package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The default file and command tools of the coding agent, configured: in this order {@code
 * read_file} ({@link ReadFileTool}), {@code write_file} ({@link WriteFileTool}), {@code
 * edit_file} ({@link EditFileTool}), {@code list_files} ({@link ListFilesTool}), {@code
 * search_files} ({@link SearchFilesTool}) and {@code run_command} ({@link RunCommandTool}).
 *
 * <pre>{@code
 * List<Tool> tools = DefaultTools.builder()
 *     .commandTimeout(Duration.ofMinutes(5))
 *     .maxCommandTimeout(Duration.ofMinutes(20))
 *     .build()
 *     .all();
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class DefaultTools {

  private final List<Tool> tools;
  private final Duration commandTimeout;
  private final Duration maxCommandTimeout;
  private final int maxListedFiles;
  private final int maxSearchMatches;
  private final Duration searchTimeLimit;
  private final int maxReadChars;

  private DefaultTools(Builder b) {
    this.commandTimeout = b.commandTimeout;
    this.maxCommandTimeout = b.maxCommandTimeout;
    this.maxListedFiles = b.maxListedFiles;
    this.maxSearchMatches = b.maxSearchMatches;
    this.searchTimeLimit = b.searchTimeLimit;
    this.maxReadChars = b.maxReadChars;
    this.tools =
        List.of(
            new ReadFileTool(maxReadChars),
            new WriteFileTool(),
            new EditFileTool(),
            new ListFilesTool(maxListedFiles),
            new SearchFilesTool(maxSearchMatches, searchTimeLimit),
            new RunCommandTool(commandTimeout, maxCommandTimeout));
  }

  /**
   * The default tools with the default options.
   *
   * @return the tools
   */
  public static DefaultTools standard() {
    return builder().build();
  }

  /**
   * A builder starting from the default options.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every default tool, in a stable order: read_file, write_file, edit_file, list_files,
   * search_files, run_command.
   *
   * @return the tools, unmodifiable
   */
  public List<Tool> all() {
    return tools;
  }

  /**
   * The timeout of a command whose call gives none.
   *
   * @return the default command timeout
   */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /**
   * The largest timeout a command call may ask for.
   *
   * @return the maximum command timeout
   */
  public Duration maxCommandTimeout() {
    return maxCommandTimeout;
  }

  /**
   * The most paths one list_files call shows.
   *
   * @return the cap
   */
  public int maxListedFiles() {
    return maxListedFiles;
  }

  /**
   * The most matches one search_files call shows.
   *
   * @return the cap
   */
  public int maxSearchMatches() {
    return maxSearchMatches;
  }

  /**
   * How long one search_files call may run.
   *
   * @return the time limit
   */
  public Duration searchTimeLimit() {
    return searchTimeLimit;
  }

  /**
   * The most characters one read_file call returns.
   *
   * @return the cap
   */
  public int maxReadChars() {
    return maxReadChars;
  }

  /**
   * Options of the default tools; every one has a default.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  public static final class Builder {

    private Duration commandTimeout = RunCommandTool.DEFAULT_TIMEOUT;
    private Duration maxCommandTimeout = RunCommandTool.DEFAULT_MAX_TIMEOUT;
    private int maxListedFiles = ListFilesTool.DEFAULT_MAX_RESULTS;
    private int maxSearchMatches = SearchFilesTool.DEFAULT_MAX_MATCHES;
    private Duration searchTimeLimit = SearchFilesTool.DEFAULT_TIME_LIMIT;
    private int maxReadChars = ReadFileTool.DEFAULT_MAX_CHARS;

    private Builder() {}

    /**
     * Sets the timeout of a command whose call gives none (default 2 minutes, at least 1
     * second).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = Require.positive(timeout, "commandTimeout");
      return this;
    }

    /**
     * Sets the largest timeout a command call may ask for (default 10 minutes); a larger one is
     * lowered to it.
     *
     * @param timeout the maximum
     * @return this builder
     */
    public Builder maxCommandTimeout(Duration timeout) {
      this.maxCommandTimeout = Require.positive(timeout, "maxCommandTimeout");
      return this;
    }

    /**
     * Sets the most paths one list_files call shows (default 1,000).
     *
     * @param max the cap, at least 1
     * @return this builder
     */
    public Builder maxListedFiles(int max) {
      this.maxListedFiles = Require.atLeast(max, 1, "maxListedFiles");
      return this;
    }

    /**
     * Sets the most matching lines one search_files call shows (default 200).
     *
     * @param max the cap, at least 1
     * @return this builder
     */
    public Builder maxSearchMatches(int max) {
      this.maxSearchMatches = Require.atLeast(max, 1, "maxSearchMatches");
      return this;
    }

    /**
     * Sets how long one search_files call may run before it stops with an error (default 30
     * seconds).
     *
     * @param limit the time limit
     * @return this builder
     */
    public Builder searchTimeLimit(Duration limit) {
      this.searchTimeLimit = Require.positive(limit, "searchTimeLimit");
      return this;
    }

    /**
     * Sets the most characters one read_file call returns (default 1,000,000); the agent's
     * {@link OutputTruncation} cuts what the model sees further.
     *
     * @param max the cap, at least 1,000
     * @return this builder
     */
    public Builder maxReadChars(int max) {
      this.maxReadChars = Require.atLeast(max, 1000, "maxReadChars");
      return this;
    }

    /**
     * The configured tools.
     *
     * @return the tools
     * @throws IllegalArgumentException when the command timeout is under a second or above the
     *     maximum
     */
    public DefaultTools build() {
      return new DefaultTools(this);
    }
  }
}

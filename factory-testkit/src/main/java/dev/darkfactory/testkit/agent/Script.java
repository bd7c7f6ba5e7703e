package dev.darkfactory.testkit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.HoldoutLeakException;
import dev.darkfactory.api.agent.Transcript;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.Role;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ScriptedAgent} does in one attempt instead of asking a model: file writes and
 * deletions, commands run in the sandbox, custom actions and reported token usage, in order, then
 * how the attempt ends.
 *
 * <p>A script is an immutable value: every method returns a new script with one more step, so a
 * common prefix can be shared.
 *
 * <pre>{@code
 * Script implement =
 *     Script.steps()
 *         .write("src/Greeting.java", "class Greeting {}")
 *         .delete("old.txt")
 *         .run("javac", "-d", "out", "src/Greeting.java")
 *         .usage(Usage.of(1200, 300))
 *         .finish("implemented greeting");
 * }</pre>
 *
 * <p>When played, the steps run one after another:
 *
 * <ul>
 *   <li>Paths are resolved with {@link dev.darkfactory.api.workspace.Workspace#resolve(String)}, so
 *       a path that leaves the workspace ends the attempt before anything is written.
 *   <li>A command that exits non-zero does not stop a {@link #run(String...) run} step; its exit
 *       code and output are in the transcript. A {@link #runOrFail(String...) runOrFail} step ends
 *       the attempt as {@link AgentOutcome.Failed} instead.
 *   <li>A step that throws (an {@link IOException}, a {@link
 *       dev.darkfactory.api.sandbox.SandboxException}, an {@link IllegalArgumentException} for a
 *       path outside the workspace, anything an {@link Action} throws) ends the attempt as {@link
 *       AgentOutcome.Failed}, naming the step's number (from 1) and the exception. An {@link
 *       InterruptedException} propagates.
 *   <li>Before every step, when {@link AgentContext#stopRequested()} is true, the attempt ends as
 *       {@link AgentOutcome.GaveUp} with the reason {@code "stop requested"}.
 *   <li>The attempt ends with the terminal step ({@link #finish}, {@link #giveUp}, {@link #fail},
 *       {@link #limit}), or as {@link AgentOutcome.Finished} with the summary {@code "script done"}
 *       when there is none. No step may follow a terminal step.
 * </ul>
 *
 * <p>The outcome's usage is the sum of the {@link #usage(Usage) usage} steps reached. Its
 * transcript opens with a user message naming the assignment; each file, command and action step
 * adds an assistant message with one tool call and a user message with its result, and the terminal
 * step adds an assistant message with its text.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Script {

  /** How long a command may run when its step names no timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final Script EMPTY = new Script(List.of(), null);

  private final List<Step> steps;
  private final @Nullable Ending ending;

  private Script(List<Step> steps, @Nullable Ending ending) {
    this.steps = steps;
    this.ending = ending;
  }

  /** An empty script, to add steps to; played as it is, it finishes with "script done". */
  public static Script steps() {
    return EMPTY;
  }

  /**
   * Adds a step that writes {@code content} as UTF-8 to a file in the workspace, creating its
   * parent directories and replacing what was there.
   *
   * @param relativePath the file, relative to the workspace root
   * @param content the whole new content
   * @return a new script with the step added
   */
  public Script write(String relativePath, String content) {
    return then(
        new Write(
            Require.nonBlank(relativePath, "relativePath"), Require.nonNull(content, "content")));
  }

  /**
   * Adds a step that deletes a file or a directory with everything in it from the workspace; the
   * path must exist.
   *
   * @param relativePath the file or directory, relative to the workspace root
   * @return a new script with the step added
   */
  public Script delete(String relativePath) {
    return then(new Delete(Require.nonBlank(relativePath, "relativePath")));
  }

  /**
   * Adds a step that runs a command in the sandbox at the workspace root, under the attempt's
   * policy, with a timeout of {@link #DEFAULT_TIMEOUT}; the script goes on whatever it exits with.
   *
   * @param command the program and its arguments
   * @return a new script with the step added
   */
  public Script run(String... command) {
    return run(DEFAULT_TIMEOUT, command);
  }

  /**
   * Adds a step that runs a command in the sandbox at the workspace root, under the attempt's
   * policy; the script goes on whatever it exits with.
   *
   * @param timeout when to kill the command
   * @param command the program and its arguments
   * @return a new script with the step added
   */
  public Script run(Duration timeout, String... command) {
    return then(new Run(command(command), Require.positive(timeout, "timeout"), false));
  }

  /**
   * Adds a step that runs a command like {@link #run(String...)} but ends the attempt as {@link
   * AgentOutcome.Failed} unless it exits with 0 before its timeout of {@link #DEFAULT_TIMEOUT}.
   *
   * @param command the program and its arguments
   * @return a new script with the step added
   */
  public Script runOrFail(String... command) {
    return runOrFail(DEFAULT_TIMEOUT, command);
  }

  /**
   * Adds a step that runs a command like {@link #run(Duration, String...)} but ends the attempt as
   * {@link AgentOutcome.Failed} unless it exits with 0 before its timeout.
   *
   * @param timeout when to kill the command
   * @param command the program and its arguments
   * @return a new script with the step added
   */
  public Script runOrFail(Duration timeout, String... command) {
    return then(new Run(command(command), Require.positive(timeout, "timeout"), true));
  }

  /**
   * Adds a step that calls custom code, for tests that need behaviour no other step has, such as
   * waiting on a latch or throwing.
   *
   * @param action what to do; what it throws ends the attempt as {@link AgentOutcome.Failed},
   *     except {@link InterruptedException}, which propagates
   * @return a new script with the step added
   */
  public Script perform(Action action) {
    return then(new Perform(Require.nonNull(action, "action")));
  }

  /**
   * Adds a step that reports tokens as if a model call had consumed them; the outcome's usage is
   * the sum of the usage steps reached.
   *
   * @param usage the tokens to add
   * @return a new script with the step added
   */
  public Script usage(Usage usage) {
    return then(new AddUsage(Require.nonNull(usage, "usage")));
  }

  /**
   * Ends the script with {@link AgentOutcome.Finished}.
   *
   * @param summary the agent's account of what it did; may be empty
   * @return a new script that ends this way
   */
  public Script finish(String summary) {
    return end(new Ending(Ending.Kind.FINISH, Require.nonNull(summary, "summary"), null));
  }

  /**
   * Ends the script with {@link AgentOutcome.GaveUp}.
   *
   * @param reason why the agent gives up
   * @return a new script that ends this way
   */
  public Script giveUp(String reason) {
    return end(new Ending(Ending.Kind.GIVE_UP, Require.nonBlank(reason, "reason"), null));
  }

  /**
   * Ends the script with {@link AgentOutcome.Failed}.
   *
   * @param error what went wrong
   * @return a new script that ends this way
   */
  public Script fail(String error) {
    return end(new Ending(Ending.Kind.FAIL, Require.nonBlank(error, "error"), null));
  }

  /**
   * Ends the script with {@link AgentOutcome.LimitReached}.
   *
   * @param limit which limit the attempt reached
   * @param detail what was reached, such as {@code "40 of 40 turns"}
   * @return a new script that ends this way
   */
  public Script limit(AgentOutcome.Limit limit, String detail) {
    return end(
        new Ending(
            Ending.Kind.LIMIT,
            Require.nonBlank(detail, "detail"),
            Require.nonNull(limit, "limit")));
  }

  /** The steps in order, for error messages, such as {@code [write a.txt, finish 'done']}. */
  @Override
  public String toString() {
    Stream<String> described = steps.stream().map(Step::describe);
    if (ending != null) {
      described = Stream.concat(described, Stream.of(ending.describe()));
    }
    return described.collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * Custom code a script runs as one of its steps.
   *
   * @since 0.1.0
   */
  @API(status = EXPERIMENTAL, since = "0.1.0")
  @FunctionalInterface
  public interface Action {

    /**
     * Does the step's work.
     *
     * @param assignment the attempt's assignment
     * @param context the attempt's workspace, sandbox, budget and clock
     * @throws Exception to end the attempt as {@link AgentOutcome.Failed}
     */
    void perform(Assignment assignment, AgentContext context) throws Exception;
  }

  /**
   * Plays the script for one attempt.
   *
   * @param model the model name the transcript reports
   */
  AgentOutcome play(Assignment assignment, AgentContext context, String model)
      throws InterruptedException {
    Playback playback = new Playback(assignment, context, model);
    playback.messages.add(
        Message.user(
            "Implement spec '"
                + assignment.spec().id()
                + "', attempt "
                + assignment.attempt()
                + ", with "
                + assignment.feedback().size()
                + " feedback entries."));
    int number = 0;
    for (Step step : steps) {
      number++;
      AgentOutcome stopped = playback.checkStop(number);
      if (stopped != null) {
        return stopped;
      }
      @Nullable String failure;
      try {
        failure = step.execute(playback, number);
      } catch (InterruptedException e) {
        throw e;
      } catch (HoldoutLeakException e) {
        // What the default agent does: the attempt ends, nothing more is sent.
        playback.answerPendingCall(e.toString());
        return playback.aborted(AgentOutcome.Aborted.Cause.HOLDOUT_LEAK, e.getMessage());
      } catch (Exception e) {
        playback.answerPendingCall(e.toString());
        return playback.failed("step " + number + " (" + step.describe() + ") failed: " + e);
      }
      if (failure != null) {
        return playback.failed("step " + number + " (" + step.describe() + ") failed: " + failure);
      }
    }
    if (ending == null) {
      return playback.finished("script done");
    }
    AgentOutcome stopped = playback.checkStop(number + 1);
    return stopped != null ? stopped : ending.outcome(playback);
  }

  private Script then(Step step) {
    if (ending != null) {
      throw new IllegalStateException(
          "script " + this + " already ends; cannot add " + step.describe() + " after it");
    }
    List<Step> more = new ArrayList<>(steps);
    more.add(step);
    return new Script(List.copyOf(more), null);
  }

  private Script end(Ending newEnding) {
    if (ending != null) {
      throw new IllegalStateException(
          "script " + this + " already ends; cannot also " + newEnding.describe());
    }
    return new Script(steps, newEnding);
  }

  private static List<String> command(String... command) {
    List<String> copy =
        Require.copyOf(Arrays.asList(Require.nonNull(command, "command")), "command");
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    return copy;
  }

  /** Quotes a string as a JSON string literal. */
  static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The state of one attempt while its script plays: the conversation and the usage so far. */
  private static final class Playback {
    final Assignment assignment;
    final AgentContext context;
    final String model;
    final List<Message> messages = new ArrayList<>();
    Usage usage = Usage.ZERO;
    @Nullable String pendingCallId;

    Playback(Assignment assignment, AgentContext context, String model) {
      this.assignment = assignment;
      this.context = context;
      this.model = model;
    }

    /** Records the assistant's tool call; its result must follow with {@link #answer}. */
    void call(int step, String tool, String argumentsJson) {
      String id = "step-" + step;
      messages.add(
          new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolCall(id, tool, argumentsJson))));
      pendingCallId = id;
    }

    void answer(String content, boolean error) {
      String id = Require.nonNull(pendingCallId, "pending tool call");
      messages.add(
          new Message(Role.USER, List.of(new ContentBlock.ToolResult(id, content, error))));
      pendingCallId = null;
    }

    /**
     * Answers the open tool call, if any, as failed, so every call in the transcript has a result.
     */
    void answerPendingCall(String error) {
      if (pendingCallId != null) {
        answer(error, true);
      }
    }

    /** The outcome when the factory asked the attempt to stop, or {@code null} to go on. */
    @Nullable AgentOutcome checkStop(int step) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before step " + step);
      }
      if (context.stopRequested()) {
        return new AgentOutcome.GaveUp("stop requested", usage, transcript());
      }
      return null;
    }

    Transcript transcript() {
      return new Transcript(messages, Set.of(model));
    }

    AgentOutcome finished(String summary) {
      messages.add(Message.assistant(summary));
      return new AgentOutcome.Finished(summary, usage, transcript());
    }

    AgentOutcome failed(String error) {
      return new AgentOutcome.Failed(error, usage, transcript());
    }

    AgentOutcome aborted(AgentOutcome.Aborted.Cause cause, String detail) {
      return new AgentOutcome.Aborted(cause, detail, usage, transcript());
    }
  }

  /** One non-terminal step. */
  private sealed interface Step permits Write, Delete, Run, Perform, AddUsage {

    /** A short description for error messages and {@link Script#toString()}. */
    String describe();

    /**
     * Does the step.
     *
     * @return why the step failed without throwing, or {@code null} when it did not
     */
    @Nullable String execute(Playback playback, int number) throws Exception;
  }

  private record Write(String path, String content) implements Step {
    @Override
    public String describe() {
      return "write " + path;
    }

    @Override
    public @Nullable String execute(Playback playback, int number) throws IOException {
      playback.call(
          number, "write", "{\"path\":" + json(path) + ",\"content\":" + json(content) + "}");
      Path file = playback.context.workspace().resolve(path);
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
      playback.answer("wrote " + bytes.length + " bytes to " + path, false);
      return null;
    }
  }

  private record Delete(String path) implements Step {
    @Override
    public String describe() {
      return "delete " + path;
    }

    @Override
    public @Nullable String execute(Playback playback, int number) throws IOException {
      playback.call(number, "delete", "{\"path\":" + json(path) + "}");
      Path target = playback.context.workspace().resolve(path);
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        // Files.walk does not follow links, so a link inside is deleted, never what it points to.
        List<Path> inside;
        try (Stream<Path> walk = Files.walk(target)) {
          inside = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : inside) {
          Files.delete(p);
        }
      } else {
        Files.delete(target);
      }
      playback.answer("deleted " + path, false);
      return null;
    }
  }

  private record Run(List<String> command, Duration timeout, boolean mustSucceed) implements Step {
    @Override
    public String describe() {
      return (mustSucceed ? "runOrFail " : "run ") + String.join(" ", command);
    }

    @Override
    public @Nullable String execute(Playback playback, int number) throws Exception {
      String arguments =
          command.stream().map(Script::json).collect(Collectors.joining(",", "[", "]"));
      playback.call(
          number,
          "run",
          "{\"command\":" + arguments + ",\"timeoutMillis\":" + timeout.toMillis() + "}");
      AgentContext context = playback.context;
      ExecResult result =
          context
              .sandbox()
              .exec(
                  new ExecRequest(
                      context.workspace().root(),
                      ".",
                      command,
                      Map.of(),
                      "",
                      timeout,
                      context.sandboxPolicy()));
      String ended =
          result.timedOut() ? "timed out after " + timeout : "exited with " + result.exitCode();
      StringBuilder content = new StringBuilder(ended);
      if (!result.stdout().isEmpty()) {
        content.append("\n--- stdout ---\n").append(result.stdout());
      }
      if (!result.stderr().isEmpty()) {
        content.append("\n--- stderr ---\n").append(result.stderr());
      }
      result
          .fullOutputFile()
          .ifPresent(
              f -> content.append("\n(output truncated; the whole is in ").append(f).append(')'));
      playback.answer(content.toString(), !result.succeeded());
      if (mustSucceed && !result.succeeded()) {
        String stderr = result.stderr().strip();
        return stderr.isEmpty() ? "command " + ended : "command " + ended + ": " + stderr;
      }
      return null;
    }
  }

  private record Perform(Action action) implements Step {
    @Override
    public String describe() {
      return "perform action";
    }

    @Override
    public @Nullable String execute(Playback playback, int number) throws Exception {
      playback.call(number, "perform", "{}");
      action.perform(playback.assignment, playback.context);
      playback.answer("done", false);
      return null;
    }
  }

  private record AddUsage(Usage usage) implements Step {
    @Override
    public String describe() {
      return "usage " + usage.inputTokens() + " in, " + usage.outputTokens() + " out";
    }

    @Override
    public @Nullable String execute(Playback playback, int number) {
      playback.usage = playback.usage.plus(usage);
      return null;
    }
  }

  /** The terminal step. */
  private record Ending(Kind kind, String text, AgentOutcome.@Nullable Limit limit) {
    enum Kind {
      FINISH,
      GIVE_UP,
      FAIL,
      LIMIT
    }

    String describe() {
      return switch (kind) {
        case FINISH -> "finish '" + text + "'";
        case GIVE_UP -> "giveUp '" + text + "'";
        case FAIL -> "fail '" + text + "'";
        case LIMIT -> "limit " + limit + " '" + text + "'";
      };
    }

    AgentOutcome outcome(Playback playback) {
      if (kind == Kind.FINISH) {
        return playback.finished(text);
      }
      playback.messages.add(Message.assistant(text));
      Usage usage = playback.usage;
      Transcript transcript = playback.transcript();
      return switch (kind) {
        case FINISH -> throw new IllegalStateException("handled above");
        case GIVE_UP -> new AgentOutcome.GaveUp(text, usage, transcript);
        case FAIL -> new AgentOutcome.Failed(text, usage, transcript);
        case LIMIT ->
            new AgentOutcome.LimitReached(Require.nonNull(limit, "limit"), text, usage, transcript);
      };
    }
  }
}

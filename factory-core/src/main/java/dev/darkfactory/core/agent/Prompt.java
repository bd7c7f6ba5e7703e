package dev.darkfactory.core.agent;

import dev.darkfactory.api.agent.AgentContext;
import dev.darkfactory.api.agent.Assignment;
import dev.darkfactory.api.agent.Feedback;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.ScenarioId;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.TestSuiteCheck;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed prefix of every request of an attempt: the system prompt and the first user message.
 * Both are built once per attempt and never change, so a provider's prompt cache hits on every
 * later turn.
 */
final class Prompt {

  private static final Logger LOG = LoggerFactory.getLogger(Prompt.class);

  /** The default system prompt: identity, how to work, how to use the tools. */
  static final String SYSTEM =
      """
      You are a coding agent. You implement one specification (the spec) in a software repository \
      by changing the files of your workspace, a private checkout of the repository. Other checks, \
      which you do not see, judge the result too: implement what the spec asks, not only what the \
      visible scenarios test.

      How to work:
      - Read before you write: list, search and read the files that matter, and follow the \
      repository's AGENTS.md instructions you are given.
      - Make the smallest change that reaches the spec's goal, keeps its constraints and \
      interfaces, and stays out of its non-goals. Match the code style around you.
      - Check your work: build, run the tests and the visible scenarios' commands with \
      run_command, and fix what fails.
      - Do not weaken or delete tests, build or CI files to make checks pass; protected paths are \
      restored before evaluation anyway.
      - Do not commit or push: the factory commits what you leave in the workspace.
      - When the spec is implemented and checked, call finish with a short summary of what you \
      changed. If it cannot be implemented (it contradicts itself or the repository), call \
      give_up with the reason. Before either, call note with anything a later attempt at the \
      same spec should know: what you tried, what failed, what you learned.

      Tools:
      - Paths are relative to the workspace root; a path outside the workspace is refused, \
      symbolic links included.
      - Change existing files with edit_file (an exact, unique old text and its replacement); \
      use write_file for new files or whole rewrites. Read a file before you edit it.
      - Commands run in a sandbox where only the workspace is writable and the network may be \
      off; give long commands a timeout.
      - Long tool output is truncated with a marker saying how much was cut: read a narrower \
      line range or search instead.
      - You may call several tools in one answer; they run in order and their results come back \
      together.
      - A message from the host may come with tool results: read it and follow it.
      - Repeating the same calls without progress ends the attempt.
      """;

  private final String system;
  private final String firstMessage;

  private Prompt(String system, String firstMessage) {
    this.system = system;
    this.firstMessage = firstMessage;
  }

  String system() {
    return system;
  }

  String firstMessage() {
    return firstMessage;
  }

  /** Settings for {@link #build}. */
  record Settings(
      String systemPrompt,
      String model,
      String workingDirectory,
      int maxAgentsFileChars,
      int maxAgentsTotalChars) {}

  static Prompt build(Assignment assignment, AgentContext context, Settings settings) {
    StringBuilder m = new StringBuilder();
    environment(m, assignment, context, settings);
    agentsFiles(m, context, settings);
    spec(m, assignment.spec());
    scenarios(m, assignment.visibleScenarios());
    feedback(m, assignment.feedback());
    m.append("Implement the spec now. Start by looking at the repository.\n");
    return new Prompt(settings.systemPrompt(), m.toString());
  }

  private static void environment(
      StringBuilder m, Assignment assignment, AgentContext context, Settings settings) {
    m.append("# Environment\n\n");
    m.append("- Platform: ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.version"))
        .append(" (")
        .append(System.getProperty("os.arch"))
        .append(")\n");
    m.append("- Workspace root: ").append(context.workspace().root()).append('\n');
    m.append("- Working directory: ")
        .append(settings.workingDirectory())
        .append(" (relative to the workspace root)\n");
    m.append("- Git: work branch ")
        .append(assignment.repository().workBranch())
        .append(", started from commit ")
        .append(assignment.repository().base().hex())
        .append(" of ")
        .append(assignment.repository().targetBranch())
        .append("; the workspace holds the files only (no .git)\n");
    m.append("- Date: ").append(LocalDate.now(context.clock())).append('\n');
    m.append("- Model: ").append(settings.model()).append('\n');
    m.append("- Attempt: ").append(assignment.attempt()).append("\n\n");
  }

  /**
   * The AGENTS.md files from the workspace root down to the working directory, shallowest first,
   * each and all together capped, with a visible marker where text was cut.
   */
  private static void agentsFiles(StringBuilder m, AgentContext context, Settings settings) {
    List<String> paths = new ArrayList<>();
    String directory = "";
    paths.add("AGENTS.md");
    if (!settings.workingDirectory().equals(".")) {
      for (String part : settings.workingDirectory().split("/")) {
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        directory = directory + part + "/";
        paths.add(directory + "AGENTS.md");
      }
    }
    StringBuilder section = new StringBuilder();
    int left = settings.maxAgentsTotalChars();
    List<String> notShown = new ArrayList<>();
    for (String relative : paths) {
      Path file;
      try {
        file = context.workspace().resolve(relative);
      } catch (IllegalArgumentException e) {
        LOG.warn("skipping {}: {}", relative, e.getMessage());
        continue;
      }
      if (!Files.isRegularFile(file)) {
        continue;
      }
      if (left <= 0) {
        notShown.add(relative);
        continue;
      }
      int cap = Math.min(settings.maxAgentsFileChars(), left);
      String text;
      long size;
      try {
        size = Files.size(file);
        text = readAtMost(file, cap + 1);
      } catch (IOException e) {
        LOG.warn("cannot read {}: {}", relative, e.toString());
        continue;
      }
      section.append("## ").append(relative).append("\n\n");
      if (text.length() > cap) {
        section
            .append(text, 0, cap)
            .append("\n[... ")
            .append(relative)
            .append(" is cut here: it has ")
            .append(size)
            .append(" bytes and only its first ")
            .append(cap)
            .append(" characters are shown; read the file for the rest ...]\n\n");
        left -= cap;
      } else {
        section.append(text.stripTrailing()).append("\n\n");
        left -= text.length();
      }
    }
    if (!notShown.isEmpty()) {
      section
          .append("[... not shown, the instructions were too long: ")
          .append(String.join(", ", notShown))
          .append("; read them if they matter ...]\n\n");
    }
    if (section.length() > 0) {
      m.append("# Repository instructions (AGENTS.md)\n\n")
          .append(
              "Files from the workspace root down to the working directory; deeper files come"
                  + " later and take precedence.\n\n")
          .append(section);
    }
  }

  private static String readAtMost(Path file, int chars) throws IOException {
    try (Reader in =
        new java.io.InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
      char[] buffer = new char[chars];
      int total = 0;
      int n;
      while (total < chars && (n = in.read(buffer, total, chars - total)) > 0) {
        total += n;
      }
      return new String(buffer, 0, total);
    }
  }

  private static void spec(StringBuilder m, Spec spec) {
    m.append("# The spec: ").append(spec.id()).append(" - ").append(spec.title()).append("\n\n");
    if (!spec.summary().isEmpty()) {
      m.append(spec.summary()).append("\n\n");
    }
    section(m, "Goal", spec.goal());
    section(m, "Constraints", spec.constraints());
    section(m, "Interfaces", spec.interfaces());
    section(m, "Non-goals", spec.nonGoals());
  }

  private static void section(StringBuilder m, String heading, String body) {
    if (!body.isEmpty()) {
      m.append("## ").append(heading).append("\n\n").append(body).append("\n\n");
    }
  }

  private static void scenarios(StringBuilder m, List<Scenario> scenarios) {
    if (scenarios.isEmpty()) {
      return;
    }
    m.append("# Visible scenarios\n\n")
        .append("How part of the result will be checked. Make these pass.\n\n");
    for (Scenario s : scenarios) {
      m.append("## ")
          .append(s.id())
          .append(": ")
          .append(s.title())
          .append(s.required() ? " (required)" : " (optional, weight " + s.weight() + ")")
          .append("\n\n");
      if (!s.description().isBlank()) {
        m.append(s.description().strip()).append("\n\n");
      }
      m.append(check(s)).append("\n\n");
    }
  }

  private static String check(Scenario s) {
    if (s.check() instanceof CommandCheck c) {
      StringBuilder b = new StringBuilder();
      b.append("Check: runs ")
          .append(command(c.command()))
          .append(" in the workspace (timeout ")
          .append(s.timeout().toSeconds())
          .append(" s); passes when it exits with ")
          .append(c.exitCode());
      for (OutputMatcher o : c.stdout()) {
        b.append(", and standard output ").append(matcher(o));
      }
      for (OutputMatcher o : c.stderr()) {
        b.append(", and standard error ").append(matcher(o));
      }
      return b.append('.').toString();
    }
    if (s.check() instanceof TestSuiteCheck t) {
      StringBuilder b = new StringBuilder("Check: runs the tests with ").append(command(t.command()));
      if (!t.failToPass().isEmpty()) {
        b.append("; these must pass: ").append(String.join(", ", t.failToPass()));
      }
      if (!t.passToPass().isEmpty()) {
        b.append("; these must keep passing: ").append(String.join(", ", t.passToPass()));
      }
      return b.append('.').toString();
    }
    if (s.check() instanceof ModelJudgeCheck j) {
      return "Check: a model judges the change against this rubric:\n\n" + j.rubric().strip();
    }
    return "Check (" + s.check().kind() + "): " + s.check();
  }

  private static String command(List<String> command) {
    return command.stream()
        .map(a -> a.matches("[A-Za-z0-9_./:=+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" ", "`", "`"));
  }

  private static String matcher(OutputMatcher o) {
    if (o instanceof OutputMatcher.Equals e) {
      return "is exactly " + quote(e.expected());
    }
    if (o instanceof OutputMatcher.Contains c) {
      return "contains " + quote(c.text());
    }
    if (o instanceof OutputMatcher.Regex r) {
      return "matches the regular expression " + quote(r.pattern());
    }
    OutputMatcher.JsonField j = (OutputMatcher.JsonField) o;
    return "is JSON whose value at " + quote(j.pointer()) + " is " + quote(j.expected());
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static void feedback(StringBuilder m, List<Feedback> feedback) {
    if (feedback.isEmpty()) {
      return;
    }
    m.append("# Earlier attempts\n\n")
        .append("Earlier attempts at this spec were sent back. What is known about them:\n\n");
    for (Feedback f : feedback) {
      m.append("## Attempt ").append(f.attempt()).append("\n\n");
      if (!f.summary().isBlank()) {
        m.append(f.summary().strip()).append("\n\n");
      }
      if (!f.failedVisibleScenarios().isEmpty()) {
        m.append("- Visible scenarios that failed: ")
            .append(
                f.failedVisibleScenarios().stream()
                    .map(ScenarioId::toString)
                    .collect(Collectors.joining(", ")))
            .append('\n');
      }
      if (f.holdoutsTotal() > 0) {
        m.append("- Hidden scenarios passed: ")
            .append(f.holdoutsPassed())
            .append(" of ")
            .append(f.holdoutsTotal())
            .append('\n');
      }
      if (!f.notes().isEmpty()) {
        m.append("- Notes left by that attempt:\n");
        for (String note : f.notes()) {
          m.append("  - ").append(note.strip().replace("\n", "\n    ")).append('\n');
        }
      }
      m.append('\n');
    }
  }

}

package dev.darkfactory.samples.customevaluator;

import dev.darkfactory.api.sandbox.ExecRequest;
import dev.darkfactory.api.sandbox.ExecResult;
import dev.darkfactory.api.sandbox.SandboxException;
import dev.darkfactory.evaluator.runner.ScenarioRunner;
import dev.darkfactory.evaluator.runner.TrialContext;
import dev.darkfactory.evaluator.runner.TrialOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link PropertyCheck} scenarios for the holdout evaluator: generates the trial's random
 * inputs, runs the candidate's command over all of them at once in the sandbox, and checks the
 * property for each. When one breaks it, the runner shrinks that input (drops one character at a
 * time while the property still breaks) so the report shows a small counterexample, such as
 * {@code "&" -> "&"}, instead of a random string.
 *
 * <p>Verdicts follow the {@link ScenarioRunner} contract: PASS when the property held for every
 * input; FAIL when it broke, or the command failed, timed out or did not print one line per input
 * line (that is the candidate's doing); INVALID when the sandbox could not run the command or the
 * output was cut (that says nothing about the candidate). One trial, shrinking included, stays
 * within the scenario's timeout. The inputs, the outputs and the counterexample are written to
 * the trial's evidence directory, where the candidate cannot reach them.
 *
 * <p>Stateless, so safe for the evaluator's parallel trials.
 */
public final class PropertyRunner implements ScenarioRunner {

  private static final int EXCERPT = 200;

  /** Inputs up to this length also try every shorter piece of themselves when shrinking. */
  private static final int SUBSTRINGS_UP_TO = 40;

  /** Creates the runner; it has no settings. */
  public PropertyRunner() {}

  @Override
  public String kind() {
    return PropertyCheck.KIND;
  }

  @Override
  public TrialOutcome run(TrialContext trial) throws InterruptedException {
    if (!(trial.scenario().check() instanceof PropertyCheck check)) {
      return TrialOutcome.invalid(
          "the property runner got a '" + trial.scenario().check().kind() + "' scenario");
    }
    Filter filter = new Filter(trial, check, System.nanoTime() + trial.scenario().timeout().toNanos());
    List<String> inputs = inputs(check, trial.trial());
    evidence(trial, "inputs.txt", String.join("\n", inputs) + "\n");
    try {
      List<@Nullable Violation> results = filter.check(inputs);
      List<Violation> violations = new ArrayList<>();
      for (Violation v : results) {
        if (v != null) {
          violations.add(v);
        }
      }
      if (violations.isEmpty()) {
        return TrialOutcome.pass(
            "held for all " + inputs.size() + " random inputs: " + check.describe());
      }
      Violation first = violations.get(0);
      Shrunk shrunk = shrink(filter, first);
      evidence(trial, "counterexample.txt", shrunk.smallest().input() + "\n");
      return TrialOutcome.fail(
          violations.size()
              + " of "
              + inputs.size()
              + " random inputs broke it; smallest: "
              + shrunk.smallest().describe()
              + " (shrunk from "
              + quote(first.input())
              + " in "
              + shrunk.steps()
              + (shrunk.steps() == 1 ? " step" : " steps")
              + "; property: "
              + check.describe()
              + ")");
    } catch (Stop stop) {
      return stop.outcome;
    }
  }

  /**
   * The random inputs of one trial: {@code cases} strings of 0 to {@code maxLength} characters
   * drawn from the alphabet, the same for the same seed and trial on every run.
   *
   * @param check the check
   * @param trial the trial's number, from 1
   * @return the inputs
   */
  static List<String> inputs(PropertyCheck check, int trial) {
    SplittableRandom random = new SplittableRandom(check.seed() + trial - 1);
    int[] alphabet = check.alphabet().codePoints().toArray();
    List<String> inputs = new ArrayList<>(check.cases());
    for (int i = 0; i < check.cases(); i++) {
      int length = random.nextInt(check.maxLength() + 1);
      StringBuilder s = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
      }
      inputs.add(s.toString());
    }
    return inputs;
  }

  /**
   * Shrinks a counterexample: each round runs, in one batch, every input made by dropping one
   * character and (for short inputs) every shorter piece of it, and keeps the shortest that still
   * breaks the property; it stops when none does. A round is one or two sandbox runs, and a
   * random input usually shrinks to one or two characters in two or three rounds. When a round
   * cannot run (time is up, or the command fails on a smaller input), the smallest violation found
   * so far is the counterexample.
   */
  private static Shrunk shrink(Filter filter, Violation start) throws InterruptedException {
    Violation smallest = start;
    int steps = 0;
    while (!smallest.input().isEmpty()) {
      String s = smallest.input();
      Set<String> smaller = new LinkedHashSet<>();
      if (s.length() <= SUBSTRINGS_UP_TO) {
        for (int length = 0; length < s.length(); length++) {
          for (int from = 0; from + length <= s.length(); from++) {
            smaller.add(s.substring(from, from + length));
          }
        }
      }
      for (int i = 0; i < s.length(); i++) {
        smaller.add(s.substring(0, i) + s.substring(i + 1));
      }
      List<@Nullable Violation> results;
      try {
        results = filter.check(List.copyOf(smaller));
      } catch (Stop stop) {
        // Out of time, or the command broke on a smaller input: the violation found stands.
        break;
      }
      Violation next = null;
      for (Violation v : results) {
        if (v != null && (next == null || v.input().length() < next.input().length())) {
          next = v;
        }
      }
      if (next == null) {
        break;
      }
      smallest = next;
      steps++;
    }
    return new Shrunk(smallest, steps);
  }

  private static void evidence(TrialContext trial, String name, String text) {
    try {
      Files.createDirectories(trial.evidenceDirectory());
      Files.writeString(trial.evidenceDirectory().resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Evidence is for a reader; failing to keep it does not change the verdict.
    }
  }

  /** An input that breaks the property, with what the command made of it. */
  private record Violation(String input, List<String> outputs) {
    String describe() {
      StringBuilder s = new StringBuilder(quote(input));
      for (String o : outputs) {
        s.append(" -> ").append(quote(o));
      }
      return s.toString();
    }
  }

  private record Shrunk(Violation smallest, int steps) {}

  /** Ends a trial early with its outcome: the command itself failed, or could not run. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient TrialOutcome outcome;

    Stop(TrialOutcome outcome) {
      super(outcome.detail(), null, false, false);
      this.outcome = outcome;
    }
  }

  /** The candidate's command as a function from input lines to output lines, within a deadline. */
  private static final class Filter {
    private final TrialContext trial;
    private final PropertyCheck check;
    private final long deadline;
    private final @Nullable Pattern pattern;
    private boolean first = true;

    Filter(TrialContext trial, PropertyCheck check, long deadline) {
      this.trial = trial;
      this.check = check;
      this.deadline = deadline;
      this.pattern = PropertyCheck.MATCHES.equals(check.property()) ? check.compiledPattern() : null;
    }

    /** The violation of each input, or null where the property holds. */
    List<@Nullable Violation> check(List<String> inputs) throws InterruptedException, Stop {
      List<String> once = apply(inputs);
      List<String> twice = pattern == null ? apply(once) : List.of();
      List<@Nullable Violation> out = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        if (pattern != null) {
          out.add(
              pattern.matcher(once.get(i)).matches()
                  ? null
                  : new Violation(inputs.get(i), List.of(once.get(i))));
        } else {
          out.add(
              twice.get(i).equals(once.get(i))
                  ? null
                  : new Violation(inputs.get(i), List.of(once.get(i), twice.get(i))));
        }
      }
      return out;
    }

    /** Runs the command once over every line; one output line per input line, or a Stop. */
    List<String> apply(List<String> lines) throws InterruptedException, Stop {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new Stop(
            TrialOutcome.fail(
                "timed out after " + trial.scenario().timeout().toMillis() + " ms of property checks"));
      }
      ExecRequest request =
          new ExecRequest(
              trial.workspace(),
              ".",
              check.command(),
              Map.of(),
              String.join("\n", lines) + "\n",
              Duration.ofNanos(left),
              trial.policy());
      ExecResult result;
      try {
        result = trial.sandbox().exec(request);
      } catch (SandboxException e) {
        throw new Stop(TrialOutcome.invalid("the sandbox could not run '" + check.run() + "': " + e.getMessage()));
      }
      if (first) {
        first = false;
        evidence(trial, "outputs.txt", result.stdout());
        evidence(trial, "stderr.txt", result.stderr());
      }
      if (result.timedOut()) {
        throw new Stop(
            TrialOutcome.fail(
                "timed out after " + trial.scenario().timeout().toMillis() + " ms on " + lines.size() + " inputs"));
      }
      if (result.truncated()) {
        throw new Stop(
            TrialOutcome.invalid(
                "the output of " + lines.size() + " inputs was cut at the sandbox's limit; lower 'cases'"));
      }
      if (result.exitCode() != 0) {
        throw new Stop(
            TrialOutcome.fail(
                "'" + check.run() + "' exited with " + result.exitCode() + " on " + lines.size()
                    + " inputs; stderr: '" + excerpt(result.stderr()) + "'"));
      }
      String out = result.stdout();
      List<String> outputs =
          out.isEmpty()
              ? List.of()
              : Arrays.asList(
                  (out.endsWith("\n") ? out.substring(0, out.length() - 1) : out).split("\n", -1));
      if (outputs.size() != lines.size()) {
        throw new Stop(
            TrialOutcome.fail(
                "expected one output line per input line, but " + lines.size() + " lines in gave "
                    + outputs.size() + " out; stdout began '" + excerpt(out) + "'"));
      }
      return outputs;
    }
  }

  /** A string in double quotes, with quotes and backslashes escaped. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String excerpt(String text) {
    String t = text.strip().replace("\n", "\\n");
    return t.length() > EXCERPT ? t.substring(0, EXCERPT) + "..." : t;
  }
}

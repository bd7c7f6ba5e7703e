package dev.darkfactory.testkit.factory;

import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes scenarios built in code as a scenario file, in the format {@code ScenarioReader} reads. */
final class ScenarioYaml {

  private ScenarioYaml() {}

  static String write(SpecId spec, List<Scenario> scenarios) {
    StringBuilder out = new StringBuilder();
    out.append("spec: ").append(quote(spec.value())).append('\n');
    out.append("scenarios:\n");
    for (Scenario s : scenarios) {
      out.append("  - id: ").append(quote(s.id().value())).append('\n');
      out.append("    title: ").append(quote(s.title())).append('\n');
      if (!s.description().isEmpty()) {
        out.append("    description: ").append(quote(s.description())).append('\n');
      }
      out.append("    weight: ").append(s.weight()).append('\n');
      out.append("    required: ").append(s.required()).append('\n');
      out.append("    trials: ").append(s.trials()).append('\n');
      out.append("    timeout: ").append(s.timeout().toMillis()).append("ms\n");
      out.append("    check:\n");
      check(s, out);
    }
    return out.toString();
  }

  private static void check(Scenario s, StringBuilder out) {
    Check check = s.check();
    String in = "      ";
    if (check instanceof CommandCheck c) {
      out.append(in).append("kind: ").append(CommandCheck.KIND).append('\n');
      out.append(in).append("run: ").append(list(c.command())).append('\n');
      out.append(in).append("exitCode: ").append(c.exitCode()).append('\n');
      matchers("stdout", c.stdout(), out);
      matchers("stderr", c.stderr(), out);
    } else if (check instanceof TestSuiteCheck c) {
      out.append(in).append("kind: ").append(TestSuiteCheck.KIND).append('\n');
      out.append(in).append("run: ").append(list(c.command())).append('\n');
      out.append(in).append("reports: ").append(quote(c.reports())).append('\n');
      out.append(in).append("files: {");
      out.append(
          new TreeMap<>(c.files())
              .entrySet().stream()
                  .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                  .collect(Collectors.joining(", ")));
      out.append("}\n");
      out.append(in).append("failToPass: ").append(list(c.failToPass())).append('\n');
      out.append(in).append("passToPass: ").append(list(c.passToPass())).append('\n');
    } else if (check instanceof ModelJudgeCheck c) {
      out.append(in).append("kind: ").append(ModelJudgeCheck.KIND).append('\n');
      out.append(in).append("rubric: ").append(quote(c.rubric())).append('\n');
      out.append(in).append("votes: ").append(c.votes()).append('\n');
      if (c.model() != null) {
        out.append(in).append("model: ").append(quote(c.model())).append('\n');
      }
    } else {
      throw new IllegalArgumentException(
          "scenario '"
              + s.id()
              + "' has a check of kind '"
              + check.kind()
              + "', which TestSpec cannot write as YAML; write the scenario file yourself and"
              + " give it with visibleYaml(...) or holdoutYaml(...)");
    }
  }

  private static void matchers(String stream, List<OutputMatcher> matchers, StringBuilder out) {
    out.append("      ").append(stream).append(':');
    if (matchers.isEmpty()) {
      out.append(" []\n");
      return;
    }
    out.append('\n');
    for (OutputMatcher m : matchers) {
      out.append("        - ");
      if (m instanceof OutputMatcher.Equals e) {
        out.append("equals: ").append(quote(e.expected()));
      } else if (m instanceof OutputMatcher.Contains c) {
        out.append("contains: ").append(quote(c.text()));
      } else if (m instanceof OutputMatcher.Regex r) {
        out.append("regex: ").append(quote(r.pattern()));
      } else if (m instanceof OutputMatcher.JsonField j) {
        out.append("json: {pointer: ")
            .append(quote(j.pointer()))
            .append(", equals: ")
            .append(quote(j.expected()))
            .append('}');
      } else {
        throw new IllegalArgumentException("unknown output matcher " + m);
      }
      out.append('\n');
    }
  }

  private static String list(Collection<String> values) {
    return values.stream().map(ScenarioYaml::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A YAML double-quoted scalar (JSON string syntax, which YAML accepts). */
  static String quote(String value) {
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
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

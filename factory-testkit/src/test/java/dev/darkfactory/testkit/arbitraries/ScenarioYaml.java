package dev.darkfactory.testkit.arbitraries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.TestSuiteCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes scenarios in the scenario file format (docs/specs-and-scenarios.md), for the round trip
 * through {@code ScenarioReader}; the library has a reader but no writer of scenario files.
 */
final class ScenarioYaml {

  private static final YAMLMapper YAML = new YAMLMapper();

  private ScenarioYaml() {}

  static String write(SpecId spec, List<Scenario> scenarios) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("spec", spec.value());
    List<Object> list = new ArrayList<>();
    for (Scenario s : scenarios) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id().value());
      m.put("title", s.title());
      m.put("description", s.description());
      m.put("visibility", s.visibility().name().toLowerCase(Locale.ROOT));
      m.put("weight", s.weight());
      m.put("required", s.required());
      m.put("trials", s.trials());
      m.put("timeout", s.timeout().toString());
      m.put("check", check(s.check()));
      list.add(m);
    }
    file.put("scenarios", list);
    try {
      return YAML.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> check(Check check) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", check.kind());
    if (check instanceof CommandCheck c) {
      m.put("run", c.command());
      m.put("exitCode", c.exitCode());
      m.put("stdout", c.stdout().stream().map(ScenarioYaml::matcher).toList());
      m.put("stderr", c.stderr().stream().map(ScenarioYaml::matcher).toList());
    } else if (check instanceof TestSuiteCheck t) {
      m.put("run", t.command());
      m.put("reports", t.reports());
      m.put("files", t.files());
      m.put("failToPass", List.copyOf(t.failToPass()));
      m.put("passToPass", List.copyOf(t.passToPass()));
    } else if (check instanceof ModelJudgeCheck j) {
      m.put("rubric", j.rubric());
      m.put("votes", j.votes());
      if (j.model() != null) {
        m.put("model", j.model());
      }
    } else {
      throw new IllegalArgumentException("no writer for kind " + check.kind());
    }
    return m;
  }

  private static Object matcher(OutputMatcher matcher) {
    if (matcher instanceof OutputMatcher.Equals e) {
      return Map.of("equals", e.expected());
    }
    if (matcher instanceof OutputMatcher.Contains c) {
      return Map.of("contains", c.text());
    }
    if (matcher instanceof OutputMatcher.Regex r) {
      return Map.of("regex", r.pattern());
    }
    OutputMatcher.JsonField j = (OutputMatcher.JsonField) matcher;
    return Map.of("json", Map.of("pointer", j.pointer(), "equals", j.expected()));
  }
}

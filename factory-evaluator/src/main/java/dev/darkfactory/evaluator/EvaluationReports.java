package dev.darkfactory.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.evaluation.EvaluationReport;
import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.evaluation.TrialResult;
import dev.darkfactory.core.store.JournalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes the holdout evaluator's report files: {@code evaluation.json} (schema {@value
 * HoldoutEvaluator#REPORT_SCHEMA}) and {@code evaluation.md}, documented in {@code
 * docs/evaluator.md}.
 */
final class EvaluationReports {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private EvaluationReports() {}

  static void write(EvaluationReport report, Path directory, @Nullable String cacheKey) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("evaluation.json"), JSON.writeValueAsString(tree(report, cacheKey)) + "\n");
      Files.writeString(directory.resolve("evaluation.md"), markdown(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the evaluation report to " + directory, e);
    }
  }

  static ObjectNode tree(EvaluationReport report, @Nullable String cacheKey) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", HoldoutEvaluator.REPORT_SCHEMA);
    root.put("evaluator", HoldoutEvaluator.NAME);
    root.put("version", HoldoutEvaluator.VERSION);
    if (cacheKey != null) {
      root.put("cacheKey", cacheKey);
    }
    root.set("report", JSON.readTree(JournalJson.toJson(report)));
    ArrayNode stats = root.putArray("scenarioStatistics");
    for (ScenarioResult r : report.scenarios()) {
      ObjectNode s = stats.addObject();
      s.put("id", r.id().value());
      s.put("decided", r.decided());
      s.put("passed", r.passed());
      if (r.decided() > 0) {
        s.put("passRate", r.passRate());
        ObjectNode at = s.putObject("passAtK");
        ObjectNode pow = s.putObject("passPowerK");
        for (int k = 1; k <= r.decided(); k++) {
          at.put(Integer.toString(k), r.passAtK(k));
          pow.put(Integer.toString(k), r.passPowerK(k));
        }
      } else {
        s.putNull("passRate");
      }
      s.put("flaky", r.flaky());
      s.put("evidence", "scenarios/" + r.id().value());
    }
    return root;
  }

  static String markdown(EvaluationReport report) {
    StringBuilder md = new StringBuilder();
    md.append("# Evaluation of ")
        .append(report.candidate().branch())
        .append("\n\n")
        .append("- verdict: **")
        .append(report.verdict())
        .append("**\n")
        .append(
            String.format(
                Locale.ROOT,
                "- satisfaction: %.3f (95%% interval %.3f to %.3f)%n",
                report.satisfaction().score(),
                report.satisfaction().lower(),
                report.satisfaction().upper()))
        .append("- candidate: `")
        .append(report.candidate().commit().hex())
        .append("` on base `")
        .append(report.candidate().base().hex())
        .append("`\n")
        .append("- model judges used ")
        .append(report.usage().totalTokens())
        .append(" tokens\n")
        .append("- took ")
        .append(report.elapsed().toMillis())
        .append(" ms\n\n");
    if (!report.tamperSignals().isEmpty()) {
      md.append("## Tamper signals\n\n");
      report.tamperSignals().forEach(s -> md.append("- ").append(oneLine(s)).append('\n'));
      md.append('\n');
    }
    if (!report.notes().isEmpty()) {
      md.append("## Notes\n\n");
      report.notes().forEach(n -> md.append("- ").append(oneLine(n)).append('\n'));
      md.append('\n');
    }
    md.append("## Scenarios\n\n| scenario | visibility | required | verdict | passed | flaky |\n|---|---|---|---|---|---|\n");
    for (ScenarioResult r : report.scenarios()) {
      md.append("| ")
          .append(r.id().value())
          .append(" | ")
          .append(r.visibility())
          .append(" | ")
          .append(r.required() ? "yes" : "no")
          .append(" | ")
          .append(r.verdict())
          .append(" | ")
          .append(r.passed())
          .append(" of ")
          .append(r.trials().size())
          .append(" | ")
          .append(r.flaky() ? "yes" : "no")
          .append(" |\n");
    }
    for (ScenarioResult r : report.scenarios()) {
      md.append("\n### ").append(r.id().value()).append("\n\n");
      for (TrialResult t : r.trials()) {
        md.append("- trial ")
            .append(t.trial())
            .append(": ")
            .append(t.verdict())
            .append(" in ")
            .append(t.elapsed().toMillis())
            .append(" ms: ")
            .append(oneLine(t.detail()))
            .append(" (evidence: `scenarios/")
            .append(r.id().value())
            .append("/trial-")
            .append(t.trial())
            .append("/`)\n");
      }
    }
    return md.toString();
  }

  private static String oneLine(String s) {
    String t = s.replace("\r", "").replace("\n", " ⏎ ");
    return t.length() > 500 ? t.substring(0, 500) + "... (" + (t.length() - 500) + " more characters)" : t;
  }

  /** Reads an {@code evaluation.json} back, for tests and tools. */
  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }
}

package dev.darkfactory.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.evaluation.EvaluationReport;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JournalJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Step> everyKind() {
    return StoreSamples.everyKind(3);
  }

  @Test
  void theSamplesCoverEveryKind() {
    Set<Step.Kind> kinds = everyKind().stream().map(Step::kind).collect(Collectors.toSet());

    assertThat(kinds).isEqualTo(EnumSet.allOf(Step.Kind.class));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void everyKindOfStepComesBackEqual(Step step) {
    String json = JournalJson.toJson(step);

    assertThat(JournalJson.stepFromJson(json)).isEqualTo(step);
    assertThat(json).doesNotContain("\n").startsWith("{\"kind\":\"" + step.kind().name() + "\"");
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void everyKindOfEntryComesBackEqual(Step step) {
    JournalEntry entry =
        new JournalEntry(42, "run-1", StoreSamples.SPEC, "fp", 3, StoreSamples.AT, step);

    assertThat(JournalJson.entryFromJson(JournalJson.toJson(entry))).isEqualTo(entry);
  }

  @Test
  void aReportAloneComesBackEqualAndBadReportsAreNamed() {
    EvaluationReport report = StoreSamples.report(2);

    assertThat(JournalJson.reportFromJson(JournalJson.toJson(report))).isEqualTo(report);
    assertThatThrownBy(() -> JournalJson.reportFromJson("{\"verdict\":\"PASS\"}"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("report");
  }

  @Test
  void aReportIsWrittenWholeWithDocumentedFieldNames() throws Exception {
    EvaluationReport report = StoreSamples.report(2);

    JsonNode tree = JSON.readTree(JournalJson.toJson(new Step.Evaluated("holdout", report)));

    assertThat(tree.get("evaluator").asText()).isEqualTo("holdout");
    JsonNode r = tree.get("report");
    assertThat(r.get("candidate").toString())
        .isEqualTo(
            "{\"specId\":\"greeting\",\"attempt\":2,\"branch\":\"factory/greeting/attempt-2\","
                + "\"commit\":\"0000000000000000000000000000000000000003\","
                + "\"base\":\"0000000000000000000000000000000000000001\"}");
    assertThat(r.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(r.get("satisfaction").toString())
        .isEqualTo("{\"score\":0.8,\"lower\":0.5,\"upper\":0.9,\"confidence\":0.95}");
    assertThat(r.get("scenarios")).hasSize(2);
    JsonNode holdout = r.get("scenarios").get(1);
    assertThat(holdout.get("id").asText()).isEqualTo("says-farewell");
    assertThat(holdout.get("visibility").asText()).isEqualTo("HOLDOUT");
    assertThat(holdout.get("required").asBoolean()).isFalse();
    assertThat(holdout.get("weight").asDouble()).isEqualTo(0.5);
    assertThat(holdout.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(holdout.get("trials")).hasSize(3);
    assertThat(holdout.get("trials").get(0).toString())
        .isEqualTo(
            "{\"trial\":1,\"verdict\":\"FAIL\",\"detail\":\"expected \\\"bye\\\"\\nbut got"
                + " \\\"hi\\\"\",\"elapsed\":\"PT3S\"}");
    assertThat(r.get("tamperSignals")).isEmpty();
    assertThat(r.get("notes").get(0).asText()).isEqualTo("holdout says-farewell failed once");
    assertThat(r.get("usage").toString())
        .isEqualTo(
            "{\"inputTokens\":10,\"outputTokens\":20,\"cacheReadTokens\":3,"
                + "\"cacheWriteTokens\":4,\"reasoningTokens\":5}");
    assertThat(r.get("elapsed").asText()).isEqualTo("PT2M0.007S");
    assertThat(JournalJson.stepFromJson(tree.toString()))
        .isEqualTo(new Step.Evaluated("holdout", report));
  }

  @Test
  void anEntryHasItsColumnsAndItsStep() {
    JournalEntry entry =
        new JournalEntry(
            7,
            "run-1",
            StoreSamples.SPEC,
            "fp",
            2,
            Instant.parse("2026-01-02T03:04:05.5Z"),
            new Step.Decided(
                StoreSamples.candidate(2),
                dev.darkfactory.api.merge.MergeDecision.hold("needs a human")));

    assertThat(JournalJson.toJson(entry))
        .isEqualTo(
            "{\"seq\":7,\"runId\":\"run-1\",\"specId\":\"greeting\",\"fingerprint\":\"fp\","
                + "\"attempt\":2,\"at\":\"2026-01-02T03:04:05.500Z\",\"kind\":\"DECIDED\","
                + "\"step\":{\"kind\":\"DECIDED\",\"candidate\":{\"specId\":\"greeting\","
                + "\"attempt\":2,\"branch\":\"factory/greeting/attempt-2\","
                + "\"commit\":\"0000000000000000000000000000000000000003\","
                + "\"base\":\"0000000000000000000000000000000000000001\"},"
                + "\"decision\":{\"action\":\"HOLD\",\"reasons\":[\"needs a human\"]}}}");
  }

  @Test
  void aRunStillGoingHasANullEnd() {
    RunRecord run = new RunRecord("run-1", "factory-a", StoreSamples.AT, null, 0);

    String json = JournalJson.toJson(run);

    assertThat(json)
        .isEqualTo(
            "{\"runId\":\"run-1\",\"owner\":\"factory-a\","
                + "\"startedAt\":\"2026-03-04T05:06:07.123456789Z\",\"finishedAt\":null,"
                + "\"specsFinished\":0}");
    assertThat(JournalJson.runFromJson(json)).isEqualTo(run);
    assertThat(JournalJson.runFromJson(json.replace(",\"finishedAt\":null", ""))).isEqualTo(run);
  }

  @Test
  void surrogatesAreEscapedSoTheTextIsPlainUtf8() {
    Step step = new Step.NoCandidate("smile \uD83D\uDE00, lone \uD800 high, é");

    String json = JournalJson.toJson(step);

    assertThat(json).contains("\\ud83d\\ude00", "\\ud800", "é");
    assertThat(JournalJson.stepFromJson(json)).isEqualTo(step);
  }

  @Test
  void fieldsItDoesNotKnowAreIgnored() {
    assertThat(JournalJson.stepFromJson("{\"kind\":\"CLAIMED\",\"owner\":\"a\",\"later\":[1]}"))
        .isEqualTo(new Step.Claimed("a"));
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void textThatIsNotJsonIsNamedWithItsPosition() {
    assertThatThrownBy(() -> JournalJson.stepFromJson("{\"kind\": CLAIMED}"))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot decode journal step: not valid JSON at line 1, column");
    assertThatThrownBy(() -> JournalJson.stepFromJson(""))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot decode journal step: the JSON text is empty");
    assertThatThrownBy(() -> JournalJson.stepFromJson("[1]"))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot decode journal JSON: 'step' must be an object but was array [1]");
  }

  @Test
  void anUnknownKindListsTheKnownOnes() {
    assertThatThrownBy(() -> JournalJson.stepFromJson("{\"kind\":\"claimed\",\"owner\":\"a\"}"))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot decode journal JSON: 'step.kind' must be one of CLAIMED, ATTEMPT_STARTED,")
        .hasMessageEndingWith("but was string \"claimed\"");
  }

  @Test
  void aMissingOrMistypedFieldIsNamedByItsPath() {
    String report = JournalJson.toJson(new Step.Evaluated("holdout", StoreSamples.report(1)));

    assertThatThrownBy(() -> JournalJson.stepFromJson(report.replace("\"trial\":2,", "")))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot decode journal JSON: 'step.report.scenarios[0].trials[1].trial' is missing");
    assertThatThrownBy(
            () -> JournalJson.stepFromJson(report.replace("\"required\":false", "\"required\":\"no\"")))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot decode journal JSON: 'step.report.scenarios[1].required' must be true or"
                + " false but was string \"no\"");
    assertThatThrownBy(() -> JournalJson.stepFromJson(report.replace("\"PT3S\"", "\"3s\"")))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot decode journal JSON: 'step.report.scenarios[1].trials[0].elapsed' must be an"
                + " ISO-8601 duration such as PT1.5S but was string \"3s\"");
    assertThatThrownBy(
            () -> JournalJson.stepFromJson(report.replace("\"inputTokens\":10", "\"inputTokens\":1.5")))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot decode journal JSON: 'step.report.usage.inputTokens' must be a whole number"
                + " (64-bit) but was number 1.5");
  }

  @Test
  void aValueTheRecordRefusesIsNamedWithTheRecordsReason() {
    String report = JournalJson.toJson(new Step.Evaluated("holdout", StoreSamples.report(1)));

    assertThatThrownBy(
            () ->
                JournalJson.stepFromJson(
                    report.replace(
                        "\"verdict\":\"FAIL\",\"satisfaction\"",
                        "\"verdict\":\"SUSPECT\",\"satisfaction\"")))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot decode journal JSON: 'step.report' is not a valid evaluation report: verdict"
                + " SUSPECT needs at least one tamper signal");
    assertThatThrownBy(
            () -> JournalJson.stepFromJson(report.replace("\"lower\":0.5", "\"lower\":0.85")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot decode journal JSON: 'step.report.satisfaction' is not a valid satisfaction:"
                + " lower");
    assertThatThrownBy(
            () ->
                JournalJson.stepFromJson(
                    report.replace("\"base\":\"0000000000000000000000000000000000000001\"",
                        "\"base\":\"xyz\"")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot decode journal JSON: 'step.report.candidate.base' is not a commit id:");
    assertThatThrownBy(
            () -> JournalJson.stepFromJson("{\"kind\":\"CLAIMED\",\"owner\":\" \"}"))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot decode journal JSON: 'step' is not a valid CLAIMED step: owner must not be"
                + " blank but was ' '");
  }

  @Test
  void anEntryWhoseKindDisagreesWithItsStepIsRefused() {
    String json =
        JournalJson.toJson(JournalEntry.of("r", StoreSamples.SPEC, "fp", 0, StoreSamples.AT,
            new Step.Claimed("a")));

    assertThatThrownBy(
            () -> JournalJson.entryFromJson(json.replace("\"kind\":\"CLAIMED\",\"step\"",
                "\"kind\":\"MERGED\",\"step\"")))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot decode journal JSON: 'entry.kind' is MERGED but the step is CLAIMED");
  }
}

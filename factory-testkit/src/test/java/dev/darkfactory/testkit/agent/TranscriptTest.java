package dev.darkfactory.testkit.agent;

import static dev.darkfactory.testkit.model.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Usage;
import dev.darkfactory.core.agent.AgentEvent;
import dev.darkfactory.core.agent.TranscriptSink;
import dev.darkfactory.core.agent.TranscriptWriter;
import dev.darkfactory.testkit.model.Reply;
import dev.darkfactory.testkit.model.ScriptedModelProvider;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines transcript: every request, response, tool call and full result, timed. */
class TranscriptTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LoopFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new LoopFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void everyRequestResponseToolCallAndFullResultIsWrittenWithTheClocksTime() throws Exception {
    String big = "0123456789".repeat(500);
    f.write("big.txt", big);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(
                Reply.toolCall("read_file", json("path", "big.txt"))
                    .andToolCall("nope", "{}")
                    .withUsage(Usage.of(100, 10)))
            .then(Reply.toolCall("finish", json("summary", "read it")).withUsage(Usage.of(200, 20)))
            .build();
    Path transcripts = dir.resolve("transcripts");

    AgentOutcome outcome =
        f.agent(model)
            .outputLimits(300, 20)
            .transcripts(TranscriptSink.directory(transcripts))
            .listener(
                e -> {
                  if (e instanceof AgentEvent.ModelResponded) {
                    f.clock.advance(Duration.ofSeconds(5));
                  }
                })
            .build()
            .implement(f.assignment(), f.context());

    List<JsonNode> lines = lines(transcripts.resolve("greeting.attempt-1.jsonl"));
    assertThat(lines)
        .extracting(l -> l.get("type").asText())
        .containsExactly(
            "started", "routed", "request", "response", "tool_started", "tool", "tool", "request",
            "response", "tool_started", "tool", "cache_report", "ended");
    assertThat(lines.get(0).get("time").asText()).isEqualTo("2026-03-14T09:00:00Z");
    assertThat(lines.get(0).get("spec").asText()).isEqualTo("greeting");
    assertThat(lines.get(0).get("model").asText()).isEqualTo(LoopFixture.MODEL);

    JsonNode routed = lines.get(1);
    assertThat(routed.get("from").isNull()).isTrue();
    assertThat(routed.get("to").asText()).isEqualTo(LoopFixture.MODEL);
    assertThat(routed.get("reason").asText()).isNotBlank();
    assertThat(routed.get("turn").asInt()).isEqualTo(1);

    JsonNode firstRequest = lines.get(2);
    assertThat(firstRequest.get("system").asText()).startsWith("You are a coding agent.");
    assertThat(firstRequest.get("tools")).hasSize(9);
    assertThat(firstRequest.get("messages")).hasSize(1);
    assertThat(firstRequest.get("messages").get(0).get("content").get(0).get("text").asText())
        .contains("# The spec: greeting");

    JsonNode response = lines.get(3);
    assertThat(response.get("usage").get("inputTokens").asInt()).isEqualTo(100);
    assertThat(response.get("message").get("content").get(0).get("name").asText()).isEqualTo("read_file");
    assertThat(response.get("time").asText()).isEqualTo("2026-03-14T09:00:00Z");

    JsonNode read = lines.get(5);
    assertThat(read.get("name").asText()).isEqualTo("read_file");
    assertThat(read.get("arguments").get("path").asText()).isEqualTo("big.txt");
    assertThat(read.get("truncated").asBoolean()).isTrue();
    assertThat(read.get("output").asText()).contains(big);
    assertThat(read.get("time").asText()).isEqualTo("2026-03-14T09:00:05Z");
    JsonNode unknown = lines.get(6);
    assertThat(unknown.get("error").asBoolean()).isTrue();
    assertThat(unknown.get("output").asText()).contains("no tool named 'nope'");

    // the second request carries only what was added: the response and the (truncated) results
    JsonNode secondRequest = lines.get(7);
    assertThat(secondRequest.has("system")).isFalse();
    assertThat(secondRequest.get("messageCount").asInt()).isEqualTo(3);
    assertThat(secondRequest.get("messages")).hasSize(1);
    String sent = secondRequest.get("messages").get(0).get("content").get(0).get("content").asText();
    assertThat(sent).contains("removed ...]").doesNotContain(big);

    JsonNode report = lines.get(11);
    assertThat(report.get("hitRate").asDouble()).isEqualTo(0.0);
    assertThat(report.get("usage").get("inputTokens").asInt()).isEqualTo(300);

    JsonNode ended = lines.get(12);
    assertThat(ended.get("outcome").asText()).isEqualTo("Finished");
    assertThat(ended.get("detail").asText()).isEqualTo("read it");
    assertThat(ended.get("usage").get("outputTokens").asInt()).isEqualTo(30);
    assertThat(ended.get("time").asText()).isEqualTo("2026-03-14T09:00:10Z");
    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
  }

  @Test
  void theOutcomesTranscriptHoldsEveryMessageWithFullOutputs() throws Exception {
    String big = "y".repeat(10_000);
    f.write("big.txt", big);
    ScriptedModelProvider model =
        ScriptedModelProvider.builder()
            .then(Reply.toolCall("run_command", json("command", "cat big.txt")))
            .then(Reply.text("checking"))
            .then(Reply.toolCall("finish", json("summary", "done")))
            .build();

    AgentOutcome outcome =
        f.agent(model).outputLimits(1_000, 20).build().implement(f.assignment(), f.context());

    // user, assistant, results, assistant (text), reminder, assistant (finish), finish result
    assertThat(outcome.transcript().messages()).hasSize(7);
    ContentBlock.ToolResult full =
        (ContentBlock.ToolResult) outcome.transcript().messages().get(2).content().get(0);
    assertThat(full.content()).contains(big);
    ContentBlock.ToolResult sent =
        (ContentBlock.ToolResult) model.lastRequest().messages().get(2).content().get(0);
    assertThat(sent.content()).doesNotContain(big).hasSizeLessThan(1_200);
  }

  @Test
  void aWriterToAnyWriterGetsOneJsonObjectPerLine() throws Exception {
    StringWriter out = new StringWriter();
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().then(Reply.toolCall("give_up", json("reason", "no"))).build();

    try (TranscriptWriter writer = TranscriptWriter.to(out)) {
      f.agent(model).listener(writer).build().implement(f.assignment(), f.context());
    }

    List<String> lines = out.toString().lines().toList();
    // started, routed, request, response, tool_started, tool, cache_report, ended
    assertThat(lines).hasSize(8);
    for (String line : lines) {
      assertThat(JSON.readTree(line).isObject()).isTrue();
    }
    assertThat(JSON.readTree(lines.get(7)).get("outcome").asText()).isEqualTo("GaveUp");
  }

  @Test
  void aSinkThatCannotOpenLeavesTheAttemptRunning() throws Exception {
    ScriptedModelProvider model =
        ScriptedModelProvider.builder().then(Reply.toolCall("finish", json("summary", "ok"))).build();

    AgentOutcome outcome =
        f.agent(model)
            .transcripts(
                a -> {
                  throw new java.io.IOException("disk full");
                })
            .build()
            .implement(f.assignment(), f.context());

    assertThat(outcome).isInstanceOf(AgentOutcome.Finished.class);
  }
}

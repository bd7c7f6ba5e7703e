package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.agent.AgentOutcome;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.core.model.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt of the {@link ToolLoopAgent} as JSON lines: one object per line, each with
 * {@code time} (the attempt's clock, ISO-8601), {@code type} and {@code turn}, flushed line by
 * line so a crash loses at most the line being written.
 *
 * <p>The types: {@code started} ({@code spec}, {@code attempt}, {@code model}); {@code request}
 * ({@code model}, {@code maxOutputTokens}, {@code messageCount}, and {@code messages}: the
 * messages added since the previous request, so the lines together hold every request whole; the
 * first request also has {@code system} and {@code tools}); {@code response} ({@code id}, {@code
 * model}, {@code stopReason}, {@code usage}, {@code message}); {@code tool_started} ({@code id},
 * {@code name}, {@code arguments}: a call about to run); {@code tool} ({@code id}, {@code
 * name}, {@code arguments}, {@code requestedName}, {@code requestedArguments}, {@code error},
 * {@code truncated}, {@code durationMillis}, and {@code output}, the full output); {@code warning}
 * ({@code kind}, {@code text}); {@code steering} ({@code text}); {@code routed} ({@code from},
 * null on the first turn, {@code to}, {@code reason}); {@code cache_hit_low} ({@code actual},
 * {@code expected}); {@code cache_report} ({@code hitRate}, {@code expectedHitRate}, {@code
 * usage}); {@code ended} ({@code outcome}, {@code detail}, {@code usage}). A message is {@code {"role", "content": [...]}} with blocks
 * {@code text}, {@code tool_call} ({@code id}, {@code name}, {@code arguments}), {@code
 * tool_result} ({@code toolCallId}, {@code content}, {@code error}) and {@code thinking}.
 *
 * <p>A writer is an {@link AgentListener} for one attempt. Writing errors are logged once and
 * further lines dropped; they never end the attempt. Thread-safe.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class TranscriptWriter implements AgentListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TranscriptWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Writer out;
  private final String name;
  private int messagesWritten;
  private boolean failed;

  private TranscriptWriter(Writer out, String name) {
    this.out = out;
    this.name = name;
  }

  /**
   * A writer appending to {@code file}, created when missing.
   *
   * @param file the file
   * @return the writer
   * @throws IOException when the file cannot be opened
   */
  public static TranscriptWriter to(Path file) throws IOException {
    Require.nonNull(file, "file");
    return new TranscriptWriter(
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE),
        file.toString());
  }

  /**
   * A writer to {@code out}; closing the transcript writer closes it.
   *
   * @param out where lines go
   * @return the writer
   */
  public static TranscriptWriter to(Writer out) {
    return new TranscriptWriter(Require.nonNull(out, "out"), out.getClass().getSimpleName());
  }

  @Override
  public synchronized void onEvent(AgentEvent event) {
    if (failed) {
      return;
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("time", event.time().toString());
    line.put("turn", event.turn());
    describe(event, line);
    try {
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      failed = true;
      LOG.warn("cannot write the agent transcript {}; the rest is dropped", name, e);
    }
  }

  private void describe(AgentEvent event, ObjectNode line) {
    if (event instanceof AgentEvent.Started s) {
      line.put("type", "started");
      line.put("spec", s.spec().value());
      line.put("attempt", s.attempt());
      line.put("model", s.model());
    } else if (event instanceof AgentEvent.TurnStarted t) {
      ModelRequest r = t.request();
      line.put("type", "request");
      line.put("model", r.model());
      line.put("maxOutputTokens", r.maxOutputTokens());
      if (messagesWritten == 0) {
        line.put("system", r.system());
        ArrayNode tools = line.putArray("tools");
        for (ToolSpec spec : r.tools()) {
          ObjectNode tool = tools.addObject();
          tool.put("name", spec.name());
          tool.put("description", spec.description());
          tool.set("inputSchema", parseOrText(spec.inputSchemaJson()));
        }
      }
      List<Message> messages = r.messages();
      int from = Math.min(messagesWritten, messages.size());
      line.put("messageCount", messages.size());
      ArrayNode added = line.putArray("messages");
      for (Message m : messages.subList(from, messages.size())) {
        added.add(ModelJson.toTree(m));
      }
      messagesWritten = messages.size();
    } else if (event instanceof AgentEvent.ModelResponded m) {
      line.put("type", "response");
      line.put("id", m.response().id());
      line.put("model", m.response().model());
      line.put("stopReason", m.response().stopReason().name());
      line.set("usage", ModelJson.toTree(m.response().usage()));
      line.put("costUsd", m.cost().costUsd());
      line.put("attemptCostUsd", m.totalCost().costUsd());
      line.set("message", ModelJson.toTree(m.response().message()));
      messagesWritten++;
    } else if (event instanceof AgentEvent.ToolStarted s) {
      line.put("type", "tool_started");
      line.put("id", s.call().id());
      line.put("name", s.call().name());
      line.set("arguments", s.call().arguments());
    } else if (event instanceof AgentEvent.ToolCalled c) {
      line.put("type", "tool");
      line.put("id", c.requested().id());
      line.put("name", c.executedName());
      line.set("arguments", parseOrText(c.executedArgumentsJson()));
      line.put("requestedName", c.requested().name());
      line.put("requestedArguments", c.requested().argumentsJson());
      line.put("error", c.output().error());
      line.put("truncated", c.truncated());
      line.put("durationMillis", c.duration().toMillis());
      line.put("output", c.output().content());
    } else if (event instanceof AgentEvent.WarningInjected w) {
      line.put("type", "warning");
      line.put("kind", w.kind().name());
      line.put("text", w.text());
    } else if (event instanceof AgentEvent.SteeringDelivered s) {
      line.put("type", "steering");
      line.put("text", s.text());
    } else if (event instanceof AgentEvent.ModelRouted r) {
      line.put("type", "routed");
      if (r.from() == null) {
        line.putNull("from");
      } else {
        line.put("from", r.from());
      }
      line.put("to", r.to());
      line.put("reason", r.reason());
    } else if (event instanceof AgentEvent.CacheHitLow c) {
      line.put("type", "cache_hit_low");
      line.put("actual", c.actual());
      line.put("expected", c.expected());
    } else if (event instanceof AgentEvent.CacheReport c) {
      line.put("type", "cache_report");
      line.put("hitRate", c.hitRate());
      line.put("expectedHitRate", c.expectedHitRate());
      line.set("usage", ModelJson.toTree(c.usage()));
    } else if (event instanceof AgentEvent.Ended e) {
      line.put("type", "ended");
      AgentOutcome o = e.outcome();
      line.put("outcome", o.getClass().getSimpleName());
      line.put("detail", detail(o));
      line.set("usage", ModelJson.toTree(o.usage()));
    }
  }

  private static String detail(AgentOutcome o) {
    if (o instanceof AgentOutcome.Finished f) {
      return f.summary();
    }
    if (o instanceof AgentOutcome.GaveUp g) {
      return g.reason();
    }
    if (o instanceof AgentOutcome.LimitReached l) {
      return l.limit() + ": " + l.detail();
    }
    if (o instanceof AgentOutcome.Failed f) {
      return f.error();
    }
    AgentOutcome.Aborted a = (AgentOutcome.Aborted) o;
    return a.cause() + ": " + a.detail();
  }

  private static com.fasterxml.jackson.databind.JsonNode parseOrText(String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json);
      return node == null || node.isMissingNode() ? JSON.getNodeFactory().textNode(json) : node;
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  /** Closes the underlying writer. */
  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the agent transcript " + name, e);
    }
  }
}

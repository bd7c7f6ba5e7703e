package dev.darkfactory.testkit.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.core.agent.tool.Tool;
import dev.darkfactory.core.agent.tool.ToolContext;
import dev.darkfactory.core.agent.tool.ToolException;
import dev.darkfactory.core.agent.tool.ToolOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A custom tool for the loop's tests, made from a lambda; records the arguments of every call. */
final class TestTool implements Tool {

  /** What a call does. */
  @FunctionalInterface
  interface Body {
    ToolOutput call(JsonNode arguments, ToolContext context) throws ToolException, InterruptedException;
  }

  static final String TEXT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
          + "\"required\":[\"text\"],\"additionalProperties\":false}";

  private final ToolSpec spec;
  private final Body body;
  final List<JsonNode> calls = new CopyOnWriteArrayList<>();

  TestTool(String name, String schema, Body body) {
    this.spec = new ToolSpec(name, "a test tool named " + name, schema);
    this.body = body;
  }

  /** A tool {@code echo(text)} that answers with its text. */
  static TestTool echo() {
    return new TestTool("echo", TEXT_SCHEMA, (a, c) -> ToolOutput.ok(a.get("text").asText()));
  }

  /** A tool {@code append(text)} that appends its text and a newline to {@code log.txt}. */
  static TestTool append() {
    return new TestTool(
        "append",
        TEXT_SCHEMA,
        (a, c) -> {
          try {
            Files.writeString(
                c.resolve("log.txt"),
                a.get("text").asText() + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
            return ToolOutput.ok("appended");
          } catch (java.io.IOException e) {
            throw new ToolException("cannot append: " + e.getMessage(), e);
          }
        });
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public ToolOutput call(JsonNode arguments, ToolContext context)
      throws ToolException, InterruptedException {
    calls.add(arguments);
    return body.call(arguments, context);
  }
}

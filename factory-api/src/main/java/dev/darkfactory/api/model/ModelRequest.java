package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One call to a model: which model, the system prompt, the conversation so far, the tools it may
 * call, and limits. Vendor-neutral: each provider maps it onto its own wire format.
 *
 * @param model the provider's model name; never blank
 * @param system the system prompt; may be empty
 * @param messages the conversation, oldest first; at least one, starting with a user message
 * @param tools the tools offered, with unique names
 * @param maxOutputTokens the most output the call may produce; at least 1
 * @param temperature sampling temperature from 0 to 2, or {@code null} for the provider's default
 * @param metadata provider hints such as a prompt cache key; never sent as conversation content
 * @param responseSchemaJson a JSON Schema object the answer's text must match, or {@code null} for
 *     free text; providers use their native structured-output mode to enforce it
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ModelRequest(
    String model,
    String system,
    List<Message> messages,
    List<ToolSpec> tools,
    int maxOutputTokens,
    @Nullable Double temperature,
    Map<String, String> metadata,
    @Nullable String responseSchemaJson) {

  /** Checks every component. */
  public ModelRequest {
    Require.nonBlank(model, "model");
    Require.nonNull(system, "system");
    messages = Require.copyOf(messages, "messages");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages must not be empty");
    }
    if (messages.get(0).role() != Role.USER) {
      throw new IllegalArgumentException(
          "messages must start with a USER message but started with " + messages.get(0).role());
    }
    tools = Require.copyOf(tools, "tools");
    Require.distinct(tools.stream().map(ToolSpec::name).toList(), "tool names");
    Require.atLeast(maxOutputTokens, 1, "maxOutputTokens");
    if (temperature != null) {
      Require.between(temperature, 0.0, 2.0, "temperature");
    }
    metadata = Require.copyOf(metadata, "metadata");
    if (responseSchemaJson != null && !responseSchemaJson.strip().startsWith("{")) {
      throw new IllegalArgumentException(
          "responseSchemaJson must be a JSON object but was " + Require.quote(responseSchemaJson));
    }
  }

  /** A builder for a request to {@code model}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** The sampling temperature, when one is set. */
  public Optional<Double> temperatureSetting() {
    return Optional.ofNullable(temperature);
  }

  /** The JSON Schema the answer must match, when structured output was asked for. */
  public Optional<String> responseSchema() {
    return Optional.ofNullable(responseSchemaJson);
  }

  /** A builder holding this request's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.system = system;
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.maxOutputTokens = maxOutputTokens;
    b.temperature = temperature;
    b.metadata.putAll(metadata);
    b.responseSchemaJson = responseSchemaJson;
    return b;
  }

  /**
   * Builds a {@link ModelRequest}. Defaults: empty system prompt, no tools, 4,096 output tokens,
   * the provider's temperature.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  public static final class Builder {
    private final String model;
    private String system = "";
    private final List<Message> messages = new ArrayList<>();
    private final List<ToolSpec> tools = new ArrayList<>();
    private int maxOutputTokens = 4096;
    private @Nullable Double temperature;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private @Nullable String responseSchemaJson;

    private Builder(String model) {
      this.model = model;
    }

    /** Sets the system prompt. */
    public Builder system(String system) {
      this.system = system;
      return this;
    }

    /** Appends a message. */
    public Builder message(Message message) {
      messages.add(message);
      return this;
    }

    /** Appends messages. */
    public Builder messages(Collection<Message> messages) {
      this.messages.addAll(messages);
      return this;
    }

    /** Appends a tool. */
    public Builder tool(ToolSpec tool) {
      tools.add(tool);
      return this;
    }

    /** Appends tools. */
    public Builder tools(Collection<ToolSpec> tools) {
      this.tools.addAll(tools);
      return this;
    }

    /** Sets the most output the call may produce. */
    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /** Sets the sampling temperature. */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets a provider hint. */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** Asks for an answer whose text is JSON matching {@code schemaJson}, a JSON Schema object. */
    public Builder responseSchema(String schemaJson) {
      this.responseSchemaJson = schemaJson;
      return this;
    }

    /** The request; throws naming the first bad value. */
    public ModelRequest build() {
      return new ModelRequest(
          model, system, messages, tools, maxOutputTokens, temperature, metadata, responseSchemaJson);
    }
  }
}

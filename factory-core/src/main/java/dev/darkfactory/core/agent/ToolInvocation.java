package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One tool call as {@link ToolHook}s see it: the call's id, the tool's name and the parsed
 * arguments. Immutable: the arguments are a private copy, and {@link #arguments()} returns another.
 *
 * @param id the model's id for the call; the result answers it
 * @param name the tool's name
 * @param arguments the arguments, a JSON object
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ToolInvocation(String id, String name, ObjectNode arguments) {

  /** Checks every component and copies the arguments. */
  public ToolInvocation {
    Require.nonBlank(id, "id");
    Require.nonBlank(name, "name");
    arguments = Require.nonNull(arguments, "arguments").deepCopy();
  }

  /**
   * A copy of the arguments.
   *
   * @return the arguments, a JSON object the caller may change
   */
  @Override
  public ObjectNode arguments() {
    return arguments.deepCopy();
  }

  /**
   * One argument as text, when it is there.
   *
   * @param field the argument's name
   * @return its text (numbers and booleans as written), or empty when missing or not a scalar
   */
  public Optional<String> argument(String field) {
    JsonNode value = arguments.get(Require.nonNull(field, "field"));
    return value == null || !value.isValueNode() || value.isNull()
        ? Optional.empty()
        : Optional.of(value.asText());
  }

  /**
   * The arguments as compact JSON text.
   *
   * @return the JSON
   */
  public String argumentsJson() {
    return arguments.toString();
  }

  /**
   * The same call to another tool.
   *
   * @param tool the tool's name
   * @return the call
   */
  public ToolInvocation withName(String tool) {
    return new ToolInvocation(id, tool, arguments);
  }

  /**
   * The same call with other arguments.
   *
   * @param replacement the arguments, a JSON object
   * @return the call
   */
  public ToolInvocation withArguments(ObjectNode replacement) {
    return new ToolInvocation(id, name, replacement);
  }

  /**
   * The same call with one argument set to a text.
   *
   * @param field the argument's name
   * @param value its new text
   * @return the call
   */
  public ToolInvocation withArgument(String field, String value) {
    ObjectNode copy = arguments.deepCopy();
    copy.put(Require.nonNull(field, "field"), Require.nonNull(value, "value"));
    return new ToolInvocation(id, name, copy);
  }
}

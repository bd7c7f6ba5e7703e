package dev.darkfactory.core.agent.tool;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkfactory.api.model.ToolSpec;
import org.apiguardian.api.API;

/**
 * One tool a coding agent can call: its description for the model, and what a call does.
 *
 * <p>The agent checks the arguments against {@link ToolSpec#inputSchemaJson()} before it calls
 * {@link #call}, so an implementation may rely on the schema's required fields and types. A tool
 * touches files only through {@link ToolContext#resolve} and runs commands only through {@link
 * ToolContext#sandbox()}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface Tool {

  /**
   * The name, description and input schema the model sees; the name is the tool's identity.
   *
   * @return the spec
   */
  ToolSpec spec();

  /**
   * The tool's name, from its spec.
   *
   * @return the name
   */
  default String name() {
    return spec().name();
  }

  /**
   * Runs one call.
   *
   * @param arguments the call's arguments, a JSON object valid against the input schema
   * @param context the attempt's workspace, sandbox and clock
   * @return what the model is told
   * @throws ToolException when the call cannot be done (a missing file, an ambiguous edit); its
   *     message goes back to the model as an error result
   * @throws InterruptedException when the attempt is cancelled
   */
  ToolOutput call(JsonNode arguments, ToolContext context)
      throws ToolException, InterruptedException;
}

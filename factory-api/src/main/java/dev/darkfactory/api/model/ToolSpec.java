package dev.darkfactory.api.model;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A tool offered to the model: its name, what it does, and the JSON Schema of its arguments.
 *
 * @param name letters, digits, {@code _} and {@code -}, 1 to 64 characters (what every provider
 *     accepts)
 * @param description what the tool does and when to use it, for the model
 * @param inputSchemaJson a JSON Schema object describing the arguments
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ToolSpec(String name, String description, String inputSchemaJson) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Checks every component. */
  public ToolSpec {
    Require.matches(
        name, NAME, "tool name", "1 to 64 letters, digits, '_' or '-'");
    Require.nonBlank(description, "tool description");
    Require.nonBlank(inputSchemaJson, "inputSchemaJson");
    if (!inputSchemaJson.strip().startsWith("{")) {
      throw new IllegalArgumentException(
          "inputSchemaJson of tool " + name + " must be a JSON object but was " + Require.quote(inputSchemaJson));
    }
  }
}

package dev.darkfactory.evaluator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkfactory.api.spec.OutputMatcher;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Checks a command's output against a scenario's {@link OutputMatcher}s, and says precisely what
 * did not match.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class OutputMatching {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT = 200;

  private OutputMatching() {}

  /**
   * Checks one matcher.
   *
   * @param matcher the expectation
   * @param stream a name for the output in messages, such as {@code "stdout"}
   * @param output the output
   * @return empty when it matches, otherwise why not
   */
  public static Optional<String> mismatch(OutputMatcher matcher, String stream, String output) {
    if (matcher instanceof OutputMatcher.Equals e) {
      return e.expected().stripTrailing().equals(output.stripTrailing())
          ? Optional.empty()
          : Optional.of(stream + " was " + excerpt(output) + ", expected " + excerpt(e.expected()));
    }
    if (matcher instanceof OutputMatcher.Contains c) {
      return output.contains(c.text())
          ? Optional.empty()
          : Optional.of(stream + " does not contain " + excerpt(c.text()) + "; it was " + excerpt(output));
    }
    if (matcher instanceof OutputMatcher.Regex r) {
      return r.compiled().matcher(output).find()
          ? Optional.empty()
          : Optional.of(stream + " has no match for /" + r.pattern() + "/; it was " + excerpt(output));
    }
    OutputMatcher.JsonField j = (OutputMatcher.JsonField) matcher;
    if (output.isBlank()) {
      return Optional.of(stream + " is empty, expected JSON");
    }
    JsonNode root;
    try {
      root = JSON.readTree(output);
    } catch (JsonProcessingException e) {
      return Optional.of(stream + " is not JSON: " + e.getOriginalMessage());
    }
    JsonNode at = root.at(j.pointer());
    if (at.isMissingNode()) {
      return Optional.of(stream + " JSON has nothing at " + j.pointer());
    }
    String actual = at.isValueNode() ? at.asText() : at.toString();
    return actual.equals(j.expected())
        ? Optional.empty()
        : Optional.of(
            stream + " JSON at " + j.pointer() + " was " + excerpt(actual) + ", expected " + excerpt(j.expected()));
  }

  /**
   * Checks every matcher, in order.
   *
   * @return every mismatch; empty when all match
   */
  public static List<String> mismatches(List<OutputMatcher> matchers, String stream, String output) {
    return matchers.stream().flatMap(m -> mismatch(m, stream, output).stream()).toList();
  }

  private static String excerpt(String text) {
    String t = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    return "'" + t.replace("\n", "\\n") + "'";
  }
}

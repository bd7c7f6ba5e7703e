package dev.darkfactory.testkit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Removes the parts of a model request that change from run to run (a host path, a date, a
 * duration) so that a {@link ReplayingModelProvider} compares only what matters, and so that a
 * {@link RecordingModelProvider} writes cassettes that do not change when recorded again.
 *
 * <p>A normalizer works on the request's JSON tree in {@link dev.darkfactory.core.model.ModelJson}'s
 * form ({@code $.model}, {@code $.system}, {@code $.messages[i].content[j].text}, {@code
 * .content} of a tool result, {@code $.metadata[i].value}, ...). Nothing is normalized unless a
 * test says so: volatile parts are named explicitly, with
 *
 * <ul>
 *   <li>{@link #replacing(String, String)}: a regular expression replaced in every string value,
 *       such as {@code replacing("exit code: (\\d+) \\(\\d+\\.\\d s\\)", "exit code: $1 (<elapsed>
 *       s)")};
 *   <li>{@link #ignoring(String...)}: values left out of the comparison, by JSON path with {@code
 *       *} wildcards, such as {@code ignoring("$.metadata", "$.messages[*].content[*].signature")};
 *   <li>any function of the tree, composed with {@link #andThen(RequestNormalizer)}.
 * </ul>
 *
 * <p>A replayer applies its normalizer to the recorded request and to the received one, then
 * compares the trees. A recorder applies its normalizer before it stores a request, so the stored
 * request must still be one {@link dev.darkfactory.core.model.ModelJson} can read: use {@link
 * #replacing} there, and keep {@link #ignoring} for replay (an ignored object field is removed, an
 * ignored array element becomes the text {@value #IGNORED}). Normalizers must be idempotent:
 * normalizing twice gives what normalizing once gave.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface RequestNormalizer {

  /** The text an ignored array element is replaced with. */
  String IGNORED = "<ignored>";

  /**
   * The normalized form of a request's tree.
   *
   * @param request a tree the caller owns; a normalizer may change it and return it
   * @return the normalized tree
   */
  ObjectNode normalize(ObjectNode request);

  /**
   * A normalizer that changes nothing.
   *
   * @return the normalizer
   */
  static RequestNormalizer none() {
    return request -> request;
  }

  /**
   * Replaces every match of a regular expression in every string value of the request (the
   * system prompt, texts, tool call arguments, tool results, metadata values, ...), as {@link
   * java.util.regex.Matcher#replaceAll(String)} does: {@code $1} in the replacement is the first
   * group. Use {@code (?m)} for {@code ^} and {@code $} at line ends.
   *
   * @param regex the regular expression
   * @param replacement what replaces each match
   * @return the normalizer
   * @throws java.util.regex.PatternSyntaxException when the expression is not valid
   */
  static RequestNormalizer replacing(String regex, String replacement) {
    return replacing(Pattern.compile(Require.nonBlank(regex, "regex")), replacement);
  }

  /**
   * Replaces every match of {@code pattern} in every string value of the request; see {@link
   * #replacing(String, String)}.
   *
   * @param pattern the pattern
   * @param replacement what replaces each match
   * @return the normalizer
   */
  static RequestNormalizer replacing(Pattern pattern, String replacement) {
    Require.nonNull(pattern, "pattern");
    Require.nonNull(replacement, "replacement");
    return request -> {
      Normalizers.replaceStrings(request, pattern, replacement);
      return request;
    };
  }

  /**
   * Leaves the values at these JSON paths out of the comparison: an object field is removed (so
   * whether it is there does not matter either), an array element is replaced with {@value
   * #IGNORED}. A path is {@code $} followed by steps: {@code .name} or {@code ["name"]} for a
   * field, {@code .*} for every field, {@code [n]} for an element, {@code [*]} for every element.
   *
   * @param paths the paths, such as {@code $.metadata} or {@code $.messages[*].content[*].signature}
   * @return the normalizer
   * @throws IllegalArgumentException naming a path that is not valid, and where
   */
  static RequestNormalizer ignoring(String... paths) {
    Require.nonNull(paths, "paths");
    List<JsonPaths.Pattern> patterns = new ArrayList<>();
    for (String p : Arrays.asList(paths)) {
      JsonPaths.Pattern pattern = JsonPaths.Pattern.compile(p);
      if (pattern.steps().isEmpty()) {
        throw new IllegalArgumentException(
            "cannot ignore " + Require.quote(p) + ": that is the whole request; name a part of it");
      }
      patterns.add(pattern);
    }
    List<JsonPaths.Pattern> all = List.copyOf(patterns);
    return request -> {
      List<Normalizers.Active> active = new ArrayList<>();
      for (JsonPaths.Pattern p : all) {
        active.add(new Normalizers.Active(p, 0));
      }
      Normalizers.ignore(request, active);
      return request;
    };
  }

  /**
   * This normalizer, then {@code next}.
   *
   * @param next the normalizer applied to this one's result
   * @return the composition
   */
  default RequestNormalizer andThen(RequestNormalizer next) {
    Require.nonNull(next, "next");
    RequestNormalizer first = this;
    return request -> next.normalize(first.normalize(request));
  }
}

package dev.darkfactory.evaluator.tamper;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * One sign that a candidate games its evaluation, with the evidence.
 *
 * @param kind a short stable name, such as {@code disabled-test} or {@code holdout-path}
 * @param path the file where it was seen, relative to the repository root; empty when not tied to a
 *     file
 * @param evidence what was seen, for example the added line; at most a few hundred characters
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record TamperSignal(String kind, String path, String evidence) {

  /** Checks every component. */
  public TamperSignal {
    Require.nonBlank(kind, "kind");
    Require.nonNull(path, "path");
    Require.nonBlank(evidence, "evidence");
  }

  /** The one-line form reports carry: {@code kind: path: evidence}. */
  public String describe() {
    return kind + ": " + (path.isEmpty() ? "" : path + ": ") + evidence;
  }
}

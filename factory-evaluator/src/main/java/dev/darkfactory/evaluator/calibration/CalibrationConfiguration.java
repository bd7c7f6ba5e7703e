package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.evaluator.EvaluationCache;
import org.apiguardian.api.API;

/**
 * What a calibration belongs to: the coding model and its version, the evaluator's version and the
 * merge policy's version. A track record earned by one configuration says nothing about another,
 * so when any part changes the gate closes until the new configuration has earned it (unless the
 * calibration is carried over explicitly).
 *
 * @param codingModel the coding model's name, as the provider knows it
 * @param codingModelVersion the model's version or snapshot date; may be empty when the name
 *     already pins it
 * @param evaluatorVersion the evaluator's name and version, such as {@code holdout/1}
 * @param policyVersion the merge policy's name and version
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record CalibrationConfiguration(
    String codingModel, String codingModelVersion, String evaluatorVersion, String policyVersion) {

  /** Checks every component. */
  public CalibrationConfiguration {
    Require.nonBlank(codingModel, "codingModel");
    Require.nonNull(codingModelVersion, "codingModelVersion");
    Require.nonBlank(evaluatorVersion, "evaluatorVersion");
    Require.nonBlank(policyVersion, "policyVersion");
  }

  /** A short stable id: the first 16 hex digits of a SHA-256 over the four parts. */
  public String id() {
    return EvaluationCache.key(codingModel, codingModelVersion, evaluatorVersion, policyVersion)
        .substring(0, 16);
  }
}

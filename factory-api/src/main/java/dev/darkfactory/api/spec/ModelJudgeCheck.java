package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Checks a scenario by asking a model to grade the change against a rubric. The judge sees the
 * spec, the diff and the evidence of other checks, never the coding agent's own account.
 *
 * @param rubric what the judge grades, in plain language; never blank
 * @param votes how many independent judgements to take; the majority decides; odd, at least 1
 * @param model the model to judge with, or {@code null} for the evaluator's default (which is, by
 *     default, not the coding model)
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ModelJudgeCheck(String rubric, int votes, @Nullable String model) implements Check {

  /** The kind name in scenario files. */
  public static final String KIND = "model-judge";

  /** Checks every component. */
  public ModelJudgeCheck {
    Require.nonBlank(rubric, "rubric");
    Require.atLeast(votes, 1, "votes");
    if (votes % 2 == 0) {
      throw new IllegalArgumentException(
          "votes must be odd so a majority exists but was " + votes);
    }
    if (model != null) {
      Require.nonBlank(model, "model");
    }
  }

  /** The judge's model, when one is named. */
  public Optional<String> judgeModel() {
    return Optional.ofNullable(model);
  }

  @Override
  public String kind() {
    return KIND;
  }
}

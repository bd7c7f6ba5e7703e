package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The levels of AI-assisted programming, from spicy autocomplete to the dark factory (after Dan
 * Shapiro's five levels, zero-indexed like the levels of driving automation).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum AutonomyLevel {
  /** Level 0: the model completes what a human types. */
  SPICY_AUTOCOMPLETE("spicy autocomplete: the model completes what a human types"),
  /** Level 1: the model writes boilerplate, a human reviews all of it. */
  CODING_INTERN("coding intern: the model writes boilerplate, a human reviews all of it"),
  /** Level 2: the model pairs with a human who reviews every line. */
  JUNIOR_DEVELOPER("junior developer: the model pairs with a human who reviews every line"),
  /** Level 3: agents write the changes, a human reviews every one of them. */
  DEVELOPER("developer: agents write the changes, a human reviews every one of them"),
  /**
   * Level 4: humans write specs and decide on what the evaluator has graded; the agents do the
   * work.
   */
  ENGINEERING_TEAM(
      "engineering team: humans write specs and decide on candidates the evaluator graded against"
          + " holdouts; agents do the work"),
  /** Level 5: specs in, merged software out, with no human reviewing the code. */
  DARK_FACTORY(
      "dark factory: specs in, merged changes out; a calibrated evaluator decides and nobody"
          + " reviews the code");

  private final String description;

  AutonomyLevel(String description) {
    this.description = description;
  }

  /** The level's number, 0 to 5. */
  public int number() {
    return ordinal();
  }

  /** What working at this level means. */
  public String description() {
    return description;
  }
}

package dev.darkfactory.api.spec;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One observable behaviour a change must show, and how to check it.
 *
 * <p>A {@link Visibility#VISIBLE} scenario is shown to the coding agent; a {@link
 * Visibility#HOLDOUT} scenario is seen only by the evaluator. Each scenario runs {@link #trials()}
 * times, each run bounded by {@link #timeout()}; its weight counts toward the candidate's
 * satisfaction, and a {@link #required()} scenario that fails fails the candidate whatever the
 * rest scored. Build one with {@link #builder(ScenarioId)}.
 *
 * @param id unique within its spec
 * @param title a one-line title
 * @param description what the scenario shows, in plain language; may be empty
 * @param visibility who may see it
 * @param weight its share of satisfaction; positive and finite
 * @param required whether failing it fails the candidate
 * @param trials how many times it runs; at least 1
 * @param timeout the limit on one run; positive
 * @param check how it is checked
 * @param source where it was read from, or {@code null} when built in code
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record Scenario(
    ScenarioId id,
    String title,
    String description,
    Visibility visibility,
    double weight,
    boolean required,
    int trials,
    Duration timeout,
    Check check,
    @Nullable SourceLocation source) {

  /** The timeout of a scenario that does not set one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** Checks every component. */
  public Scenario {
    Require.nonNull(id, "id");
    Require.nonBlank(title, "title");
    if (title.contains("\n") || title.contains("\r")) {
      throw new IllegalArgumentException(
          "title must be a single line but was " + Require.quote(title));
    }
    Require.nonNull(description, "description");
    Require.nonNull(visibility, "visibility");
    if (!(weight > 0 && Double.isFinite(weight))) {
      throw new IllegalArgumentException("weight must be positive and finite but was " + weight);
    }
    Require.atLeast(trials, 1, "trials");
    Require.positive(timeout, "timeout");
    Require.nonNull(check, "check");
  }

  /** A builder for a scenario with this id. */
  public static Builder builder(ScenarioId id) {
    return new Builder(id);
  }

  /** A builder for a scenario with this id. */
  public static Builder builder(String id) {
    return new Builder(ScenarioId.of(id));
  }

  /** Whether the coding agent may see this scenario. */
  public boolean isVisible() {
    return visibility == Visibility.VISIBLE;
  }

  /** Where the scenario was read from, if it was read. */
  public Optional<SourceLocation> sourceLocation() {
    return Optional.ofNullable(source);
  }

  /**
   * Builds a {@link Scenario}. Defaults: visible, weight 1, required, 1 trial, {@link
   * #DEFAULT_TIMEOUT}.
   *
   * @since 0.1.0
   */
  @API(status = STABLE, since = "0.1.0")
  public static final class Builder {
    private final ScenarioId id;
    private @Nullable String title;
    private String description = "";
    private Visibility visibility = Visibility.VISIBLE;
    private double weight = 1.0;
    private boolean required = true;
    private int trials = 1;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Check check;
    private @Nullable SourceLocation source;

    private Builder(ScenarioId id) {
      this.id = Require.nonNull(id, "id");
    }

    /** Sets the one-line title (required). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the plain-language description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Sets who may see the scenario. */
    public Builder visibility(Visibility visibility) {
      this.visibility = visibility;
      return this;
    }

    /** Marks the scenario as seen only by the evaluator. */
    public Builder holdout() {
      return visibility(Visibility.HOLDOUT);
    }

    /** Sets the weight toward satisfaction. */
    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    /** Sets whether failing the scenario fails the candidate. */
    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    /** Sets how many times the scenario runs. */
    public Builder trials(int trials) {
      this.trials = trials;
      return this;
    }

    /** Sets the limit on one run. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Sets how the scenario is checked (required). */
    public Builder check(Check check) {
      this.check = check;
      return this;
    }

    /** Sets where the scenario was read from. */
    public Builder source(@Nullable SourceLocation source) {
      this.source = source;
      return this;
    }

    /** The scenario; throws naming the first bad value. */
    public Scenario build() {
      return new Scenario(
          id,
          Require.nonNull(title, "title"),
          description,
          visibility,
          weight,
          required,
          trials,
          timeout,
          Require.nonNull(check, "check"),
          source);
    }
  }
}

package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One scenario of a scenario file, as read and validated before it becomes a {@code Scenario}.
 * The check is read apart, by its kind.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ScenarioModel {

  /** The keys a scenario may hold. */
  public static final List<String> KEYS =
      List.of(
          "id",
          "title",
          "description",
          "visibility",
          "weight",
          "required",
          "trials",
          "timeout",
          "check");

  /** The scenario id. */
  @NotNull(message = Formats.ID_EXPECTED)
  @Pattern(regexp = Formats.ID, message = Formats.ID_EXPECTED)
  @Size(max = 64, message = Formats.ID_EXPECTED)
  public @Nullable String id;

  /** The title. */
  @NotNull(message = "a one-line title")
  @Pattern(regexp = Formats.ONE_LINE, message = "a one-line title")
  public @Nullable String title;

  /** The description. */
  @NotNull(message = "a description, or no description key")
  public String description = "";

  /** {@code visible} or {@code holdout}; defaults to the side of the file. */
  @Pattern(regexp = "visible|holdout", message = "'visible' or 'holdout'")
  public @Nullable String visibility;

  /** Weight toward satisfaction. */
  @Positive(message = "a positive number")
  @DecimalMax(value = "1000000", message = "a positive number up to 1000000")
  public double weight = 1.0;

  /** Whether failing fails the candidate. */
  public boolean required = true;

  /** Runs. */
  @Min(value = 1, message = "an integer of at least 1")
  public int trials = 1;

  /** Limit on one run. */
  @NotNull(message = Formats.DURATION_EXPECTED)
  @Pattern(regexp = Formats.DURATION, message = Formats.DURATION_EXPECTED)
  public String timeout = "5m";

  /** Creates an empty model; filled by Jackson. */
  public ScenarioModel() {}
}

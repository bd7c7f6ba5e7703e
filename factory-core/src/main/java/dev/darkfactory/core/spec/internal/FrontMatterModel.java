package dev.darkfactory.core.spec.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The YAML front matter of a spec file, as read and validated before it becomes part of a {@code
 * Spec}.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class FrontMatterModel {

  /** The keys front matter may hold. */
  public static final List<String> KEYS = List.of("id", "title", "labels", "priority", "protected");

  /** The spec id; defaults to the file name. */
  @Pattern(regexp = Formats.ID, message = Formats.ID_EXPECTED)
  @Size(max = 64, message = Formats.ID_EXPECTED)
  public @Nullable String id;

  /** The title; defaults to the level-1 heading. */
  @Pattern(regexp = Formats.ONE_LINE, message = "a one-line title")
  public @Nullable String title;

  /** Labels. */
  @NotNull(message = "a list of labels")
  @Distinct(message = "each label once")
  public List<
          @NotNull(message = Formats.LABEL_EXPECTED)
          @Pattern(regexp = Formats.LABEL, message = Formats.LABEL_EXPECTED) String>
      labels = new ArrayList<>();

  /** Priority; higher is taken first. */
  @Min(value = 0, message = "an integer of at least 0")
  public int priority;

  /** Protected path globs. */
  @JsonProperty("protected")
  @NotNull(message = "a list of relative paths")
  @Distinct(message = "each protected path once")
  public List<@NotNull(message = "a relative path") @RelativePath String> protectedPaths =
      new ArrayList<>();

  /** Creates an empty model; filled by Jackson. */
  public FrontMatterModel() {}
}

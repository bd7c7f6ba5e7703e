package dev.darkfactory.core.spec.internal;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static org.apiguardian.api.API.Status.INTERNAL;

import dev.darkfactory.api.spec.Spec;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The annotated string is a path or glob relative to the repository root, by the rule of {@link
 * Spec#checkRelativePath}. {@code null} is valid (use {@code @NotNull} to forbid it).
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
@Documented
@Constraint(validatedBy = RelativePath.Validator.class)
@Target({FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface RelativePath {

  /** What was expected. */
  String message() default "a relative path inside the repository (no leading '/', no '..')";

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload. */
  Class<? extends Payload>[] payload() default {};

  /**
   * Checks a {@link RelativePath} value.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  final class Validator implements ConstraintValidator<RelativePath, String> {

    /** Creates the validator; called by Jakarta Validation. */
    public Validator() {}

    @Override
    public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      try {
        Spec.checkRelativePath(value, "path");
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}

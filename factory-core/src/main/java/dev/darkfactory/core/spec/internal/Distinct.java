package dev.darkfactory.core.spec.internal;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static org.apiguardian.api.API.Status.INTERNAL;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.HashSet;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The annotated collection holds no element twice. {@code null} is valid.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
@Documented
@Constraint(validatedBy = Distinct.Validator.class)
@Target(FIELD)
@Retention(RUNTIME)
public @interface Distinct {

  /** What was expected. */
  String message() default "each value once";

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload. */
  Class<? extends Payload>[] payload() default {};

  /**
   * Checks a {@link Distinct} collection.
   *
   * @since 0.1.0
   */
  @API(status = INTERNAL, since = "0.1.0")
  final class Validator implements ConstraintValidator<Distinct, Collection<?>> {

    /** Creates the validator; called by Jakarta Validation. */
    public Validator() {}

    @Override
    public boolean isValid(@Nullable Collection<?> value, ConstraintValidatorContext context) {
      return value == null || new HashSet<>(value).size() == value.size();
    }
  }
}

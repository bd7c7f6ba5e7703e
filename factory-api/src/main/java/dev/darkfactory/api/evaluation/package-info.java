/**
 * Evaluation: grading a candidate against its scenarios, holdouts included, into a report with a verdict.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.evaluation;

import org.jspecify.annotations.NullMarked;

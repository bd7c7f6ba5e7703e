/**
 * Evaluation: grading candidates against their scenarios. This release holds the matching of
 * command output against a scenario's expectations; the holdout evaluator, runners, statistics and
 * merge policies join it.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.evaluator;

import org.jspecify.annotations.NullMarked;

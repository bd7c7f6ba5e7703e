/**
 * Evaluation: grading candidates against their scenarios. This release holds {@link
 * dev.darkfactory.evaluator.CommandEvaluator}, a simple evaluator that runs command scenarios, and
 * the matching of command output against a scenario's expectations; the holdout evaluator, more
 * runners and statistics join them.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.evaluator;

import org.jspecify.annotations.NullMarked;

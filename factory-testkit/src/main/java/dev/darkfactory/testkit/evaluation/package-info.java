/**
 * The contract suite every {@link dev.darkfactory.api.evaluation.Evaluator} passes: {@link
 * dev.darkfactory.testkit.evaluation.EvaluatorContract}, an abstract test class a user extends.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.evaluation;

import org.jspecify.annotations.NullMarked;

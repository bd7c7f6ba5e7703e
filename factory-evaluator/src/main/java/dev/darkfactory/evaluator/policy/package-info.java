/**
 * Merge policies: deciding from an evaluation report whether a candidate merges, waits for a human,
 * is retried or is rejected. This release holds {@link
 * dev.darkfactory.evaluator.policy.VerdictPolicy}, which follows the evaluator's verdict; policies
 * calibrated on the evaluator's track record join it.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.evaluator.policy;

import org.jspecify.annotations.NullMarked;

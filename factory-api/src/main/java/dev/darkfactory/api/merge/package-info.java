/**
 * Merge policies: deciding from an evaluation report whether a candidate merges, waits for a human, is retried or rejected.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.merge;

import org.jspecify.annotations.NullMarked;

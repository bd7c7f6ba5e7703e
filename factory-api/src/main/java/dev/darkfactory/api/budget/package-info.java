/**
 * Budgets: hard limits on tokens and money that are reserved before a model call and settled after it.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.budget;

import org.jspecify.annotations.NullMarked;

/**
 * The work queue: where specs come from and how a factory claims them.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.work;

import org.jspecify.annotations.NullMarked;

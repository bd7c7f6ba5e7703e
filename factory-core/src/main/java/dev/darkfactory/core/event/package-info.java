/**
 * Delivering factory events to listeners.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.core.event;

import org.jspecify.annotations.NullMarked;

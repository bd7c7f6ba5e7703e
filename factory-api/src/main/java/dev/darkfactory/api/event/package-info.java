/**
 * Events: the typed record of every step a factory takes, and the listeners that observe them.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.event;

import org.jspecify.annotations.NullMarked;

/**
 * Sandboxes: where every command of an agent or a scenario runs, isolated from the host.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.sandbox;

import org.jspecify.annotations.NullMarked;

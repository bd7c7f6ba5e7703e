/**
 * Sandboxes: {@link dev.darkfactory.core.sandbox.BubblewrapSandbox}, the default on Linux, and
 * {@link dev.darkfactory.core.sandbox.UnisolatedProcessSandbox}, an explicit opt-in that does not
 * isolate. {@link dev.darkfactory.core.sandbox.Sandboxes#requireIsolation} is the fail-closed check
 * a factory runs before it starts.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.core.sandbox;

import org.jspecify.annotations.NullMarked;
